"""Grey placeholders of a page's shape while its data loads: no spinner flash, no layout shift (CLS)."""

from __future__ import annotations

import reflex as rx


def card_grid_skeleton(count: int = 8) -> rx.Component:
    """As many card-shaped blocks as the product grid shows, in the same columns."""
    return rx.grid(
        *[rx.skeleton(width="100%", aspect_ratio="0.68", loading=True) for _ in range(count)],
        columns=rx.breakpoints(initial="2", sm="3", lg="4"),
        spacing="3",
        width="100%",
    )


def block_skeleton(height: str) -> rx.Component:
    return rx.skeleton(width="100%", height=height, loading=True)


def loading_area(*children: rx.Component, element_id: str) -> rx.Component:
    """The placeholder wrapper: taller than a screen, so nothing below (the footer) moves into view and back."""
    return rx.vstack(*children, spacing="4", width="100%", min_height="110vh", id=element_id, aria_busy="true")
