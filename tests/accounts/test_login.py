"""Login by login or email: one generic error, lockout per account and per IP, a session row per login."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from sqlmodel import Session, select

from store_app.accounts.login.service import (
    AccountDisabled,
    LockedOut,
    LoginFailed,
    LoginResult,
    login_with_password,
    logout,
)
from store_app.accounts.models import User
from store_app.accounts.profile.deletion_service import delete_account_by_admin
from store_app.accounts.sessions.models import LoginSession
from store_app.audit.models import HistoryEvent
from store_app.core import clock, passwords
from store_app.core.db import session_scope
from store_app.core.i18n import t
from store_app.core.rate_limit import RateLimitBlock
from tests.utils.factories import PASSWORD, make_shopper

IP = "198.51.100.20"


def _attempt(identifier: str, password: str, *, ip: str = IP) -> LoginResult:
    """One attempt in its own transaction, as the login route makes it."""
    with session_scope() as session:
        return login_with_password(
            session=session, identifier=identifier, password=password, ip=ip, user_agent="Mozilla/5.0 pytest"
        )


def _fail(identifier: str, *, times: int = 1, ip: str = IP) -> None:
    for _ in range(times):
        with pytest.raises(LoginFailed):
            _attempt(identifier, "not-the-password", ip=ip)


def _kinds(session: Session) -> list[str]:
    return [event.kind for event in session.exec(select(HistoryEvent).order_by(HistoryEvent.id))]


def test_login_by_login_or_email_in_any_case_starts_a_session(session: Session) -> None:
    user = make_shopper(session, login="Marina")
    for identifier in ("marina", "MARINA", " Marina@Example.com "):
        result = _attempt(identifier, PASSWORD)
        assert result.user.id == user.id
    rows = session.exec(select(LoginSession)).all()
    assert len(rows) == 3
    assert {(row.ip, row.user_agent) for row in rows} == {(IP, "Mozilla/5.0 pytest")}
    assert all(row.started_at and row.last_seen_at and row.ended_at is None for row in rows)
    assert _kinds(session).count("logged in") == 3


def test_wrong_password_and_unknown_login_get_the_same_generic_message(session: Session) -> None:
    make_shopper(session, login="boris")
    with pytest.raises(LoginFailed) as wrong_password:
        _attempt("boris", "wrong-password-1")
    with pytest.raises(LoginFailed) as unknown_user:
        _attempt("nobody-here", PASSWORD)
    assert wrong_password.value.message == unknown_user.value.message == t("login.error.invalid")
    assert wrong_password.value.field is None


def test_unconfirmed_email_may_log_in_but_inactive_account_may_not(session: Session) -> None:
    unconfirmed = make_shopper(session, login="fresh")
    assert unconfirmed.email_confirmed_at is None
    assert _attempt("fresh", PASSWORD).user.id == unconfirmed.id
    blocked = make_shopper(session, login="blocked")
    blocked.is_active = False
    session.add(blocked)
    session.commit()
    with pytest.raises(AccountDisabled) as disabled:
        _attempt("blocked", PASSWORD)
    # Only the right password learns that the account is disabled; a wrong one gets the generic answer.
    assert disabled.value.message == t("login.error.disabled") and disabled.value.status_code == 403
    with pytest.raises(LoginFailed):
        _attempt("blocked", "not-the-password")


def test_five_failures_lock_the_account_for_fifteen_minutes(session: Session) -> None:
    make_shopper(session, login="vera")
    _fail("vera", times=4)
    with pytest.raises(LockedOut) as fifth:
        _attempt("vera", "still-wrong")
    assert fifth.value.message == t("login.error.locked", count=15)
    # Refused even with the right password, from another IP too.
    with pytest.raises(LockedOut):
        _attempt("VERA@example.com", PASSWORD, ip="203.0.113.50")
    clock.advance(dt.timedelta(minutes=14))
    with pytest.raises(LockedOut) as later:
        _attempt("vera", PASSWORD)
    assert later.value.message == t("login.error.locked", count=1)
    clock.advance(dt.timedelta(minutes=1, seconds=1))
    assert _attempt("vera", PASSWORD).user.login == "vera"
    assert _kinds(session).count("locked out") == 1


def test_failures_spread_over_more_than_the_window_do_not_lock(session: Session) -> None:
    make_shopper(session, login="gleb")
    _fail("gleb", times=4)
    clock.advance(dt.timedelta(minutes=16))
    _fail("gleb", times=4)
    assert _attempt("gleb", PASSWORD).user.login == "gleb"


def test_successful_login_resets_the_account_count(session: Session) -> None:
    make_shopper(session, login="dina")
    _fail("dina", times=4)
    _attempt("dina", PASSWORD)
    _fail("dina", times=4)
    assert _attempt("dina", PASSWORD).user.login == "dina"


def test_unknown_logins_lock_out_like_real_ones(db_url: str) -> None:
    _fail("ghost", times=4)
    with pytest.raises(LockedOut):
        _attempt("ghost", "whatever")


def test_twenty_failures_from_one_ip_lock_that_ip_only(session: Session) -> None:
    make_shopper(session, login="olga")
    for n in range(19):
        _fail(f"someone{n}")
    with pytest.raises(LockedOut):
        _attempt("someone-else", "guess")
    with pytest.raises(LockedOut):
        _attempt("olga", PASSWORD)
    assert _attempt("olga", PASSWORD, ip="203.0.113.77").user.login == "olga"
    clock.advance(dt.timedelta(minutes=15, seconds=1))
    assert _attempt("olga", PASSWORD).user.login == "olga"


def test_logout_ends_the_session_once_and_is_recorded(session: Session) -> None:
    make_shopper(session, login="irina")
    login = _attempt("irina", PASSWORD).login_session
    assert login.id is not None
    with session_scope() as db:
        assert logout(session=db, session_id=login.id, ip=IP) is True
    with session_scope() as db:
        assert logout(session=db, session_id=login.id, ip=IP) is False
    ended = session.get(LoginSession, login.id)
    assert ended is not None and ended.ended_at is not None and ended.end_reason == "logout"
    assert _kinds(session).count("logged out") == 1


def _hashes_and_seconds(identifier: str, password: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, float]:
    """The argon2 verifications one failed login runs, and the least time of four (the least: the machine's other
    work only ever adds to a try's time). Four tries: a fifth would lock the account."""
    hashes = []
    for name in ("verify", "verify_and_update"):
        original = getattr(passwords._context, name)
        monkeypatch.setattr(passwords._context, name, lambda *args, _run=original: hashes.append(1) or _run(*args))
    times = []
    for _ in range(4):
        start = time.perf_counter()
        with pytest.raises(LoginFailed):
            _attempt(identifier, password, ip=f"192.0.2.{len(times)}")
        times.append(time.perf_counter() - start)
    monkeypatch.undo()
    return len(hashes) // 4, min(times)


def test_unknown_login_costs_a_password_hash_like_a_wrong_password(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    user: User = make_shopper(session, login="timing")
    wrong_hashes, wrong_password = _hashes_and_seconds(user.login, "wrong-password-x", monkeypatch)
    unknown_hashes, unknown_user = _hashes_and_seconds("no-such-user", "wrong-password-x", monkeypatch)
    assert wrong_hashes == unknown_hashes == 1
    # One argon2 hash (~30 ms) dominates both; without it the unknown login would take ~1 ms.
    assert unknown_user > wrong_password * 0.5


def test_a_new_account_does_not_inherit_the_lockout_of_a_deleted_one(session: Session) -> None:
    """Issue 17: SQLite gave the new account the deleted one's id, and the buckets were keyed on it."""
    boss = make_shopper(session, login="boss")
    boss.is_staff = True
    session.add(boss)
    session.commit()
    old = make_shopper(session, login="temp")  # the newest row: plain SQLite would hand its id out again
    old_id = old.id
    _fail("temp", times=4)
    with pytest.raises(LockedOut):
        _attempt("temp", "still-wrong")
    with session_scope() as db:
        delete_account_by_admin(session=db, user_id=old_id, admin_id=boss.id, ip=IP)  # type: ignore[arg-type]
    session.expire_all()
    assert session.exec(select(RateLimitBlock)).all() == []  # the account's buckets went with it

    new = make_shopper(session, login="temp")
    assert new.id != old_id  # ids are never given out twice
    assert _attempt("temp", PASSWORD).user.id == new.id
