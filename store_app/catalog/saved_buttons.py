"""The heart, "compare" and "notify me when back in stock" buttons of the product cards and the product page."""

from __future__ import annotations

import reflex as rx

from store_app.catalog.saved_state import SavedState as S
from store_app.core.i18n import t


def heart_button(product_id: rx.Var[int], *, element_id: rx.Var[str] | str) -> rx.Component:
    """Adds the product to the favourites or takes it off; filled while it is on them."""
    on = S.favourites.contains(product_id)
    return rx.icon_button(
        rx.cond(on, rx.icon("heart", fill="currentColor", size=18), rx.icon("heart", size=18)),
        on_click=S.toggle_favourite(product_id),
        variant="soft",
        color_scheme=rx.cond(on, "red", "gray"),
        aria_label=rx.cond(on, t("saved.favourites.remove"), t("saved.favourites.add")),
        aria_pressed=rx.cond(on, "true", "false"),
        type="button",
        id=element_id,
        class_name="favourite-button",
    )


def _switch(*children: rx.Component, on: rx.Var[bool], element_id: rx.Var[str] | str, **props: object) -> rx.Component:
    """A button that is pressed while `on` (aria-pressed says so to a screen reader)."""
    return rx.button(*children, aria_pressed=rx.cond(on, "true", "false"), type="button", id=element_id, **props)


def _refusal(shown: rx.Var[bool], text: rx.Var[str] | str, class_name: str) -> rx.Component:
    return rx.cond(shown, rx.text(text, color_scheme="red", size="1", aria_live="polite", class_name=class_name))


def compare_button(product_id: rx.Var[int], *, element_id: rx.Var[str] | str) -> rx.Component:
    """Adds the product to the comparison or takes it off; says why when it cannot join."""
    on = S.compared.contains(product_id)
    return rx.vstack(
        _switch(
            rx.icon("git-compare", size=16),
            rx.cond(on, t("compare.remove"), t("compare.add")),
            on=on,
            element_id=element_id,
            on_click=S.toggle_compare(product_id),
            variant=rx.cond(on, "solid", "soft"),
            class_name="compare-button",
        ),
        _refusal(S.refused_for == product_id, S.refusal, "compare-refusal"),
        spacing="1",
    )


def restock_button(product_id: rx.Var[int], in_stock: rx.Var[bool], *, element_id: rx.Var[str] | str) -> rx.Component:
    """On a sold-out favourite: ask for one mail when it is back, or cancel the request."""
    on = S.waiting.contains(product_id)
    return rx.cond(
        S.favourites.contains(product_id) & ~in_stock,
        rx.vstack(
            _switch(
                rx.cond(on, rx.icon("bell-off", size=16), rx.icon("bell", size=16)),
                rx.cond(on, t("restock.cancel"), t("restock.ask")),
                on=on,
                element_id=element_id,
                on_click=S.toggle_back_in_stock(product_id),
                variant=rx.cond(on, "soft", "outline"),
                class_name="restock-button",
                width="100%",
            ),
            rx.cond(on, rx.text(t("restock.asked"), size="1", color_scheme="gray", class_name="restock-asked")),
            _refusal(S.restock_note_for == product_id, S.restock_note, "restock-note"),
            spacing="1",
            width="100%",
        ),
    )
