"""The "new device" notice (issue 14): a browser login without this account's signed device cookie mails
the time, IP, device and a link to the sessions; not the first login after registering, not the API,
not a browser that logged in before; the second step of 2FA counts the same."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, col, select

from store_app.accounts.login.known_device import LIFETIME, issue_device_token
from store_app.accounts.login.service import LoginResult, MfaRequired, login_with_code, login_with_password
from store_app.accounts.models import User
from store_app.core import clock
from store_app.core.db import session_scope
from store_app.mail.models import MailMessage
from tests.accounts.mfa_helpers import code_now, enable_mfa
from tests.utils.factories import PASSWORD, make_shopper

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
IP = "198.51.100.77"


def _browser_login(user: User, device: str | None = None, *, browser: bool = True) -> LoginResult:
    with session_scope() as session:
        return login_with_password(
            session=session,
            identifier=user.login,
            password=PASSWORD,
            ip=IP,
            user_agent=FIREFOX,
            device_token=device,
            browser=browser,
        )


def _new_device_mails(session: Session, user: User) -> list[MailMessage]:
    session.expire_all()
    query = select(MailMessage).where(MailMessage.recipient == user.email, MailMessage.template == "security_notice")
    return list(session.exec(query.order_by(col(MailMessage.id))))


def test_the_first_login_after_registering_mails_nothing(session: Session) -> None:
    user = make_shopper(session)
    _browser_login(user)
    assert _new_device_mails(session, user) == []


def test_a_browser_without_the_device_cookie_is_a_new_device(session: Session) -> None:
    user = make_shopper(session)
    first = _browser_login(user)
    _browser_login(user)  # a second browser: no cookie
    [notice] = _new_device_mails(session, user)
    assert (
        IP in notice.text_body
        and "Firefox 128 · Linux" in notice.text_body
        and "(Москва, стандартное время)" in notice.text_body
    )
    assert "/cabinet#cabinet-sessions" in notice.text_body
    assert first.device_token not in notice.text_body
    # The first browser comes back with its cookie: no mail.
    _browser_login(user, first.device_token)
    assert len(_new_device_mails(session, user)) == 1


def test_another_accounts_or_an_expired_cookie_is_no_known_device(session: Session) -> None:
    user, other = make_shopper(session), make_shopper(session)
    assert other.id is not None
    _browser_login(user)
    _browser_login(user, issue_device_token(user_id=other.id))
    assert len(_new_device_mails(session, user)) == 1
    old = _browser_login(user, "forged.1.abc")
    clock.advance(LIFETIME + dt.timedelta(minutes=1))
    _browser_login(user, old.device_token)
    assert len(_new_device_mails(session, user)) == 3


def test_the_api_login_mails_no_new_device(session: Session) -> None:
    user = make_shopper(session)
    _browser_login(user, browser=False)
    _browser_login(user, browser=False)
    assert _new_device_mails(session, user) == []


def _code_login(user: User, code: str, device: str | None) -> LoginResult:
    with pytest.raises(MfaRequired) as pending, session_scope() as session:
        login_with_password(
            session=session, identifier=user.login, password=PASSWORD, ip=IP, user_agent=FIREFOX, browser=True
        )
    with session_scope() as session:
        return login_with_code(
            session=session,
            token=pending.value.token,
            code=code,
            ip=IP,
            user_agent=FIREFOX,
            device_token=device,
            browser=True,
        )


def test_a_login_with_a_second_step_is_checked_at_the_code(session: Session) -> None:
    user = make_shopper(session)
    assert user.id is not None
    first = _browser_login(user)
    secret, _codes = enable_mfa(user.id)
    before = len(_new_device_mails(session, user))  # the 2FA-on notice
    _code_login(user, code_now(secret), first.device_token)
    assert len(_new_device_mails(session, user)) == before  # the known browser
    clock.advance(dt.timedelta(seconds=30))
    _code_login(user, code_now(secret), None)
    assert len(_new_device_mails(session, user)) == before + 1
