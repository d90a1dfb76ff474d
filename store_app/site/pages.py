"""The home page and the contacts page."""

from __future__ import annotations

import reflex as rx

from store_app.catalog.showcase import home_showcase
from store_app.core.i18n import t
from store_app.ui.layout import layout
from store_app.ui.link_button import link_button
from store_app.ui.routes import CATALOG_ROUTE, HOME_ROUTE


def _benefit(icon: str, title_key: str, text_key: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.icon(icon, size=28, color=rx.color("accent", 9)),
            rx.heading(t(title_key), size="4", as_="h2"),
            rx.text(t(text_key), color_scheme="gray", size="2"),
            spacing="2",
        ),
        width="100%",
    )


def home_page() -> rx.Component:
    return layout(
        rx.vstack(
            rx.box(
                rx.heading(t("home.title"), size="8", as_="h1", id="home-title"),
                rx.text(t("home.lead"), size="4", color_scheme="gray", margin_top="8px"),
                link_button(t("home.cta"), href=CATALOG_ROUTE, size="3", margin_top="20px", id="home-cta"),
                padding_y="16px",
            ),
            rx.grid(
                _benefit("truck", "home.benefit.delivery", "home.benefit.delivery_text"),
                _benefit("wallet", "home.benefit.payment", "home.benefit.payment_text"),
                _benefit("shield-check", "home.benefit.warranty", "home.benefit.warranty_text"),
                columns=rx.breakpoints(initial="1", sm="3"),
                spacing="4",
                width="100%",
            ),
            home_showcase(),
            spacing="5",
            width="100%",
        ),
        page_id="home-page",
    )


def not_found_page() -> rx.Component:
    return layout(
        rx.vstack(
            rx.heading(t("not_found.title"), size="7", as_="h1", id="not-found-title"),
            rx.text(t("not_found.text"), color_scheme="gray"),
            rx.hstack(
                link_button(t("home.cta"), href=CATALOG_ROUTE, id="not-found-catalog"),
                link_button(t("nav.home"), href=HOME_ROUTE, variant="soft"),
                spacing="3",
                wrap="wrap",
            ),
            spacing="4",
            align="start",
        ),
        page_id="not-found-page",
    )


def _contact_row(icon: str, label_key: str, value_key: str, element_id: str) -> rx.Component:
    return rx.hstack(
        rx.icon(icon, size=20, color=rx.color("accent", 9)),
        rx.vstack(
            rx.text(t(label_key), size="2", color_scheme="gray"),
            rx.text(t(value_key), size="3", weight="medium", id=element_id),
            spacing="0",
        ),
        align="start",
        spacing="3",
    )


def contacts_page() -> rx.Component:
    return layout(
        rx.vstack(
            rx.heading(t("contacts.title"), size="7", as_="h1", id="contacts-title"),
            rx.text(t("contacts.lead"), color_scheme="gray"),
            rx.card(
                rx.grid(
                    _contact_row("phone", "contacts.phone", "shop.phone", "contacts-phone"),
                    _contact_row("mail", "contacts.email", "shop.email", "contacts-email"),
                    _contact_row("map-pin", "contacts.address", "shop.address", "contacts-address"),
                    _contact_row("clock", "contacts.hours", "shop.hours", "contacts-hours"),
                    columns=rx.breakpoints(initial="1", sm="2"),
                    spacing="5",
                ),
                width="100%",
            ),
            spacing="4",
            width="100%",
        ),
        page_id="contacts-page",
    )
