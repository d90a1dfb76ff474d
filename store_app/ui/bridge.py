"""The one way a Reflex state calls a service: a worker thread, one transaction, refusals by field.

States parse input, `await call(service, **kwargs)` (or `attempt` when they show the refusal), and set
vars from the result. Nothing here knows a domain: the service is any function taking `session=`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Generic, TypeVar

from store_app.core.db import session_scope
from store_app.core.errors import DomainError
from store_app.core.i18n import t

logger = logging.getLogger(__name__)
T = TypeVar("T")
FORM = "form"  # where a refusal about no particular field is shown


def _in_transaction(service: Callable[..., T], kwargs: dict[str, Any]) -> T:
    with session_scope() as session:
        return service(session=session, **kwargs)


async def call(service: Callable[..., T], /, **kwargs: Any) -> T:
    """`service(session=..., **kwargs)` in a worker thread inside one `session_scope` (one transaction).

    A DomainError comes back as raised; the session's work is rolled back with it.
    """
    return await asyncio.to_thread(_in_transaction, service, kwargs)


def errors_by_field(error: DomainError, *, fields: Iterable[str] | None = None, default: str = FORM) -> dict[str, str]:
    """The refusal as one text per field (several messages on separate lines).

    Messages about the whole form, or about a field the form does not show, go under `default`.
    """
    known = None if fields is None else set(fields)
    shown: dict[str, list[str]] = {}
    for field, messages in error.errors.items():
        target = field if field != "__all__" and (known is None or field in known) else default
        shown.setdefault(target, []).extend(messages)
    return {field: "\n".join(messages) for field, messages in shown.items()}


def unexpected_error(error: BaseException, *, where: str, message_key: str = "error.unexpected") -> str:
    """Log the class only (a database error's text can carry the row written, e.g. a mailed code) and
    return the generic message the shopper sees."""
    logger.error("%s failed: %s", where, type(error).__name__)
    return t(message_key)


@dataclasses.dataclass(frozen=True)
class Outcome(Generic[T]):
    """What `attempt` brings back: the service's value, or the errors to show (by field)."""

    value: T | None = None
    errors: Mapping[str, str] = dataclasses.field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def message(self) -> str:
        """Every error as one text, for a form with a single error line."""
        return "\n".join(self.errors.values())


async def attempt(
    service: Callable[..., T],
    /,
    *,
    where: str,
    fields: Iterable[str] | None = None,
    default: str = FORM,
    unexpected_key: str = "error.unexpected",
    **kwargs: Any,
) -> Outcome[T]:
    """Like `call`, but a refusal comes back as errors by field and any other failure as the generic
    message under `default` (logged by class only)."""
    try:
        return Outcome(value=await call(service, **kwargs))
    except DomainError as error:
        return Outcome(errors=errors_by_field(error, fields=fields, default=default))
    except Exception as error:
        return Outcome(errors={default: unexpected_error(error, where=where, message_key=unexpected_key)})


def is_ticked(value: object) -> bool:
    """A checkbox or switch value as on/off: a form sends "on" when ticked, a switch sends a real True;
    anything else (a crafted "false" or "true", 1, a list) is off."""
    return value is True or value == "on"


def form_checkbox(form_data: Mapping[str, Any], name: str) -> bool:
    """Whether the checkbox `name` of a submitted form was ticked."""
    return is_ticked(form_data.get(name))
