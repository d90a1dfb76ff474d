"""The home page's catalog blocks: discounts, new arrivals and the top sections, with their state."""

from __future__ import annotations

import asyncio
import dataclasses

import reflex as rx

from store_app.catalog.components import product_grid
from store_app.catalog.query import ProductQuery, Sort
from store_app.catalog.showcase_service import discounted_products, new_products, top_categories
from store_app.catalog.view_rows import CategoryLink, ProductCard, category_link, product_card
from store_app.core.db import session_scope
from store_app.core.i18n import t
from store_app.ui.skeleton import block_skeleton, card_grid_skeleton, loading_area


@dataclasses.dataclass
class SectionTile:
    section: CategoryLink
    subsections: list[CategoryLink]


def _showcase() -> tuple[list[ProductCard], list[ProductCard], list[SectionTile]]:
    with session_scope() as session:
        discounted = [product_card(p) for p in discounted_products(session=session)]
        newest = [product_card(p) for p in new_products(session=session)]
        sections = [
            SectionTile(category_link(top), [category_link(sub) for sub in subs[:4]])
            for top, subs in top_categories(session=session)
        ]
        return discounted, newest, sections


class ShowcaseState(rx.State):
    discounted: rx.Field[list[ProductCard]] = rx.field(default_factory=list)
    newest: rx.Field[list[ProductCard]] = rx.field(default_factory=list)
    sections: rx.Field[list[SectionTile]] = rx.field(default_factory=list)
    loaded: bool = False

    @rx.event
    async def load(self) -> None:
        self.discounted, self.newest, self.sections = await asyncio.to_thread(_showcase)
        self.loaded = True


def _block(title: str, cards: rx.Var[list[ProductCard]], element_id: str, see_all: str = "") -> rx.Component:
    link = rx.link(t("home.see_all"), href=see_all, id=f"{element_id}-all") if see_all else rx.fragment()
    return rx.cond(
        cards,
        rx.vstack(
            rx.hstack(
                rx.heading(title, size="6", as_="h2"),
                link,
                justify="between",
                align="baseline",
                width="100%",
            ),
            product_grid(cards, element_id),
            spacing="3",
            width="100%",
        ),
    )


def _subsection_link(sub: CategoryLink) -> rx.Component:
    return rx.link(sub.name, href=sub.href, size="2", color_scheme="gray")


def _section_tile(tile: SectionTile) -> rx.Component:
    section = tile.section
    return rx.card(
        rx.hstack(
            rx.image(src=section.image, alt="", width="72px", height="72px", border_radius="var(--radius-3)"),
            rx.vstack(
                rx.link(section.name, href=section.href, weight="bold", id="home-section-" + section.slug),
                rx.foreach(tile.subsections, _subsection_link),
                spacing="1",
            ),
            spacing="3",
            align="start",
        ),
        width="100%",
    )


def _showcase_skeleton() -> rx.Component:
    return loading_area(
        block_skeleton("28px"),
        rx.grid(
            *[block_skeleton("104px") for _ in range(6)],
            columns=rx.breakpoints(initial="1", sm="2", lg="3"),
            spacing="3",
            width="100%",
        ),
        block_skeleton("28px"),
        card_grid_skeleton(),
        element_id="home-loading",
    )


def home_showcase() -> rx.Component:
    return rx.cond(ShowcaseState.loaded, _home_blocks(), _showcase_skeleton())


def _home_blocks() -> rx.Component:
    return rx.vstack(
        rx.cond(
            ShowcaseState.sections,
            rx.vstack(
                rx.heading(t("home.categories"), size="6", as_="h2"),
                rx.grid(
                    rx.foreach(ShowcaseState.sections, _section_tile),
                    columns=rx.breakpoints(initial="1", sm="2", lg="3"),
                    spacing="3",
                    width="100%",
                    id="home-sections",
                ),
                spacing="3",
                width="100%",
            ),
        ),
        _block(t("home.discounts"), ShowcaseState.discounted, "home-discounts"),
        _block(t("home.new"), ShowcaseState.newest, "home-new", see_all=ProductQuery(sort=Sort.NEWEST).to_url()),
        spacing="6",
        width="100%",
    )
