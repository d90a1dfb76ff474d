"""The one live-shop helper: a session on the running test shop's database, and the rows the browser
tests put there (through the services) or read back."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlmodel import Session, select

from store_app.accounts.models import Profile, User
from store_app.cart.service import CartOwner, add_to_cart
from store_app.catalog.models import Product
from store_app.core import clock
from store_app.core.db import build_engine
from store_app.orders.contact import OrderContact
from store_app.orders.service import place_order
from tests.e2e.conftest import LiveServer
from tests.utils.factories import make_product


@contextmanager
def live_session(live_server: LiveServer) -> Iterator[Session]:
    engine = build_engine(live_server.db_url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            yield session
    finally:
        engine.dispose()


def live_product(
    live_server: LiveServer, *, name: str, stock: int, price: str = "1990.00", discount: str | None = None
) -> Product:
    """An active product, dated a year back so the home page's "new arrivals" (other tests) stay as they were."""
    with live_session(live_server) as session:
        product = make_product(
            session, name=name, slug=f"test-{uuid.uuid4().hex[:10]}", price=price, discount=discount, stock=stock
        )
        product.created_at = product.updated_at = clock.now() - dt.timedelta(days=365)
        session.add(product)
        session.commit()
        return product


def live_stock(live_server: LiveServer, product_id: int) -> int:
    with live_session(live_server) as session:
        return session.exec(select(Product.stock).where(Product.id == product_id)).one()


def put_in_users_cart(live_server: LiveServer, login: str, product_id: int, quantity: int) -> None:
    with live_session(live_server) as session:
        user = session.exec(select(User).where(User.login == login)).one()
        add_to_cart(session=session, owner=CartOwner(user_id=user.id), product_id=product_id, quantity=quantity)
        session.commit()


def set_profile_contact(live_server: LiveServer, login: str, *, phone: str, address: str) -> None:
    with live_session(live_server) as session:
        user = session.exec(select(User).where(User.login == login)).one()
        profile = session.get(Profile, user.id)
        assert profile is not None
        profile.phone, profile.address = phone, address
        session.add(profile)
        session.commit()


def order_everything_in_cart(live_server: LiveServer, login: str) -> str:
    """Another shopper's checkout, done straight through the service; returns the order number."""
    with live_session(live_server) as session:
        user = session.exec(select(User).where(User.login == login)).one()
        contact = OrderContact(name="Покупатель", phone="+79160000000", address="Москва")
        number = place_order(session=session, user_id=user.id or 0, contact=contact).number
        session.commit()
        return number
