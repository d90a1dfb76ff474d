"""The /catalog page: search, the category tree, price and stock filters, sorting, pages of cards."""

from __future__ import annotations

import reflex as rx

from store_app.catalog.cards import CategoryLink, PageLink
from store_app.catalog.components import product_grid
from store_app.catalog.state import SORT_CHOICES, CatalogState
from store_app.core.i18n import t
from store_app.ui.layout import layout

CATALOG_ROUTE = "/catalog"


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
        rx.heading(t("catalog.categories"), size="3"),
        rx.link(t("catalog.all_products"), href=CATALOG_ROUTE, id="category-all", size="2", color=rx.color("gray", 12)),
        rx.box(rx.foreach(CatalogState.categories, _category_row), width="100%", id="category-tree", as_="nav"),
        spacing="2",
        width="100%",
    )


def _price_and_stock() -> rx.Component:
    return rx.vstack(
        rx.heading(t("catalog.price"), size="3"),
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


def _filters() -> rx.Component:
    return rx.box(
        rx.vstack(_category_tree(), rx.separator(), _price_and_stock(), spacing="4", width="100%"),
        id="catalog-filters",
        display=rx.breakpoints(initial=rx.cond(CatalogState.filters_open, "block", "none"), md="block"),
        width="100%",
    )


def _toolbar() -> rx.Component:
    return rx.flex(
        rx.form(
            rx.hstack(
                rx.input(
                    rx.input.slot(rx.icon("search", size=16)),
                    value=CatalogState.search_text,
                    on_change=CatalogState.set_search_text,
                    placeholder=t("catalog.search.placeholder"),
                    type="search",
                    name="q",
                    id="search-input",
                    aria_label=t("catalog.search.button"),
                    width="100%",
                ),
                rx.button(t("catalog.search.button"), type="submit", id="search-button"),
                width="100%",
                spacing="2",
            ),
            on_submit=CatalogState.apply_filters,
            flex="1",
            min_width="220px",
        ),
        rx.hstack(
            rx.button(
                rx.icon("sliders-horizontal", size=16),
                t("catalog.filters"),
                on_click=CatalogState.toggle_filters,
                variant="soft",
                display=rx.breakpoints(initial="flex", md="none"),
                id="filters-toggle",
            ),
            rx.select.root(
                rx.select.trigger(id="sort-select", aria_label=t("catalog.sort")),
                rx.select.content(
                    *[rx.select.item(label, value=value, id=f"sort-{value}") for value, label in SORT_CHOICES]
                ),
                value=CatalogState.sort,
                on_change=CatalogState.change_sort,
            ),
            spacing="2",
        ),
        gap="8px",
        wrap="wrap",
        width="100%",
    )


def _breadcrumbs() -> rx.Component:
    return rx.hstack(
        rx.link(t("catalog.title"), href=CATALOG_ROUTE, size="2", color_scheme="gray"),
        rx.foreach(
            CatalogState.breadcrumbs,
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
        id="breadcrumbs",
    )


def _page_link(link: PageLink) -> rx.Component:
    return rx.cond(
        link.href,
        rx.link(
            rx.button(link.label, variant=rx.cond(link.current, "solid", "soft"), size="2"),
            href=link.href,
            id="page-" + link.label,
            aria_current=rx.cond(link.current, "page", "false"),
        ),
        rx.text(link.label, color_scheme="gray"),
    )


def _pagination() -> rx.Component:
    def step(label: str, icon: str, href: rx.Var[str], element_id: str) -> rx.Component:
        return rx.cond(
            href,
            rx.link(rx.button(rx.icon(icon, size=16), label, variant="soft"), href=href, id=element_id),
            rx.button(rx.icon(icon, size=16), label, variant="soft", disabled=True),
        )

    return rx.cond(
        CatalogState.page_links,
        rx.flex(
            step(t("catalog.page.previous"), "chevron-left", CatalogState.previous_href, "page-previous"),
            rx.hstack(rx.foreach(CatalogState.page_links, _page_link), spacing="1", wrap="wrap", justify="center"),
            step(t("catalog.page.next"), "chevron-right", CatalogState.next_href, "page-next"),
            justify="between",
            align="center",
            gap="8px",
            wrap="wrap",
            width="100%",
            id="pagination",
        ),
    )


def _results() -> rx.Component:
    return rx.vstack(
        _toolbar(),
        rx.text(CatalogState.found, color_scheme="gray", size="2", id="found-count"),
        rx.cond(
            CatalogState.cards,
            product_grid(CatalogState.cards, "product-grid"),
            rx.callout(
                rx.cond(CatalogState.category_missing, t("catalog.category_not_found"), t("catalog.empty")),
                icon="search-x",
                color_scheme="gray",
                id="catalog-empty",
                width="100%",
            ),
        ),
        _pagination(),
        spacing="4",
        width="100%",
        min_width="0",
    )


def catalog_page() -> rx.Component:
    return layout(
        rx.vstack(
            _breadcrumbs(),
            rx.hstack(
                rx.heading(CatalogState.heading, size="7", id="catalog-heading"),
                rx.link(t("catalog.reset"), href=CATALOG_ROUTE, size="2", id="filters-reset"),
                justify="between",
                align="baseline",
                width="100%",
            ),
            rx.cond(
                CatalogState.loaded,
                rx.grid(
                    _filters(),
                    _results(),
                    columns=rx.breakpoints(initial="1", md="240px 1fr"),
                    gap="24px",
                    width="100%",
                ),
                rx.center(rx.spinner(size="3"), width="100%", padding="48px"),
            ),
            spacing="4",
            width="100%",
        ),
        page_id="catalog-page",
    )
