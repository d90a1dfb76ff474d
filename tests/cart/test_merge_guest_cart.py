"""On login the guest's cart joins the account's cart, capped at stock, with a report (SPEC C1)."""

from __future__ import annotations

from sqlmodel import Session, select

from store_app.cart.merge import merge_guest_cart
from store_app.cart.models import Cart
from store_app.cart.service import CartOwner, add_to_cart, clear_cart, find_cart, get_cart, new_guest_key
from store_app.core.i18n import t
from tests.utils.factories import make_product, make_user


def _guest_cart(session: Session, lines: list[tuple[int, int]]) -> tuple[CartOwner, int]:
    guest = CartOwner(guest_key=new_guest_key())
    for product_id, quantity in lines:
        add_to_cart(session=session, owner=guest, product_id=product_id, quantity=quantity)
    cart = find_cart(session=session, owner=guest)
    assert cart is not None and cart.id is not None
    return guest, cart.id


def test_merge_adds_guest_lines_and_caps_at_stock(session: Session) -> None:
    user = make_user(session)
    owner = CartOwner(user_id=user.id)
    phone = make_product(session, name="Телефон", stock=3)
    case = make_product(session, name="Чехол", stock=10)
    add_to_cart(session=session, owner=owner, product_id=phone.id, quantity=2)
    guest, guest_cart_id = _guest_cart(session, [(phone.id, 2), (case.id, 1)])

    report = merge_guest_cart(session=session, guest_cart_id=guest_cart_id, user_id=user.id)

    assert report.capped == [("Телефон", 3)]
    assert report.added == ["Телефон", "Чехол"]
    assert report.messages == [t("cart.merge.added", count=2), t("cart.merge.capped", name="Телефон", stock=3)]
    view = get_cart(session=session, owner=owner)
    assert [(line.name, line.quantity) for line in view.lines] == [("Телефон", 3), ("Чехол", 1)]
    assert session.get(Cart, guest_cart_id) is None
    assert get_cart(session=session, owner=guest).lines == []


def test_merge_drops_products_no_longer_sold_with_a_note(session: Session) -> None:
    user = make_user(session)
    hidden = make_product(session, name="Снят с продажи")
    sold_out = make_product(session, name="Распродан", stock=2)
    _, guest_cart_id = _guest_cart(session, [(hidden.id, 1), (sold_out.id, 2)])
    hidden.is_active, sold_out.stock = False, 0
    session.add_all([hidden, sold_out])
    session.commit()

    report = merge_guest_cart(session=session, guest_cart_id=guest_cart_id, user_id=user.id)

    assert report.dropped == ["Снят с продажи", "Распродан"]
    assert report.added == []
    assert get_cart(session=session, owner=CartOwner(user_id=user.id)).lines == []


def test_merging_an_empty_guest_cart_reports_no_change(session: Session) -> None:
    user = make_user(session)
    guest = CartOwner(guest_key=new_guest_key())
    product = make_product(session)
    add_to_cart(session=session, owner=guest, product_id=product.id)
    cart = find_cart(session=session, owner=guest)
    assert cart is not None
    add_to_cart(session=session, owner=CartOwner(user_id=user.id), product_id=product.id)
    session.commit()
    clear_cart(session=session, owner=guest)
    report = merge_guest_cart(session=session, guest_cart_id=cart.id, user_id=user.id)
    assert not report.changed
    assert report.messages == []


def test_another_users_cart_cannot_be_merged_in(session: Session) -> None:
    victim, attacker = make_user(session), make_user(session)
    product = make_product(session)
    add_to_cart(session=session, owner=CartOwner(user_id=victim.id), product_id=product.id, quantity=2)
    victim_cart = session.exec(select(Cart).where(Cart.user_id == victim.id)).one()

    report = merge_guest_cart(session=session, guest_cart_id=victim_cart.id, user_id=attacker.id)

    assert not report.changed
    assert get_cart(session=session, owner=CartOwner(user_id=victim.id)).totals.items_count == 2
    assert get_cart(session=session, owner=CartOwner(user_id=attacker.id)).lines == []


def test_merge_creates_the_user_cart_when_it_is_missing(session: Session) -> None:
    user = make_user(session)
    session.delete(session.exec(select(Cart).where(Cart.user_id == user.id)).one())
    session.commit()
    product = make_product(session)
    _, guest_cart_id = _guest_cart(session, [(product.id, 2)])
    merge_guest_cart(session=session, guest_cart_id=guest_cart_id, user_id=user.id)
    assert get_cart(session=session, owner=CartOwner(user_id=user.id)).totals.items_count == 2
