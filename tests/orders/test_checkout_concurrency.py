"""Twenty shoppers check out the last unit at the same moment: one order, never negative stock.

Run with `-s` to see the figures (time per round) for each database.
"""

from __future__ import annotations

import statistics
import threading
import time

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from store_app.cart.service import CartOwner, add_to_cart, clear_cart
from store_app.catalog.models import Product
from store_app.core.i18n import t
from store_app.orders.contact import OrderContact
from store_app.orders.models import Order, OrderLine
from store_app.orders.service import place_order
from tests.utils.factories import make_product, make_user
from tests.utils.races import race_once

SHOPPERS = 20
ROUNDS = 20
CONTACT = OrderContact(name="Покупатель", phone="+79161234567", address="Москва")


@pytest.fixture
def engine(engine_on_each_database: Engine) -> Engine:
    return engine_on_each_database


def _checkout(engine: Engine, user_id: int, start: threading.Barrier, outcomes: list[str]) -> None:
    def checkout(session: Session) -> None:
        place_order(session=session, user_id=user_id, contact=CONTACT)

    race_once(engine, start, outcomes, checkout, "order")


def _prepare_round(engine: Engine, user_ids: list[int], round_number: int) -> int:
    with Session(engine, expire_on_commit=False) as session:
        product = make_product(session, name=f"Последний {round_number}", stock=1)
        for user_id in user_ids:
            owner = CartOwner(user_id=user_id)
            clear_cart(session=session, owner=owner)
            add_to_cart(session=session, owner=owner, product_id=product.id)
        session.commit()
        return product.id or 0


def test_twenty_shoppers_buying_the_last_unit_get_one_order(engine: Engine, request: pytest.FixtureRequest) -> None:
    with Session(engine, expire_on_commit=False) as session:
        user_ids = [make_user(session).id or 0 for _ in range(SHOPPERS)]
    durations = []
    for round_number in range(ROUNDS):
        product_id = _prepare_round(engine, user_ids, round_number)
        outcomes: list[str] = []
        start = threading.Barrier(SHOPPERS + 1)
        threads = [threading.Thread(target=_checkout, args=(engine, user_id, start, outcomes)) for user_id in user_ids]
        for thread in threads:
            thread.start()
        start.wait()
        began = time.perf_counter()
        for thread in threads:
            thread.join(timeout=120)
        durations.append(time.perf_counter() - began)

        sold_out = t("orders.error.sold_out", name=f"Последний {round_number}")
        assert sorted(outcomes) == ["order"] + [sold_out] * (SHOPPERS - 1), f"round {round_number}: {outcomes}"
        with Session(engine) as session:
            assert session.exec(select(Product.stock).where(Product.id == product_id)).one() == 0
            orders = session.exec(
                select(Order.id)
                .join(OrderLine, OrderLine.order_id == Order.id)
                .where(OrderLine.product_id == product_id)
            ).all()
            assert len(orders) == 1
            assert session.execute(text("SELECT count(*) FROM product WHERE stock < 0")).scalar_one() == 0

    figures = (
        f"{engine.dialect.name}: {ROUNDS} rounds x {SHOPPERS} threads; per round "
        f"median {statistics.median(durations) * 1000:.0f} ms, max {max(durations) * 1000:.0f} ms, "
        f"total {sum(durations):.2f} s"
    )
    request.node.user_properties.append(("checkout_concurrency", figures))
    print(f"\n{figures}")
