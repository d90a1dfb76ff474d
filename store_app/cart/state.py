"""Reflex state of the cart: the /cart page, the add-to-cart buttons and the navbar badge.

Every handler finds the cart from the server-side session (`cart_owner`), never from event
arguments, and calls the service through `ui.bridge.call` (a worker thread, one transaction).
"""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from sqlmodel import Session

from store_app.accounts.sessions.service import AuthContext
from store_app.cart import service
from store_app.cart.merge import MergeReport, merge_guest_cart
from store_app.cart.service import CartOwner, CartView
from store_app.cart.shopper import cart_owner, guest_owner
from store_app.cart.view_rows import CartRow, row_of
from store_app.core.errors import DomainError
from store_app.core.i18n import t
from store_app.core.money import format_money
from store_app.ui.bridge import call
from store_app.ui.state import ShellState


class CartState(rx.State):
    rows: rx.Field[list[CartRow]] = rx.field(default_factory=list)
    items_count: int = 0
    subtotal: str = ""
    savings: str = ""
    total: str = ""
    notes: rx.Field[list[str]] = rx.field(default_factory=list)
    # The "why not" message per line, keyed by product id (as text: JSON object keys).
    line_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    error: str = ""
    added_message: str = ""  # under the add-to-cart button of the product `added_for`
    added_for: int = 0
    field_round: int = 0  # part of the quantity fields' key: a new round re-mounts them with the cart's values
    loaded: bool = False

    async def _show(self, view: CartView, *, keep_notes: bool = False) -> None:
        self.rows = [row_of(line) for line in view.lines]
        self.items_count = view.totals.items_count
        self.subtotal = format_money(view.totals.subtotal)
        self.savings = format_money(view.totals.savings) if view.totals.savings else ""
        self.total = format_money(view.totals.total)
        self.notes = ([*self.notes] if keep_notes else []) + view.notes
        self.loaded = True
        shell = await self.get_state(ShellState)
        shell.cart_count = view.totals.items_count

    async def _apply(self, action: Callable[..., CartView], product_id: int | None = None, **kwargs: object) -> bool:
        """Run a cart action for this shopper; a refusal is shown under its line (or above the cart)."""
        owner = await cart_owner(self)
        if owner is None:
            self.error = t("cart.error.no_cookie")
            return False
        extra = {} if product_id is None else {"product_id": product_id}
        try:
            view = await call(action, owner=owner, **extra, **kwargs)
        except DomainError as exc:
            if product_id is None:
                self.error = exc.message
            else:
                self.line_errors = {**self.line_errors, str(product_id): exc.message}
            return False
        self.error = ""
        self.line_errors = {key: value for key, value in self.line_errors.items() if key != str(product_id)}
        await self._show(view)
        return True

    @rx.event
    async def load(self) -> None:
        """Open the cart page: the cart as it is now, with notes on anything the catalog changed."""
        self.line_errors, self.error = {}, ""
        owner = await cart_owner(self)
        if owner is None:
            await self._show(CartView(lines=[], totals=service.compute_totals([])))
            return
        await self._show(await call(service.get_cart, owner=owner), keep_notes=True)

    @rx.event
    async def refresh_badge(self) -> None:
        """Any page: bring the navbar badge up to date (another tab or device may have changed the cart)."""
        owner = await cart_owner(self)
        count = 0 if owner is None else await call(service.count_items, owner=owner)
        shell = await self.get_state(ShellState)
        shell.cart_count = count

    async def _add(self, product_id: int, quantity: str | int):  # type: ignore[no-untyped-def]
        self.added_message, self.added_for = "", 0
        try:
            amount = service.parse_quantity(quantity)
        except DomainError as exc:
            self.line_errors = {**self.line_errors, str(product_id): exc.message}
            return None
        if await self._apply(service.add_to_cart, int(product_id), quantity=amount):
            # Shown inline under the button: a toast would need eval(), which the CSP forbids.
            self.added_message, self.added_for = t("cart.added", count=amount), int(product_id)
        return None

    @rx.event
    async def add(self, product_id: int, quantity: str | int = 1):  # type: ignore[no-untyped-def]
        """Put `quantity` of a product in this shopper's cart."""
        return await self._add(product_id, quantity)

    @rx.event
    async def set_quantity(self, product_id: int, value: str) -> None:
        try:
            quantity = service.parse_quantity(value)
        except DomainError as exc:
            self.line_errors = {**self.line_errors, str(product_id): exc.message}
            self.field_round += 1
            return
        if not await self._apply(service.set_quantity, int(product_id), quantity=quantity):
            # Refused (over the stock): the fields re-mount from what the cart holds, the note says why.
            self.field_round += 1

    @rx.event
    async def change_by(self, product_id: int, step: int) -> None:
        """The - and + buttons: one less or one more than the page shows now."""
        current = next((row.quantity for row in self.rows if row.product_id == int(product_id)), None)
        if current is not None:
            await self._apply(service.set_quantity, int(product_id), quantity=current + (1 if step > 0 else -1))

    @rx.event
    async def remove(self, product_id: int) -> None:
        await self._apply(service.remove_from_cart, int(product_id))

    @rx.event
    async def clear(self) -> None:
        await self._apply(service.clear_cart)

    @rx.event
    def dismiss_notes(self) -> None:
        self.notes = []


def _merge(*, session: Session, guest: CartOwner, user_id: int) -> tuple[MergeReport, CartView] | None:
    guest_cart = service.find_cart(session=session, owner=guest)
    if guest_cart is None or guest_cart.id is None:
        return None
    report = merge_guest_cart(session=session, guest_cart_id=guest_cart.id, user_id=user_id)
    return report, service.get_cart(session=session, owner=CartOwner(user_id=user_id))


async def merge_guest_cart_on_login(state: rx.State, context: AuthContext) -> None:
    """A tab takes up a login session: what this browser collected as a guest joins the account's
    cart, and the cart page tells the shopper what changed."""
    guest = guest_owner(state)
    if guest is None:
        return
    merged = await call(_merge, guest=guest, user_id=context.user_id)
    if merged is None:
        return
    report, view = merged
    cart = await state.get_state(CartState)
    cart.notes = report.messages
    await cart._show(view, keep_notes=True)
