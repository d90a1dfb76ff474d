"""The session guards keep a handler's signature (Reflex reads its arguments) and mark it an event."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
import reflex as rx

from store_app.accounts.sessions.guards import acting, login_event, staff_event


class _GuardedProbeState(rx.State):
    note: str = ""

    @staff_event
    async def save(self, form_data: dict[str, Any]) -> None:
        self.note = str(form_data)

    @login_event
    async def open_page(self) -> None:
        self.note = "open"

    @staff_event(background=True)
    async def work(self) -> None:
        return None


def test_guarded_handlers_keep_their_arguments_and_are_event_handlers() -> None:
    handlers = _GuardedProbeState.event_handlers
    assert {"save", "open_page", "work"} <= set(handlers)
    assert list(inspect.signature(handlers["save"].fn).parameters) == ["self", "form_data"]
    assert handlers["work"].is_background


def test_acting_outside_a_guarded_handler_is_an_error() -> None:
    with pytest.raises(RuntimeError):
        acting()
