"""Fills a shop's own database for the load benchmarks: the generated catalog and benchmark shoppers."""

from __future__ import annotations

from sqlmodel import Session, select

from benchmarks.catalog_data import generate_catalog
from store_app.accounts.admin_command import create_confirmed_account
from store_app.accounts.demo_accounts import load_demo_accounts
from store_app.accounts.models import Profile, User
from store_app.catalog.models import Category, Product
from store_app.core.db import get_engine

# Known to anyone who reads this file: a benchmark database only, never a shop open to the internet.
SHOPPER_PASSWORD = "bench-shopper-pass-77"  # noqa: S105
SHOPPER_LOGIN = "bench{n}"


def shopper_login(n: int) -> str:
    return SHOPPER_LOGIN.format(n=n)


def load_benchmark_data(*, products: int, categories: int, shoppers: int) -> str:
    """The generated catalog (into an empty catalog only: its ids start at 1), the demo accounts and
    `shoppers` confirmed accounts bench1..benchN with a contact for checkout. Returns what was added."""
    engine = get_engine()
    with Session(engine) as session:
        if session.exec(select(Product.id)).first() is not None or session.exec(select(Category.id)).first():
            raise SystemExit("the catalog is not empty: load the benchmark catalog into a fresh DATA_DIR / DB_URL")
    generate_catalog(engine, products=products, categories=categories)
    with Session(engine, expire_on_commit=False) as session:
        load_demo_accounts(session)
        added = 0
        for n in range(1, shoppers + 1):
            login = shopper_login(n)
            if session.exec(select(User.id).where(User.login == login)).first() is not None:
                continue
            user = create_confirmed_account(
                session=session,
                login=login,
                email=f"{login}@bench.example",
                password=SHOPPER_PASSWORD,
                is_staff=False,
                first_name="Покупатель",
                last_name="Тестовый",
            )
            profile = session.get(Profile, user.id)
            assert profile is not None
            profile.phone, profile.address = "+79160000000", f"Москва, ул. Тестовая, {n}"
            session.add(profile)
            added += 1
        session.commit()
    return f"{products} products in {categories} categories, {added} shoppers ({shopper_login(1)}..)"
