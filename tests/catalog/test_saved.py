"""Favourites and comparison: toggled on and off, comparison up to four of one category, the guest's
lists joining the account's at login, and the comparison's rows saying where products differ."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from store_app.catalog.attribute_models import AttributeKind
from store_app.catalog.attributes import AttributeInput, create_attribute
from store_app.catalog.saved import (
    MAX_COMPARED,
    Owner,
    compare_rows,
    merge_guest_lists,
    saved_ids,
    toggle,
)
from store_app.catalog.saved_models import SavedList
from store_app.catalog.service import SYSTEM, ProductInput, create_product, update_product
from store_app.core.errors import Conflict
from tests.catalog.conftest import add_category
from tests.utils.factories import make_user

GUEST = Owner(guest_key="a" * 64)


@pytest.fixture
def phones(any_session: Session) -> list[int]:
    session = any_session
    category = add_category(session, "Смартфоны")
    kettles = add_category(session, "Чайники")
    create_attribute(
        session=session,
        data=AttributeInput(code="screen", name="Экран", kind=AttributeKind.NUMBER, unit="″", category_id=category.id),
        actor=SYSTEM,
    )
    ids = []
    for number, screen in enumerate(["6.1", "6.1", "6.7", "6.1", "6.4"]):
        product = create_product(
            session=session,
            data=ProductInput(
                name=f"Смартфон {number}", price="1000", category_ids=[category.id or 0], attributes={"screen": screen}
            ),
        )
        ids.append(product.id or 0)
    kettle = create_product(session=session, data=ProductInput(name="Чайник", price="990", category_ids=[kettles.id]))
    session.commit()
    return [*ids, kettle.id or 0]


def test_toggling_puts_on_and_takes_off(any_session: Session, phones: list[int]) -> None:
    assert toggle(session=any_session, owner=GUEST, list_name=SavedList.FAVOURITES, product_id=phones[0]) is True
    toggle(session=any_session, owner=GUEST, list_name=SavedList.FAVOURITES, product_id=phones[5])
    assert saved_ids(session=any_session, owner=GUEST, list_name=SavedList.FAVOURITES) == [phones[0], phones[5]]
    assert toggle(session=any_session, owner=GUEST, list_name=SavedList.FAVOURITES, product_id=phones[0]) is False
    assert saved_ids(session=any_session, owner=GUEST, list_name=SavedList.FAVOURITES) == [phones[5]]
    # An inactive product leaves the list shown.
    update_product(session=any_session, product_id=phones[5], changes={"is_active": False})
    assert saved_ids(session=any_session, owner=GUEST, list_name=SavedList.FAVOURITES) == []


def test_comparison_holds_four_products_of_one_category(any_session: Session, phones: list[int]) -> None:
    assert MAX_COMPARED == 4  # README: up to 4 products
    for product_id in phones[:4]:
        toggle(session=any_session, owner=GUEST, list_name=SavedList.COMPARE, product_id=product_id)
    with pytest.raises(Conflict):
        toggle(session=any_session, owner=GUEST, list_name=SavedList.COMPARE, product_id=phones[4])
    toggle(session=any_session, owner=GUEST, list_name=SavedList.COMPARE, product_id=phones[3])  # off again
    with pytest.raises(Conflict) as caught:
        toggle(session=any_session, owner=GUEST, list_name=SavedList.COMPARE, product_id=phones[5])  # a kettle
    assert "одной категории" in caught.value.message
    assert saved_ids(session=any_session, owner=GUEST, list_name=SavedList.COMPARE) == phones[:3]


def test_the_guests_lists_join_the_accounts_at_login(any_session: Session, phones: list[int]) -> None:
    user = make_user(any_session, login="anna")
    mine = Owner(user_id=user.id)
    toggle(session=any_session, owner=mine, list_name=SavedList.FAVOURITES, product_id=phones[0])
    toggle(session=any_session, owner=mine, list_name=SavedList.COMPARE, product_id=phones[0])
    for product_id in (phones[0], phones[1]):
        toggle(session=any_session, owner=GUEST, list_name=SavedList.FAVOURITES, product_id=product_id)
    toggle(session=any_session, owner=GUEST, list_name=SavedList.COMPARE, product_id=phones[5])  # another category
    joined = merge_guest_lists(session=any_session, guest_key=GUEST.guest_key or "", user_id=user.id or 0)
    any_session.commit()
    assert joined == 1
    assert saved_ids(session=any_session, owner=mine, list_name=SavedList.FAVOURITES) == [phones[0], phones[1]]
    assert saved_ids(session=any_session, owner=mine, list_name=SavedList.COMPARE) == [phones[0]]
    assert saved_ids(session=any_session, owner=GUEST, list_name=SavedList.FAVOURITES) == []


def test_the_guests_comparison_joins_only_while_the_accounts_has_room(any_session: Session, phones: list[int]) -> None:
    user = make_user(any_session, login="anna")
    mine = Owner(user_id=user.id)
    for product_id in phones[:4]:
        toggle(session=any_session, owner=mine, list_name=SavedList.COMPARE, product_id=product_id)
    toggle(session=any_session, owner=GUEST, list_name=SavedList.COMPARE, product_id=phones[4])  # a fifth phone
    merge_guest_lists(session=any_session, guest_key=GUEST.guest_key or "", user_id=user.id or 0)
    any_session.commit()
    assert saved_ids(session=any_session, owner=mine, list_name=SavedList.COMPARE) == phones[:4]


def test_the_comparison_rows_say_where_products_differ(any_session: Session, phones: list[int]) -> None:
    from store_app.catalog.models import Product

    products = [any_session.get(Product, product_id) for product_id in phones[:2]]
    rows = compare_rows(session=any_session, products=products)
    assert [(row.name, row.values, row.differs) for row in rows] == [("Экран", ["6,1 ″", "6,1 ″"], False)]
    products.append(any_session.get(Product, phones[2]))
    assert compare_rows(session=any_session, products=products)[0].differs is True
