"""What every paged admin list shares: its page counters and the staff-checked page turn."""

from __future__ import annotations

import reflex as rx

from store_app.admin.guard import checked_staff


class PagedListMixin(rx.State, mixin=True):
    page: int = 1
    pages: int = 1
    loaded: bool = False

    async def _reload(self) -> None:
        """Read the current page of the list (each page defines it)."""
        raise NotImplementedError

    @rx.event
    async def turn_page(self, step: int) -> None:
        if await checked_staff(self) is None:
            return
        self.page = max(1, self.page + int(step))
        await self._reload()
