"""Reflex state of favourites and comparison: the hearts and "compare" buttons, /favourites, /compare.

Whose lists an event touches is decided on the server only (the login session, else the guest
cookie's digest from the handshake), never from what the event carries. At login a guest's lists
join the account's.
"""

from __future__ import annotations

import asyncio
import dataclasses

import reflex as rx
from sqlmodel import Session, col, select

from store_app.accounts.sessions.service import AuthContext
from store_app.cart.shopper import cart_owner, guest_owner
from store_app.catalog.models import Product
from store_app.catalog.restock import asked_back_in_stock, toggle_back_in_stock
from store_app.catalog.saved import Owner, compare_rows, merge_guest_lists, saved_ids, toggle
from store_app.catalog.saved_models import SavedList
from store_app.catalog.view_rows import ProductCard, product_card
from store_app.core.db import session_scope
from store_app.core.errors import DomainError
from store_app.core.i18n import t


@dataclasses.dataclass
class CompareLine:
    name: str
    cells: list[str]  # one per product
    differs: bool


def _ids(owner: Owner) -> tuple[list[int], list[int], list[int]]:
    """Favourites, comparison and (a shopper's only) the favourites waited for back in stock."""
    with session_scope() as session:
        return (
            saved_ids(session=session, owner=owner, list_name=SavedList.FAVOURITES),
            saved_ids(session=session, owner=owner, list_name=SavedList.COMPARE),
            asked_back_in_stock(session=session, user_id=owner.user_id) if owner.user_id is not None else [],
        )


def _products(session: Session, ids: list[int]) -> list[Product]:
    found = {p.id: p for p in session.exec(select(Product).where(col(Product.id).in_(ids)))} if ids else {}
    return [found[product_id] for product_id in ids if product_id in found]


def _cards(owner: Owner, list_name: SavedList) -> tuple[list[ProductCard], list[CompareLine]]:
    with session_scope() as session:
        products = _products(session, saved_ids(session=session, owner=owner, list_name=list_name))
        lines = []
        if list_name == SavedList.COMPARE:
            cards = [product_card(product) for product in products]
            lines = [CompareLine(t("compare.price"), [card.price for card in cards], len({c.price for c in cards}) > 1)]
            lines += [
                CompareLine(row.name, row.values, row.differs)
                for row in compare_rows(session=session, products=products)
            ]
        return [product_card(product) for product in products], lines


def _toggle(owner: Owner, list_name: SavedList, product_id: int) -> None:
    with session_scope() as session:
        toggle(session=session, owner=owner, list_name=list_name, product_id=product_id)


def _toggle_back_in_stock(user_id: int, product_id: int) -> None:
    with session_scope() as session:
        toggle_back_in_stock(session=session, user_id=user_id, product_id=product_id)


def _merge(guest_key: str, user_id: int) -> None:
    with session_scope() as session:
        merge_guest_lists(session=session, guest_key=guest_key, user_id=user_id)


class SavedState(rx.State):
    favourites: rx.Field[list[int]] = rx.field(default_factory=list)
    compared: rx.Field[list[int]] = rx.field(default_factory=list)
    cards: rx.Field[list[ProductCard]] = rx.field(default_factory=list)  # of the list page shown
    lines: rx.Field[list[CompareLine]] = rx.field(default_factory=list)
    only_differences: bool = False
    refusal: str = ""  # why the last "compare" was refused, shown next to the button
    refused_for: int = 0
    waiting: rx.Field[list[int]] = rx.field(default_factory=list)  # favourites to be mailed about when back
    restock_note: str = ""  # why the last "notify me" was refused (a guest: log in first)
    restock_note_for: int = 0
    loaded: bool = False
    _shown_list: str = ""  # the list page this tab shows ("" elsewhere)

    async def _owner(self) -> Owner | None:
        owner = await cart_owner(self)
        return Owner(user_id=owner.user_id, guest_key=owner.guest_key) if owner else None

    async def _refresh(self) -> Owner | None:
        owner = await self._owner()
        self.favourites, self.compared, self.waiting = await asyncio.to_thread(_ids, owner) if owner else ([], [], [])
        return owner

    @rx.event
    async def refresh(self) -> None:
        """on_load of pages with hearts and compare buttons."""
        self.refusal, self.refused_for, self._shown_list = "", 0, ""
        self.restock_note, self.restock_note_for = "", 0
        await self._refresh()

    async def _load(self, list_name: SavedList) -> None:
        owner = await self._refresh()
        self.cards, self.lines = await asyncio.to_thread(_cards, owner, list_name) if owner else ([], [])
        self._shown_list, self.refusal, self.loaded = list_name.value, "", True

    @rx.event
    async def load_favourites(self) -> None:
        await self._load(SavedList.FAVOURITES)

    @rx.event
    async def load_compare(self) -> None:
        await self._load(SavedList.COMPARE)

    async def _toggle(self, list_name: SavedList, product_id: int) -> None:
        owner = await self._owner()
        if owner is None:
            return
        self.refusal, self.refused_for = "", 0
        try:
            await asyncio.to_thread(_toggle, owner, list_name, int(product_id))
        except DomainError as exc:
            self.refusal, self.refused_for = exc.message, int(product_id)
        await self._refresh()
        if self._shown_list:  # a list page: it shows its list as it is now
            self.cards, self.lines = await asyncio.to_thread(_cards, owner, SavedList(self._shown_list))

    @rx.event
    async def toggle_favourite(self, product_id: int) -> None:
        await self._toggle(SavedList.FAVOURITES, product_id)

    @rx.event
    async def toggle_compare(self, product_id: int) -> None:
        await self._toggle(SavedList.COMPARE, product_id)

    @rx.event
    async def toggle_back_in_stock(self, product_id: int) -> None:
        """A shopper's "notify me when back in stock" on a sold-out favourite, or its cancel; whose
        favourite it is comes from the login session, never from the event."""
        owner = await self._owner()
        self.restock_note, self.restock_note_for = "", 0
        if owner is None or owner.user_id is None:  # a guest has no address to mail
            self.restock_note, self.restock_note_for = t("restock.login"), int(product_id)
            return
        try:
            await asyncio.to_thread(_toggle_back_in_stock, owner.user_id, int(product_id))
        except DomainError as exc:
            self.restock_note, self.restock_note_for = exc.message, int(product_id)
        await self._refresh()

    @rx.event
    def set_only_differences(self, value: bool) -> None:
        self.only_differences = value is True


async def merge_guest_lists_on_login(state: rx.State, context: AuthContext) -> None:
    """A tab takes up a login session: this browser's guest favourites and comparison join the account's."""
    guest = guest_owner(state)
    if guest is None or not guest.guest_key:
        return
    await asyncio.to_thread(_merge, guest.guest_key, context.user_id)
    await (await state.get_state(SavedState))._refresh()
