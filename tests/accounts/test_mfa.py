"""Two-factor login on a real database with a moved clock: setup, second step, replay, recovery codes,
lockout, expiry, turning off, staff reset, and that a password reset does not skip the code."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlmodel import Session, select

from store_app.accounts.login.service import (
    CodeFailed,
    LockedOut,
    LoginResult,
    MfaRequired,
    login_with_code,
    login_with_password,
)
from store_app.accounts.mfa.models import MfaChallenge, MfaRecoveryCode
from store_app.accounts.mfa.service import (
    confirm_setup,
    disable,
    is_enabled,
    reset_by_staff,
    setup_picture,
    unused_recovery_codes,
)
from store_app.accounts.reset.service import complete_reset, request_reset_code
from store_app.accounts.sessions.models import LoginSession
from store_app.audit.models import HistoryEvent
from store_app.core import clock
from store_app.core.db import session_scope
from store_app.core.errors import ValidationFailed
from store_app.core.tokens import token_digest
from store_app.mail.models import MailMessage
from tests.accounts.mfa_helpers import code_now, enable_mfa, start_setup, stored_secret
from tests.utils.factories import PASSWORD, make_shopper

IP = "198.51.100.30"


def _password_step(login: str, password: str = PASSWORD) -> str:
    with pytest.raises(MfaRequired) as pending, session_scope() as session:
        login_with_password(session=session, identifier=login, password=password, ip=IP, user_agent="pytest")
    return pending.value.token


def _code_step(token: str, code: str) -> LoginResult:
    with session_scope() as session:
        return login_with_code(session=session, token=token, code=code, ip=IP, user_agent="pytest")


def _sessions(session: Session) -> list[LoginSession]:
    session.expire_all()
    return list(session.exec(select(LoginSession)))


def test_setup_needs_a_right_code_and_gives_ten_hashed_single_use_recovery_codes(session: Session) -> None:
    user = make_shopper(session)
    assert user.id is not None
    secret = start_setup(user.id)
    with session_scope() as tx:
        picture = setup_picture(session=tx, user_id=user.id)
    assert picture is not None and picture.secret == secret
    assert picture.uri.startswith("otpauth://totp/") and secret in picture.uri
    assert picture.qr_svg.startswith("<svg") and "http://www.w3.org/2000/svg" in picture.qr_svg
    with pytest.raises(ValidationFailed) as wrong, session_scope() as tx:
        confirm_setup(session=tx, user_id=user.id, code="000000" if code_now(secret) != "000000" else "111111", ip=IP)
    assert "code" in wrong.value.errors
    assert not is_enabled(session=session, user_id=user.id)
    with session_scope() as tx:
        codes = confirm_setup(session=tx, user_id=user.id, code=code_now(secret), ip=IP)
    assert len(codes) == len(set(codes)) == 10
    assert is_enabled(session=session, user_id=user.id)
    stored = {row.code_hash for row in session.exec(select(MfaRecoveryCode))}
    assert stored == {token_digest(code.replace("-", "")) for code in codes}
    assert not any(code.replace("-", "") in stored for code in codes)  # hashes only
    kinds = [event.kind for event in session.exec(select(HistoryEvent))]
    assert "2fa on" in kinds


def test_password_alone_gives_no_session_and_the_code_does(session: Session) -> None:
    user = make_shopper(session)
    assert user.id is not None
    secret, _codes = enable_mfa(user.id)
    token = _password_step(user.login)
    assert _sessions(session) == []
    challenge = session.exec(select(MfaChallenge)).one()
    assert challenge.token_hash == token_digest(token) and token not in challenge.token_hash
    result = _code_step(token, code_now(secret))
    assert result.user.id == user.id
    assert len(_sessions(session)) == 1
    # The challenge is spent: the same token does not log in twice, even with a fresh code.
    clock.advance(dt.timedelta(seconds=30))
    with pytest.raises(CodeFailed):
        _code_step(token, code_now(secret))


def test_a_used_code_cannot_be_replayed_within_its_window(session: Session) -> None:
    user = make_shopper(session)
    assert user.id is not None
    secret, _codes = enable_mfa(user.id)
    code = code_now(secret)
    _code_step(_password_step(user.login), code)
    clock.advance(dt.timedelta(seconds=10))  # still inside the code's window
    with pytest.raises(CodeFailed):
        _code_step(_password_step(user.login), code)
    # A code of the step before the accepted one is refused too (only newer steps count).
    with pytest.raises(CodeFailed):
        _code_step(_password_step(user.login), code_now(secret, steps_ahead=-1))


def test_codes_one_step_off_work_and_older_ones_do_not(session: Session) -> None:
    user = make_shopper(session)
    assert user.id is not None
    secret, _codes = enable_mfa(user.id)
    old = code_now(secret)
    clock.advance(dt.timedelta(seconds=65))  # two steps later: the old code is out of the window
    with pytest.raises(CodeFailed):
        _code_step(_password_step(user.login), old)
    _code_step(_password_step(user.login), code_now(secret, steps_ahead=1))  # the phone is a little fast


def test_the_pending_step_expires_after_five_minutes(session: Session) -> None:
    user = make_shopper(session)
    assert user.id is not None
    secret, _codes = enable_mfa(user.id)
    token = _password_step(user.login)
    clock.advance(dt.timedelta(minutes=5, seconds=1))
    with pytest.raises(CodeFailed):
        _code_step(token, code_now(secret))
    assert _sessions(session) == []


def test_a_made_up_token_gets_nothing(session: Session) -> None:
    user = make_shopper(session)
    assert user.id is not None
    secret, _codes = enable_mfa(user.id)
    with pytest.raises(CodeFailed):
        _code_step("not-a-token", code_now(secret))


def test_recovery_codes_work_once_each(session: Session) -> None:
    user = make_shopper(session)
    assert user.id is not None
    _secret, codes = enable_mfa(user.id)
    _code_step(_password_step(user.login), codes[0])
    with pytest.raises(CodeFailed):
        _code_step(_password_step(user.login), codes[0])
    _code_step(_password_step(user.login), codes[1].upper().replace("-", " "))  # typed loosely
    assert unused_recovery_codes(session=session, user_id=user.id) == 8


def test_wrong_codes_count_against_the_login_lockout(session: Session) -> None:
    user = make_shopper(session)
    assert user.id is not None
    secret, _codes = enable_mfa(user.id)
    token = _password_step(user.login)
    wrong = "123456" if code_now(secret) != "123456" else "654321"
    for _ in range(4):
        with pytest.raises(CodeFailed):
            _code_step(token, wrong)
    with pytest.raises(LockedOut):
        _code_step(token, wrong)
    # Locked: the right code does not help now, and neither does the password step.
    with pytest.raises(LockedOut):
        _code_step(token, code_now(secret))
    with pytest.raises(LockedOut), session_scope() as tx:
        login_with_password(session=tx, identifier=user.login, password=PASSWORD, ip="203.0.113.9", user_agent="x")
    clock.advance(dt.timedelta(minutes=16))
    _code_step(_password_step(user.login), code_now(secret))


def test_the_password_step_does_not_clear_earlier_failures(session: Session) -> None:
    user = make_shopper(session)
    assert user.id is not None
    secret, _codes = enable_mfa(user.id)
    wrong = "123456" if code_now(secret) != "123456" else "654321"
    for _ in range(4):
        with pytest.raises(CodeFailed):
            _code_step(_password_step(user.login), wrong)
    with pytest.raises(LockedOut):
        _code_step(_password_step(user.login), wrong)


def test_turning_off_needs_the_password_and_a_code(session: Session) -> None:
    user = make_shopper(session)
    assert user.id is not None
    secret, _codes = enable_mfa(user.id)
    with pytest.raises(ValidationFailed) as no_password, session_scope() as tx:
        disable(session=tx, user_id=user.id, password="wrong-password-9", code=code_now(secret), ip=IP)
    assert "password" in no_password.value.errors
    with pytest.raises(ValidationFailed) as no_code, session_scope() as tx:
        disable(session=tx, user_id=user.id, password=PASSWORD, code="", ip=IP)
    assert "code" in no_code.value.errors
    assert is_enabled(session=session, user_id=user.id)
    with session_scope() as tx:
        disable(session=tx, user_id=user.id, password=PASSWORD, code=code_now(secret), ip=IP)
    assert stored_secret(session, user.id) is None
    assert session.exec(select(MfaRecoveryCode)).all() == []
    with session_scope() as tx:
        assert login_with_password(session=tx, identifier=user.login, password=PASSWORD, ip=IP, user_agent="x")


def test_staff_reset_turns_it_off_and_is_recorded(session: Session) -> None:
    user = make_shopper(session)
    admin = make_shopper(session, login="boss")
    assert user.id is not None
    enable_mfa(user.id)
    with session_scope() as tx:
        assert reset_by_staff(session=tx, user_id=user.id, actor=admin, ip=IP)
    assert not is_enabled(session=session, user_id=user.id)
    event = session.exec(select(HistoryEvent).where(HistoryEvent.kind == "2fa reset")).one()
    assert (event.actor_id, event.target) == (admin.id, f"user:{user.id}")


def test_a_password_reset_still_asks_for_the_code(session: Session) -> None:
    user = make_shopper(session, confirmed=True)
    assert user.id is not None
    enable_mfa(user.id)
    with session_scope() as tx:
        request_reset_code(session=tx, email=user.email, ip=IP)
    session.expire_all()
    mail = session.exec(select(MailMessage).where(MailMessage.template == "password_reset_code")).one()
    match = re.search(r"\b(\d{6})\b", mail.text_body)
    assert match
    code = match.group(1)
    with session_scope() as tx:
        complete_reset(
            session=tx, email=user.email, code=code, password="brand-new-pass-77", password2="brand-new-pass-77", ip=IP
        )
    assert is_enabled(session=session, user_id=user.id)
    _password_step(user.login, "brand-new-pass-77")
    assert _sessions(session) == []


def test_the_secret_is_never_in_the_history(session: Session) -> None:
    user = make_shopper(session)
    assert user.id is not None
    secret, _codes = enable_mfa(user.id)
    _code_step(_password_step(user.login), code_now(secret))
    for event in session.exec(select(HistoryEvent)):
        assert secret not in str(event.details)
