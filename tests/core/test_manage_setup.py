"""`manage setup` (what `make run` runs before it serves): an empty database is migrated and gets the demo
shop the README describes (its two accounts, 7 sections, 26 subsections, 230 products), unless
LOAD_DEMO_DATA=0; a second run adds nothing and says so."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session, col, func, select

from store_app import manage
from store_app.accounts.demo_accounts import DEMO_ADMIN, DEMO_SHOPPER
from store_app.accounts.models import User
from store_app.catalog.models import Category, Product
from store_app.core.db import get_engine

DEMO_LOGINS = sorted([DEMO_ADMIN["login"], DEMO_SHOPPER["login"]])


def _counts() -> tuple[list[str], int, int, int]:
    with Session(get_engine()) as session:
        logins = list(session.exec(select(User.login).order_by(col(User.login))))
        sections = session.exec(select(func.count()).select_from(Category).where(col(Category.parent_id).is_(None)))
        subsections = session.exec(
            select(func.count()).select_from(Category).where(col(Category.parent_id).is_not(None))
        )
        products = session.exec(select(func.count()).select_from(Product))
        return logins, sections.one(), subsections.one(), products.one()


def test_setup_makes_an_empty_database_the_readmes_demo_shop_once() -> None:
    assert manage.main(["setup"]) == 0

    assert _counts() == (DEMO_LOGINS, 7, 26, 230)
    assert manage.main(["setup"]) == 0
    assert _counts() == (DEMO_LOGINS, 7, 26, 230)


def test_a_second_seed_says_there_is_nothing_to_add(capsys: pytest.CaptureFixture[str]) -> None:
    assert manage.main(["migrate"]) == 0
    capsys.readouterr()
    assert manage.main(["seed"]) == 0
    assert re.fullmatch(r"demo data added: accounts 2 rows, catalog \d+ rows", capsys.readouterr().out.strip())

    assert manage.main(["seed"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "demo data: nothing to add, the shop already has its accounts and catalog"
    ]


def test_load_demo_data_0_leaves_the_migrated_shop_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOAD_DEMO_DATA", "0")

    assert manage.main(["setup"]) == 0

    assert _counts() == ([], 0, 0, 0)
