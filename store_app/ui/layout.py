"""The page template every page uses: navbar, content, footer."""

from __future__ import annotations

import reflex as rx
from reflex_components_core.el.elements.inline import A

from store_app.core.i18n import t
from store_app.ui.footer import footer
from store_app.ui.navbar import navbar
from store_app.ui.theme import CONTENT_MAX_WIDTH


def layout(*children: rx.Component, page_id: str = "") -> rx.Component:
    """Wrap page content in the shop's shell; `page_id` lets tests know which page is shown."""
    return rx.flex(
        # The first Tab stop (WCAG 2.4.1): hidden until focused, it jumps over the navbar.
        # A plain <a> (rx.el.a is the router's link, which makes "#content" relative to the route).
        A.create(t("nav.skip"), href="#content", id="skip-link", class_name="skip-link"),
        navbar(),
        rx.el.main(
            rx.el.span(id="content", tab_index=-1),
            *children,
            id=page_id or None,
            # "true" once the page's on_load handlers have run (Reflex's is_hydrated): until then a control
            # may act on the view the tab showed before, so browser tests wait for it after each navigation.
            custom_attrs={"data-hydrated": rx.cond(rx.State.is_hydrated, "true", "false")},
            # A plain element: Radix's border-box sizing must be asked for, or padding widens the page.
            box_sizing="border-box",
            width="100%",
            max_width=CONTENT_MAX_WIDTH,
            margin_x="auto",
            padding_x=rx.breakpoints(initial="16px", sm="24px"),
            padding_y=rx.breakpoints(initial="20px", sm="32px"),
            flex="1",
        ),
        footer(),
        direction="column",
        min_height="100vh",
        width="100%",
    )
