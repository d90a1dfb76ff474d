"""Reflex state of the /catalog page. The URL is the truth: loading reads every filter from it,
and changing a filter navigates to the new URL, so links, reloads and the back button agree."""

from __future__ import annotations

import asyncio
import dataclasses
from urllib.parse import parse_qsl

import reflex as rx

from store_app.catalog.category_service import load_category_tree
from store_app.catalog.facets import facet_counts, range_text
from store_app.catalog.names import category_name
from store_app.catalog.query import DEFAULT_SORT, ProductQuery, Sort, number_range
from store_app.catalog.search_service import search_products, suggested_products
from store_app.catalog.view_rows import (
    CategoryLink,
    FacetView,
    PageLink,
    ProductCard,
    breadcrumb_links,
    facet_views,
    page_links,
    product_card,
    product_href,
    sidebar_links,
)
from store_app.core.db import session_scope
from store_app.core.i18n import N_, t, var_text

SORT_KEYS: dict[Sort, str] = {
    Sort.RELEVANCE: N_("catalog.sort.relevance"),  # offered only with search words (without them: the newest)
    Sort.NEWEST: N_("catalog.sort.new"),
    Sort.PRICE_ASC: N_("catalog.sort.price"),
    Sort.PRICE_DESC: N_("catalog.sort.-price"),
    Sort.NAME: N_("catalog.sort.name"),
}


@dataclasses.dataclass
class Suggestion:
    name: str
    href: str
    price: str


def suggestions_for(text: str) -> list[Suggestion]:
    """What the search box offers while typing: the best matches of the same search (blocking)."""
    with session_scope() as session:
        found = suggested_products(session=session, text=text)
        return [Suggestion(name=p.name, href=product_href(p.slug), price=product_card(p).price) for p in found]


@dataclasses.dataclass
class CatalogView:
    query: ProductQuery
    cards: list[ProductCard]
    total: int
    pages: int
    categories: list[CategoryLink]
    breadcrumbs: list[CategoryLink]
    heading: str
    category_missing: bool
    facets: list[FacetView]
    searched_text: str  # the words searched instead of the ones typed (other keyboard layout, a typo), else ""


def catalog_view(query: ProductQuery) -> CatalogView:
    """Everything the page shows for `query` (blocking: run it in a worker thread)."""
    with session_scope() as session:
        result = search_products(session=session, query=query)
        tree = load_category_tree(session=session)
        return CatalogView(
            query=result.query,
            cards=[product_card(product) for product in result.items],
            total=result.total,
            pages=result.pages,
            categories=sidebar_links(tree, result.query),
            breadcrumbs=breadcrumb_links(tree, result.category),
            heading=category_name(result.category) if result.category else t("catalog.title"),
            category_missing=bool(query.category) and result.category is None,
            facets=facet_views(
                facet_counts(session=session, query=result.answered, inside=result.inside), result.query
            ),
            searched_text=result.searched_text,
        )


class CatalogState(rx.State):
    cards: rx.Field[list[ProductCard]] = rx.field(default_factory=list)
    categories: rx.Field[list[CategoryLink]] = rx.field(default_factory=list)
    breadcrumbs: rx.Field[list[CategoryLink]] = rx.field(default_factory=list)
    page_links: rx.Field[list[PageLink]] = rx.field(default_factory=list)
    facets: rx.Field[list[FacetView]] = rx.field(default_factory=list)
    suggestions: rx.Field[list[Suggestion]] = rx.field(default_factory=list)
    heading: str = ""

    @rx.var
    def page_title(self) -> str:
        """The browser tab names the category being shown ("Каталог" for the whole catalog)."""
        return f"{self.heading or var_text('catalog.title')} — {var_text('shop.name')}"

    found: str = ""
    searched_instead: str = ""  # "Showing products for …" when the words typed found nothing and others did
    total: int = 0
    previous_href: str = ""
    next_href: str = ""
    category_missing: bool = False
    loaded: bool = False
    filters_open: bool = False  # the filter panel on a phone
    # The filter form, filled from the URL on every load.
    search_text: str = ""
    min_price: str = ""
    max_price: str = ""
    in_stock: bool = False
    sort: str = DEFAULT_SORT.value
    ranked: bool = False  # the view has search words, so it can be in order of relevance
    _params: str = ""  # the query string this page shows
    view_key: int = 0  # a new one on each load re-mounts the search box with the view's text

    def _query(self) -> ProductQuery:
        return ProductQuery.from_params(dict(parse_qsl(self._params)))

    @rx.event
    async def load(self) -> None:
        """on_load: read the filters from the URL and show the matching page."""
        query = ProductQuery.from_params(dict(self.router.url.query_parameters))
        view = await asyncio.to_thread(catalog_view, query)
        shown = view.query
        self._params = self.router.url.query
        self.view_key += 1
        self.cards, self.categories, self.breadcrumbs = view.cards, view.categories, view.breadcrumbs
        self.facets = view.facets
        self.heading, self.total, self.category_missing = view.heading, view.total, view.category_missing
        self.found = t("catalog.found", count=view.total)
        self.searched_instead = t("catalog.searched_instead", text=view.searched_text) if view.searched_text else ""
        self.page_links = page_links(shown, view.pages) if view.pages > 1 else []
        self.previous_href = shown.with_changes(page=shown.page - 1).to_url() if shown.page > 1 else ""
        self.next_href = shown.with_changes(page=shown.page + 1).to_url() if shown.page < view.pages else ""
        self.search_text = shown.text
        self.min_price = "" if shown.min_price is None else str(shown.min_price)
        self.max_price = "" if shown.max_price is None else str(shown.max_price)
        self.in_stock, self.sort, self.ranked = shown.in_stock, shown.order.value, bool(shown.search_terms)
        self.filters_open = False
        self.suggestions = []
        self.loaded = True

    @rx.event
    def set_search_text(self, value: str):  # type: ignore[no-untyped-def]
        """The search box (debounced by the page): keep the text, offer the first products it finds.
        The search runs in the background, so a click that follows (a sort, a filter) never waits for it."""
        self.search_text = str(value)[:200]
        if " ".join(self.search_text.split()) == self._query().text:
            # The view's own words (or a late report of the words just searched): the page lists them already.
            self.suggestions = []
            return None
        return CatalogState.find_suggestions(self.search_text)

    @rx.event(background=True)
    async def find_suggestions(self, text: str) -> None:
        found = await asyncio.to_thread(suggestions_for, str(text)[:200])
        async with self:
            # Still what the box holds, and not the words the page now lists (searched meanwhile).
            if self.search_text == text and " ".join(text.split()) != self._query().text:
                self.suggestions = found

    @rx.event
    def set_min_price(self, value: str) -> None:
        self.min_price = value

    @rx.event
    def set_max_price(self, value: str) -> None:
        self.max_price = value

    @rx.event
    def toggle_filters(self) -> None:
        self.filters_open = not self.filters_open

    @rx.event
    def apply_filters(self, form: dict | None = None) -> rx.event.EventSpec:
        """The search box and the price range: go to the URL of the new filters (page 1). The search
        form sends its box's text: the debounced box may not have reported the last keys yet."""
        text = form.get("q") if isinstance(form, dict) and isinstance(form.get("q"), str) else self.search_text
        typed = ProductQuery.from_params({"q": text, "min": self.min_price, "max": self.max_price})
        query = self._query().with_changes(text=typed.text, min_price=typed.min_price, max_price=typed.max_price)
        return rx.redirect(query.to_url())

    @rx.event
    def apply_range(self, form: dict) -> rx.event.EventSpec:
        """A number facet's "from" and "to": go to the URL with that range (or without it when both are empty)."""
        code = str(form.get("code", ""))[:40]
        low, high = number_range(f"{str(form.get('low', ''))[:30]}..{str(form.get('high', ''))[:30]}")
        return rx.redirect(self._query().with_attribute(code, range_text(low, high)).to_url())

    @rx.event
    def change_in_stock(self, checked: bool) -> rx.event.EventSpec:
        return rx.redirect(self._query().with_changes(in_stock=bool(checked)).to_url())

    @rx.event
    def change_sort(self, value: str) -> rx.event.EventSpec:
        sort = Sort(value) if value in Sort._value2member_map_ else DEFAULT_SORT
        return rx.redirect(self._query().with_changes(sort=sort).to_url())
