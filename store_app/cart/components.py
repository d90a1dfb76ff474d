"""Cart pieces other pages show: the outcome of the add-to-cart button."""

from __future__ import annotations

import reflex as rx

from store_app.cart.state import CartState


def add_to_cart_feedback(product_id: rx.Var[int]) -> rx.Component:
    """Under the button: why the product could not be added, or how many were."""
    return rx.box(
        rx.text(
            CartState.line_errors.get(product_id.to_string(), ""),
            id="add-to-cart-error",
            color_scheme="red",
            size="2",
            aria_live="polite",
        ),
        rx.cond(
            CartState.added_for == product_id,
            rx.text(CartState.added_message, id="add-to-cart-done", color_scheme="green", size="2"),
        ),
    )
