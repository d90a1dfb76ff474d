"""Adding, changing, removing and clearing cart lines; the cart follows the catalog (SPEC C1-C3)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import Session, select

from store_app.cart.models import Cart, CartLine
from store_app.cart.service import (
    CartOwner,
    add_to_cart,
    clear_cart,
    count_items,
    get_cart,
    new_guest_key,
    parse_quantity,
    remove_from_cart,
    set_quantity,
)
from store_app.catalog.models import Product
from store_app.core.errors import DomainError, NotFound
from store_app.core.i18n import t
from tests.utils.factories import make_product, make_user


@pytest.fixture
def owner(session: Session) -> CartOwner:
    return CartOwner(user_id=make_user(session).id)


def test_line_uses_the_discount_price_and_totals_are_exact(session: Session, owner: CartOwner) -> None:
    phone = make_product(session, price="19990.00", discount="17490.50")
    cable = make_product(session, price="499.90")
    add_to_cart(session=session, owner=owner, product_id=phone.id, quantity=2)
    view = add_to_cart(session=session, owner=owner, product_id=cable.id, quantity=3)
    assert [line.unit_price for line in view.lines] == [Decimal("17490.50"), Decimal("499.90")]
    assert view.totals.items_count == 5
    assert view.totals.subtotal == Decimal("41479.70")
    assert view.totals.total == Decimal("36480.70")
    assert view.totals.savings == Decimal("4999.00")


def test_adding_past_the_stock_is_refused_with_how_many_are_left(session: Session, owner: CartOwner) -> None:
    product = make_product(session, stock=3)
    with pytest.raises(DomainError) as error:
        add_to_cart(session=session, owner=owner, product_id=product.id, quantity=4)
    assert error.value.message == t("cart.error.only_left", stock=3)
    add_to_cart(session=session, owner=owner, product_id=product.id, quantity=2)
    with pytest.raises(DomainError) as error:
        add_to_cart(session=session, owner=owner, product_id=product.id, quantity=2)
    assert error.value.message == t("cart.error.only_left_in_cart", stock=3, in_cart=2)
    assert get_cart(session=session, owner=owner).lines[0].quantity == 2


def test_adding_again_increases_the_same_line(session: Session, owner: CartOwner) -> None:
    product = make_product(session, stock=5)
    add_to_cart(session=session, owner=owner, product_id=product.id)
    view = add_to_cart(session=session, owner=owner, product_id=product.id, quantity=2)
    assert [(line.product_id, line.quantity) for line in view.lines] == [(product.id, 3)]


@pytest.mark.parametrize(("quantity", "message_key"), [(0, "cart.error.quantity_min"), (-2, "cart.error.quantity_min")])
def test_quantity_below_one_is_refused(session: Session, owner: CartOwner, quantity: int, message_key: str) -> None:
    product = make_product(session, stock=5)
    add_to_cart(session=session, owner=owner, product_id=product.id, quantity=2)
    with pytest.raises(DomainError) as error:
        set_quantity(session=session, owner=owner, product_id=product.id, quantity=quantity)
    assert error.value.message == t(message_key)
    assert error.value.field == "quantity"


def test_setting_quantity_within_stock_works_and_past_it_is_refused(session: Session, owner: CartOwner) -> None:
    product = make_product(session, stock=4)
    add_to_cart(session=session, owner=owner, product_id=product.id)
    assert set_quantity(session=session, owner=owner, product_id=product.id, quantity=4).totals.items_count == 4
    with pytest.raises(DomainError, match="4"):
        set_quantity(session=session, owner=owner, product_id=product.id, quantity=5)
    assert get_cart(session=session, owner=owner).totals.items_count == 4


def test_sold_out_product_cannot_be_added(session: Session, owner: CartOwner) -> None:
    product = make_product(session, name="Наушники", stock=0)
    with pytest.raises(DomainError) as error:
        add_to_cart(session=session, owner=owner, product_id=product.id)
    assert error.value.message == t("cart.error.sold_out", name="Наушники")


def test_inactive_or_missing_product_cannot_be_added(session: Session, owner: CartOwner) -> None:
    hidden = make_product(session, active=False)
    with pytest.raises(NotFound):
        add_to_cart(session=session, owner=owner, product_id=hidden.id)
    with pytest.raises(NotFound):
        add_to_cart(session=session, owner=owner, product_id=999_999)


def test_remove_and_clear_empty_the_cart(session: Session, owner: CartOwner) -> None:
    first, second = make_product(session), make_product(session)
    add_to_cart(session=session, owner=owner, product_id=first.id)
    add_to_cart(session=session, owner=owner, product_id=second.id, quantity=2)
    view = remove_from_cart(session=session, owner=owner, product_id=first.id)
    assert [line.product_id for line in view.lines] == [second.id]
    assert clear_cart(session=session, owner=owner).totals.items_count == 0
    assert get_cart(session=session, owner=owner).lines == []


def test_cart_drops_products_no_longer_sold_and_lowers_quantities_to_stock(session: Session, owner: CartOwner) -> None:
    kept = make_product(session, name="Кабель", stock=5)
    hidden = make_product(session, name="Старая модель", stock=5)
    gone = make_product(session, name="Последний", stock=5)
    for product in (kept, hidden, gone):
        add_to_cart(session=session, owner=owner, product_id=product.id, quantity=4)
    kept.stock, hidden.is_active, gone.stock = 2, False, 0
    session.add_all([kept, hidden, gone])
    session.commit()
    view = get_cart(session=session, owner=owner)
    assert [(line.name, line.quantity) for line in view.lines] == [("Кабель", 2)]
    assert view.notes == [
        t("cart.note.capped", name="Кабель", stock=2),
        t("cart.note.unavailable", name="Старая модель"),
        t("cart.note.sold_out", name="Последний"),
    ]
    assert get_cart(session=session, owner=owner).notes == []


def test_badge_count_reads_the_cart_as_the_page_will_show_it_without_changing_it(
    session: Session, owner: CartOwner
) -> None:
    kept, capped, hidden = make_product(session, stock=5), make_product(session, stock=5), make_product(session)
    for product, quantity in ((kept, 2), (capped, 4), (hidden, 1)):
        add_to_cart(session=session, owner=owner, product_id=product.id, quantity=quantity)
    capped.stock, hidden.is_active = 3, False
    session.add_all([capped, hidden])
    session.commit()
    assert count_items(session=session, owner=owner) == 5
    assert sorted(line.quantity for line in session.exec(select(CartLine))) == [1, 2, 4]  # nothing fixed yet
    assert get_cart(session=session, owner=owner).totals.items_count == 5


def test_deleted_product_leaves_the_cart(session: Session, owner: CartOwner) -> None:
    product = make_product(session)
    add_to_cart(session=session, owner=owner, product_id=product.id)
    session.delete(session.get(Product, product.id))
    session.commit()
    assert get_cart(session=session, owner=owner).lines == []


def test_guest_cart_is_created_on_first_add_and_kept_apart_from_users(session: Session, owner: CartOwner) -> None:
    product = make_product(session)
    guest = CartOwner(guest_key=new_guest_key())
    assert get_cart(session=session, owner=guest).lines == []
    assert session.exec(select(Cart).where(Cart.guest_key == guest.guest_key)).first() is None
    add_to_cart(session=session, owner=guest, product_id=product.id, quantity=2)
    assert get_cart(session=session, owner=guest).totals.items_count == 2
    assert get_cart(session=session, owner=owner).totals.items_count == 0


def test_one_shopper_cannot_change_another_shoppers_cart(session: Session, owner: CartOwner) -> None:
    product = make_product(session)
    other = CartOwner(user_id=make_user(session).id)
    add_to_cart(session=session, owner=other, product_id=product.id, quantity=3)
    with pytest.raises(NotFound):
        set_quantity(session=session, owner=owner, product_id=product.id, quantity=1)
    remove_from_cart(session=session, owner=owner, product_id=product.id)
    clear_cart(session=session, owner=owner)
    lines = session.exec(select(CartLine)).all()
    assert [(line.product_id, line.quantity) for line in lines] == [(product.id, 3)]


def test_a_users_cart_is_the_same_in_a_new_session(session: Session, db_url: str, owner: CartOwner) -> None:
    product = make_product(session)
    add_to_cart(session=session, owner=owner, product_id=product.id, quantity=2)
    session.commit()
    with Session(session.get_bind()) as other_device:
        assert get_cart(session=other_device, owner=owner).totals.items_count == 2


def test_owner_is_either_a_user_or_a_guest() -> None:
    with pytest.raises(ValueError):
        CartOwner()
    with pytest.raises(ValueError):
        CartOwner(user_id=1, guest_key="abc")


@pytest.mark.parametrize("raw", ["", "two", "1.5"])
def test_typed_quantity_must_be_a_whole_number(raw: str) -> None:
    with pytest.raises(DomainError) as error:
        parse_quantity(raw)
    assert error.value.message == t("cart.error.quantity_not_number")
    assert parse_quantity(" 3 ") == 3
