"""Frontend error reports reach the log as one bounded line each, and a flood is cut (issue 9 §4)."""

from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace

import pytest

from store_app.ui import frontend_errors
from store_app.ui.frontend_errors import FrontendErrorLimit, log_frontend_exception, one_line

EVENT = "reflex___state____state.reflex___state____frontend_event_exception_state.handle_frontend_exception"


def test_a_huge_report_with_forged_lines_becomes_one_bounded_line(caplog: pytest.LogCaptureFixture) -> None:
    forged = "TypeError: x\nINFO store_app: admin logged in from 10.0.0.1\r\n" + "A" * 800_000
    with caplog.at_level(logging.INFO):
        log_frontend_exception(Exception(forged))
    [record] = caplog.records
    message = record.getMessage()
    assert "\n" not in message and "\r" not in message
    assert len(message) < 700
    assert "\\nINFO store_app: admin logged in" in message and "more characters cut" in message


def test_control_characters_are_escaped_and_readable_text_kept() -> None:
    assert one_line("Ошибка\x1b[31m\u2028конец\tтаб\\") == "Ошибка\\u001b[31m\\u2028конец\\tтаб\\\\"


def _event(connection: str, name: str = EVENT) -> tuple[SimpleNamespace, SimpleNamespace]:
    state = SimpleNamespace(router=SimpleNamespace(session=SimpleNamespace(session_id=connection)))
    return state, SimpleNamespace(name=name)


def _passes(limit: FrontendErrorLimit, sent: tuple[SimpleNamespace, SimpleNamespace]) -> bool:
    state, event = sent
    return asyncio.run(limit.preprocess(app=None, state=state, event=event)) is None  # type: ignore[arg-type]


def test_a_connection_gets_five_reports_a_minute_and_other_events_are_untouched(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    limit = FrontendErrorLimit()
    assert [_passes(limit, _event("tab-1")) for _ in range(7)] == [True] * 5 + [False] * 2
    assert _passes(limit, _event("tab-2"))
    assert _passes(limit, _event("tab-1", name="state.cart_state.add"))
    later = frontend_errors.time.monotonic() + frontend_errors.WINDOW_SECONDS + 1
    monkeypatch.setattr(frontend_errors.time, "monotonic", lambda: later)
    assert _passes(limit, _event("tab-1"))


def test_new_connections_for_every_report_are_cut_by_the_worker_budget() -> None:
    limit = FrontendErrorLimit()
    passed = [_passes(limit, _event(f"tab-{n}")) for n in range(100)]
    assert passed.count(True) == frontend_errors.REPORTS_PER_WORKER
