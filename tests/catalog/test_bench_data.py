"""`manage bench-data` fills an empty shop database for the load benchmarks, and refuses a used one."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from benchmarks.shop_data import SHOPPER_PASSWORD, load_benchmark_data
from store_app.accounts.login.service import login_with_password
from store_app.catalog.models import Category, Product
from store_app.catalog.query import ProductQuery
from store_app.catalog.search_service import search_products
from store_app.core.db import session_scope
from store_app.manage import main


def test_bench_data_loads_catalog_and_shoppers_who_can_log_in(db_url: str) -> None:
    assert main(["bench-data", "--products", "60", "--categories", "6", "--shoppers", "2"]) == 0
    with session_scope() as session:
        assert session.exec(select(func.count()).select_from(Product)).one() == 60
        assert session.exec(select(func.count()).select_from(Category)).one() == 6
        assert search_products(session=session, query=ProductQuery(category="root-1")).total > 0
        login_with_password(
            session=session, identifier="bench2", password=SHOPPER_PASSWORD, ip="127.0.0.1", user_agent=""
        )
    with pytest.raises(SystemExit, match="not empty"):
        load_benchmark_data(products=10, categories=3, shoppers=0)
