"""'Back in stock' mail for favourites: asked for only on a sold-out favourite; a restock through any
door (admin form, REST API, CSV import, a cancelled order) queues one mail per asker in their language,
in the restock's own transaction, and spends the request; a rolled-back restock queues nothing."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store_app.accounts.models import User
from store_app.admin.import_service import apply_import, preview_import
from store_app.admin.products_form import save_product
from store_app.cart.service import CartOwner, add_to_cart
from store_app.catalog.actor import Actor
from store_app.catalog.models import Product
from store_app.catalog.restock import (
    BACK_IN_STOCK_TEMPLATE,
    ask_back_in_stock,
    asked_back_in_stock,
    cancel_back_in_stock,
)
from store_app.catalog.saved import Owner, toggle
from store_app.catalog.saved_models import SavedList
from store_app.catalog.service import update_product
from store_app.core.errors import Conflict, NotFound
from store_app.core.settings import get_settings
from store_app.orders.contact import OrderContact
from store_app.orders.service import place_order
from store_app.orders.status import cancel_order
from tests.api.conftest import bearer, log_in
from tests.utils.factories import make_product, make_user
from tests.utils.outbox import outbox
from tests.utils.races import race_once

STAFF = Actor(user_id=None, label="boss")


def _waiting(session: Session, user: User, product: Product) -> None:
    """The shopper favours the sold-out product and asks to be told; committed."""
    toggle(session=session, owner=Owner(user_id=user.id), list_name=SavedList.FAVOURITES, product_id=product.id or 0)
    ask_back_in_stock(session=session, user_id=user.id or 0, product_id=product.id or 0)
    session.commit()


def _mails(session: Session, user: User) -> list[str]:
    return [m.subject for m in outbox(session, to=user.email, template=BACK_IN_STOCK_TEMPLATE)]


def _restock(session: Session, product: Product, stock: int = 3) -> None:
    update_product(session=session, product_id=product.id or 0, changes={"stock": stock}, actor=STAFF)
    session.commit()


def test_only_a_sold_out_favourite_can_be_asked_for(any_session: Session) -> None:
    session = any_session
    user = make_user(session)
    sold_out, in_stock = make_product(session, stock=0), make_product(session, stock=4)
    with pytest.raises(Conflict):  # not a favourite
        ask_back_in_stock(session=session, user_id=user.id or 0, product_id=sold_out.id or 0)
    for product in (sold_out, in_stock):
        toggle(session=session, owner=Owner(user_id=user.id), list_name=SavedList.FAVOURITES, product_id=product.id)
    with pytest.raises(Conflict):  # can be bought now
        ask_back_in_stock(session=session, user_id=user.id or 0, product_id=in_stock.id or 0)
    ask_back_in_stock(session=session, user_id=user.id or 0, product_id=sold_out.id or 0)
    assert asked_back_in_stock(session=session, user_id=user.id or 0) == [sold_out.id]
    update_product(session=session, product_id=in_stock.id or 0, changes={"is_active": False})
    with pytest.raises(NotFound):
        ask_back_in_stock(session=session, user_id=user.id or 0, product_id=in_stock.id or 0)
    # Taking the product off the favourites takes the request with it.
    toggle(session=session, owner=Owner(user_id=user.id), list_name=SavedList.FAVOURITES, product_id=sold_out.id)
    assert asked_back_in_stock(session=session, user_id=user.id or 0) == []


def _by_admin_form(session: Session, product: Product) -> None:
    form = {"name": product.name, "price": str(product.price), "discount_price": "", "stock": "3"}
    form |= {"description": product.description, "is_active": "on"}
    save_product(session=session, user_id=0, ip="203.0.113.9", product_id=product.id or 0, form_data=form)
    session.commit()


def _by_csv_import(session: Session, product: Product) -> None:
    text = f"id,name,price,stock\n{product.id},{product.name},{product.price},3\n"
    preview = preview_import(session=session, text=text)
    assert preview.bad == []
    apply_import(session=session, rows=preview.good, actor=STAFF)
    session.commit()


def _by_rest_api(session: Session, product: Product) -> None:
    from store_app.api.app import build_api

    boss = make_user(session, staff=True)
    with TestClient(build_api(), client=("198.51.100.7", 50000)) as client:
        headers = bearer(log_in(client, boss.login))
        response = client.patch(f"/api/v1/products/{product.id}", json={"stock": 3}, headers=headers)
        assert response.status_code == 200, response.text


DOORS: dict[str, Callable[[Session, Product], None]] = {
    "admin form": _by_admin_form,
    "csv import": _by_csv_import,
    "rest api": _by_rest_api,
}


@pytest.mark.parametrize("door", sorted(DOORS))
def test_a_restock_through_each_door_mails_each_asker_once_in_their_language(session: Session, door: str) -> None:
    anna, bob, idle = make_user(session, login="anna"), make_user(session, login="bob"), make_user(session)
    bob.language = "en"
    session.add(bob)
    product = make_product(session, name="Наушники Pulse", stock=0)
    _waiting(session, anna, product)
    _waiting(session, bob, product)
    toggle(session=session, owner=Owner(user_id=idle.id), list_name=SavedList.FAVOURITES, product_id=product.id)
    session.commit()

    DOORS[door](session, product)

    session.expire_all()
    assert _mails(session, anna) == ["«Наушники Pulse» снова в продаже — «Вольт»"]
    assert _mails(session, bob) == ["Наушники Pulse is back in stock — Volt"]
    assert _mails(session, idle) == []
    (mail,) = outbox(session, to=anna.email, template=BACK_IN_STOCK_TEMPLATE)
    assert f"{get_settings().public_origin}/product/{product.slug}" in mail.text_body
    assert mail.html_body and f'href="{get_settings().public_origin}/product/{product.slug}"' in mail.html_body
    assert asked_back_in_stock(session=session, user_id=anna.id or 0) == []

    # Sold out and back again: the request was spent, nobody is mailed twice.
    _restock(session, product, 0)
    DOORS[door](session, product)
    assert len(_mails(session, anna)) == 1 and len(_mails(session, bob)) == 1


def test_an_order_cancelled_back_into_stock_mails_the_asker(session: Session) -> None:
    anna, buyer = make_user(session, login="anna"), make_user(session, login="buyer")
    product = make_product(session, stock=2)
    add_to_cart(session=session, owner=CartOwner(user_id=buyer.id), product_id=product.id, quantity=2)
    contact = OrderContact(name="Ия", phone="+79161234567", address="Москва")
    order = place_order(session=session, user_id=buyer.id, contact=contact)
    session.commit()
    _waiting(session, anna, product)  # sold out by that order

    cancel_order(session=session, user_id=buyer.id or 0, order_id=order.id or 0)
    session.commit()

    assert len(_mails(session, anna)) == 1
    assert asked_back_in_stock(session=session, user_id=anna.id or 0) == []


def test_a_rolled_back_restock_queues_nothing_and_keeps_the_request(any_session: Session) -> None:
    session = any_session
    anna = make_user(session)
    product = make_product(session, stock=0)
    _waiting(session, anna, product)

    update_product(session=session, product_id=product.id or 0, changes={"stock": 5}, actor=STAFF)
    session.rollback()

    assert _mails(session, anna) == []
    assert asked_back_in_stock(session=session, user_id=anna.id or 0) == [product.id]
    _restock(session, product)
    assert len(_mails(session, anna)) == 1


def test_a_cancelled_request_mails_nothing(any_session: Session) -> None:
    session = any_session
    anna = make_user(session)
    product = make_product(session, stock=0)
    _waiting(session, anna, product)
    cancel_back_in_stock(session=session, user_id=anna.id or 0, product_id=product.id or 0)
    session.commit()
    _restock(session, product)
    assert _mails(session, anna) == []


def test_an_inactive_product_or_account_gets_no_mail(any_session: Session) -> None:
    session = any_session
    anna, gone = make_user(session), make_user(session)
    product = make_product(session, stock=0)
    _waiting(session, anna, product)
    _waiting(session, gone, product)
    gone.is_active = False
    session.add(gone)
    update_product(session=session, product_id=product.id or 0, changes={"is_active": False}, actor=STAFF)
    session.commit()

    _restock(session, product)  # stocked while off sale: nobody can buy it yet
    assert _mails(session, anna) == []
    update_product(session=session, product_id=product.id or 0, changes={"is_active": True}, actor=STAFF)
    session.commit()  # on sale again, with stock: back for the shoppers

    assert len(_mails(session, anna)) == 1
    assert _mails(session, gone) == []


@pytest.mark.postgres
def test_two_restocks_at_once_mail_once(engine_on_each_database: Engine) -> None:
    engine = engine_on_each_database
    with Session(engine, expire_on_commit=False) as session:
        anna = make_user(session)
        product = make_product(session, stock=0)
        _waiting(session, anna, product)
    start, outcomes = threading.Barrier(2), []

    def restock(session: Session) -> None:
        update_product(session=session, product_id=product.id or 0, changes={"stock": 4}, actor=STAFF)

    racers = [threading.Thread(target=race_once, args=(engine, start, outcomes, restock, "ok")) for _ in range(2)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join()

    assert outcomes == ["ok", "ok"]
    with Session(engine) as session:
        assert len(_mails(session, anna)) == 1
