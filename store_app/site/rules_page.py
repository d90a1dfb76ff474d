"""The /rules page: the shop's rules the registration checkbox asks the shopper to accept."""

from __future__ import annotations

import reflex as rx

from store_app.core.i18n import t
from store_app.ui.layout import layout

RULES_ROUTE = "/rules"
SECTIONS = ("orders", "delivery", "payment", "returns", "data")


def _section(name: str) -> rx.Component:
    return rx.vstack(
        rx.heading(t(f"rules.{name}.title"), size="4", as_="h2"),
        rx.text(t(f"rules.{name}.text"), white_space="pre-line"),
        spacing="2",
        id=f"rules-{name}",
    )


def rules_page() -> rx.Component:
    return layout(
        rx.vstack(
            rx.heading(t("rules.title"), size="7", as_="h1", id="rules-title"),
            rx.text(t("rules.lead"), color_scheme="gray"),
            *[_section(name) for name in SECTIONS],
            spacing="5",
            max_width="760px",
        ),
        page_id="rules-page",
    )
