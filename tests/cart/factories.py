"""Rows the cart and order tests need: shoppers (with profile and cart) and products."""

from __future__ import annotations

import itertools
from decimal import Decimal

from sqlmodel import Session

from store_app.accounts.models import Profile, User
from store_app.cart.service import create_user_cart
from store_app.catalog.models import Product
from store_app.catalog.query import normalize_text

_serial = itertools.count(1)


def make_user(session: Session, *, login: str | None = None, first_name: str = "Анна") -> User:
    """A shopper as registration leaves one: account, profile and an empty cart."""
    login = login or f"shopper{next(_serial)}"
    user = User(login=login, email=f"{login}@example.com", password_hash="not-a-real-hash")
    session.add(user)
    session.flush()
    session.add(
        Profile(
            user_id=user.id or 0,
            first_name=first_name,
            last_name="Смирнова",
            phone="+79161234567",
            address="Москва, ул. Тверская, д. 1",
        )
    )
    create_user_cart(session=session, user_id=user.id or 0)
    session.commit()
    return user


def make_product(
    session: Session,
    *,
    name: str | None = None,
    slug: str | None = None,
    price: str = "1000.00",
    discount: str | None = None,
    stock: int = 10,
    active: bool = True,
) -> Product:
    number = next(_serial)
    name = name or f"Товар {number}"
    product = Product(
        name=name,
        search_text=normalize_text(name)[:200],
        slug=slug or f"product-{number}",
        price=Decimal(price),
        discount_price=Decimal(discount) if discount is not None else None,
        stock=stock,
        is_active=active,
    )
    session.add(product)
    session.commit()
    return product
