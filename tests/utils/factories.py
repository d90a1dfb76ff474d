"""The one set of test factories: accounts, products and registration input, written through the shop's
own services wherever one exists, so a test's rows are the rows the shop would have written.

Products go through `catalog.service.create_product` (slugs, search text and the listing tables
included: a factory-made product is found by search like any other). Accounts go through the
registration rules (`check_registration`) and the cart service; their rows are written here, not by
`register_user` (which mails an activation link and logs history that the tests would then have to
step around), with a real password hash so logging in works.
"""

from __future__ import annotations

import functools
import itertools
import uuid
from collections.abc import Sequence

from sqlmodel import Session

from store_app.accounts.models import Profile, User
from store_app.accounts.registration.service import RegistrationData, check_registration, register_user
from store_app.audit.actor import SYSTEM
from store_app.cart.service import create_user_cart
from store_app.catalog.models import Product
from store_app.catalog.service import ProductInput, create_product
from store_app.core import clock
from store_app.core.db import session_scope
from store_app.core.passwords import hash_password

PASSWORD = GOOD_PASSWORD = "velvet-otter-42-lamp"
_serial = itertools.count(1)
_run = uuid.uuid4().hex[:6]  # live-shop tests share one database across the session: logins stay unique


@functools.cache
def _password_hash(password: str) -> str:
    return hash_password(password)  # argon2 costs ~30 ms: hash each test password once


def make_shopper(
    session: Session,
    *,
    login: str | None = None,
    password: str = PASSWORD,
    first_name: str = "Анна",
    confirmed: bool = False,
    staff: bool = False,
    phone: str = "",
    address: str = "",
) -> User:
    """An account as registration leaves it (profile and cart), with a password that works; committed."""
    login = login or f"shopper{next(_serial)}{_run}"
    fields = check_registration(
        session=session,
        data=RegistrationData(
            first_name=first_name or "Анна",
            last_name="Смирнова",
            login=login,
            email=f"{login}@example.com",
            password=password,
            password_repeat=password,
            accept_rules=True,
        ),
    )
    user = User(
        login=fields.login,
        email=fields.email,
        password_hash=_password_hash(password),
        is_staff=staff,
        email_confirmed_at=clock.now() if confirmed else None,
    )
    session.add(user)
    session.flush()
    assert user.id is not None
    session.add(Profile(user_id=user.id, first_name=first_name, last_name="Смирнова", phone=phone, address=address))
    create_user_cart(session=session, user_id=user.id)
    session.commit()
    return user


def make_user(session: Session, *, login: str | None = None, first_name: str = "Анна", staff: bool = False) -> User:
    """A shopper with the contact details checkout asks for (phone and address filled in)."""
    return make_shopper(
        session,
        login=login,
        first_name=first_name,
        staff=staff,
        phone="+79161234567",
        address="Москва, ул. Тверская, д. 1",
    )


def make_product(
    session: Session,
    *,
    name: str | None = None,
    slug: str | None = None,
    price: str = "1000.00",
    discount: str | None = None,
    stock: int = 10,
    active: bool = True,
    category_ids: Sequence[int] = (),
) -> Product:
    """A product written by the catalog service (checked, listed, searchable); committed."""
    number = next(_serial)
    product = create_product(
        session=session,
        data=ProductInput(
            name=name or f"Товар {number}",
            price=price,
            discount_price=discount,
            stock=stock,
            is_active=active,
            slug=slug or f"product-{number}-{_run}",
            category_ids=list(category_ids),
        ),
        actor=SYSTEM,
    )
    session.commit()
    return product


def registration(**overrides: object) -> RegistrationData:
    """A valid registration form, each call with a fresh login and email; `overrides` break one rule at a time."""
    n = next(_serial)
    fields: dict[str, object] = {
        "first_name": "Анна",
        "last_name": "Смирнова",
        "patronymic": "Петровна",
        "login": f"anna{n}",
        "email": f"anna{n}@example.com",
        "password": GOOD_PASSWORD,
        "password_repeat": GOOD_PASSWORD,
        "accept_rules": True,
    }
    fields.update(overrides)
    return RegistrationData(**fields)  # type: ignore[arg-type]


def register_committed(data: RegistrationData | None = None, *, ip: str = "203.0.113.7") -> User:
    """Register through the registration service in its own committed transaction, as the page does."""
    with session_scope() as session:
        user = register_user(session=session, data=data or registration(), ip=ip).user
        assert user is not None, "the factory's addresses are new"
        return user
