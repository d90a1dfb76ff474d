"""What a password login costs besides its hash, pinned (issue 18): its statements, counted on the real
SQLite engine, and no pooled connection held while it waits for the hash; a hash made with weaker
parameters is renewed in the same task of the password pool."""

from __future__ import annotations

import pytest
from passlib.context import CryptContext
from sqlmodel import Session

from store_app.accounts.login.service import MfaRequired
from store_app.accounts.login.token_login import LoggedIn, password_login
from store_app.accounts.models import User
from store_app.core import passwords
from store_app.core.db import get_engine, session_scope
from store_app.core.passwords import ARGON2_MEMORY_KIB, verify_password
from tests.accounts.mfa_helpers import enable_mfa
from tests.utils.factories import PASSWORD, make_shopper
from tests.utils.statements import statements_sent, verb_and_table

IP = "198.51.100.31"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
# What every successful password login writes, in this order: the account's failed tries forgotten, the
# session, its history event, the refresh token. Nothing is read again after the two reads before the hash.
READS = ["SELECT user_account", "SELECT rate_limit_block"]
WRITES = ["DELETE rate_limit_hit", "INSERT login_session", "INSERT history_event", "INSERT refresh_token"]


def _login(user: User, *, device: str | None = None, browser: bool = True) -> LoggedIn:
    with session_scope() as session:
        return password_login(
            session=session,
            identifier=user.login,
            password=PASSWORD,
            ip=IP,
            user_agent=FIREFOX,
            device_token=device,
            browser=browser,
        )


def _statements_of_a_login(**kwargs: object) -> list[str]:
    with statements_sent(get_engine()) as seen:
        _login(**kwargs)  # type: ignore[arg-type]
    return [verb_and_table(statement) for statement in seen]


def test_a_password_login_reads_twice_and_writes_each_row_once(session: Session) -> None:
    user = make_shopper(session)
    assert _statements_of_a_login(user=user) == READS + WRITES  # the first login ever: no new-device mail
    # Another browser: the same, and the new-device notice queued (the history log shows a login before).
    assert _statements_of_a_login(user=user) == [*READS, "INSERT mail_message", *WRITES]
    known = _login(user).device_token
    assert _statements_of_a_login(user=user, device=known) == READS + WRITES
    assert _statements_of_a_login(user=user, browser=False) == READS + WRITES  # the API


def test_with_two_factor_the_password_step_reads_twice_and_writes_the_challenge(session: Session) -> None:
    user = make_shopper(session)
    enable_mfa(user.id or 0)
    with statements_sent(get_engine()) as seen, pytest.raises(MfaRequired):
        _login(user)
    assert [verb_and_table(statement) for statement in seen] == [
        *READS,
        "INSERT mfa_challenge",
        "INSERT history_event",
    ]


def test_no_pooled_connection_waits_for_the_hash(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    user = make_shopper(session)
    held_while_hashing: list[int] = []
    real = passwords._verify_and_update

    def observed(password: str, password_hash: str) -> tuple[bool, str | None]:
        held_while_hashing.append(get_engine().pool.checkedout())  # type: ignore[attr-defined]
        return real(password, password_hash)

    monkeypatch.setattr(passwords, "_verify_and_update", observed)
    _login(user)
    assert held_while_hashing == [0]


def test_a_hash_made_with_weaker_parameters_is_renewed_by_the_login(session: Session) -> None:
    user = make_shopper(session)
    weaker = CryptContext(schemes=["argon2"], argon2__type="ID", argon2__memory_cost=8192, argon2__rounds=1)
    user.password_hash = weaker.hash(PASSWORD)
    session.add(user)
    session.commit()
    _login(user)
    session.refresh(user)
    assert f"m={ARGON2_MEMORY_KIB},t=2,p=1" in user.password_hash
    assert verify_password(PASSWORD, user.password_hash)
    _login(user)  # and the renewed hash lets the next login in
