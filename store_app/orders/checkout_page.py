"""The /checkout page: contact details, then a review of the order, then the order itself."""

from __future__ import annotations

import reflex as rx

from store_app.cart.state import CartRow
from store_app.core.i18n import t
from store_app.orders.checkout_state import CheckoutState
from store_app.ui.forms import form_error, form_field
from store_app.ui.layout import layout

FORM_ID = "checkout"


def _contact_step() -> rx.Component:
    return rx.form(
        rx.vstack(
            form_field(
                form_id=FORM_ID,
                name="name",
                label=t("checkout.name"),
                error=CheckoutState.errors.get("name", ""),
                default_value=CheckoutState.name,
                auto_complete="name",
            ),
            form_field(
                form_id=FORM_ID,
                name="phone",
                label=t("checkout.phone"),
                error=CheckoutState.errors.get("phone", ""),
                default_value=CheckoutState.phone,
                input_type="tel",
                auto_complete="tel",
            ),
            form_field(
                form_id=FORM_ID,
                name="address",
                label=t("checkout.address"),
                error=CheckoutState.errors.get("address", ""),
                default_value=CheckoutState.address,
                auto_complete="street-address",
            ),
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
    return rx.vstack(
        rx.table.root(
            rx.table.body(rx.foreach(CheckoutState.rows, _review_line)),
            width="100%",
            id="checkout-review-lines",
        ),
        rx.cond(CheckoutState.savings, rx.text(t("cart.savings"), ": ", CheckoutState.savings, color_scheme="green")),
        rx.heading(t("cart.total"), ": ", CheckoutState.total, size="5", id="checkout-total"),
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
        ),
        spacing="4",
        width="100%",
        max_width="720px",
    )


def checkout_page() -> rx.Component:
    return layout(
        rx.vstack(
            rx.heading(t("checkout.title"), size="7"),
            rx.match(
                CheckoutState.step,
                ("contact", _contact_step()),
                ("review", _review_step()),
                (
                    "empty",
                    rx.vstack(
                        rx.text(t("cart.empty"), id="checkout-empty"), rx.link(t("nav.catalog"), href="/catalog")
                    ),
                ),
                rx.spinner(),
            ),
            spacing="4",
            width="100%",
        ),
        page_id="checkout-page",
    )
