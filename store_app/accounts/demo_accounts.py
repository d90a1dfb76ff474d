"""Demo accounts with known passwords (SPEC A9): one admin, one shopper. Listed in README.md."""

from __future__ import annotations

from sqlmodel import Session, select

from store_app.accounts.admin_command import create_confirmed_account
from store_app.accounts.models import User

DEMO_ADMIN = {"login": "admin", "email": "admin@volt-shop.example", "password": "copper-lantern-58"}
DEMO_SHOPPER = {"login": "shopper", "email": "shopper@volt-shop.example", "password": "maple-ticket-31"}


def load_demo_accounts(session: Session) -> int:
    """Add the two demo accounts when there are no accounts yet; returns how many were added."""
    if session.exec(select(User.id)).first() is not None:
        return 0
    create_confirmed_account(session=session, is_staff=True, first_name="Администратор", **DEMO_ADMIN)
    create_confirmed_account(session=session, is_staff=False, first_name="Анна", last_name="Покупатель", **DEMO_SHOPPER)
    return 2
