"""The /rules page: the shop's rules the registration checkbox asks the shopper to accept."""

from __future__ import annotations

import reflex as rx

from store_app.core.i18n import N_, t
from store_app.ui.layout import layout

# (id, title key, text key) of each section.
SECTIONS = (
    ("orders", N_("rules.orders.title"), N_("rules.orders.text")),
    ("delivery", N_("rules.delivery.title"), N_("rules.delivery.text")),
    ("payment", N_("rules.payment.title"), N_("rules.payment.text")),
    ("returns", N_("rules.returns.title"), N_("rules.returns.text")),
    ("data", N_("rules.data.title"), N_("rules.data.text")),
)


def _section(name: str, title_key: str, text_key: str) -> rx.Component:
    return rx.vstack(
        rx.heading(t(title_key), size="4", as_="h2"),
        rx.text(t(text_key), white_space="pre-line"),
        spacing="2",
        id=f"rules-{name}",
    )


def rules_page() -> rx.Component:
    return layout(
        rx.vstack(
            rx.heading(t("rules.title"), size="7", as_="h1", id="rules-title"),
            rx.text(t("rules.lead"), color_scheme="gray"),
            *[_section(*section) for section in SECTIONS],
            spacing="5",
            max_width="760px",
        ),
        page_id="rules-page",
    )
