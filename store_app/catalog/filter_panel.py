"""The catalog's filter panel: the category tree, the price range, the in-stock switch and the facets
(each value a link with its count; a number attribute a from-to range).

On a phone the panel is hidden behind the "Filters" button of the toolbar."""

from __future__ import annotations

import reflex as rx

from store_app.catalog.state import CatalogState
from store_app.catalog.view_rows import CategoryLink, FacetChoice, FacetView
from store_app.core.i18n import t
from store_app.ui.routes import CATALOG_ROUTE


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


def _facet_choice(choice: FacetChoice) -> rx.Component:
    """A value as a link that toggles it; ticked when chosen, its count after it."""
    return rx.link(
        rx.hstack(
            rx.cond(
                choice.chosen,
                rx.icon("square-check", size=16, flex_shrink="0"),
                rx.icon("square", size=16, flex_shrink="0"),
            ),
            rx.text(choice.label, size="2"),
            rx.spacer(),
            rx.text(choice.count, size="1", color_scheme="gray", class_name="facet-count"),
            align="center",
            spacing="2",
            width="100%",
        ),
        href=choice.href,
        id=choice.element_id,
        aria_current=rx.cond(choice.chosen, "true", "false"),
        color=rx.cond(choice.count, rx.color("gray", 12), rx.color("gray", 9)),
        weight=rx.cond(choice.chosen, "bold", "regular"),
        underline="hover",
        display="block",
        padding_y="2px",
        class_name="facet-choice",
    )


def _range_input(facet: FacetView, side: str) -> rx.Component:
    """The "from" (low) or "to" (high) field of a number facet; its placeholder is the products' span."""
    label = t("catalog.price.min") if side == "low" else t("catalog.price.max")
    return rx.input(
        name=side,
        default_value=facet.low if side == "low" else facet.high,
        placeholder=label + " " + (facet.low_hint if side == "low" else facet.high_hint),
        input_mode="decimal",
        id="facet-" + facet.code + "-" + side,
        aria_label=facet.name + " " + label,
    )


def _facet_range(facet: FacetView) -> rx.Component:
    return rx.form(
        rx.el.input(type="hidden", name="code", value=facet.code),
        rx.hstack(_range_input(facet, "low"), _range_input(facet, "high"), spacing="2"),
        rx.button(
            t("catalog.apply"),
            type="submit",
            variant="soft",
            size="1",
            width="100%",
            margin_top="6px",
            id="facet-" + facet.code + "-apply",
        ),
        on_submit=CatalogState.apply_range,
        key=facet.code + facet.low + ".." + facet.high,  # a new range re-mounts the fields with it
        width="100%",
    )


def _facet(facet: FacetView) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading(
                facet.name, rx.cond(facet.unit, ", " + facet.unit, ""), size="2", as_="h3", id="facet-" + facet.code
            ),
            rx.cond(
                facet.reset_href,
                rx.link(t("catalog.facet.reset"), href=facet.reset_href, size="1", id="facet-" + facet.code + "-reset"),
            ),
            justify="between",
            align="baseline",
            width="100%",
        ),
        rx.cond(
            facet.is_range,
            _facet_range(facet),
            rx.box(rx.foreach(facet.choices, _facet_choice), width="100%", max_height="260px", overflow_y="auto"),
        ),
        spacing="1",
        width="100%",
        class_name="facet",
    )


def _facets() -> rx.Component:
    return rx.cond(
        CatalogState.facets,
        rx.vstack(
            rx.separator(),
            rx.foreach(CatalogState.facets, _facet),
            spacing="4",
            width="100%",
            id="catalog-facets",
        ),
    )


def filter_panel() -> rx.Component:
    return rx.box(
        rx.vstack(_category_tree(), rx.separator(), _price_and_stock(), _facets(), spacing="4", width="100%"),
        id="catalog-filters",
        display=rx.breakpoints(initial=rx.cond(CatalogState.filters_open, "block", "none"), md="block"),
        width="100%",
    )
