"""Product rules: exact prices, a discount below the price, stock never negative, nothing half-written."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from store_app.audit.models import HistoryEvent
from store_app.catalog.models import Product, WordListing
from store_app.catalog.service import (
    ProductInput,
    create_product,
    delete_product,
    product_categories,
    update_product,
)
from store_app.core.errors import ValidationFailed
from tests.catalog.conftest import add_category, add_product


def test_prices_are_stored_and_read_back_exactly(any_session: Session) -> None:
    product = add_product(any_session, "Кабель USB-C", "1299,99", discount="999.9")
    any_session.commit()
    any_session.expire_all()
    stored = any_session.get(Product, product.id)
    assert stored.price == Decimal("1299.99")
    assert stored.discount_price == Decimal("999.90")
    assert stored.current_price == Decimal("999.90")
    assert isinstance(stored.price, Decimal)


@pytest.mark.parametrize("discount", ["15000", "15000.00", "20000"])
def test_a_discount_price_not_below_the_price_is_refused(any_session: Session, discount: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        create_product(session=any_session, data=ProductInput(name="Планшет", price="15000", discount_price=discount))
    assert list(error.value.errors) == ["discount_price"]
    assert any_session.exec(select(Product)).all() == []


def test_negative_stock_is_refused_by_the_service(any_session: Session) -> None:
    with pytest.raises(ValidationFailed) as error:
        create_product(session=any_session, data=ProductInput(name="Роутер", price="3000", stock=-1))
    assert list(error.value.errors) == ["stock"]


def test_the_database_itself_refuses_negative_stock_and_a_high_discount(any_session: Session) -> None:
    product = add_product(any_session, "Роутер", "3000")
    any_session.commit()
    product.stock = -1
    with pytest.raises(IntegrityError):
        any_session.commit()
    any_session.rollback()
    product = any_session.get(Product, product.id)
    product.discount_price = Decimal("3500")
    with pytest.raises(IntegrityError):
        any_session.commit()
    any_session.rollback()
    any_session.expire_all()
    assert any_session.get(Product, product.id).stock == 5


def test_every_bad_field_is_reported_at_once(any_session: Session) -> None:
    with pytest.raises(ValidationFailed) as error:
        create_product(
            session=any_session,
            data=ProductInput(
                name="",
                price="дорого",
                stock="много",
                slug="Плохой адрес",
                image="javascript:alert(1)",
                category_ids=[12345],
            ),
        )
    assert set(error.value.errors) == {"name", "price", "stock", "slug", "image", "category_ids"}


def test_a_refused_update_leaves_the_product_and_its_history_unchanged(any_session: Session) -> None:
    phones = add_category(any_session, "Смартфоны")
    product = add_product(any_session, "Смартфон Honor 200", "32990", categories=(phones,))
    any_session.commit()
    with pytest.raises(ValidationFailed):
        update_product(
            session=any_session,
            product_id=product.id,
            changes={"name": "Смартфон Honor 200 Pro", "price": "30000", "discount_price": "31000"},
        )
    any_session.rollback()
    any_session.expire_all()
    stored = any_session.get(Product, product.id)
    assert (stored.name, stored.price, stored.discount_price) == ("Смартфон Honor 200", Decimal("32990.00"), None)
    query = select(HistoryEvent).where(col(HistoryEvent.kind).startswith("product."))
    assert [e.kind for e in any_session.exec(query)] == ["product.created"]


def test_an_update_records_which_fields_changed(any_session: Session) -> None:
    phones, gadgets = add_category(any_session, "Смартфоны"), add_category(any_session, "Гаджеты")
    product = add_product(any_session, "Смартфон Honor 200", "32990", categories=(phones,))
    update_product(
        session=any_session,
        product_id=product.id,
        changes={"discount_price": "29990", "stock": 0, "category_ids": [phones.id, gadgets.id]},
    )
    any_session.commit()
    event = any_session.exec(select(HistoryEvent).where(HistoryEvent.kind == "product.changed")).one()
    assert event.details == {"fields": ["discount_price", "stock", "category_ids"]}
    assert event.target == f"product:{product.id}"
    assert {c.name for c in product_categories(session=any_session, product_id=product.id)} == {"Смартфоны", "Гаджеты"}


def test_renaming_a_product_renews_its_search_words(any_session: Session) -> None:
    product = add_product(any_session, "Смартфон Honor 200", "32990")
    update_product(session=any_session, product_id=product.id, changes={"name": "Телефон Ёлка"})
    any_session.commit()
    words = set(any_session.exec(select(WordListing.word).where(WordListing.product_id == product.id)))
    assert words == {"телефон", "елка"}
    assert product.search_text == "телефон елка"


def test_unknown_fields_in_an_update_are_refused(any_session: Session) -> None:
    product = add_product(any_session, "Роутер", "3000")
    with pytest.raises(ValidationFailed) as error:
        update_product(session=any_session, product_id=product.id, changes={"colour": "red"})
    assert list(error.value.errors) == ["colour"]


def test_deleting_a_product_removes_its_links_and_leaves_a_history_record(any_session: Session) -> None:
    phones = add_category(any_session, "Смартфоны")
    product = add_product(any_session, "Смартфон Honor 200", "32990", categories=(phones,))
    any_session.commit()
    delete_product(session=any_session, product_id=product.id)
    any_session.commit()
    assert any_session.get(Product, product.id) is None
    assert product_categories(session=any_session, product_id=product.id) == []
    query = select(HistoryEvent).where(col(HistoryEvent.kind).startswith("product.")).order_by(HistoryEvent.id)
    assert [e.kind for e in any_session.exec(query)] == ["product.created", "product.deleted"]


@pytest.mark.parametrize("price", ["12990.505", "99,999", "0.001"])
def test_a_price_with_fractions_of_a_kopeck_is_refused_not_rounded(any_session: Session, price: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        create_product(session=any_session, data=ProductInput(name="Кабель", price="100", discount_price=price))
    assert "двух знаков" in caught.value.errors["discount_price"][0]
    with pytest.raises(ValidationFailed) as caught:
        create_product(session=any_session, data=ProductInput(name="Кабель", price=price))
    assert list(caught.value.errors) == ["price"]
    # Trailing zeros are no extra precision.
    assert create_product(session=any_session, data=ProductInput(name="Кабель", price="12.500")).price == Decimal(
        "12.50"
    )
