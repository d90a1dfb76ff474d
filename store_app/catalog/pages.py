"""The /catalog page: search, the category tree, price and stock filters, sorting, pages of cards."""

from __future__ import annotations

import reflex as rx

from store_app.catalog.components import breadcrumb_trail, product_grid
from store_app.catalog.filter_panel import filter_panel
from store_app.catalog.query import Sort
from store_app.catalog.saved_state import SavedState
from store_app.catalog.state import SORT_KEYS, CatalogState, Suggestion
from store_app.catalog.view_rows import PageLink
from store_app.core.i18n import t
from store_app.ui.layout import layout
from store_app.ui.link_button import link_button
from store_app.ui.routes import CATALOG_ROUTE, COMPARE_ROUTE, FAVOURITES_ROUTE
from store_app.ui.skeleton import block_skeleton, card_grid_skeleton, loading_area

SUGGEST_DELAY_MS = 250  # the search box waits this long after the last key before it asks


def _suggestion(item: Suggestion) -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.text(item.name, size="2"),
            rx.spacer(),
            rx.text(item.price, size="2", color_scheme="gray", white_space="nowrap"),
            width="100%",
            align="center",
        ),
        href=item.href,
        role="option",
        display="block",
        padding="6px 10px",
        underline="none",
        color=rx.color("gray", 12),
        _hover={"background": rx.color("accent", 3)},
        class_name="search-suggestion",
    )


def _suggestions() -> rx.Component:
    """The first products the typed words find, under the box (the same search as the catalog's)."""
    return rx.cond(
        CatalogState.suggestions,
        rx.box(
            rx.foreach(CatalogState.suggestions, _suggestion),
            id="search-suggestions",
            role="listbox",
            aria_label=t("catalog.search.suggestions"),
            position="absolute",
            top="100%",
            left="0",
            right="0",
            z_index="20",
            margin_top="4px",
            background=rx.color("gray", 1),
            border=f"1px solid {rx.color('gray', 6)}",
            border_radius="var(--radius-3)",
            box_shadow="var(--shadow-4)",
            overflow="hidden",
        ),
    )


def _list_link(icon: str, ids: rx.Var, href: str, label_key: str, name: str) -> rx.Component:
    """A link to the favourites or the comparison with how many products it holds."""
    return link_button(
        rx.icon(icon, size=16),
        ids.length(),  # type: ignore[attr-defined]
        href=href,
        variant="soft",
        color_scheme="gray",
        aria_label=t(label_key),
        id=f"catalog-{name}-link",
    )


def _sort_item(sort: Sort, key: str) -> rx.Component:
    item = rx.select.item(t(key), value=sort.value, id=f"sort-{sort.value}")
    # Relevance means something only for search words; without them the listing is the newest first.
    return rx.cond(CatalogState.ranked, item) if sort == Sort.RELEVANCE else item


def _toolbar() -> rx.Component:
    return rx.flex(
        rx.form(
            rx.hstack(
                rx.box(
                    rx.input(
                        rx.input.slot(rx.icon("search", size=16)),
                        # Not bound to the state on every key: the text goes to the server 250 ms after
                        # the last key (for the suggestions) and with the form when it is sent.
                        default_value=CatalogState.search_text,
                        key=CatalogState.view_key,
                        on_change=CatalogState.set_search_text.debounce(SUGGEST_DELAY_MS),
                        placeholder=t("catalog.search.placeholder"),
                        type="search",
                        name="q",
                        id="search-input",
                        aria_label=t("catalog.search.button"),
                        aria_controls="search-suggestions",
                        aria_autocomplete="list",
                        auto_complete="off",
                        width="100%",
                    ),
                    _suggestions(),
                    position="relative",
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
            _list_link("heart", SavedState.favourites, FAVOURITES_ROUTE, "saved.favourites.title", "favourites"),
            _list_link("git-compare", SavedState.compared, COMPARE_ROUTE, "compare.title", "compare"),
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
                rx.select.content(*[_sort_item(sort, key) for sort, key in SORT_KEYS.items()]),
                value=CatalogState.sort,
                on_change=CatalogState.change_sort,
            ),
            spacing="2",
            wrap="wrap",
        ),
        gap="8px",
        wrap="wrap",
        width="100%",
    )


def _page_link(link: PageLink) -> rx.Component:
    return rx.cond(
        link.href,
        link_button(
            link.label,
            href=link.href,
            variant=rx.cond(link.current, "solid", "soft"),
            size="2",
            id="page-" + link.label,
            aria_current=rx.cond(link.current, "page", "false"),
        ),
        rx.text(link.label, color_scheme="gray"),
    )


def _pagination() -> rx.Component:
    def step(label: str, icon: str, href: rx.Var[str], element_id: str, *, icon_after: bool = False) -> rx.Component:
        # "Next" carries its chevron after the word, pointing where it leads.
        parts = (label, rx.icon(icon, size=16)) if icon_after else (rx.icon(icon, size=16), label)
        return rx.cond(
            href,
            link_button(*parts, href=href, variant="soft", id=element_id),
            rx.button(*parts, variant="soft", disabled=True),
        )

    return rx.cond(
        CatalogState.page_links,
        rx.flex(
            step(t("catalog.page.previous"), "chevron-left", CatalogState.previous_href, "page-previous"),
            rx.hstack(rx.foreach(CatalogState.page_links, _page_link), spacing="1", wrap="wrap", justify="center"),
            step(t("catalog.page.next"), "chevron-right", CatalogState.next_href, "page-next", icon_after=True),
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
            CatalogState.searched_instead,
            rx.text(CatalogState.searched_instead, size="2", id="searched-instead"),
        ),
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


def _results_skeleton() -> rx.Component:
    return rx.grid(
        block_skeleton("420px"),
        loading_area(
            block_skeleton("32px"), block_skeleton("20px"), card_grid_skeleton(), element_id="catalog-loading"
        ),
        columns=rx.breakpoints(initial="1", md="240px 1fr"),
        gap="24px",
        width="100%",
    )


def catalog_page() -> rx.Component:
    return layout(
        rx.vstack(
            breadcrumb_trail(CatalogState.breadcrumbs, "breadcrumbs"),
            rx.hstack(
                rx.heading(CatalogState.heading, size="7", as_="h1", id="catalog-heading"),
                rx.link(t("catalog.reset"), href=CATALOG_ROUTE, size="2", id="filters-reset"),
                justify="between",
                align="baseline",
                width="100%",
            ),
            rx.cond(
                CatalogState.loaded,
                rx.grid(
                    filter_panel(),
                    _results(),
                    columns=rx.breakpoints(initial="1", md="240px 1fr"),
                    gap="24px",
                    width="100%",
                ),
                _results_skeleton(),
            ),
            spacing="4",
            width="100%",
        ),
        page_id="catalog-page",
    )
