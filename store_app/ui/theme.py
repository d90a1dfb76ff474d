"""Theme and global style."""

from __future__ import annotations

import reflex as rx

theme = rx.theme(appearance="light", accent_color="indigo", gray_color="slate", radius="medium", scaling="100%")

CONTENT_MAX_WIDTH = "1200px"

global_style: dict = {
    "html, body": {"margin": 0, "padding": 0},
    "a": {"text_decoration": "none"},
    # Off screen until it takes the keyboard focus, then above the sticky navbar.
    ".skip-link": {"position": "absolute", "left": "-10000px", "top": "8px", "z_index": "100"},
    ".skip-link:focus": {
        "left": "8px",
        "padding": "8px 12px",
        "background": "var(--gray-1)",
        "color": "var(--accent-12)",
        "border": "2px solid var(--accent-9)",
        "border_radius": "var(--radius-2)",
    },
}
