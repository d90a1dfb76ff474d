"""The frame of every admin page: the shop layout with the admin section menu on the left."""

from __future__ import annotations

import reflex as rx

from store_app.admin.routes import ADMIN_ROUTE, HISTORY_ROUTE, MAIL_ROUTE, ORDERS_ROUTE, PRODUCTS_ROUTE, USERS_ROUTE
from store_app.core.i18n import t
from store_app.ui.layout import layout

SECTIONS = [
    (ADMIN_ROUTE, "admin.nav.dashboard", "admin-nav-dashboard"),
    (ORDERS_ROUTE, "admin.nav.orders", "admin-nav-orders"),
    (PRODUCTS_ROUTE, "admin.nav.products", "admin-nav-products"),
    (USERS_ROUTE, "admin.nav.users", "admin-nav-users"),
    (HISTORY_ROUTE, "admin.nav.history", "admin-nav-history"),
    (MAIL_ROUTE, "admin.nav.mail", "admin-nav-mail"),
]


def _menu() -> rx.Component:
    return rx.vstack(
        *[rx.link(t(key), href=href, id=element_id, weight="medium") for href, key, element_id in SECTIONS],
        spacing="3",
        min_width="160px",
        padding_top="6px",
    )


def admin_page(title: str, *children: rx.Component, page_id: str, loaded: rx.Var[bool]) -> rx.Component:
    """Nothing of the page body is rendered until the staff-checked load has filled it."""
    return layout(
        rx.flex(
            _menu(),
            rx.vstack(
                rx.heading(title, size="7"),
                rx.cond(loaded, rx.vstack(*children, spacing="4", width="100%"), rx.spinner(size="3")),
                spacing="4",
                width="100%",
                min_width="0",
            ),
            direction=rx.breakpoints(initial="column", md="row"),
            spacing="6",
            width="100%",
        ),
        page_id=page_id,
    )


def pager(*, page: rx.Var[int], pages: rx.Var[int], on_prev: rx.EventHandler, on_next: rx.EventHandler, prefix: str):
    """Previous / "page N of M" / next, with ids `<prefix>-prev`, `<prefix>-page`, `<prefix>-next`."""
    return rx.hstack(
        rx.button(t("admin.prev"), on_click=on_prev, disabled=page <= 1, variant="soft", id=f"{prefix}-prev"),
        rx.text(t("admin.page_of"), " ", page, " / ", pages, id=f"{prefix}-page"),
        rx.button(t("admin.next"), on_click=on_next, disabled=page >= pages, variant="soft", id=f"{prefix}-next"),
        align="center",
        spacing="3",
    )


def notice_and_error(notice: rx.Var[str], error: rx.Var[str], *, prefix: str) -> rx.Component:
    return rx.fragment(
        rx.cond(notice, rx.callout(notice, icon="check", color_scheme="green", id=f"{prefix}-notice")),
        rx.cond(error, rx.callout(error, icon="triangle-alert", color_scheme="red", id=f"{prefix}-error")),
    )
