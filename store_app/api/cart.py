"""F3: my cart (get, add, change, remove) and, for staff, every cart and one by id.

Stock and quantity rules are the cart service's: a refusal comes back as its error, by field.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from store_app.api.deps import BodyId, CurrentUser, Id, StaffUser, page_links
from store_app.api.money import money_text
from store_app.api.openapi import error_responses
from store_app.cart.models import Cart
from store_app.cart.service import (
    CartOwner,
    CartView,
    add_to_cart,
    cart_lines,
    cart_summaries,
    get_cart,
    owner_of,
    remove_from_cart,
    set_quantity,
)
from store_app.cart.totals import compute_totals
from store_app.core.db import session_scope
from store_app.core.errors import NotFound
from store_app.core.i18n import t

router = APIRouter(prefix="/api/v1", tags=["cart"])
Quantity = Annotated[int, Field(ge=-1_000_000_000, le=1_000_000_000)]  # the service says what is allowed


class CartLineOut(BaseModel):
    product_id: int
    name: str
    slug: str
    image: str
    quantity: int
    stock: int
    unit_price: str
    regular_price: str
    total: str


class CartTotalsOut(BaseModel):
    items_count: int
    subtotal: str
    savings: str
    total: str


class CartOut(BaseModel):
    id: int | None = None
    user_id: int | None = None
    lines: list[CartLineOut]
    totals: CartTotalsOut
    notes: list[str] = []


class CartSummaryOut(BaseModel):
    id: int
    user_id: int | None
    guest: bool
    items_count: int
    total: str
    updated_at: dt.datetime


class CartListOut(BaseModel):
    count: int
    next: str | None
    previous: str | None
    results: list[CartSummaryOut]


class AddItemIn(BaseModel):
    product_id: BodyId
    quantity: Quantity = 1


class QuantityIn(BaseModel):
    quantity: Quantity


def _money(amount: object) -> str:
    return money_text(amount) or "0.00"  # type: ignore[arg-type]


def cart_out(view: CartView, cart: Cart | None = None) -> CartOut:
    return CartOut(
        id=cart.id if cart else None,
        user_id=cart.user_id if cart else None,
        lines=[
            CartLineOut(
                product_id=line.product_id,
                name=line.name,
                slug=line.slug,
                image=line.image,
                quantity=line.quantity,
                stock=line.stock,
                unit_price=_money(line.unit_price),
                regular_price=_money(line.regular_price),
                total=_money(line.total),
            )
            for line in view.lines
        ],
        totals=CartTotalsOut(
            items_count=view.totals.items_count,
            subtotal=_money(view.totals.subtotal),
            savings=_money(view.totals.savings),
            total=_money(view.totals.total),
        ),
        notes=view.notes,
    )


def _mine(context: CurrentUser) -> CartOwner:
    return CartOwner(user_id=context.user_id)


@router.get("/cart", response_model=CartOut)
def my_cart(context: CurrentUser) -> CartOut:
    """The cart brought in line with the catalog; `notes` say what changed since the last look."""
    with session_scope() as session:
        return cart_out(get_cart(session=session, owner=_mine(context)))


@router.post("/cart/items", response_model=CartOut, responses=error_responses(404, 409))
def add_item(body: AddItemIn, context: CurrentUser) -> CartOut:
    with session_scope() as session:
        owner = _mine(context)
        return cart_out(add_to_cart(session=session, owner=owner, product_id=body.product_id, quantity=body.quantity))


@router.patch("/cart/items/{product_id}", response_model=CartOut, responses=error_responses(409))
def change_item(product_id: Id, body: QuantityIn, context: CurrentUser) -> CartOut:
    with session_scope() as session:
        owner = _mine(context)
        return cart_out(set_quantity(session=session, owner=owner, product_id=product_id, quantity=body.quantity))


@router.delete("/cart/items/{product_id}", response_model=CartOut)
def remove_item(product_id: Id, context: CurrentUser) -> CartOut:
    with session_scope() as session:
        return cart_out(remove_from_cart(session=session, owner=_mine(context), product_id=product_id))


@router.get("/carts", response_model=CartListOut)
def all_carts(
    request: Request,
    _staff: StaffUser,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> CartListOut:
    with session_scope() as session:
        total, summaries = cart_summaries(session=session, offset=(page - 1) * size, limit=size)
        results = [
            CartSummaryOut(
                id=summary.cart.id or 0,
                user_id=summary.cart.user_id,
                guest=summary.cart.user_id is None,
                items_count=summary.totals.items_count,
                total=_money(summary.totals.total),
                updated_at=summary.cart.updated_at,
            )
            for summary in summaries
        ]
    previous, following = page_links(request, page=page, has_previous=page > 1, has_next=page * size < total)
    return CartListOut(count=total, next=following, previous=previous, results=results)


@router.get("/carts/{cart_id}", response_model=CartOut)
def one_cart(cart_id: Id, _staff: StaffUser) -> CartOut:
    """A cart as stored (staff looking do not change it)."""
    with session_scope() as session:
        cart = session.get(Cart, cart_id)
        if cart is None:
            raise NotFound(t("api.error.not_found"))
        lines = cart_lines(session=session, owner=owner_of(cart))
        return cart_out(CartView(lines=lines, totals=compute_totals(lines)), cart)
