"""The frame of every admin page: the shop layout with the admin section menu on the left."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from store_app.core.i18n import t
from store_app.ui.layout import layout
from store_app.ui.routes import (
    ADMIN_ATTRIBUTES_ROUTE,
    ADMIN_CATEGORIES_ROUTE,
    ADMIN_HISTORY_ROUTE,
    ADMIN_IMPORT_ROUTE,
    ADMIN_MAIL_ROUTE,
    ADMIN_ORDERS_ROUTE,
    ADMIN_PRODUCTS_ROUTE,
    ADMIN_ROUTE,
    ADMIN_USERS_ROUTE,
    HOME_ROUTE,
)
from store_app.ui.state import ShellState

SECTIONS = [
    (ADMIN_ROUTE, "admin.nav.dashboard", "admin-nav-dashboard"),
    (ADMIN_ORDERS_ROUTE, "admin.nav.orders", "admin-nav-orders"),
    (ADMIN_PRODUCTS_ROUTE, "admin.nav.products", "admin-nav-products"),
    (ADMIN_CATEGORIES_ROUTE, "admin.nav.categories", "admin-nav-categories"),
    (ADMIN_ATTRIBUTES_ROUTE, "admin.nav.attributes", "admin-nav-attributes"),
    (ADMIN_IMPORT_ROUTE, "admin.nav.import", "admin-nav-import"),
    (ADMIN_USERS_ROUTE, "admin.nav.users", "admin-nav-users"),
    (ADMIN_HISTORY_ROUTE, "admin.nav.history", "admin-nav-history"),
    (ADMIN_MAIL_ROUTE, "admin.nav.mail", "admin-nav-mail"),
]


def _menu() -> rx.Component:
    return rx.vstack(
        *[rx.link(t(key), href=href, id=element_id, weight="medium") for href, key, element_id in SECTIONS],
        spacing="3",
        min_width="160px",
        padding_top="6px",
    )


def admin_page(title: str, *children: rx.Component, page_id: str, loaded: rx.Var[bool]) -> rx.Component:
    """Nothing of the page body is rendered until the staff-checked load has filled it; a logged-in
    shopper is told the section is for staff instead of waiting for a page that never loads."""
    return layout(
        rx.cond(
            ShellState.is_logged_in & ~ShellState.is_staff,
            _staff_only(),
            rx.flex(
                _menu(),
                rx.vstack(
                    rx.heading(title, size="7", as_="h1"),
                    rx.cond(loaded, rx.vstack(*children, spacing="4", width="100%"), rx.spinner(size="3")),
                    spacing="4",
                    width="100%",
                    min_width="0",
                ),
                direction=rx.breakpoints(initial="column", md="row"),
                spacing="6",
                width="100%",
            ),
        ),
        page_id=page_id,
    )


def _staff_only() -> rx.Component:
    return rx.vstack(
        rx.heading(t("admin.staff_only.title"), size="7", as_="h1"),
        rx.callout(t("admin.staff_only.text"), icon="lock", color_scheme="amber", id="admin-staff-only"),
        rx.link(t("cabinet.delete.home"), href=HOME_ROUTE, id="admin-staff-only-home"),
        spacing="4",
    )


def pager(state: Any, *, prefix: str) -> rx.Component:
    """Previous / "page N / M" / next for a PagedListMixin state; ids `<prefix>-prev`, `-page`, `-next`."""
    return rx.hstack(
        rx.button(
            t("admin.prev"), on_click=state.turn_page(-1), disabled=state.page <= 1, variant="soft", id=f"{prefix}-prev"
        ),
        rx.text(t("admin.page_of"), " ", state.page, " / ", state.pages, id=f"{prefix}-page"),
        rx.button(
            t("admin.next"),
            on_click=state.turn_page(1),
            disabled=state.page >= state.pages,
            variant="soft",
            id=f"{prefix}-next",
        ),
        align="center",
        spacing="3",
    )


def notice_and_error(notice: rx.Var[str], error: rx.Var[str], *, prefix: str) -> rx.Component:
    return rx.fragment(
        rx.cond(notice, rx.callout(notice, icon="check", color_scheme="green", id=f"{prefix}-notice")),
        rx.cond(error, rx.callout(error, icon="triangle-alert", color_scheme="red", id=f"{prefix}-error")),
    )


def admin_table(header_keys: list[str], rows: rx.Var, render: Callable[[Any], rx.Component], *, table_id: str):
    """A full-width table: one header cell per locale key, one row per item; "nothing found" when empty."""
    return rx.fragment(
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(t(key)) for key in header_keys])),
            rx.table.body(rx.foreach(rows, render)),
            width="100%",
            id=table_id,
        ),
        rx.cond(
            rows.length() == 0,  # type: ignore[attr-defined]
            rx.text(t("admin.nothing_found"), color_scheme="gray", id=f"{table_id}-empty"),
        ),
    )


def choice_filter(choices: list[tuple[str, str]], *, value: rx.Var[str], on_change: Any, element_id: str):
    """A "Status: [All | ...]" select that filters a list as soon as it changes."""
    return rx.hstack(
        rx.text(t("admin.orders.status_filter")),
        rx.el.select(
            rx.el.option(t("admin.all"), value=""),
            *[rx.el.option(label, value=choice) for choice, label in choices],
            value=value,
            on_change=on_change,
            id=element_id,
        ),
        align="center",
    )


def search_form(*, on_submit: Any, hint_key: str, prefix: str) -> rx.Component:
    """A text box `q` with its button; ids `<prefix>-search-text` and `<prefix>-search`."""
    return rx.form(
        rx.hstack(
            rx.input(name="q", placeholder=t(hint_key), id=f"{prefix}-search-text"),
            rx.button(t("admin.search"), type="submit", id=f"{prefix}-search"),
        ),
        on_submit=on_submit,
    )
