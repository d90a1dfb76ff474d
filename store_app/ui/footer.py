"""The footer with the shop's contacts."""

from __future__ import annotations

import reflex as rx

from store_app.core.i18n import t
from store_app.ui.routes import CONTACTS_ROUTE, RULES_ROUTE
from store_app.ui.theme import CONTENT_MAX_WIDTH


def footer() -> rx.Component:
    return rx.el.footer(
        rx.flex(
            rx.vstack(
                rx.text(t("shop.name"), size="4", weight="bold"),
                rx.text(t("shop.tagline"), color_scheme="gray", size="2"),
                rx.text(t("footer.payment"), color_scheme="gray", size="2"),
                spacing="1",
            ),
            rx.vstack(
                rx.link(t("footer.contacts"), href=CONTACTS_ROUTE, weight="medium", id="footer-contacts"),
                rx.link(t("rules.title"), href=RULES_ROUTE, weight="medium", id="footer-rules"),
                rx.text(t("shop.phone"), size="2", id="footer-phone"),
                rx.text(t("shop.email"), size="2"),
                rx.text(t("shop.address"), size="2"),
                spacing="1",
            ),
            direction=rx.breakpoints(initial="column", sm="row"),
            justify="between",
            gap="5",
            width="100%",
            max_width=CONTENT_MAX_WIDTH,
            margin_x="auto",
            padding=rx.breakpoints(initial="20px 16px", sm="28px 24px"),
        ),
        rx.text(
            f"© {t('shop.name')}. {t('footer.rights')}",
            size="1",
            color_scheme="gray",
            text_align="center",
            padding_bottom="16px",
        ),
        background_color=rx.color("gray", 2),
        border_top=f"1px solid {rx.color('gray', 5)}",
        width="100%",
        margin_top="auto",
    )
