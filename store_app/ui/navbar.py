"""The top bar: shop name, catalog, cart with its badge, account links.

It shows ShellState only and imports no domain package: what fills ShellState on every page (the
session sync, the cart badge) is each page's on_load, added in `store_app.py`'s page table."""

from __future__ import annotations

import reflex as rx

from store_app.core.i18n import t
from store_app.ui.language_switch import language_switch
from store_app.ui.link_button import link_button, link_icon_button
from store_app.ui.post_form import post_form
from store_app.ui.routes import (
    ADMIN_ROUTE,
    BROWSER_LOGOUT_PATH,
    CABINET_ROUTE,
    CART_ROUTE,
    CATALOG_ROUTE,
    CONTACTS_ROUTE,
    HOME_ROUTE,
    LOGIN_ROUTE,
    ORDERS_ROUTE,
    REGISTER_ROUTE,
)
from store_app.ui.state import ShellState
from store_app.ui.theme import CONTENT_MAX_WIDTH


def _brand() -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.icon("zap", size=24, color=rx.color("accent", 9)),
            rx.text(t("shop.name"), size="6", weight="bold"),
            align="center",
            spacing="2",
        ),
        href=HOME_ROUTE,
        id="nav-home",
        color=rx.color("gray", 12),
        underline="none",
    )


def _cart_button() -> rx.Component:
    return link_button(
        rx.icon("shopping-cart", size=18),
        rx.text(t("nav.cart"), display=["none", "none", "inline"]),
        rx.badge(ShellState.cart_count, id="cart-badge", variant="solid", radius="full"),
        href=CART_ROUTE,
        variant="soft",
        id="nav-cart",
    )


def _account_links() -> rx.Component:
    return rx.cond(
        ShellState.is_logged_in,
        rx.hstack(
            link_button(
                rx.cond(
                    ShellState.avatar_url,
                    rx.avatar(src=ShellState.avatar_url, fallback="", size="1", radius="full", id="nav-avatar"),
                    rx.icon("user", size=18),
                ),
                # On a phone the name goes (the menu repeats it): the bar must fit 360 px.
                rx.text(ShellState.user_name, id="nav-user-name", display=["none", "none", "inline"]),
                href=CABINET_ROUTE,
                variant="ghost",
                id="nav-cabinet",
                aria_label=t("nav.cabinet"),
            ),
            rx.cond(
                ShellState.is_staff,
                # On a phone an icon: "Админка" made a staff bar 424 px wide at 390.
                link_button(
                    rx.icon("layout-dashboard", size=18),
                    rx.text(t("nav.admin"), display=["none", "none", "inline"]),
                    href=ADMIN_ROUTE,
                    variant="soft",
                    id="nav-admin",
                    aria_label=t("nav.admin"),
                ),
            ),
            link_icon_button(
                rx.icon("package", size=18),
                href=ORDERS_ROUTE,
                variant="ghost",
                aria_label=t("nav.orders"),
                id="nav-orders",
                title=t("nav.orders"),
                # The phone menu lists the orders.
                display=["none", "none", "inline-flex"],
            ),
            # A native post: only the route's response can clear the HttpOnly session cookie.
            post_form(
                rx.button(rx.icon("log-out", size=18), variant="ghost", type="submit", aria_label=t("nav.logout")),
                action=BROWSER_LOGOUT_PATH,
                id="nav-logout",
            ),
            spacing="2",
            align="center",
        ),
        rx.hstack(
            link_button(t("nav.login"), href=LOGIN_ROUTE, variant="soft", id="nav-login"),
            link_button(t("nav.register"), href=REGISTER_ROUTE, id="nav-register"),
            spacing="2",
            align="center",
            display=["none", "none", "flex"],
        ),
    )


def _mobile_menu() -> rx.Component:
    return rx.box(
        rx.menu.root(
            rx.menu.trigger(rx.icon_button(rx.icon("menu"), variant="soft", id="nav-menu", aria_label=t("nav.menu"))),
            rx.menu.content(
                rx.menu.item(rx.link(t("nav.catalog"), href=CATALOG_ROUTE)),
                rx.menu.item(rx.link(t("nav.contacts"), href=CONTACTS_ROUTE)),
                rx.cond(
                    ShellState.is_logged_in,
                    rx.fragment(
                        rx.menu.separator(),
                        rx.menu.item(rx.link(ShellState.user_name, href=CABINET_ROUTE)),
                        rx.menu.item(rx.link(t("nav.orders"), href=ORDERS_ROUTE)),
                    ),
                    rx.fragment(
                        rx.menu.separator(),
                        rx.menu.item(rx.link(t("nav.login"), href=LOGIN_ROUTE)),
                        rx.menu.item(rx.link(t("nav.register"), href=REGISTER_ROUTE)),
                    ),
                ),
            ),
        ),
        display=["block", "block", "none"],
    )


def navbar() -> rx.Component:
    # A real <header> (Radix's Box renders only div or span, whatever `as_` says): the banner landmark.
    return rx.el.header(
        rx.el.nav(
            rx.hstack(
                _brand(),
                rx.hstack(
                    rx.link(t("nav.catalog"), href=CATALOG_ROUTE, id="nav-catalog", weight="medium"),
                    rx.link(t("nav.contacts"), href=CONTACTS_ROUTE, id="nav-contacts", weight="medium"),
                    spacing="5",
                    display=["none", "none", "flex"],
                ),
                rx.spacer(),
                language_switch(),
                _cart_button(),
                _account_links(),
                _mobile_menu(),
                align="center",
                # Narrow gaps on a phone: the logged-in bar must fit 360 px.
                spacing=rx.breakpoints(initial="2", md="4"),
                width="100%",
                max_width=CONTENT_MAX_WIDTH,
                margin_x="auto",
                padding_x=rx.breakpoints(initial="12px", sm="24px"),
                padding_y="10px",
            ),
            aria_label=t("nav.label"),
        ),
        position="sticky",
        top="0",
        z_index="10",
        background_color=rx.color("gray", 1),
        border_bottom=f"1px solid {rx.color('gray', 5)}",
        width="100%",
    )
