"""Pieces the catalog's pages share: the product card, prices, the stock badge, a product grid."""

from __future__ import annotations

import reflex as rx

from store_app.catalog.cards import ProductCard
from store_app.core.i18n import t


def stock_badge(in_stock: rx.Var[bool], element_id: rx.Var[str] | str | None = None) -> rx.Component:
    return rx.cond(
        in_stock,
        rx.badge(rx.icon("check", size=12), t("product.in_stock"), color_scheme="green", id=element_id),
        rx.badge(t("product.out_of_stock"), color_scheme="gray", id=element_id),
    )


def price_block(
    price: rx.Var[str], old_price: rx.Var[str], discount: rx.Var[str], *, size: str = "5", prefix: str = "price"
) -> rx.Component:
    """The price a shopper pays, then the regular one struck through and the discount when there is one."""
    return rx.hstack(
        rx.text(price, size=size, weight="bold", id=f"{prefix}-current", white_space="nowrap"),
        rx.cond(
            old_price,
            rx.fragment(
                rx.text(
                    rx.el.s(old_price),
                    size="2",
                    color_scheme="gray",
                    id=f"{prefix}-old",
                    white_space="nowrap",
                    aria_label=t("product.old_price"),
                ),
                rx.badge(discount, color_scheme="red", variant="solid"),
            ),
        ),
        align="baseline",
        spacing="2",
        wrap="wrap",
    )


def product_card_view(card: ProductCard) -> rx.Component:
    return rx.link(
        rx.card(
            rx.vstack(
                rx.image(
                    src=card.image,
                    alt=card.name,
                    width="100%",
                    aspect_ratio="1",
                    object_fit="cover",
                    border_radius="var(--radius-3)",
                    loading="lazy",
                ),
                rx.text(card.name, size="2", weight="medium", class_name="product-card-name", min_height="3em"),
                rx.hstack(
                    rx.text(card.price, size="4", weight="bold", class_name="product-card-price", white_space="nowrap"),
                    rx.cond(
                        card.old_price,
                        rx.text(
                            rx.el.s(card.old_price),
                            size="1",
                            color_scheme="gray",
                            class_name="product-card-old-price",
                            white_space="nowrap",
                        ),
                    ),
                    align="baseline",
                    spacing="2",
                    wrap="wrap",
                ),
                rx.hstack(
                    stock_badge(card.in_stock),
                    rx.cond(card.discount, rx.badge(card.discount, color_scheme="red", variant="solid")),
                    spacing="2",
                ),
                spacing="2",
                height="100%",
            ),
            height="100%",
            class_name="product-card",
        ),
        href=card.href,
        id="product-" + card.slug,
        underline="none",
        color="inherit",
        height="100%",
    )


def product_grid(cards: rx.Var[list[ProductCard]], element_id: str) -> rx.Component:
    return rx.grid(
        rx.foreach(cards, product_card_view),
        columns=rx.breakpoints(initial="2", sm="3", lg="4"),
        spacing="3",
        width="100%",
        id=element_id,
    )
