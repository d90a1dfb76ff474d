"""The catalog's filter panel: the category tree, the price range and the in-stock switch.

On a phone the panel is hidden behind the "Filters" button of the toolbar."""

from __future__ import annotations

import reflex as rx

from store_app.catalog.query import CATALOG_ROUTE
from store_app.catalog.state import CatalogState
from store_app.catalog.view_rows import CategoryLink
from store_app.core.i18n import t


def _category_row(link: CategoryLink) -> rx.Component:
    return rx.link(
        link.name,
        href=link.href,
        id="category-" + link.slug,
        padding_left=(link.depth * 14).to_string() + "px",
        weight=rx.cond(link.selected, "bold", "regular"),
        color=rx.cond(link.selected, rx.color("accent", 11), rx.color("gray", 12)),
        underline="hover",
        size="2",
        display="block",
        padding_y="3px",
        aria_current=rx.cond(link.selected, "page", "false"),
    )


def _category_tree() -> rx.Component:
    return rx.vstack(
        rx.heading(t("catalog.categories"), size="3", as_="h2"),
        rx.link(t("catalog.all_products"), href=CATALOG_ROUTE, id="category-all", size="2", color=rx.color("gray", 12)),
        rx.box(rx.foreach(CatalogState.categories, _category_row), width="100%", id="category-tree", as_="nav"),
        spacing="2",
        width="100%",
    )


def _price_and_stock() -> rx.Component:
    return rx.vstack(
        rx.heading(t("catalog.price"), size="3", as_="h2"),
        rx.form(
            rx.hstack(
                rx.input(
                    value=CatalogState.min_price,
                    on_change=CatalogState.set_min_price,
                    placeholder=t("catalog.price.min"),
                    name="min",
                    input_mode="decimal",
                    id="price-min",
                    aria_label=t("catalog.price.min"),
                ),
                rx.input(
                    value=CatalogState.max_price,
                    on_change=CatalogState.set_max_price,
                    placeholder=t("catalog.price.max"),
                    name="max",
                    input_mode="decimal",
                    id="price-max",
                    aria_label=t("catalog.price.max"),
                ),
                spacing="2",
            ),
            rx.button(
                t("catalog.apply"), type="submit", variant="soft", width="100%", margin_top="8px", id="price-apply"
            ),
            on_submit=CatalogState.apply_filters,
            width="100%",
        ),
        rx.text(
            rx.hstack(
                rx.switch(checked=CatalogState.in_stock, on_change=CatalogState.change_in_stock, id="in-stock"),
                t("catalog.in_stock_only"),
                spacing="2",
            ),
            as_="label",
            size="2",
        ),
        spacing="2",
        width="100%",
    )


def filter_panel() -> rx.Component:
    return rx.box(
        rx.vstack(_category_tree(), rx.separator(), _price_and_stock(), spacing="4", width="100%"),
        id="catalog-filters",
        display=rx.breakpoints(initial=rx.cond(CatalogState.filters_open, "block", "none"), md="block"),
        width="100%",
    )
