"""Waiting for a page as a shopper's eyes do: after a navigation, until its on_load handlers have filled it in.

A tab keeps its state across page loads, so a page first shows what the tab showed last (the previous
product, the previous filters, a reset form still open) and its on_load then replaces that. A control used
in between acts on the old view: its event carries the old product's id, or the on_load that runs after it
undoes it. The layout marks `<main data-hydrated="true">` once the on_load handlers have run
(store_app/ui/layout.py); these helpers wait for that mark.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

HYDRATED = "main[data-hydrated='true']"


def ready(page: Page) -> None:
    """Wait until the page's on_load handlers have run. After a full load only (goto, reload, a form
    posted to a route): after a click that navigates inside the tab the new page can show the old mark
    for a moment, so there wait for the new page's own content instead."""
    expect(page.locator(HYDRATED)).to_be_attached()


def open_page(page: Page, path: str) -> None:
    """Go to `path` and wait until it is filled in."""
    page.goto(path)
    ready(page)


def url_of(path: str) -> re.Pattern[str]:
    """The page URL of `path` ("/cabinet", "/admin/attributes?category=3"), with or without Reflex's
    trailing slash before the query."""
    route, _, query = path.partition("?")
    return re.compile(re.escape(route.rstrip("/")) + "/?" + (re.escape("?" + query) if query else "") + "$")


def arrived_at(page: Page, path: str) -> None:
    """Wait until the tab is on `path` and that page is filled in, after a full load that ends there
    (e.g. the login form's post, which the login route redirects)."""
    expect(page).to_have_url(url_of(path))
    ready(page)
