"""The /product/[slug] page: picture, prices, stock, description, quantity and the add-to-cart control."""

from __future__ import annotations

import asyncio
import dataclasses

import reflex as rx

from store_app.cart.components import add_to_cart_feedback
from store_app.cart.state import CartState
from store_app.catalog.attributes import specifications
from store_app.catalog.category_service import load_category_tree
from store_app.catalog.components import breadcrumb_trail, discount_badge, price_block, stock_badge
from store_app.catalog.pictures import gallery_paths
from store_app.catalog.saved_buttons import compare_button, heart_button, restock_button
from store_app.catalog.service import get_product_by_slug, product_categories
from store_app.catalog.view_rows import CategoryLink, breadcrumb_links, product_card
from store_app.core.db import session_scope
from store_app.core.i18n import t, var_text
from store_app.ui.layout import layout
from store_app.ui.link_button import link_button
from store_app.ui.routes import CATALOG_ROUTE, COMPARE_ROUTE, PRODUCT_PREFIX
from store_app.ui.skeleton import block_skeleton, loading_area


@dataclasses.dataclass
class SpecRow:
    name: str
    value: str


@dataclasses.dataclass
class SpecGroup:
    name: str
    rows: list[SpecRow]


@dataclasses.dataclass
class ProductDetails:
    product_id: int
    name: str
    description: str
    image: str
    price: str
    old_price: str
    discount: str
    in_stock: bool
    stock: int
    breadcrumbs: list[CategoryLink]
    specs: list[SpecGroup] = dataclasses.field(default_factory=list)
    pictures: list[str] = dataclasses.field(default_factory=list)  # the main one first


def product_details(slug: str) -> ProductDetails | None:
    """What the page shows for an active product, or None (blocking: run it in a worker thread)."""
    with session_scope() as session:
        product = get_product_by_slug(session=session, slug=slug)
        if product is None or product.id is None:
            return None
        card = product_card(product)
        categories = product_categories(session=session, product_id=product.id)
        path = breadcrumb_links(load_category_tree(session=session), categories[0]) if categories else []
        return ProductDetails(
            product_id=product.id,
            name=product.name,
            description=product.description,
            image=card.image,
            price=card.price,
            old_price=card.old_price,
            discount=card.discount,
            in_stock=product.in_stock,
            stock=product.stock,
            breadcrumbs=path,
            pictures=gallery_paths(session, product) or [card.image],
            specs=[
                SpecGroup(name=group, rows=[SpecRow(name=name, value=value) for name, value in rows])
                for group, rows in specifications(session, product.id, [c.id for c in categories if c.id])
            ],
        )


class ProductPageState(rx.State):
    product: rx.Field[ProductDetails | None] = rx.field(default=None)
    loaded: bool = False
    quantity: str = "1"
    quantity_note: str = ""  # why the typed quantity was lowered ("only 57 left")
    picture: int = 0  # the gallery picture shown large

    @rx.var
    def page_title(self) -> str:
        """The browser tab names the product (the shop alone while loading or when it is missing)."""
        shop = var_text("shop.name")
        return f"{self.product.name} — {shop}" if self.product else shop

    @rx.event
    async def load(self) -> None:
        """on_load: the slug is the last part of the path."""
        path = self.router.url.path.rstrip("/")
        slug = path[len(PRODUCT_PREFIX) :] if path.startswith(PRODUCT_PREFIX) else ""
        self.product = await asyncio.to_thread(product_details, slug) if slug else None
        self.quantity, self.quantity_note, self.picture = "1", "", 0
        self.loaded = True

    @rx.event
    def show_picture(self, index: int) -> None:
        count = len(self.product.pictures) if self.product else 0
        self.picture = int(index) if isinstance(index, int) and 0 <= index < count else 0

    @rx.event
    async def add_to_cart(self, product_id: int):  # type: ignore[no-untyped-def]
        """The page's button. The quantity is read from this state here, on the server: events run in
        order, so a number typed just before the click (its input is debounced) counts."""
        cart = await self.get_state(CartState)
        return await cart._add(product_id, self.quantity)

    @rx.event
    def set_quantity(self, value: str):  # type: ignore[no-untyped-def]
        """Keep what the shopper typed within 1..stock (the cart checks again when adding)."""
        stock = self.product.stock if self.product else 0
        self.quantity_note = ""
        try:
            wanted = int(value)
        except ValueError:
            self.quantity = value.strip()[:6]
            return
        self.quantity = str(max(1, min(wanted, max(stock, 1))))
        if stock and wanted > stock:
            # Lowered, and said so: a silent 57 for a typed 107 surprises at the cart. The field is set
            # too: when the lowered value equals the last one, no state change would redraw it.
            self.quantity_note = t("cart.error.only_left", stock=stock)
            return rx.set_value("quantity-input", self.quantity)
        return None


def _buy_box() -> rx.Component:
    product = ProductPageState.product
    return rx.card(
        rx.vstack(
            rx.hstack(
                price_block(product.price, product.old_price, size="7", mark="product-price", unique=True),
                discount_badge(product.discount),
                align="center",
                spacing="2",
            ),
            rx.hstack(
                stock_badge(product.in_stock, "product-stock"),
                rx.cond(product.in_stock, rx.text(t("product.stock_left", count=product.stock), size="2")),
                spacing="2",
                align="center",
            ),
            rx.hstack(
                rx.input(
                    value=ProductPageState.quantity,
                    on_change=ProductPageState.set_quantity,
                    type="number",
                    min=1,
                    max=product.stock,
                    width="88px",
                    size="3",
                    id="quantity-input",
                    aria_label=t("product.quantity"),
                    disabled=~product.in_stock,
                ),
                rx.button(
                    rx.icon("shopping-cart", size=18),
                    t("product.add_to_cart"),
                    size="3",
                    disabled=~product.in_stock,
                    on_click=ProductPageState.add_to_cart(product.product_id),
                    id="add-to-cart",
                ),
                spacing="2",
                align="center",
            ),
            rx.cond(
                ProductPageState.quantity_note,
                rx.text(ProductPageState.quantity_note, color_scheme="amber", size="2", id="quantity-note"),
            ),
            add_to_cart_feedback(product.product_id),
            rx.hstack(
                heart_button(product.product_id, element_id="product-favourite"),
                compare_button(product.product_id, element_id="product-compare"),
                rx.link(t("compare.open"), href=COMPARE_ROUTE, size="2", id="product-compare-link"),
                spacing="3",
                align="center",
                wrap="wrap",
            ),
            rx.box(
                restock_button(product.product_id, product.in_stock, element_id="product-restock"), max_width="360px"
            ),
            spacing="3",
        ),
        width="100%",
    )


def _spec_group(group: SpecGroup) -> rx.Component:
    return rx.fragment(
        rx.table.row(
            rx.table.column_header_cell(group.name, col_span=2, scope="colgroup", class_name="spec-group"),
        ),
        rx.foreach(
            group.rows,
            lambda row: rx.table.row(
                rx.table.row_header_cell(row.name, color=rx.color("gray", 11), weight="regular", width="50%"),
                rx.table.cell(row.value),
                class_name="spec-row",
            ),
        ),
    )


def _specifications() -> rx.Component:
    """The specifications table, grouped as shops do ("Экран", "Память"...)."""
    specs = ProductPageState.product.specs
    return rx.cond(
        specs,
        rx.vstack(
            rx.heading(t("product.specifications"), size="4", as_="h2", margin_top="8px"),
            rx.table.root(
                rx.table.body(rx.foreach(specs, _spec_group)),
                size="1",
                width="100%",
                id="product-specs",
            ),
            spacing="2",
            width="100%",
        ),
    )


def _thumbnail(path: rx.Var[str], index: rx.Var[int]) -> rx.Component:
    shown = ProductPageState.picture == index
    return rx.el.button(
        rx.image(src=path, alt="", width="64px", height="64px", object_fit="cover", border_radius="var(--radius-2)"),
        type="button",
        on_click=ProductPageState.show_picture(index),
        aria_label=t("product.picture") + " " + (index + 1).to_string(),
        aria_pressed=rx.cond(shown, "true", "false"),
        border=rx.cond(shown, f"2px solid {rx.color('accent', 9)}", f"2px solid {rx.color('gray', 5)}"),
        border_radius="var(--radius-3)",
        padding="0",
        background="none",
        cursor="pointer",
        class_name="product-thumbnail",
    )


def _gallery() -> rx.Component:
    """The main picture large; with more than one, thumbnails under it that show each in its place."""
    product = ProductPageState.product
    return rx.vstack(
        rx.image(
            src=product.pictures[ProductPageState.picture],
            alt=product.name,
            width="100%",
            aspect_ratio="1",
            object_fit="cover",
            border_radius="var(--radius-4)",
            id="product-image",
        ),
        rx.cond(
            product.pictures.length() > 1,  # type: ignore[attr-defined]
            rx.hstack(rx.foreach(product.pictures, _thumbnail), spacing="2", wrap="wrap", id="product-thumbnails"),
        ),
        spacing="3",
        width="100%",
    )


def _found() -> rx.Component:
    product = ProductPageState.product
    return rx.vstack(
        breadcrumb_trail(product.breadcrumbs, "product-breadcrumbs"),
        rx.grid(
            _gallery(),
            rx.vstack(
                rx.heading(product.name, size="7", as_="h1", id="product-name"),
                _buy_box(),
                rx.heading(t("product.description"), size="4", as_="h2", margin_top="8px"),
                rx.text(product.description, id="product-description", white_space="pre-line"),
                _specifications(),
                spacing="3",
                width="100%",
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            gap="32px",
            width="100%",
        ),
        spacing="4",
        width="100%",
    )


def _not_found() -> rx.Component:
    return rx.vstack(
        rx.heading(t("product.not_found"), size="7", as_="h1", id="product-not-found"),
        rx.text(t("product.not_found_text"), color_scheme="gray"),
        link_button(t("product.back_to_catalog"), href=CATALOG_ROUTE),
        spacing="3",
    )


def product_page() -> rx.Component:
    return layout(
        rx.cond(
            ProductPageState.loaded,
            rx.cond(ProductPageState.product, _found(), _not_found()),
            rx.grid(
                rx.skeleton(width="100%", aspect_ratio="1", loading=True),
                loading_area(block_skeleton("40px"), block_skeleton("120px"), element_id="product-loading"),
                columns=rx.breakpoints(initial="1", md="2"),
                gap="32px",
                width="100%",
            ),
        ),
        page_id="product-page",
    )
