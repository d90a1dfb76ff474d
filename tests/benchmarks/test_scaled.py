"""`benchmarks.scaled` puts the cart tables in the state autovacuum keeps them in a running shop before each run
(on a real PostgreSQL database: VACUUM cannot run inside a transaction, which is what the engine must avoid)."""

from __future__ import annotations

from sqlalchemy import create_engine, text
from sqlmodel import Session

from benchmarks.scaled import CART_TABLES, vacuum_cart_tables
from store_app.cart.service import CartOwner, add_to_cart, new_guest_key, set_quantity
from store_app.core.db import build_engine
from tests.utils.databases import postgres_test_url
from tests.utils.factories import make_product

CLICKS = 50


def _table_states(url: str) -> dict[str, tuple[int, bool]]:
    """Dead row versions and whether ANALYZE ran, per cart table (pg_stat_user_tables, as autovacuum leaves it)."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT relname, n_dead_tup, last_analyze IS NOT NULL FROM pg_stat_user_tables"
                    " WHERE relname IN ('cart', 'cart_line')"
                )
            ).all()
    finally:
        engine.dispose()
    return {name: (dead, analyzed) for name, dead, analyzed in rows}


def test_the_cart_tables_are_vacuumed_and_analyzed_before_a_run() -> None:
    with postgres_test_url() as url:
        engine = build_engine(url)
        try:
            with Session(engine, expire_on_commit=False) as session:
                owner, product = CartOwner(guest_key=new_guest_key()), make_product(session, stock=5)
                add_to_cart(session=session, owner=owner, product_id=product.id or 0)
                session.commit()
                for click in range(CLICKS):  # a benchmark run's clicks: one dead row version each
                    set_quantity(session=session, owner=owner, product_id=product.id or 0, quantity=1 + click % 2)
                    session.commit()
        finally:
            engine.dispose()  # the clicks' connections end, and with them their statistics are reported
        before = _table_states(url)
        assert before["cart_line"][0] > 0 and not before["cart_line"][1], before

        vacuum_cart_tables(url)

        assert _table_states(url) == {table: (0, True) for table in CART_TABLES}
