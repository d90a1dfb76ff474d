"""Security notices: a mail with time, IP and device when 2FA is turned on, off or reset, and the
password-change mail names the IP; in the shop's language."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from store_app.accounts.mail import sessions_url
from store_app.accounts.mfa.service import disable, reset_by_staff
from store_app.core.db import session_scope
from store_app.core.settings import get_settings
from store_app.mail.models import MailMessage
from tests.accounts.mfa_helpers import code_now, enable_mfa
from tests.utils.factories import PASSWORD, make_shopper

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def _notices(session: Session) -> list[MailMessage]:
    session.expire_all()
    query = select(MailMessage).where(MailMessage.template == "security_notice").order_by(MailMessage.id)
    return list(session.exec(query))


def test_turning_2fa_on_and_off_mails_time_ip_and_device(session: Session) -> None:
    user = make_shopper(session)
    assert user.id is not None
    secret, codes = enable_mfa(user.id)
    [on] = _notices(session)
    assert on.recipient == user.email
    assert "198.51.100.1" in on.text_body and "(Москва, стандартное время)" in on.text_body  # the shop's clock
    assert secret not in on.text_body and not any(code in on.text_body for code in codes)
    assert sessions_url() in on.text_body and sessions_url().startswith(get_settings().public_origin + "/cabinet")
    with session_scope() as tx:
        disable(
            session=tx, user_id=user.id, password=PASSWORD, code=code_now(secret), ip="203.0.113.4", user_agent=FIREFOX
        )
    off = _notices(session)[-1]
    assert "203.0.113.4" in off.text_body and "Firefox 128" in off.text_body
    assert on.subject != off.subject


def test_a_staff_reset_is_mailed_too(session: Session) -> None:
    user = make_shopper(session)
    admin = make_shopper(session, login="boss")
    assert user.id is not None
    enable_mfa(user.id)
    with session_scope() as tx:
        reset_by_staff(session=tx, user_id=user.id, actor=admin, ip="10.0.0.2")
    assert len(_notices(session)) == 2


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_notice_is_in_the_shop_language(session: Session, monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    monkeypatch.setenv("LANGUAGE", language)
    get_settings.cache_clear()
    user = make_shopper(session)
    assert user.id is not None
    enable_mfa(user.id)
    [mail] = _notices(session)
    assert mail.language == language
    assert ("включён" in mail.subject) == (language == "ru")


def test_the_password_change_mail_names_the_ip(session: Session) -> None:
    from store_app.accounts.profile.password_service import change_password

    user = make_shopper(session)
    assert user.id is not None
    with session_scope() as tx:
        change_password(
            session=tx,
            user_id=user.id,
            old_password=PASSWORD,
            new_password="fresh-copper-river-81",
            new_password2="fresh-copper-river-81",
            current_session_id=None,
            ip="192.0.2.44",
        )
    session.expire_all()
    mail = session.exec(select(MailMessage).where(MailMessage.template == "password_changed")).one()
    assert "192.0.2.44" in mail.text_body and "192.0.2.44" in mail.html_body
