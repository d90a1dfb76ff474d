"""The known-device cookie (issue 9 §4): a lockout anyone can cause does not lock out the owner's browser."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session

from store_app.accounts.login.known_device import LIFETIME, issue_device_token, known_device_id
from store_app.accounts.login.service import LockedOut, LoginFailed, LoginResult, login_with_password
from store_app.core import clock
from store_app.core.db import session_scope
from tests.utils.factories import PASSWORD, make_shopper

HOME = "198.51.100.30"
ATTACKER = "203.0.113.66"


def _attempt(login: str, password: str, *, ip: str = HOME, device: str | None = None) -> LoginResult:
    with session_scope() as session:
        return login_with_password(
            session=session, identifier=login, password=password, ip=ip, user_agent="pytest", device_token=device
        )


def _lock_out(login: str, *, ip: str = ATTACKER) -> None:
    for _ in range(4):
        with pytest.raises(LoginFailed):
            _attempt(login, "guess", ip=ip)
    with pytest.raises(LockedOut):
        _attempt(login, "guess", ip=ip)


def test_a_device_token_is_signed_bound_to_its_account_and_expires() -> None:
    token = issue_device_token(user_id=7)
    assert known_device_id(token, user_id=7)
    assert known_device_id(token, user_id=8) is None
    owner, expires, device, signature = token.split(".")
    assert known_device_id(f"8.{expires}.{device}.{signature}", user_id=8) is None  # re-labelled: bad signature
    assert known_device_id(f"{owner}.{expires}.{device}.{'0' * 64}", user_id=7) is None
    assert known_device_id("garbage", user_id=7) is None and known_device_id(None, user_id=7) is None
    clock.advance(LIFETIME + dt.timedelta(seconds=1))
    assert known_device_id(token, user_id=7) is None


def test_after_five_wrong_passwords_elsewhere_the_known_device_still_logs_in_and_a_new_one_is_refused(
    session: Session,
) -> None:
    make_shopper(session, login="admin1")
    device = _attempt("admin1", PASSWORD).device_token  # the owner's browser, logged in before
    _lock_out("admin1")

    with pytest.raises(LockedOut):
        _attempt("admin1", PASSWORD, ip="192.0.2.1")  # a new device, even with the right password
    assert _attempt("admin1", PASSWORD, device=device).user.login == "admin1"


def test_a_known_device_is_not_held_by_its_ips_lockout_either(session: Session) -> None:
    make_shopper(session, login="office")
    device = _attempt("office", PASSWORD).device_token
    for n in range(19):  # someone behind the same NAT tries twenty accounts
        with pytest.raises(LoginFailed):
            _attempt(f"someone{n}", "guess")
    with pytest.raises(LockedOut):
        _attempt("someone-else", "guess")
    with pytest.raises(LockedOut):
        _attempt("office", PASSWORD)
    assert _attempt("office", PASSWORD, device=device).user.login == "office"


def test_wrong_passwords_on_a_known_device_lock_that_device_only(session: Session) -> None:
    make_shopper(session, login="tablet")
    device = _attempt("tablet", PASSWORD).device_token
    for _ in range(4):
        with pytest.raises(LoginFailed):
            _attempt("tablet", "guess", device=device)
    with pytest.raises(LockedOut):
        _attempt("tablet", "guess", device=device)
    with pytest.raises(LockedOut):
        _attempt("tablet", PASSWORD, device=device)
    assert _attempt("tablet", PASSWORD, ip="192.0.2.9").user.login == "tablet"  # the account is not locked


def test_another_accounts_device_token_counts_as_an_unknown_device(session: Session) -> None:
    make_shopper(session, login="victim")
    make_shopper(session, login="mallory")
    foreign = _attempt("mallory", PASSWORD).device_token
    _lock_out("victim")
    with pytest.raises(LockedOut):
        _attempt("victim", PASSWORD, device=foreign)
