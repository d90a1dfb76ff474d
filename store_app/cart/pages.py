"""The /cart page: lines with quantity controls and their "why not" messages, totals, clear."""

from __future__ import annotations

import reflex as rx

from store_app.cart.state import CartState
from store_app.cart.view_rows import CartRow
from store_app.core.i18n import t
from store_app.ui.layout import layout
from store_app.ui.link_button import link_button
from store_app.ui.routes import CATALOG_ROUTE, CHECKOUT_ROUTE, PRODUCT_PREFIX


def _picture(row: CartRow) -> rx.Component:
    return rx.cond(
        row.image,
        rx.image(src=row.image, alt=row.name, width="72px", height="72px", object_fit="contain"),
        rx.center(rx.icon("package", size=32, color=rx.color("gray", 8)), width="72px", height="72px"),
    )


def _price(row: CartRow) -> rx.Component:
    return rx.vstack(
        rx.text(row.price, weight="medium"),
        rx.cond(row.old_price, rx.text(row.old_price, size="1", color_scheme="gray", text_decoration="line-through")),
        spacing="0",
        align="end",
        width="110px",
    )


def _quantity(row: CartRow) -> rx.Component:
    pid = row.product_id.to_string()
    return rx.vstack(
        rx.hstack(
            rx.icon_button(
                rx.icon("minus", size=14),
                on_click=CartState.change_by(row.product_id, -1),
                disabled=row.quantity <= 1,
                variant="soft",
                size="1",
                id="cart-dec-" + pid,
                aria_label=t("cart.less"),
            ),
            rx.input(
                default_value=row.quantity.to_string(),
                key=pid + "-" + row.quantity.to_string() + "-" + CartState.field_round.to_string(),
                on_blur=lambda value: CartState.set_quantity(row.product_id, value),
                type="number",
                min=1,
                max=row.stock,
                width="64px",
                size="1",
                id="cart-qty-" + pid,
                aria_label=t("cart.quantity"),
            ),
            rx.icon_button(
                rx.icon("plus", size=14),
                on_click=CartState.change_by(row.product_id, 1),
                # At the stock "+" can only be refused: off, with the stock in its title.
                disabled=row.quantity >= row.stock,
                title=t("cart.stock_hint") + " " + row.stock.to_string(),
                variant="soft",
                size="1",
                id="cart-inc-" + pid,
                aria_label=t("cart.more"),
            ),
            align="center",
            spacing="1",
        ),
        rx.text(
            CartState.line_errors.get(pid, ""),
            id="cart-line-error-" + pid,
            color_scheme="red",
            size="1",
            aria_live="polite",
        ),
        spacing="1",
        align="center",
        width="170px",
    )


def _line(row: CartRow) -> rx.Component:
    pid = row.product_id.to_string()
    return rx.card(
        rx.flex(
            _picture(row),
            rx.vstack(
                rx.link(row.name, href=PRODUCT_PREFIX + row.slug, weight="medium", id="cart-name-" + pid),
                rx.text(t("cart.in_stock"), " ", row.stock, size="1", color_scheme="gray"),
                spacing="1",
                flex="1",
                min_width="160px",
            ),
            _quantity(row),
            _price(row),
            rx.text(row.total, weight="bold", width="130px", text_align="right", id="cart-line-total-" + pid),
            rx.icon_button(
                rx.icon("trash-2", size=16),
                on_click=CartState.remove(row.product_id),
                variant="ghost",
                color_scheme="red",
                id="cart-remove-" + pid,
                aria_label=t("cart.remove"),
            ),
            align="center",
            gap="16px",
            wrap="wrap",
        ),
        id="cart-line-" + pid,
        width="100%",
    )


def _totals() -> rx.Component:
    def row(label: str, value: rx.Var, element_id: str, **props: object) -> rx.Component:
        return rx.hstack(rx.text(label), rx.spacer(), rx.text(value, id=element_id, **props), width="100%")

    return rx.card(
        rx.vstack(
            row(t("cart.items"), CartState.items_count, "cart-items-count"),
            row(t("cart.subtotal"), CartState.subtotal, "cart-subtotal"),
            rx.cond(CartState.savings, row(t("cart.savings"), CartState.savings, "cart-savings", color_scheme="green")),
            rx.divider(),
            row(t("cart.total"), CartState.total, "cart-total", weight="bold", size="5"),
            rx.text(t("footer.payment"), size="1", color_scheme="gray"),
            link_button(t("cart.checkout"), href=CHECKOUT_ROUTE, size="3", width="100%", id="cart-checkout"),
            rx.button(t("cart.clear"), on_click=CartState.clear, variant="ghost", color_scheme="gray", id="cart-clear"),
            spacing="3",
            width="100%",
        ),
        width=rx.breakpoints(initial="100%", md="320px"),
        flex_shrink="0",
    )


def cart_notes() -> rx.Component:
    """What changed in the cart since the shopper last looked (a merge at login, the catalog), until dismissed;
    on /cart and on /checkout, where a login through checkout lands."""
    return rx.cond(
        CartState.notes,
        rx.callout.root(
            rx.callout.icon(rx.icon("info")),
            rx.flex(
                rx.vstack(rx.foreach(CartState.notes, lambda note: rx.callout.text(note)), spacing="1"),
                rx.icon_button(
                    rx.icon("x", size=14),
                    on_click=CartState.dismiss_notes,
                    variant="ghost",
                    color_scheme="gray",
                    size="1",
                    id="cart-notes-dismiss",
                    aria_label=t("cart.dismiss"),
                ),
                justify="between",
                align="start",
                gap="12px",
                width="100%",
            ),
            id="cart-notes",
            color_scheme="amber",
            width="100%",
        ),
    )


def _empty() -> rx.Component:
    return rx.vstack(
        rx.text(t("cart.empty"), id="cart-empty", size="4"),
        link_button(t("home.cta"), href=CATALOG_ROUTE),
        spacing="3",
        align="start",
    )


def cart_page() -> rx.Component:
    return layout(
        rx.vstack(
            rx.heading(t("cart.title"), size="7", as_="h1"),
            # Counted in words by the browser, with CLDR's forms: 1 товар, 2 товара, 5 товаров.
            rx.cond(CartState.rows, rx.text(t("cart.count", count=CartState.items_count), id="cart-count")),
            cart_notes(),
            rx.cond(CartState.error, rx.callout(CartState.error, color_scheme="red", id="cart-error", width="100%")),
            rx.cond(
                CartState.rows,
                rx.flex(
                    rx.vstack(rx.foreach(CartState.rows, _line), spacing="3", width="100%"),
                    _totals(),
                    direction=rx.breakpoints(initial="column", md="row"),
                    gap="5",
                    align="start",
                    width="100%",
                ),
                rx.cond(CartState.loaded, _empty()),
            ),
            spacing="4",
            width="100%",
        ),
        page_id="cart-page",
    )
