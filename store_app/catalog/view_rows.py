"""What the catalog's pages show, prepared from rows: money formatted, links built, texts looked up.

Plain dataclasses of strings and numbers, so Reflex can send them to the browser as they are.
"""

from __future__ import annotations

import dataclasses
from decimal import ROUND_HALF_UP, Decimal

from store_app.catalog.attribute_models import AttributeKind
from store_app.catalog.attributes import format_number
from store_app.catalog.category_service import CategoryTree
from store_app.catalog.facets import Facet
from store_app.catalog.models import Category, ListedProduct, Product
from store_app.catalog.names import category_name
from store_app.catalog.query import ProductQuery, join_values
from store_app.core.i18n import t
from store_app.core.money import format_money
from store_app.ui.routes import PRODUCT_PREFIX

PLACEHOLDER_IMAGE = "/catalog/placeholder.webp"


@dataclasses.dataclass
class ProductCard:
    slug: str
    name: str
    image: str
    price: str  # what a shopper pays
    old_price: str  # the regular price, struck through, when discounted; else ""
    discount: str  # "−15%" or ""
    in_stock: bool
    href: str
    product_id: int = 0


@dataclasses.dataclass
class CategoryLink:
    name: str
    slug: str
    href: str
    depth: int = 0
    selected: bool = False
    image: str = ""


def discount_percent(product: Product | ListedProduct) -> int:
    if product.discount_price is None:
        return 0
    share = (product.price - product.discount_price) / product.price * 100
    return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def product_href(slug: str) -> str:
    return PRODUCT_PREFIX + slug


def product_card(product: Product | ListedProduct) -> ProductCard:
    percent = discount_percent(product)
    return ProductCard(
        slug=product.slug,
        name=product.name,
        image=product.image or PLACEHOLDER_IMAGE,
        price=format_money(product.current_price),
        old_price=format_money(product.price) if product.discount_price is not None else "",
        discount=t("product.discount", percent=percent) if percent else "",
        in_stock=product.in_stock,
        href=product_href(product.slug),
        product_id=product.id or 0,
    )


def category_link(category: Category, *, query: ProductQuery | None = None, depth: int = 0) -> CategoryLink:
    """A link to the catalog filtered on `category`, keeping the other filters of `query`; named in the
    reader's language."""
    base = query or ProductQuery()
    return CategoryLink(
        name=category_name(category),
        slug=category.slug,
        href=base.with_changes(category=category.slug).to_url(),
        depth=depth,
        selected=category.slug == base.category,
        image=category.image or PLACEHOLDER_IMAGE,
    )


def sidebar_links(tree: CategoryTree, query: ProductQuery) -> list[CategoryLink]:
    selected = tree.by_slug.get(query.category)
    rows = tree.sidebar(selected.id if selected else None)
    return [category_link(category, query=query, depth=depth) for category, depth in rows]


def breadcrumb_links(tree: CategoryTree, category: Category | None) -> list[CategoryLink]:
    if category is None or category.id is None:
        return []
    return [category_link(step) for step in tree.path(category.id)]


@dataclasses.dataclass
class PageLink:
    label: str
    href: str  # "" for the gap between page numbers
    current: bool = False


def page_links(query: ProductQuery, pages: int, *, around: int = 2) -> list[PageLink]:
    """1 … 4 5 [6] 7 8 … 20: the first, the last and the pages around the current one."""
    shown = sorted({1, pages, *range(max(1, query.page - around), min(pages, query.page + around) + 1)})
    links: list[PageLink] = []
    for number in shown:
        if links and number - int(links[-1].label) > 1:
            links.append(PageLink(label="…", href=""))
        links.append(PageLink(str(number), query.with_changes(page=number).to_url(), number == query.page))
    return links


@dataclasses.dataclass
class FacetChoice:
    label: str
    count: int
    chosen: bool
    href: str  # the view with this value added to the choice, or taken out of it
    element_id: str


@dataclasses.dataclass
class FacetView:
    code: str
    name: str
    is_range: bool
    choices: list[FacetChoice]
    low: str = ""  # a number: what the range fields show, and their placeholders (the span of the products)
    high: str = ""
    low_hint: str = ""
    high_hint: str = ""
    unit: str = ""
    reset_href: str = ""  # the view without this facet's filter, when it has one


def _number_text(number: float | None) -> str:
    return "" if number is None else format_number(number)


def facet_views(facets: list[Facet], query: ProductQuery) -> list[FacetView]:
    """The filter panel's facets: every value a link that adds it to the choice or takes it out."""
    views = []
    for facet in facets:
        chosen = [value.value for value in facet.values if value.chosen]
        choices = [
            FacetChoice(
                label=value.label,
                count=value.count,
                chosen=value.chosen,
                href=query.with_attribute(
                    facet.code,
                    join_values([v for v in chosen if v != value.value] if value.chosen else [*chosen, value.value]),
                ).to_url(),
                element_id=f"facet-{facet.code}-{index}",
            )
            for index, value in enumerate(facet.values)
        ]
        views.append(
            FacetView(
                code=facet.code,
                name=facet.name,
                is_range=facet.kind == AttributeKind.NUMBER,
                choices=choices,
                low=_number_text(facet.chosen_low),
                high=_number_text(facet.chosen_high),
                low_hint=_number_text(facet.low),
                high_hint=_number_text(facet.high),
                unit=facet.unit,
                reset_href=query.with_attribute(facet.code, "").to_url() if facet.chosen else "",
            )
        )
    return views
