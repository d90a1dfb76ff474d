"""Cart rules: creating carts, adding and changing lines, the cart as the shopper sees it (SPEC C1-C3).

Every function acts for one owner (a user id or a guest key) that the caller takes from the
server-side session, never from the browser, so no call can reach another shopper's cart.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from decimal import Decimal

from sqlalchemy import ColumnElement, Select, bindparam, case
from sqlalchemy import delete as sa_delete
from sqlalchemy import insert as sa_insert
from sqlalchemy import select as sa_select
from sqlalchemy import update as sa_update
from sqlmodel import Session, col, func, select

from store_app.cart.models import Cart, CartLine
from store_app.cart.totals import CartTotals, PricedLine, check_quantity, compute_totals
from store_app.catalog.models import Product
from store_app.core import clock
from store_app.core.errors import InvalidValue, NotFound
from store_app.core.i18n import t


@dataclasses.dataclass(frozen=True)
class CartOwner:
    """Whose cart: exactly one of a user id or a guest key."""

    user_id: int | None = None
    guest_key: str | None = None

    def __post_init__(self) -> None:
        if (self.user_id is None) == (not self.guest_key):
            raise ValueError("a cart owner is either a user or a guest")


@dataclasses.dataclass(frozen=True)
class CartLineView(PricedLine):
    product_id: int
    name: str
    slug: str
    image: str
    stock: int
    on_sale: bool = True  # the product is active


@dataclasses.dataclass(frozen=True)
class CartView:
    lines: list[CartLineView]
    totals: CartTotals
    notes: list[str] = dataclasses.field(default_factory=list)  # what changed since the last look


def new_guest_key() -> str:
    """A random key that names a guest's cart; kept server-side only."""
    return secrets.token_urlsafe(32)


def create_user_cart(*, session: Session, user_id: int) -> Cart:
    """The cart every account gets when it is created (in the caller's transaction)."""
    cart = Cart(user_id=user_id)
    session.add(cart)
    session.flush()
    return cart


def _owned_by(owner: CartOwner) -> ColumnElement[bool]:
    if owner.user_id is not None:
        return col(Cart.user_id) == owner.user_id
    return col(Cart.guest_key) == owner.guest_key


def find_cart(*, session: Session, owner: CartOwner) -> Cart | None:
    return session.exec(select(Cart).where(_owned_by(owner))).first()


# The hot path (a click in the cart) runs plain Core statements on the tables, built once here: the
# statement objects keep their compiled form and cache key, and rows come back as tuples, not ORM
# objects to build, track and flush (issue 10: most of a click's milliseconds were that machinery).
_CART, _LINE, _PRODUCT = Cart.__table__, CartLine.__table__, Product.__table__  # type: ignore[attr-defined]
_LINE_COLUMNS = (
    _LINE.c.id,
    _LINE.c.product_id,
    _LINE.c.quantity,
    _PRODUCT.c.name,
    _PRODUCT.c.slug,
    _PRODUCT.c.image,
    _PRODUCT.c.price,
    _PRODUCT.c.discount_price,
    _PRODUCT.c.stock,
    _PRODUCT.c.is_active,
)


def _by_owner(column: str) -> ColumnElement[bool]:
    return _CART.c[column] == bindparam("owner")


def _read_statement(column: str) -> Select:  # type: ignore[type-arg]
    """The cart, its lines and their products in one statement (outer joins: an empty cart is one row)."""
    return (
        sa_select(_CART.c.id, *_LINE_COLUMNS)
        .select_from(_CART)
        .outerjoin(_LINE, _LINE.c.cart_id == _CART.c.id)
        .outerjoin(_PRODUCT, _PRODUCT.c.id == _LINE.c.product_id)
        .where(_by_owner(column))
        .order_by(_LINE.c.added_at, _LINE.c.id)
    )


def _count_statement(column: str) -> Select:  # type: ignore[type-arg]
    """The navbar badge: what the cart holds once brought in line with the catalog, in one statement."""
    capped = case((_LINE.c.quantity < _PRODUCT.c.stock, _LINE.c.quantity), else_=_PRODUCT.c.stock)
    return (
        sa_select(func.coalesce(func.sum(capped), 0))
        .select_from(_CART)
        .join(_LINE, _LINE.c.cart_id == _CART.c.id)
        .join(_PRODUCT, _PRODUCT.c.id == _LINE.c.product_id)
        .where(_by_owner(column), _PRODUCT.c.is_active, _PRODUCT.c.stock > 0)
    )


_OWNER_COLUMNS = ("user_id", "guest_key")
_READ = {column: _read_statement(column) for column in _OWNER_COLUMNS}
_COUNT = {column: _count_statement(column) for column in _OWNER_COLUMNS}
_CART_ID = {column: sa_select(_CART.c.id).where(_by_owner(column)) for column in _OWNER_COLUMNS}
_PRODUCT_ON_SALE = sa_select(*_LINE_COLUMNS[3:]).where(_PRODUCT.c.id == bindparam("product_id"))
_SET_LINE = (
    sa_update(_LINE)
    .where(_LINE.c.id == bindparam("line_id"))
    .values(quantity=bindparam("quantity"), updated_at=bindparam("now"))
)
_DELETE_LINE = sa_delete(_LINE).where(_LINE.c.id == bindparam("line_id"))
_DELETE_LINES = sa_delete(_LINE).where(_LINE.c.cart_id == bindparam("cart_id"))
_TOUCH_CART = sa_update(_CART).where(_CART.c.id == bindparam("cart_id")).values(updated_at=bindparam("now"))


def _owner_params(owner: CartOwner) -> tuple[str, dict[str, object]]:
    if owner.user_id is not None:
        return "user_id", {"owner": owner.user_id}
    return "guest_key", {"owner": owner.guest_key}


@dataclasses.dataclass
class _Line:
    """A cart line and its product as one row of `_READ`."""

    line_id: int
    product_id: int
    quantity: int
    name: str
    slug: str
    image: str
    price: Decimal
    discount_price: Decimal | None
    stock: int
    is_active: bool

    def view(self) -> CartLineView:
        return CartLineView(
            unit_price=self.discount_price if self.discount_price is not None else self.price,
            regular_price=self.price,
            quantity=self.quantity,
            product_id=self.product_id,
            name=self.name,
            slug=self.slug,
            image=self.image,
            stock=self.stock,
            on_sale=self.is_active,
        )


def _read(session: Session, owner: CartOwner) -> tuple[int | None, list[_Line]]:
    """The cart's id (None when there is none) and its lines, oldest first."""
    column, params = _owner_params(owner)
    found = session.connection().execute(_READ[column], params).all()
    lines = [_Line(*row[1:]) for row in found if row[1] is not None and row[4] is not None]
    return (found[0][0] if found else None), lines


def _cart_for_writing(session: Session, owner: CartOwner, cart_id: int | None) -> int:
    if cart_id is not None:
        return cart_id
    now = clock.now()
    values = {"user_id": owner.user_id, "guest_key": owner.guest_key, "created_at": now, "updated_at": now}
    return int(session.connection().execute(sa_insert(_CART).values(values)).inserted_primary_key[0])


def _insert_line(session: Session, cart_id: int, product_id: int, quantity: int) -> int:
    now = clock.now()
    values = {"cart_id": cart_id, "product_id": product_id, "quantity": quantity, "added_at": now, "updated_at": now}
    return int(session.connection().execute(sa_insert(_LINE).values(values)).inserted_primary_key[0])


def _touch(session: Session, cart_id: int) -> None:
    """A line left the cart: only the cart row can date that."""
    session.connection().execute(_TOUCH_CART, {"cart_id": cart_id, "now": clock.now()})


def _change_line(session: Session, line: _Line, quantity: int) -> None:
    line.quantity = quantity
    session.connection().execute(_SET_LINE, {"line_id": line.line_id, "quantity": quantity, "now": clock.now()})


def last_change() -> ColumnElement[dt.datetime]:
    """When a cart last changed: its row, or the latest of its lines (for staff's list and the purge)."""
    latest_line = (
        select(func.max(col(CartLine.updated_at))).where(col(CartLine.cart_id) == col(Cart.id)).scalar_subquery()
    )
    return case((latest_line > col(Cart.updated_at), latest_line), else_=col(Cart.updated_at))


def cart_lines(*, session: Session, owner: CartOwner) -> list[CartLineView]:
    """The lines as stored, without fixing anything (checkout checks them itself)."""
    return [line.view() for line in _read(session, owner)[1]]


def count_items(*, session: Session, owner: CartOwner) -> int:
    """The navbar badge: what the cart holds once brought in line with the catalog, without changing
    it (the cart page does that, and says why). One statement."""
    column, params = _owner_params(owner)
    return int(session.connection().execute(_COUNT[column], params).scalar_one())


def _settle(session: Session, lines: list[_Line]) -> CartView:
    """The view of what was read, brought in line with the catalog: lines of products no longer sold
    or sold out are removed and quantities above the stock are lowered, each with a note."""
    views: list[CartLineView] = []
    notes: list[str] = []
    for line in lines:
        if not line.is_active:
            notes.append(t("cart.note.unavailable", name=line.name))
            session.connection().execute(_DELETE_LINE, {"line_id": line.line_id})
        elif line.stock <= 0:
            notes.append(t("cart.note.sold_out", name=line.name))
            session.connection().execute(_DELETE_LINE, {"line_id": line.line_id})
        else:
            if line.quantity > line.stock:
                notes.append(t("cart.note.capped", name=line.name, stock=line.stock))
                _change_line(session, line, line.stock)
            views.append(line.view())
    return CartView(lines=views, totals=compute_totals(views), notes=notes)


def get_cart(*, session: Session, owner: CartOwner) -> CartView:
    """The cart, brought in line with the catalog (see `_settle`)."""
    return _settle(session, _read(session, owner)[1])


def _refuse_unless_on_sale(is_active: bool) -> None:
    if not is_active:
        raise NotFound(t("cart.error.no_product"), field="product")


def _find(lines: list[_Line], product_id: int) -> _Line | None:
    return next((line for line in lines if line.product_id == product_id), None)


def add_to_cart(*, session: Session, owner: CartOwner, product_id: int, quantity: int = 1) -> CartView:
    """Put `quantity` more of a product in the cart; refused (with the reason) past the stock."""
    cart_id, lines = _read(session, owner)
    line = _find(lines, product_id)
    if line is None:
        product = session.connection().execute(_PRODUCT_ON_SALE, {"product_id": product_id}).first()
        _refuse_unless_on_sale(product is not None and product.is_active)
        assert product is not None
        check_quantity(quantity=quantity, stock=product.stock, name=product.name)
        cart_id = _cart_for_writing(session, owner, cart_id)
        lines.append(_Line(_insert_line(session, cart_id, product_id, quantity), product_id, quantity, *product))
    else:
        _refuse_unless_on_sale(line.is_active)
        check_quantity(quantity=quantity, stock=line.stock, name=line.name, in_cart=line.quantity)
        _change_line(session, line, line.quantity + quantity)
    return _settle(session, lines)


def set_quantity(*, session: Session, owner: CartOwner, product_id: int, quantity: int) -> CartView:
    """Change how many of a product the cart holds; stays within 1..stock or is refused."""
    cart_id, lines = _read(session, owner)
    line = _find(lines, product_id)
    if cart_id is None or line is None:
        raise NotFound(t("cart.error.no_line"), field="product")
    _refuse_unless_on_sale(line.is_active)
    check_quantity(quantity=quantity, stock=line.stock, name=line.name)
    _change_line(session, line, quantity)
    return _settle(session, lines)


def remove_from_cart(*, session: Session, owner: CartOwner, product_id: int) -> CartView:
    cart_id, lines = _read(session, owner)
    line = _find(lines, product_id)
    if cart_id is not None and line is not None:
        session.connection().execute(_DELETE_LINE, {"line_id": line.line_id})
        lines.remove(line)
        _touch(session, cart_id)
    return _settle(session, lines)


def clear_cart(*, session: Session, owner: CartOwner) -> CartView:
    column, params = _owner_params(owner)
    cart_id = session.connection().execute(_CART_ID[column], params).scalar()
    if cart_id is not None and session.connection().execute(_DELETE_LINES, {"cart_id": cart_id}).rowcount:
        _touch(session, cart_id)  # emptied: dated on the cart row (an empty cart is left as it was)
    return CartView(lines=[], totals=compute_totals([]))


def parse_quantity(raw: str | int) -> int:
    """A quantity typed by the shopper; a clear message when it is not a whole number."""
    try:
        return int(str(raw).strip())
    except ValueError:
        raise InvalidValue(t("cart.error.quantity_not_number"), field="quantity") from None


def owner_of(cart: Cart) -> CartOwner:
    """The owner a stored cart belongs to (staff look carts up by id)."""
    return CartOwner(user_id=cart.user_id) if cart.user_id is not None else CartOwner(guest_key=cart.guest_key)


def list_carts(*, session: Session, offset: int, limit: int) -> tuple[int, list[Cart]]:
    """One page of every cart, most recently changed first, and how many there are (staff, SPEC F3)."""
    total = session.exec(select(func.count()).select_from(Cart)).one()
    query = select(Cart).order_by(last_change().desc(), col(Cart.id).desc()).offset(offset).limit(limit)
    return total, list(session.exec(query))


@dataclasses.dataclass(frozen=True)
class CartSummary:
    """A cart as staff's list shows it: whose, how many items, what it costs now."""

    cart: Cart
    totals: CartTotals


def cart_summaries(*, session: Session, offset: int, limit: int) -> tuple[int, list[CartSummary]]:
    """A page of `list_carts` with each cart's totals; the lines of the whole page come in one query,
    not one per cart."""
    total, carts = list_carts(session=session, offset=offset, limit=limit)
    lines: dict[int, list[CartLineView]] = {cart.id or 0: [] for cart in carts}
    query = (
        sa_select(_LINE.c.cart_id, *_LINE_COLUMNS)
        .select_from(_LINE)
        .join(_PRODUCT, _PRODUCT.c.id == _LINE.c.product_id)
        .where(_LINE.c.cart_id.in_(list(lines)))
        .order_by(_LINE.c.added_at, _LINE.c.id)
    )
    for cart_id, *columns in session.connection().execute(query).all() if lines else ():
        lines[cart_id].append(_Line(*columns).view())
    return total, [CartSummary(cart=cart, totals=compute_totals(lines[cart.id or 0])) for cart in carts]
