"""Pieces the catalog's pages share: the product card, prices, the stock badge, a product grid."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from store_app.cart.state import CartState
from store_app.catalog.saved_buttons import heart_button
from store_app.catalog.view_rows import CategoryLink, ProductCard
from store_app.core.i18n import t
from store_app.ui.routes import CATALOG_ROUTE

# Something a page adds to each of its cards (the card and the grid's id, for element ids).
CardExtra = Callable[[ProductCard, str], rx.Component]


def stock_badge(in_stock: rx.Var[bool], element_id: rx.Var[str] | str | None = None) -> rx.Component:
    return rx.cond(
        in_stock,
        # High contrast: the soft green's text is 4.27:1 on its tint, below WCAG's 4.5.
        rx.badge(
            rx.icon("check", size=12),
            t("product.in_stock"),
            color_scheme="green",
            high_contrast=True,
            id=element_id,
            class_name="stock-badge",
        ),
        rx.badge(
            t("product.out_of_stock"), color_scheme="gray", high_contrast=True, id=element_id, class_name="stock-badge"
        ),
    )


def price_block(price: rx.Var[str], old_price: rx.Var[str], *, size: str, mark: str, unique: bool) -> rx.Component:
    """The price a shopper pays, then the regular one struck through when discounted.

    The parts are marked `<mark>-current` and `<mark>-old`: as ids when the block is `unique` on
    its page, else as classes (a grid of cards)."""

    def tag(part: str) -> dict[str, str]:
        return {"id": f"{mark}-{part}"} if unique else {"class_name": f"{mark}-{part}"}

    return rx.hstack(
        rx.text(price, size=size, weight="bold", white_space="nowrap", **tag("current")),
        rx.cond(
            old_price,
            rx.text(
                rx.el.s(old_price),
                size="2",
                color_scheme="gray",
                white_space="nowrap",
                aria_label=t("product.old_price"),
                **tag("old"),
            ),
        ),
        align="baseline",
        spacing="2",
        wrap="wrap",
    )


def discount_badge(discount: rx.Var[str]) -> rx.Component:
    # Dark red with light text: white on the plain solid red is 3.91:1.
    return rx.cond(
        discount,
        rx.badge(discount, color_scheme="red", variant="solid", high_contrast=True, class_name="discount-badge"),
    )


def breadcrumb_trail(steps: rx.Var[list[CategoryLink]], element_id: str) -> rx.Component:
    """Catalog > section > subsection, each a link to its listing."""
    return rx.hstack(
        rx.link(t("catalog.title"), href=CATALOG_ROUTE, size="2", color_scheme="gray"),
        rx.foreach(
            steps,
            lambda step: rx.hstack(
                rx.icon("chevron-right", size=14, color=rx.color("gray", 9)),
                rx.link(step.name, href=step.href, size="2", color_scheme="gray"),
                spacing="1",
                align="center",
            ),
        ),
        spacing="1",
        align="center",
        wrap="wrap",
        id=element_id,
    )


def product_card_view(card: ProductCard, grid_id: str, extra: CardExtra | None = None) -> rx.Component:
    """The link (picture, name, price, badges) and, beside it, not inside it, the cart button and the heart
    (and what `extra` adds under the button: the favourites page's "notify me when back in stock").

    Ids start with the grid's: one product can show in two grids of a page (a new discount on the home page)."""
    return rx.card(
        rx.vstack(
            rx.link(
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
                    price_block(card.price, card.old_price, size="4", mark="product-card-price", unique=False),
                    rx.hstack(stock_badge(card.in_stock), discount_badge(card.discount), spacing="2"),
                    spacing="2",
                ),
                href=card.href,
                id=f"{grid_id}-product-" + card.slug,
                class_name="product-card-link",
                underline="none",
                color="inherit",
                width="100%",
            ),
            rx.spacer(),
            rx.button(
                rx.icon("shopping-cart", size=16),
                rx.cond(CartState.added_for == card.product_id, t("catalog.card.added"), t("catalog.card.add")),
                on_click=CartState.add(card.product_id, 1),
                disabled=~card.in_stock,
                variant=rx.cond(CartState.added_for == card.product_id, "soft", "solid"),
                width="100%",
                class_name="product-card-add",
                id=f"{grid_id}-add-" + card.slug,
            ),
            rx.text(
                CartState.line_errors.get(card.product_id.to_string(), ""),
                color_scheme="red",
                size="1",
                aria_live="polite",
                class_name="product-card-error",
            ),
            extra(card, grid_id) if extra else rx.fragment(),
            spacing="2",
            height="100%",
        ),
        # The heart sits on the picture's corner, beside the link rather than inside it.
        rx.box(
            heart_button(card.product_id, element_id=f"{grid_id}-favourite-" + card.slug),
            position="absolute",
            top="12px",
            right="12px",
        ),
        height="100%",
        position="relative",
        class_name="product-card",
    )


def product_grid(cards: rx.Var[list[ProductCard]], element_id: str, extra: CardExtra | None = None) -> rx.Component:
    return rx.grid(
        rx.foreach(cards, lambda card: product_card_view(card, element_id, extra)),
        columns=rx.breakpoints(initial="2", sm="3", lg="4"),
        spacing="3",
        width="100%",
        id=element_id,
    )
