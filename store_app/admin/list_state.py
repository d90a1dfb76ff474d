"""What every paged admin list shares: its page counters and the staff-checked page turn."""

from __future__ import annotations

from typing import Any

import reflex as rx

from store_app.accounts.sessions.guards import staff_event


class PagedListMixin(rx.State, mixin=True):
    page: int = 1
    pages: int = 1
    loaded: bool = False

    async def _reload(self) -> None:
        """Read the current page of the list (each page defines it)."""
        raise NotImplementedError

    @staff_event
    async def turn_page(self, step: int) -> None:
        self.page = max(1, self.page + int(step))
        await self._reload()


class SearchMixin(rx.State, mixin=True):
    """A list narrowed by the text of a `search_form`; the search starts again at page 1."""

    search_text: str = ""

    @staff_event
    async def search(self, form_data: dict[str, Any]) -> None:
        self.search_text, self.page = str(form_data.get("q", ""))[:200], 1  # type: ignore[attr-defined]
        await self._reload()  # type: ignore[attr-defined]
