"""The hourly login-data purge (README "Logins and sessions", last point) takes the email-change links that
were used or have expired and the second login steps that have expired, and leaves the live ones."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlmodel import Session, col, select

from store_app.accounts.email_change.models import EmailChange
from store_app.accounts.email_change.service import LINK_LIFETIME, confirm_email_change, request_email_change
from store_app.accounts.login.service import MfaRequired, login_with_password
from store_app.accounts.mfa.models import MfaChallenge
from store_app.accounts.models import User
from store_app.accounts.sessions.purge import purge_login_data_job
from store_app.core import clock
from store_app.core.db import session_scope
from store_app.mail.models import MailMessage
from tests.accounts.mfa_helpers import enable_mfa
from tests.utils.factories import PASSWORD, make_shopper

IP = "198.51.100.72"
LINK = re.compile(r"/email-change/([A-Za-z0-9_-]+)")


def _ask(user: User, new_email: str) -> None:
    assert user.id is not None
    with session_scope() as session:
        request_email_change(
            session=session, user_id=user.id, password=PASSWORD, new_email=new_email, ip=IP, user_agent="pytest"
        )


def _mailed_token(session: Session, to: str) -> str:
    [mail] = session.exec(select(MailMessage).where(MailMessage.recipient == to)).all()
    found = LINK.search(mail.text_body)
    assert found, mail.text_body
    return found.group(1)


def _password_step(user: User) -> None:
    with pytest.raises(MfaRequired), session_scope() as session:
        login_with_password(session=session, identifier=user.login, password=PASSWORD, ip=IP, user_agent="pytest")


def test_used_and_expired_email_change_links_and_expired_second_steps_are_purged(session: Session) -> None:
    used, expired, live = (make_shopper(session, confirmed=True) for _ in range(3))
    _ask(used, "used-new@example.com")
    with session_scope() as tx:
        confirm_email_change(session=tx, token=_mailed_token(tx, "used-new@example.com"), ip=IP, user_agent="pytest")
    _ask(expired, "expired-new@example.com")
    clock.advance(LINK_LIFETIME - dt.timedelta(hours=1))
    _ask(live, "live-new@example.com")
    clock.advance(dt.timedelta(hours=2))  # the second request's link has 22 hours left, the first's is over

    slow, quick = make_shopper(session), make_shopper(session)
    assert slow.id is not None and quick.id is not None
    enable_mfa(slow.id)
    enable_mfa(quick.id)
    _password_step(slow)
    clock.advance(dt.timedelta(minutes=6))  # a second step lives 5 minutes
    _password_step(quick)

    purge_login_data_job()

    session.expire_all()
    assert [row.user_id for row in session.exec(select(EmailChange))] == [live.id]
    assert [row.user_id for row in session.exec(select(MfaChallenge).order_by(col(MfaChallenge.id)))] == [quick.id]
