"""Theme and global style."""

from __future__ import annotations

import reflex as rx

theme = rx.theme(appearance="light", accent_color="indigo", gray_color="slate", radius="medium", scaling="100%")

CONTENT_MAX_WIDTH = "1200px"

global_style: dict = {
    "html, body": {"margin": 0, "padding": 0},
    "a": {"text_decoration": "none"},
}
