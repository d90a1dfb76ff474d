"""Reflex state of /checkout: contact details (prefilled from the profile), a review step, the order.

Only a logged-in shopper gets here; every handler is a `@login_event`, checked on the server-side session.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from store_app.accounts.profile.service import get_profile
from store_app.accounts.rules.person_names import full_name
from store_app.accounts.rules.phones import display_phone
from store_app.accounts.sessions.guards import acting, login_event
from store_app.cart.service import CartOwner, get_cart
from store_app.cart.view_rows import CartRow, row_of
from store_app.core.errors import DomainError, NotFound, ValidationFailed
from store_app.core.i18n import t
from store_app.core.money import format_money
from store_app.orders.contact import OrderContact, validate_contact
from store_app.orders.service import place_order
from store_app.orders.state import OrdersState
from store_app.ui.bridge import call, errors_by_field, unexpected_error
from store_app.ui.routes import ORDERS_ROUTE
from store_app.ui.state import ShellState


def _start(*, session: Session, user_id: int) -> tuple[dict[str, str], Any]:
    try:
        profile = get_profile(session=session, user_id=user_id)
        contact = {
            "name": full_name(profile.first_name, profile.last_name),
            "phone": display_phone(profile.phone),
            "address": profile.address,
        }
    except NotFound:
        contact = {"name": "", "phone": "", "address": ""}
    return contact, get_cart(session=session, owner=CartOwner(user_id=user_id))


def _place(*, session: Session, user_id: int, contact: OrderContact, ip: str) -> str:
    return place_order(session=session, user_id=user_id, contact=contact, ip=ip).number


class CheckoutState(rx.State):
    step: str = ""  # "contact", "review", "empty" (nothing to order), or "" while loading
    name: str = ""
    phone: str = ""
    address: str = ""
    errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    error: str = ""
    rows: rx.Field[list[CartRow]] = rx.field(default_factory=list)
    items_count: int = 0
    savings: str = ""
    total: str = ""
    placing: bool = False

    @login_event
    async def open_page(self) -> None:
        contact, cart = await call(_start, user_id=acting().user_id)
        self.name, self.phone, self.address = contact["name"], contact["phone"], contact["address"]
        self.errors, self.error, self.placing = {}, "", False
        self._show_cart(cart)
        self.step = "contact" if cart.lines else "empty"

    def _show_cart(self, cart: Any) -> None:
        self.rows = [row_of(line) for line in cart.lines]
        self.items_count = cart.totals.items_count
        self.savings = format_money(cart.totals.savings) if cart.totals.savings else ""
        self.total = format_money(cart.totals.total)

    @login_event
    async def to_review(self, form_data: dict[str, Any]) -> None:
        values = {key: str(form_data.get(key, "")) for key in ("name", "phone", "address")}
        self.name, self.phone, self.address = values["name"], values["phone"], values["address"]
        try:
            contact = validate_contact(**values)
        except ValidationFailed as exc:
            self.errors = errors_by_field(exc)
            return
        self.name, self.phone, self.address = contact.name, display_phone(contact.phone), contact.address
        self.errors, self.error = {}, ""
        self.step = "review"

    @rx.event
    def back(self) -> None:
        self.step = "contact" if self.rows else "empty"

    @login_event
    async def place(self):  # type: ignore[no-untyped-def]
        if self.placing or self.step != "review":
            return
        who = acting()
        self.placing = True
        yield
        try:
            contact = validate_contact(name=self.name, phone=self.phone, address=self.address)
            number = await call(_place, user_id=who.user_id, contact=contact, ip=who.ip)
        except DomainError as exc:
            self.error = exc.message
            self.placing = False
            _, cart = await call(_start, user_id=who.user_id)
            self._show_cart(cart)
            return
        except Exception as exc:
            self.error = unexpected_error(exc, where="placing an order", message_key="orders.error.unexpected")
            self.placing = False
            return
        shell = await self.get_state(ShellState)
        shell.cart_count = 0
        orders = await self.get_state(OrdersState)
        orders._leave_notice(t("orders.placed", number=number))
        self.step, self.rows, self.placing = "", [], False
        yield rx.redirect(ORDERS_ROUTE)
