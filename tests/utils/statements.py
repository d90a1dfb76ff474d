"""The SQL statements some code sends, seen on the real engine (SQLAlchemy's `before_cursor_execute`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine

_TABLE = re.compile(r"^(?:SELECT .*? FROM|INSERT INTO|UPDATE|DELETE FROM) (\w+)", re.IGNORECASE)
_INNERMOST_BRACKETS = re.compile(r"\([^()]*\)")


@contextmanager
def statements_sent(engine: Engine) -> Iterator[list[str]]:
    """Collects every statement sent while the block runs, each on one line."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def verb_and_table(statement: str) -> str:
    """ "SELECT user_account", "INSERT login_session": what a statement does to which table (its first, not a
    subquery's)."""
    outer = statement
    while (inner := _INNERMOST_BRACKETS.sub("", outer)) != outer:
        outer = inner
    found = _TABLE.match(outer)
    return f"{statement.split(None, 1)[0].upper()} {found.group(1) if found else '?'}"
