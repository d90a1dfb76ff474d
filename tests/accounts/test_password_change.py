"""Change password in the cabinet (SPEC A6): old one checked, new one by A1, errors per field, other sessions end."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select

from store_app.accounts.models import User
from store_app.accounts.profile.password_service import change_password
from store_app.accounts.sessions.service import active_sessions, start_session
from store_app.audit.service import list_events
from store_app.core import clock
from store_app.core.errors import RateLimited, ValidationFailed
from store_app.core.i18n import t
from store_app.core.passwords import verify_password
from store_app.mail.models import MailMessage
from tests.utils.factories import PASSWORD, make_shopper

NEW = "quiet-harbour-lantern-7"
IP = "203.0.113.9"


def _change(
    session: Session,
    user: User,
    *,
    old: str = PASSWORD,
    new: str = NEW,
    new2: str | None = None,
    keep: int | None = None,
) -> None:
    change_password(
        session=session,
        user_id=user.id,
        old_password=old,
        new_password=new,
        new_password2=new if new2 is None else new2,
        current_session_id=keep,
        ip=IP,
    )


def test_the_password_changes_and_only_the_current_session_survives(session: Session) -> None:
    user = make_shopper(session)
    here = start_session(session=session, user_id=user.id, ip="10.0.0.1", user_agent="Firefox")
    start_session(session=session, user_id=user.id, ip="10.0.0.2", user_agent="Chrome on Android")
    start_session(session=session, user_id=user.id, ip="10.0.0.3", user_agent="Safari")
    session.commit()

    _change(session, user, keep=here.id)
    session.commit()

    session.expire_all()
    assert verify_password(NEW, session.get(User, user.id).password_hash)
    assert [s.id for s in active_sessions(session=session, user_id=user.id)] == [here.id]
    [event] = list_events(session=session, kind="password changed")
    assert (event.actor_id, event.ip) == (user.id, IP)
    [mail] = session.exec(select(MailMessage).where(MailMessage.template == "password_changed")).all()
    assert mail.recipient == user.email


def test_every_error_is_shown_under_its_field_at_once(session: Session) -> None:
    user = make_shopper(session)
    with pytest.raises(ValidationFailed) as caught:
        _change(session, user, old="wrong-password", new="password", new2="passw0rd")
    assert caught.value.errors == {
        "old_password": [t("password_change.error.old_wrong")],
        "new_password": [t("password.too_common")],
        "new_password2": [t("password_change.error.mismatch")],
    }
    session.rollback()
    assert verify_password(PASSWORD, session.get(User, user.id).password_hash)
    assert list_events(session=session, kind="password changed") == []


def test_a_new_password_like_the_login_is_refused(session: Session) -> None:
    user = make_shopper(session, login="marina.k")
    with pytest.raises(ValidationFailed) as caught:
        _change(session, user, new="marina.k2024")
    assert caught.value.errors == {"new_password": [t("password.like_login")]}


def test_wrong_old_passwords_are_limited_per_account(session: Session) -> None:
    user = make_shopper(session)
    for _ in range(5):
        with pytest.raises(ValidationFailed):
            _change(session, user, old="not-my-password")
        session.rollback()
    with pytest.raises(RateLimited) as caught:
        _change(session, user)  # even the right password waits for the block to end
    assert caught.value.field == "old_password"
    assert caught.value.message == t("password_change.error.rate_limited", count=15)
    clock.advance(dt.timedelta(minutes=15, seconds=1))
    _change(session, user)
    session.commit()
    assert verify_password(NEW, session.get(User, user.id).password_hash)


def test_the_current_password_again_is_refused_and_ends_no_session(session: Session) -> None:
    user = make_shopper(session)
    kept = start_session(session=session, user_id=user.id, ip=IP, user_agent="a")  # type: ignore[arg-type]
    start_session(session=session, user_id=user.id, ip=IP, user_agent="b")  # type: ignore[arg-type]
    session.commit()
    with pytest.raises(ValidationFailed) as refused:
        _change(session, user, new=PASSWORD, keep=kept.id)
    assert refused.value.errors == {"new_password": [t("password_change.error.same")]}
    session.rollback()
    assert len(active_sessions(session=session, user_id=user.id)) == 2  # type: ignore[arg-type]
    assert session.exec(select(MailMessage)).all() == []


def test_the_changed_mail_names_the_ip_and_the_device(session: Session) -> None:
    user = make_shopper(session)
    change_password(
        session=session,
        user_id=user.id,  # type: ignore[arg-type]
        old_password=PASSWORD,
        new_password=NEW,
        new_password2=NEW,
        current_session_id=None,
        ip=IP,
        user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Version/17.5 Mobile/15E148 Safari/604.1",
    )
    session.commit()
    mail = session.exec(select(MailMessage).where(MailMessage.template == "password_changed")).one()
    assert IP in mail.text_body and "Safari 17 · iPhone" in mail.text_body
