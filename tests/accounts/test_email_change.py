"""Email change on a real database with a moved clock: the password, registration's address rules, a
single-use hashed link to the new address that a newer request voids, notices to the old address,
and the address changing only when the link is opened."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from store_app.accounts.email_change.models import EmailChange
from store_app.accounts.email_change.service import (
    ChangeOutcome,
    confirm_email_change,
    pending_email,
    request_email_change,
)
from store_app.accounts.models import User
from store_app.accounts.sessions.models import LoginSession
from store_app.accounts.sessions.service import start_session
from store_app.audit.models import HistoryEvent
from store_app.core import clock
from store_app.core.db import session_scope
from store_app.core.errors import RateLimited, ValidationFailed
from store_app.core.i18n import t
from store_app.core.tokens import token_digest
from store_app.mail.models import MailMessage
from tests.utils.factories import PASSWORD, make_shopper

IP = "198.51.100.61"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
LINK = re.compile(r"/email-change/([A-Za-z0-9_-]+)")


def _ask(user: User, new_email: str, password: str = PASSWORD) -> str:
    assert user.id is not None
    with session_scope() as session:
        return request_email_change(
            session=session, user_id=user.id, password=password, new_email=new_email, ip=IP, user_agent=FIREFOX
        )


def _open(token: str, ip: str = "203.0.113.8") -> ChangeOutcome:
    with session_scope() as session:
        return confirm_email_change(session=session, token=token, ip=ip, user_agent=FIREFOX)


def _mails(session: Session, **where: str) -> list[MailMessage]:
    session.expire_all()
    query = select(MailMessage).order_by(col(MailMessage.id))
    for name, value in where.items():
        query = query.where(getattr(MailMessage, name) == value)
    return list(session.exec(query))


def _link_token(session: Session, to: str) -> str:
    [mail] = _mails(session, recipient=to, template="email_change_confirm")
    found = LINK.search(mail.text_body)
    assert found, mail.text_body
    return found.group(1)


def _email_of(session: Session, user: User) -> str:
    session.expire_all()
    fresh = session.get(User, user.id)
    assert fresh is not None
    return fresh.email


def test_the_address_changes_only_when_the_link_is_opened(session: Session) -> None:
    user = make_shopper(session, confirmed=True)
    old = user.email
    assert _ask(user, "  Anna.New@Example.COM ") == "Anna.New@example.com"  # normalised as registration does
    assert _email_of(session, user) == old
    token = _link_token(session, "Anna.New@example.com")
    stored = session.exec(select(EmailChange)).one()
    assert stored.token_hash == token_digest(token) and token not in stored.token_hash
    [asked] = _mails(session, recipient=old, template="security_notice")
    assert "Anna.New@example.com" in asked.text_body and IP in asked.text_body and "Firefox 128" in asked.text_body
    assert "/cabinet#cabinet-sessions" in asked.text_body
    assert token not in asked.text_body

    assert _open(token) == ChangeOutcome.CHANGED
    assert _email_of(session, user) == "Anna.New@example.com"
    notices = _mails(session, recipient=old, template="security_notice")
    assert len(notices) == 2
    assert "203.0.113.8" in notices[1].text_body and "Anna.New@example.com" in notices[1].text_body
    assert _open(token) == ChangeOutcome.INVALID  # single use
    kinds = [event.kind for event in session.exec(select(HistoryEvent))]
    assert "email change requested" in kinds and "email changed" in kinds


def test_the_password_and_the_address_are_checked_all_at_once(session: Session) -> None:
    user = make_shopper(session)
    with pytest.raises(ValidationFailed) as refused:
        _ask(user, "not an address", password="wrong-password-1")
    assert refused.value.errors["new_email"] == [t("register.error.email_invalid")]
    assert refused.value.errors["password"] == [t("password_change.error.old_wrong")]
    with pytest.raises(ValidationFailed) as same:
        _ask(user, user.email.upper())
    assert same.value.errors["new_email"] == [t("email_change.error.same")]
    with pytest.raises(ValidationFailed) as empty:
        _ask(user, "")
    assert empty.value.errors["new_email"] == [t("register.error.required")]
    assert _mails(session) == []


def test_wrong_passwords_count_against_the_cabinets_limit(session: Session) -> None:
    user = make_shopper(session)
    for _ in range(5):
        with pytest.raises(ValidationFailed):
            _ask(user, "elsewhere@example.com", password="wrong-password-1")
    with pytest.raises(RateLimited) as blocked:
        _ask(user, "elsewhere@example.com")  # the right password, but the account is blocked for now
    assert "password" in blocked.value.errors  # said under the password field
    assert _mails(session, template="email_change_confirm") == []


def test_a_newer_request_voids_the_older_link(session: Session) -> None:
    user = make_shopper(session)
    _ask(user, "first@example.com")
    first = _link_token(session, "first@example.com")
    _ask(user, "second@example.com")
    second = _link_token(session, "second@example.com")
    assert _open(first) == ChangeOutcome.INVALID
    assert _email_of(session, user) == user.email
    with session_scope() as tx:
        assert pending_email(session=tx, user_id=user.id) == "second@example.com"  # type: ignore[arg-type]
    assert _open(second) == ChangeOutcome.CHANGED
    assert _email_of(session, user) == "second@example.com"


def test_the_link_expires(session: Session) -> None:
    user = make_shopper(session)
    _ask(user, "late@example.com")
    token = _link_token(session, "late@example.com")
    clock.advance(dt.timedelta(hours=24, seconds=-1))  # README: a link works 24 hours
    with session_scope() as tx:
        assert pending_email(session=tx, user_id=user.id or 0) == "late@example.com"
    clock.advance(dt.timedelta(seconds=2))
    assert _open(token) == ChangeOutcome.EXPIRED
    assert _email_of(session, user) == user.email


def test_a_taken_address_gets_the_same_answer_and_no_link(session: Session) -> None:
    user = make_shopper(session)
    other = make_shopper(session)
    assert _ask(user, other.email.upper()) == other.email.upper().split("@")[0] + "@example.com"
    assert _mails(session, template="email_change_confirm") == []
    assert _email_of(session, user) == user.email


def test_an_address_registered_before_the_link_is_opened_is_refused(session: Session) -> None:
    user = make_shopper(session)
    _ask(user, "race@example.com")
    token = _link_token(session, "race@example.com")
    make_shopper(session, login="race")  # registers race@example.com meanwhile
    assert _open(token) == ChangeOutcome.TAKEN
    assert _email_of(session, user) == user.email


def test_requests_are_limited_per_account(session: Session) -> None:
    user = make_shopper(session)
    for n in range(5):
        _ask(user, f"flood{n}@example.com")
    with pytest.raises(RateLimited):
        _ask(user, "flood9@example.com")
    clock.advance(dt.timedelta(hours=1, seconds=1))
    _ask(user, "calm@example.com")


def test_sessions_stay_after_the_change(session: Session) -> None:
    user = make_shopper(session)
    assert user.id is not None
    with session_scope() as tx:
        start_session(session=tx, user_id=user.id, ip=IP, user_agent="a")
        start_session(session=tx, user_id=user.id, ip=IP, user_agent="b")
    _ask(user, "kept@example.com")
    assert _open(_link_token(session, "kept@example.com")) == ChangeOutcome.CHANGED
    session.expire_all()
    running = session.exec(select(LoginSession).where(col(LoginSession.ended_at).is_(None))).all()
    assert len(running) == 2


def test_a_made_up_or_overlong_token_changes_nothing(session: Session) -> None:
    user = make_shopper(session)
    _ask(user, "real@example.com")
    assert _open("made-up") == ChangeOutcome.INVALID
    assert _open("x" * 500) == ChangeOutcome.INVALID
    assert _email_of(session, user) == user.email


@pytest.fixture
def engine(engine_on_each_database: Engine) -> Engine:
    return engine_on_each_database


def test_two_tabs_opening_one_link_change_it_once(engine: Engine) -> None:
    with Session(engine, expire_on_commit=False) as session:
        user = make_shopper(session)
        request_email_change(
            session=session,
            user_id=user.id,
            password=PASSWORD,
            new_email="twice@example.com",
            ip=IP,  # type: ignore[arg-type]
        )
        session.commit()
        token = _link_token(session, "twice@example.com")
    outcomes: list[str] = []
    start = threading.Barrier(4)

    def open_link() -> None:
        start.wait()
        with Session(engine, expire_on_commit=False) as tab:
            try:
                outcomes.append(confirm_email_change(session=tab, token=token, ip=IP).value)
                tab.commit()
            except Exception as error:  # a database error would be a bug: keep it for the assertion
                tab.rollback()
                outcomes.append(f"crash: {error!r}")

    threads = [threading.Thread(target=open_link) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(outcomes) == ["changed"] + ["invalid"] * 3, outcomes
    with Session(engine) as session:
        notices = session.exec(select(MailMessage).where(MailMessage.template == "security_notice")).all()
        assert len(notices) == 2  # one when asked, one when changed: not one per tab
