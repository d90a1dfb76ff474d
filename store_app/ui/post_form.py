"""A form the browser submits by itself to a backend HTTP route (login, logout).

Reflex's own forms send their data as an event over the websocket; this one posts natively, so
the route's response can set or clear an HttpOnly cookie and no page script sees the fields.
"""

from __future__ import annotations

import reflex as rx
from reflex_components_core.el.elements.forms import Form


class PostForm(Form):
    """<form method="post" action=...> with no submit handler (Form.create would add one)."""

    @classmethod
    def create(cls, *children: rx.Component, action: str, **props: object) -> rx.Component:
        return super(Form, cls).create(*children, action=action, method="post", **props)


post_form = PostForm.create
