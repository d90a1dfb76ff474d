"""Cart rules: creating carts, adding and changing lines, the cart as the shopper sees it (SPEC C1-C3).

Every function acts for one owner (a user id or a guest key) that the caller takes from the
server-side session, never from the browser, so no call can reach another shopper's cart.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets

from sqlalchemy import ColumnElement, case
from sqlmodel import Session, col, delete, func, select

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


Rows = list[tuple[CartLine, Product]]


def _read(session: Session, owner: CartOwner) -> tuple[Cart | None, Rows]:
    """The cart, its lines and their products in one statement (outer joins: an empty cart is one row)."""
    query = (
        select(Cart, CartLine, Product)
        .select_from(Cart)
        .outerjoin(CartLine, col(CartLine.cart_id) == col(Cart.id))
        .outerjoin(Product, col(Product.id) == col(CartLine.product_id))
        .where(_owned_by(owner))
        .order_by(col(CartLine.added_at), col(CartLine.id))
    )
    found = list(session.exec(query))
    rows = [(line, product) for _, line, product in found if line is not None and product is not None]
    return (found[0][0] if found else None), rows


def _cart_for_writing(session: Session, owner: CartOwner, cart: Cart | None) -> Cart:
    if cart is None:
        cart = Cart(user_id=owner.user_id, guest_key=owner.guest_key)
        session.add(cart)
        session.flush()
    return cart


def _touch(session: Session, cart: Cart) -> None:
    """A line left the cart: only the cart row can date that."""
    cart.updated_at = clock.now()
    session.add(cart)


def _change_line(session: Session, line: CartLine, quantity: int) -> None:
    line.quantity, line.updated_at = quantity, clock.now()
    session.add(line)


def last_change() -> ColumnElement[dt.datetime]:
    """When a cart last changed: its row, or the latest of its lines (for staff's list and the purge)."""
    latest_line = (
        select(func.max(col(CartLine.updated_at))).where(col(CartLine.cart_id) == col(Cart.id)).scalar_subquery()
    )
    return case((latest_line > col(Cart.updated_at), latest_line), else_=col(Cart.updated_at))


def _line_view(line: CartLine, product: Product) -> CartLineView:
    return CartLineView(
        unit_price=product.current_price,
        regular_price=product.price,
        quantity=line.quantity,
        product_id=product.id or 0,
        name=product.name,
        slug=product.slug,
        image=product.image,
        stock=product.stock,
        on_sale=product.is_active,
    )


def cart_lines(*, session: Session, owner: CartOwner) -> list[CartLineView]:
    """The lines as stored, without fixing anything (checkout checks them itself)."""
    return [_line_view(line, product) for line, product in _read(session, owner)[1]]


def count_items(*, session: Session, owner: CartOwner) -> int:
    """The navbar badge: what the cart holds once brought in line with the catalog, without changing
    it (the cart page does that, and says why). One statement."""
    query = (
        select(
            func.coalesce(
                func.sum(
                    case(
                        (col(CartLine.quantity) < col(Product.stock), col(CartLine.quantity)), else_=col(Product.stock)
                    )
                ),
                0,
            )
        )
        .select_from(Cart)
        .join(CartLine, col(CartLine.cart_id) == col(Cart.id))
        .join(Product, col(Product.id) == col(CartLine.product_id))
        .where(_owned_by(owner), col(Product.is_active), col(Product.stock) > 0)
    )
    return int(session.exec(query).one())


def _settle(session: Session, rows: Rows) -> CartView:
    """The view of what was read, brought in line with the catalog: lines of products no longer sold
    or sold out are removed and quantities above the stock are lowered, each with a note."""
    lines: list[CartLineView] = []
    notes: list[str] = []
    for line, product in rows:
        if not product.is_active:
            notes.append(t("cart.note.unavailable", name=product.name))
            session.delete(line)
        elif product.stock <= 0:
            notes.append(t("cart.note.sold_out", name=product.name))
            session.delete(line)
        else:
            if line.quantity > product.stock:
                notes.append(t("cart.note.capped", name=product.name, stock=product.stock))
                line.quantity = product.stock
                session.add(line)
            lines.append(_line_view(line, product))
    session.flush()
    return CartView(lines=lines, totals=compute_totals(lines), notes=notes)


def get_cart(*, session: Session, owner: CartOwner) -> CartView:
    """The cart, brought in line with the catalog (see `_settle`)."""
    return _settle(session, _read(session, owner)[1])


def _on_sale(product: Product | None) -> Product:
    if product is None or not product.is_active:
        raise NotFound(t("cart.error.no_product"), field="product")
    return product


def _find(rows: Rows, product_id: int) -> tuple[CartLine, Product] | None:
    return next(((line, product) for line, product in rows if line.product_id == product_id), None)


def add_to_cart(*, session: Session, owner: CartOwner, product_id: int, quantity: int = 1) -> CartView:
    """Put `quantity` more of a product in the cart; refused (with the reason) past the stock."""
    cart, rows = _read(session, owner)
    found = _find(rows, product_id)
    if found is None:
        product = _on_sale(session.get(Product, product_id))
        check_quantity(quantity=quantity, stock=product.stock, name=product.name)
        cart = _cart_for_writing(session, owner, cart)
        line = CartLine(cart_id=cart.id or 0, product_id=product_id, quantity=quantity)
        session.add(line)
        rows.append((line, product))
    else:
        line, product = found
        _on_sale(product)
        check_quantity(quantity=quantity, stock=product.stock, name=product.name, in_cart=line.quantity)
        _change_line(session, line, line.quantity + quantity)
    return _settle(session, rows)


def set_quantity(*, session: Session, owner: CartOwner, product_id: int, quantity: int) -> CartView:
    """Change how many of a product the cart holds; stays within 1..stock or is refused."""
    cart, rows = _read(session, owner)
    found = _find(rows, product_id)
    if cart is None or found is None:
        raise NotFound(t("cart.error.no_line"), field="product")
    line, product = found
    _on_sale(product)
    check_quantity(quantity=quantity, stock=product.stock, name=product.name)
    _change_line(session, line, quantity)
    return _settle(session, rows)


def remove_from_cart(*, session: Session, owner: CartOwner, product_id: int) -> CartView:
    cart, rows = _read(session, owner)
    found = _find(rows, product_id)
    if cart is not None and found is not None:
        session.delete(found[0])
        rows.remove(found)
        _touch(session, cart)
    return _settle(session, rows)


def clear_cart(*, session: Session, owner: CartOwner) -> CartView:
    cart = find_cart(session=session, owner=owner)
    if cart is not None:
        session.execute(delete(CartLine).where(col(CartLine.cart_id) == cart.id))
        _touch(session, cart)
        session.flush()
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
