"""Registration is limited per IP and per address it mails (issue 9 §4): 25 accounts in 2 s no more."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, func, select

from store_app.accounts.models import User
from store_app.accounts.registration.limits import REGISTRATION_MAILS_PER_ADDRESS, REGISTRATIONS_PER_IP
from store_app.accounts.registration.service import register_user
from store_app.core import clock
from store_app.core.errors import RateLimited
from store_app.core.i18n import t
from store_app.mail.models import MailMessage
from tests.utils.factories import registration

IP = "203.0.113.9"


def _users(session: Session) -> int:
    return session.exec(select(func.count()).select_from(User)).one()


def test_one_ip_registers_ten_accounts_an_hour_then_waits(session: Session) -> None:
    for _ in range(REGISTRATIONS_PER_IP.max_hits):
        register_user(session=session, data=registration(), ip=IP)
        session.commit()
    with pytest.raises(RateLimited) as caught:
        register_user(session=session, data=registration(), ip=IP)
    assert caught.value.field is None and caught.value.message == t("register.error.too_many", minutes=60)
    assert caught.value.retry_after_seconds == 3600
    register_user(session=session, data=registration(), ip="203.0.113.10")  # another IP is not affected
    session.commit()
    assert _users(session) == REGISTRATIONS_PER_IP.max_hits + 1

    clock.advance(dt.timedelta(hours=1, seconds=1))
    assert register_user(session=session, data=registration(), ip=IP).user is not None


def test_one_address_gets_at_most_five_sign_up_mails_an_hour_from_any_ip(session: Session) -> None:
    register_user(session=session, data=registration(email="flooded@example.com"), ip="198.51.100.1")
    session.commit()
    for n in range(REGISTRATION_MAILS_PER_ADDRESS.max_hits - 1):  # the taken address: its owner is mailed
        register_user(session=session, data=registration(email="Flooded@Example.com"), ip=f"198.51.100.{n + 2}")
        session.commit()
    with pytest.raises(RateLimited):
        register_user(session=session, data=registration(email="flooded@example.com"), ip="198.51.100.50")
    mails = session.exec(select(func.count()).select_from(MailMessage)).one()
    assert mails == REGISTRATION_MAILS_PER_ADDRESS.max_hits


def test_a_form_that_breaks_a_rule_mails_nobody_and_is_not_counted(session: Session) -> None:
    for _ in range(REGISTRATIONS_PER_IP.max_hits + 5):
        with pytest.raises(Exception) as caught:
            register_user(session=session, data=registration(accept_rules=False), ip=IP)
        assert not isinstance(caught.value, RateLimited)
        session.rollback()
    assert register_user(session=session, data=registration(), ip=IP).user is not None
