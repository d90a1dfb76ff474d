"""Every public method of a Reflex state is an event handler anyone can send: only real handlers may be
public, each marked @rx.event; helpers are `_private` (issue 9 §5)."""

from __future__ import annotations

import ast
import inspect
import textwrap

import reflex as rx

# `staff_event` / `login_event` (accounts/sessions/guards.py) are `rx.event` with the session check in front.
HANDLER_MARKS = {"rx.event", "staff_event", "login_event"}
ALLOWED_DECORATORS = HANDLER_MARKS | {"rx.var", "property", "staticmethod", "classmethod"}


def _all_state_classes() -> list[type[rx.State]]:
    import store_app.store_app  # noqa: F401  # registers every page, hence every state of the shop

    found: list[type[rx.State]] = []
    pending = list(rx.State.get_substates())
    while pending:
        state = pending.pop()
        found.append(state)  # type: ignore[arg-type]
        pending.extend(state.get_substates())
    return [state for state in found if state.__module__.startswith("store_app.")]


def _decorator_name(node: ast.expr) -> str:
    target = node.func if isinstance(node, ast.Call) else node
    return ast.unparse(target)


def _undecorated_public_methods(state: type[rx.State]) -> list[str]:
    tree = ast.parse(textwrap.dedent(inspect.getsource(state)))
    body = tree.body[0]
    assert isinstance(body, ast.ClassDef)
    offenders = []
    for node in body.body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or node.name.startswith("_"):
            continue
        if not {_decorator_name(d) for d in node.decorator_list} & ALLOWED_DECORATORS:
            offenders.append(f"{state.__module__}.{state.__name__}.{node.name}")
    return offenders


def test_the_app_has_states_to_check() -> None:
    names = {state.__name__ for state in _all_state_classes()}
    assert {"SessionState", "CabinetState", "OrdersState", "CartState", "ResetState"} <= names


def test_no_public_method_of_a_state_is_an_accidental_event_handler() -> None:
    offenders = [name for state in _all_state_classes() for name in _undecorated_public_methods(state)]
    assert offenders == [], "make these `_private` helpers, or mark real handlers @rx.event"


def _is_marked(function: object) -> bool:
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))  # type: ignore[arg-type]
    node = tree.body[0]
    assert isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    return bool(HANDLER_MARKS & {_decorator_name(d) for d in node.decorator_list})


def test_every_registered_handler_is_a_marked_one() -> None:
    for state in _all_state_classes():
        for name, handler in state.event_handlers.items():
            function = handler.fn
            if name == "setvar" or not getattr(function, "__module__", "").startswith("store_app."):
                continue
            assert _is_marked(function), f"{state.__name__}.{name} is a handler nobody marked @rx.event"
