"""The /checkout page: contact details, then a review of the order, then the order itself."""

from __future__ import annotations

import reflex as rx

from store_app.cart.pages import cart_notes
from store_app.cart.view_rows import CartRow
from store_app.core.i18n import N_, t
from store_app.orders.checkout_state import CheckoutState
from store_app.ui.forms import form_error, form_field
from store_app.ui.layout import layout
from store_app.ui.routes import CART_ROUTE, CATALOG_ROUTE

FORM_ID = "checkout"
CONTACT_LABELS = {"name": N_("checkout.name"), "phone": N_("checkout.phone"), "address": N_("checkout.address")}


def _contact_field(name: str, **props: str) -> rx.Component:
    """One contact input, prefilled from the state (the profile), with its error line under it."""
    return form_field(
        form_id=FORM_ID,
        name=name,
        label=t(CONTACT_LABELS[name]),
        error=CheckoutState.errors.get(name, ""),
        default_value=getattr(CheckoutState, name),
        **props,
    )


def _summary_line(row: CartRow) -> rx.Component:
    return rx.hstack(
        rx.text(row.name, size="2", flex="1", min_width="0", overflow_wrap="anywhere"),
        rx.text("× ", row.quantity, size="2", color_scheme="gray", white_space="nowrap"),
        rx.text(row.total, size="2", weight="medium", white_space="nowrap"),
        spacing="2",
        width="100%",
        class_name="checkout-summary-line",
    )


def _summary() -> rx.Component:
    """Step 1 shows what is being ordered and for how much, beside the contact form."""
    return rx.card(
        rx.vstack(
            rx.heading(t("checkout.summary"), size="4", as_="h2"),
            rx.foreach(CheckoutState.rows, _summary_line),
            rx.divider(),
            rx.cond(
                CheckoutState.savings,
                rx.text(t("cart.savings"), ": ", CheckoutState.savings, color_scheme="green", size="2"),
            ),
            rx.text(t("cart.total"), ": ", CheckoutState.total, weight="bold", size="4", id="checkout-summary-total"),
            rx.link(t("checkout.edit_cart"), href=CART_ROUTE, size="2", id="checkout-edit-cart"),
            spacing="2",
            width="100%",
        ),
        id="checkout-summary",
        width="100%",
    )


def _contact_step() -> rx.Component:
    return rx.grid(
        _contact_form(),
        _summary(),
        columns=rx.breakpoints(initial="1", md="minmax(0, 560px) minmax(0, 360px)"),
        gap="24px",
        width="100%",
    )


def _contact_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            _contact_field("name", auto_complete="name"),
            _contact_field("phone", auto_complete="tel", input_type="tel"),
            _contact_field("address", auto_complete="street-address"),
            rx.callout(t("checkout.payment_on_delivery"), icon="wallet", id="checkout-payment", width="100%"),
            rx.button(t("checkout.to_review"), type="submit", size="3", id="checkout-to-review"),
            spacing="4",
            width="100%",
            max_width="560px",
        ),
        on_submit=CheckoutState.to_review,
        id="checkout-form",
        width="100%",
    )


def _review_line(row: CartRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row.name),
        rx.table.cell(row.quantity, text_align="right"),
        rx.table.cell(row.price, text_align="right"),
        rx.table.cell(row.total, text_align="right"),
    )


def _review_step() -> rx.Component:
    header = rx.table.header(
        rx.table.row(
            rx.table.column_header_cell(t("checkout.col.product")),
            *[
                rx.table.column_header_cell(t(key), text_align="right")
                for key in ("cart.quantity", "checkout.col.price", "checkout.col.total")
            ],
        )
    )
    return rx.vstack(
        # On a phone the table scrolls inside its box instead of widening the page.
        rx.box(
            rx.table.root(
                header,
                rx.table.body(rx.foreach(CheckoutState.rows, _review_line)),
                width="100%",
                id="checkout-review-lines",
            ),
            overflow_x="auto",
            width="100%",
        ),
        rx.cond(CheckoutState.savings, rx.text(t("cart.savings"), ": ", CheckoutState.savings, color_scheme="green")),
        rx.heading(t("cart.total"), ": ", CheckoutState.total, size="5", as_="h2", id="checkout-total"),
        rx.card(
            rx.vstack(
                rx.text(CheckoutState.name, id="checkout-review-name", weight="medium"),
                rx.text(CheckoutState.phone, id="checkout-review-phone"),
                rx.text(CheckoutState.address, id="checkout-review-address"),
                rx.text(t("checkout.payment_on_delivery"), size="2", color_scheme="gray"),
                spacing="1",
            ),
            width="100%",
        ),
        form_error(CheckoutState.error, form_id=FORM_ID),
        rx.hstack(
            rx.button(t("checkout.back"), on_click=CheckoutState.back, variant="soft", id="checkout-back"),
            rx.button(
                t("checkout.place"),
                on_click=CheckoutState.place,
                loading=CheckoutState.placing,
                size="3",
                id="checkout-place",
            ),
            spacing="3",
            wrap="wrap",
        ),
        spacing="4",
        width="100%",
        max_width="720px",
    )


def checkout_page() -> rx.Component:
    return layout(
        rx.vstack(
            rx.heading(t("checkout.title"), size="7", as_="h1"),
            cart_notes(),  # a guest cart merged at a login made on the way here says what it did
            rx.match(
                CheckoutState.step,
                ("contact", _contact_step()),
                ("review", _review_step()),
                (
                    "empty",
                    rx.vstack(
                        rx.text(t("cart.empty"), id="checkout-empty"), rx.link(t("nav.catalog"), href=CATALOG_ROUTE)
                    ),
                ),
                rx.spinner(),
            ),
            spacing="4",
            width="100%",
        ),
        page_id="checkout-page",
    )
