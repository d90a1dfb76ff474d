"""A tab's state as Reflex builds it for a new tab, for tests that call a state's handlers in-process."""

from __future__ import annotations

from typing import TypeVar

import reflex as rx

S = TypeVar("S", bound=rx.State)


def fresh_tab(state_class: type[S]) -> S:
    """The `state_class` substate of a fresh root state (no client, no router data)."""
    root = rx.State(_reflex_internal_init=True)  # type: ignore[call-arg]
    tab = root.get_substate(state_class.get_full_name().split("."))
    assert isinstance(tab, state_class)
    return tab
