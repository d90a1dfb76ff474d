"""Cart rules: creating carts, adding and changing lines, the cart as the shopper sees it (SPEC C1-C3).

Every function acts for one owner (a user id or a guest key) that the caller takes from the
server-side session, never from the browser, so no call can reach another shopper's cart.
"""

from __future__ import annotations

import dataclasses
import secrets

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


def find_cart(*, session: Session, owner: CartOwner) -> Cart | None:
    if owner.user_id is not None:
        return session.exec(select(Cart).where(Cart.user_id == owner.user_id)).first()
    return session.exec(select(Cart).where(Cart.guest_key == owner.guest_key)).first()


def _cart_for_writing(session: Session, owner: CartOwner) -> Cart:
    cart = find_cart(session=session, owner=owner)
    if cart is None:
        cart = Cart(user_id=owner.user_id, guest_key=owner.guest_key)
        session.add(cart)
        session.flush()
    else:
        cart.updated_at = clock.now()
        session.add(cart)
    return cart


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


def _rows(session: Session, cart_id: int) -> list[tuple[CartLine, Product]]:
    query = (
        select(CartLine, Product)
        .join(Product, col(Product.id) == col(CartLine.product_id))
        .where(CartLine.cart_id == cart_id)
        .order_by(col(CartLine.added_at), col(CartLine.id))
    )
    return list(session.exec(query).all())


def cart_lines(*, session: Session, owner: CartOwner) -> list[CartLineView]:
    """The lines as stored, without fixing anything (checkout checks them itself)."""
    cart = find_cart(session=session, owner=owner)
    return [] if cart is None else [_line_view(line, product) for line, product in _rows(session, cart.id or 0)]


def count_items(*, session: Session, owner: CartOwner) -> int:
    """The navbar badge: what the cart holds once brought in line with the catalog, without changing
    it (the cart page does that, and says why)."""
    lines = cart_lines(session=session, owner=owner)
    return sum(min(line.quantity, line.stock) for line in lines if line.on_sale and line.stock > 0)


def get_cart(*, session: Session, owner: CartOwner) -> CartView:
    """The cart, brought in line with the catalog: lines of products no longer sold or sold out
    are removed and quantities above the stock are lowered, each with a note for the shopper."""
    cart = find_cart(session=session, owner=owner)
    if cart is None:
        return CartView(lines=[], totals=compute_totals([]))
    lines: list[CartLineView] = []
    notes: list[str] = []
    for line, product in _rows(session, cart.id or 0):
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


def _product_on_sale(session: Session, product_id: int) -> Product:
    product = session.get(Product, product_id)
    if product is None or not product.is_active:
        raise NotFound(t("cart.error.no_product"), field="product")
    return product


def _line(session: Session, cart_id: int, product_id: int) -> CartLine | None:
    query = select(CartLine).where(CartLine.cart_id == cart_id, CartLine.product_id == product_id)
    return session.exec(query).first()


def add_to_cart(*, session: Session, owner: CartOwner, product_id: int, quantity: int = 1) -> CartView:
    """Put `quantity` more of a product in the cart; refused (with the reason) past the stock."""
    product = _product_on_sale(session, product_id)
    cart = _cart_for_writing(session, owner)
    line = _line(session, cart.id or 0, product_id)
    check_quantity(quantity=quantity, stock=product.stock, name=product.name, in_cart=line.quantity if line else 0)
    if line is None:
        line = CartLine(cart_id=cart.id or 0, product_id=product_id, quantity=quantity)
    else:
        line.quantity += quantity
    session.add(line)
    session.flush()
    return get_cart(session=session, owner=owner)


def set_quantity(*, session: Session, owner: CartOwner, product_id: int, quantity: int) -> CartView:
    """Change how many of a product the cart holds; stays within 1..stock or is refused."""
    cart = find_cart(session=session, owner=owner)
    line = _line(session, cart.id or 0, product_id) if cart else None
    if cart is None or line is None:
        raise NotFound(t("cart.error.no_line"), field="product")
    product = _product_on_sale(session, product_id)
    check_quantity(quantity=quantity, stock=product.stock, name=product.name)
    line.quantity = quantity
    session.add(line)
    _cart_for_writing(session, owner)
    session.flush()
    return get_cart(session=session, owner=owner)


def remove_from_cart(*, session: Session, owner: CartOwner, product_id: int) -> CartView:
    cart = find_cart(session=session, owner=owner)
    line = _line(session, cart.id or 0, product_id) if cart else None
    if line is not None:
        session.delete(line)
        _cart_for_writing(session, owner)
        session.flush()
    return get_cart(session=session, owner=owner)


def clear_cart(*, session: Session, owner: CartOwner) -> CartView:
    cart = find_cart(session=session, owner=owner)
    if cart is not None:
        session.execute(delete(CartLine).where(col(CartLine.cart_id) == cart.id))
        _cart_for_writing(session, owner)
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
    query = select(Cart).order_by(col(Cart.updated_at).desc(), col(Cart.id).desc()).offset(offset).limit(limit)
    return total, list(session.exec(query))
