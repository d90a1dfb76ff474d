"""/favourites (the hearted products as cards) and /compare (up to four products side by side, the
rows where they differ highlighted)."""

from __future__ import annotations

import reflex as rx

from store_app.catalog.components import product_grid
from store_app.catalog.query import CATALOG_ROUTE
from store_app.catalog.saved_buttons import restock_button
from store_app.catalog.saved_state import CompareLine, SavedState
from store_app.catalog.view_rows import ProductCard
from store_app.core.i18n import t
from store_app.ui.layout import layout
from store_app.ui.link_button import link_button

S = SavedState


def _empty(text_key: str, element_id: str) -> rx.Component:
    return rx.vstack(
        rx.callout(t(text_key), icon="info", color_scheme="gray", id=element_id, width="100%"),
        link_button(t("product.back_to_catalog"), href=CATALOG_ROUTE),
        spacing="3",
        width="100%",
    )


def _restock(card: ProductCard, grid_id: str) -> rx.Component:
    return restock_button(card.product_id, card.in_stock, element_id=f"{grid_id}-restock-" + card.slug)


def favourites_page() -> rx.Component:
    return layout(
        rx.vstack(
            rx.heading(t("saved.favourites.title"), size="7", as_="h1"),
            rx.cond(
                S.loaded,
                rx.cond(
                    S.cards,
                    product_grid(S.cards, "favourites-grid", _restock),
                    _empty("saved.favourites.empty", "favourites-empty"),
                ),
                rx.spinner(size="3"),
            ),
            spacing="4",
            width="100%",
        ),
        page_id="favourites-page",
    )


def _product_head(card: ProductCard) -> rx.Component:
    return rx.table.column_header_cell(
        rx.vstack(
            rx.image(src=card.image, alt="", width="96px", height="96px", object_fit="cover"),
            rx.link(card.name, href=card.href, size="2", weight="medium"),
            rx.button(
                t("compare.remove"),
                size="1",
                variant="ghost",
                color_scheme="red",
                on_click=S.toggle_compare(card.product_id),
                id="compare-remove-" + card.product_id.to_string(),
            ),
            spacing="1",
        ),
        min_width="160px",
        vertical_align="top",
    )


def _line(line: CompareLine) -> rx.Component:
    return rx.cond(
        S.only_differences & ~line.differs,
        rx.fragment(),
        rx.table.row(
            rx.table.row_header_cell(line.name, weight="medium"),
            rx.foreach(line.cells, lambda value: rx.table.cell(value)),
            background=rx.cond(line.differs, rx.color("amber", 3), "transparent"),
            class_name=rx.cond(line.differs, "compare-row compare-differs", "compare-row"),
        ),
    )


def compare_page() -> rx.Component:
    table = rx.box(
        rx.table.root(
            rx.table.header(rx.table.row(rx.table.column_header_cell(""), rx.foreach(S.cards, _product_head))),
            rx.table.body(rx.foreach(S.lines, _line)),
            id="compare-table",
        ),
        overflow_x="auto",
        width="100%",
    )
    return layout(
        rx.vstack(
            rx.heading(t("compare.title"), size="7", as_="h1"),
            rx.cond(
                S.loaded,
                rx.cond(
                    S.cards,
                    rx.vstack(
                        rx.text(
                            rx.hstack(
                                rx.switch(
                                    checked=S.only_differences,
                                    on_change=S.set_only_differences,
                                    id="compare-only-differences",
                                ),
                                t("compare.only_differences"),
                                spacing="2",
                            ),
                            as_="label",
                            size="2",
                        ),
                        table,
                        spacing="3",
                        width="100%",
                    ),
                    _empty("compare.empty", "compare-empty"),
                ),
                rx.spinner(size="3"),
            ),
            spacing="4",
            width="100%",
        ),
        page_id="compare-page",
    )
