"""Shoppers for the reset, profile, avatar, password-change and deletion tests: real rows, real hash."""

from __future__ import annotations

import functools
import itertools

from sqlmodel import Session

from store_app.accounts.models import Profile, User
from store_app.cart.service import create_user_cart
from store_app.core import clock
from store_app.core.passwords import hash_password

PASSWORD = "velvet-otter-42-lamp"
_serial = itertools.count(1)


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
) -> User:
    """An account as registration leaves it (profile and cart), with a password that works."""
    login = login or f"shopper{next(_serial)}"
    user = User(
        login=login,
        email=f"{login}@example.com",
        password_hash=_password_hash(password),
        email_confirmed_at=clock.now() if confirmed else None,
    )
    session.add(user)
    session.flush()
    assert user.id is not None
    session.add(Profile(user_id=user.id, first_name=first_name, last_name="Смирнова"))
    create_user_cart(session=session, user_id=user.id)
    session.commit()
    return user
