"""A link that looks like a button: one interactive element (an `<a>`), never a `<button>` inside an `<a>`."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_components_core.react_router.dom import ReactRouterLink


def link_button(*children: rx.Component | str | rx.Var, href: str | rx.Var[str], **button_props: Any) -> rx.Component:
    """Radix's button styles on the router's `<a>` (client-side navigation, keyboard and screen reader see a link)."""
    return rx.button(ReactRouterLink.create(*children, to=href), as_child=True, **button_props)


def link_icon_button(icon: rx.Component, *, href: str | rx.Var[str], **button_props: Any) -> rx.Component:
    return rx.icon_button(ReactRouterLink.create(icon, to=href), as_child=True, **button_props)
