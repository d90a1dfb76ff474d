"""Two-factor secrets at rest and in flight (issue 14 fixes), on a real database with a moved clock:
a code wins one race only (threads, SQLite and PostgreSQL), the secret column holds no base32 secret,
the pending setup and the fresh recovery codes expire, and the pictures go to their owner's cookie only."""

from __future__ import annotations

import datetime as dt
import re
import threading
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from store_app.accounts.login.service import CodeFailed, MfaRequired, login_with_code, login_with_password
from store_app.accounts.mfa.routes import CODES_SVG_PATH, CODES_TEXT_PATH, SETUP_KEY_PATH, SETUP_QR_PATH
from store_app.accounts.mfa.service import (
    confirm_setup,
    forget_shown_codes,
    purge_mfa_leftovers,
    recovery_codes_to_show,
    setup_picture,
)
from store_app.accounts.sessions.models import LoginSession
from store_app.api.app import build_api
from store_app.core import clock
from store_app.core.db import build_engine, session_scope
from store_app.core.errors import ValidationFailed
from store_app.core.migrations import alembic_config
from store_app.core.sealed import seal, unseal
from store_app.ui.routes import BROWSER_LOGIN_PATH
from tests.accounts.mfa_helpers import code_now, enable_mfa, start_setup
from tests.utils.factories import PASSWORD, make_shopper
from tests.utils.route_client import own_origin

IP = "198.51.100.40"
RACERS = 4  # below the account's lockout of 5, so the losers' wrong-code counts lock nothing
BASE32_SECRET = re.compile(r"\b[A-Z2-7]{32}\b")
CLEAR_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def engine(engine_on_each_database: Engine) -> Engine:
    return engine_on_each_database


def _pending(engine: Engine, login: str) -> str:
    with Session(engine, expire_on_commit=False) as session:
        try:
            login_with_password(session=session, identifier=login, password=PASSWORD, ip=IP, user_agent="pytest")
        except MfaRequired as pending:
            return pending.token
    raise AssertionError("no second step was asked")


def _race(engine: Engine, token: str, code: str, n: int, start: threading.Barrier, outcomes: list[str]) -> None:
    start.wait()
    with Session(engine, expire_on_commit=False) as session:
        try:
            login_with_code(session=session, token=token, code=code, ip=f"198.51.100.{n}", user_agent="pytest")
            session.commit()
            outcomes.append("logged in")
        except CodeFailed:
            session.rollback()
            outcomes.append("refused")
        except Exception as error:  # a database error would be a bug: keep it for the assertion
            session.rollback()
            outcomes.append(f"crash: {error!r}")


def _racing_logins(engine: Engine, login: str, code: str) -> list[str]:
    """RACERS browsers past the password step send `code` at the same moment; their outcomes."""
    tokens = [_pending(engine, login) for _ in range(RACERS)]
    outcomes: list[str] = []
    start = threading.Barrier(RACERS)
    threads = [
        threading.Thread(target=_race, args=(engine, token, code, n, start, outcomes)) for n, token in enumerate(tokens)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return sorted(outcomes)


def test_two_logins_racing_with_one_code_let_exactly_one_in(engine: Engine) -> None:
    with Session(engine, expire_on_commit=False) as session:
        user = make_shopper(session)
    assert user.id is not None
    secret, _codes = enable_mfa(user.id, engine=engine)
    outcomes = _racing_logins(engine, user.login, code_now(secret))
    assert outcomes == ["logged in"] + ["refused"] * (RACERS - 1), outcomes
    with Session(engine) as session:
        assert len(session.exec(select(LoginSession).where(LoginSession.user_id == user.id)).all()) == 1


def test_racing_with_one_recovery_code_lets_one_in(engine: Engine) -> None:
    with Session(engine, expire_on_commit=False) as session:
        user = make_shopper(session)
    assert user.id is not None
    _secret, codes = enable_mfa(user.id, engine=engine)
    outcomes = _racing_logins(engine, user.login, codes[0])
    assert outcomes == ["logged in"] + ["refused"] * (RACERS - 1), outcomes


def _raw_secret_column(session: Session) -> list[str]:
    return [row[0] for row in session.execute(text("SELECT secret FROM mfa_secret"))]


def test_the_secret_column_holds_no_base32_secret(session: Session) -> None:
    user = make_shopper(session)
    assert user.id is not None
    secret, _codes = enable_mfa(user.id)
    [stored] = _raw_secret_column(session)
    assert secret not in stored and not BASE32_SECRET.search(stored)
    assert stored.startswith("v1.")


def test_a_sealed_secret_copied_to_another_account_opens_nowhere(session: Session) -> None:
    owner, other = make_shopper(session), make_shopper(session)
    assert owner.id is not None and other.id is not None
    secret, _codes = enable_mfa(owner.id)
    start_setup(other.id)
    copy = (
        "UPDATE mfa_secret SET secret = (SELECT secret FROM mfa_secret WHERE user_id = :owner) WHERE user_id = :other"
    )
    session.execute(text(copy), {"owner": owner.id, "other": other.id})
    session.commit()
    with session_scope() as tx:
        assert setup_picture(session=tx, user_id=other.id) is None
    # Sealed for one purpose, a value does not open for another, nor with another key.
    sealed = seal(secret, purpose="mfa secret", bound_to=f"user:{owner.id}")
    assert unseal(sealed, purpose="login hint", bound_to=f"user:{owner.id}") is None
    assert unseal(sealed, purpose="mfa secret", bound_to=f"user:{owner.id}", secret_key="k" * 40) is None


def test_an_unconfirmed_setup_expires(session: Session) -> None:
    user = make_shopper(session)
    assert user.id is not None
    secret = start_setup(user.id)
    clock.advance(dt.timedelta(minutes=15, seconds=1))  # README: a pending setup waits 15 minutes
    with session_scope() as tx:
        assert setup_picture(session=tx, user_id=user.id) is None
    with pytest.raises(ValidationFailed) as refused, session_scope() as tx:
        confirm_setup(session=tx, user_id=user.id, code=code_now(secret), ip=IP)
    assert "code" in refused.value.errors
    with session_scope() as tx:
        assert purge_mfa_leftovers(session=tx) == 1
    assert _raw_secret_column(session) == []


def test_fresh_recovery_codes_wait_sealed_until_seen_or_late(session: Session) -> None:
    first, second = make_shopper(session), make_shopper(session)
    assert first.id is not None and second.id is not None
    _secret, codes = enable_mfa(first.id)
    with session_scope() as tx:
        assert recovery_codes_to_show(session=tx, user_id=first.id) == codes
    [sealed] = [row[0] for row in session.execute(text("SELECT codes_sealed FROM mfa_secret"))]
    assert not any(code in sealed or code.replace("-", "") in sealed for code in codes)
    with session_scope() as tx:
        forget_shown_codes(session=tx, user_id=first.id)
    with session_scope() as tx:
        assert recovery_codes_to_show(session=tx, user_id=first.id) is None
    _secret, codes = enable_mfa(second.id)
    clock.advance(dt.timedelta(minutes=10))  # README: the sealed copy waits at most 10 minutes
    with session_scope() as tx:
        assert recovery_codes_to_show(session=tx, user_id=second.id) is None
        assert purge_mfa_leftovers(session=tx) == 1
    assert [row[0] for row in session.execute(text("SELECT codes_sealed FROM mfa_secret"))] == [None, None]


def _logged_in(client: TestClient, login: str) -> None:
    form = {"identifier": login, "password": PASSWORD, "next": "/cabinet"}
    response = client.post(BROWSER_LOGIN_PATH, data=form, headers=own_origin())
    assert response.status_code == 303 and "store_session" in client.cookies


def test_the_pictures_go_to_the_session_cookies_owner_only(client: TestClient, session: Session) -> None:
    owner, other = make_shopper(session), make_shopper(session)
    assert owner.id is not None
    _logged_in(client, owner.login)
    assert client.get(SETUP_QR_PATH).status_code == 404  # no setup begun
    secret = start_setup(owner.id)
    qr = client.get(SETUP_QR_PATH)
    key = client.get(SETUP_KEY_PATH)
    for answer in (qr, key):
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("image/svg+xml")
        assert answer.headers["cache-control"] == "no-store"
        assert "<script" not in answer.text
        assert 'xmlns="http://www.w3.org/2000/svg"' in answer.text  # an image of its own needs the namespace
    assert " ".join(secret[i : i + 4] for i in range(0, 32, 4)) in key.text
    with TestClient(build_api(), follow_redirects=False) as stranger:
        assert stranger.get(SETUP_QR_PATH).status_code == 404
        assert stranger.get(SETUP_KEY_PATH, headers={"Cookie": "store_session=a.b.c"}).status_code == 404
    with session_scope() as tx:
        codes = confirm_setup(session=tx, user_id=owner.id, code=code_now(secret), ip=IP)
    assert client.get(SETUP_QR_PATH).status_code == 404  # confirmed: the secret is never drawn again
    listed = client.get(CODES_TEXT_PATH)
    assert listed.status_code == 200 and listed.text.split() == codes
    assert listed.headers["cache-control"] == "no-store" and "attachment" in listed.headers["content-disposition"]
    assert all(code in client.get(CODES_SVG_PATH).text for code in codes)
    # The cabinet's download button posts natively: only from the shop's own origin.
    assert client.post(CODES_TEXT_PATH, headers={"Origin": "http://evil.example"}).status_code == 403
    posted = client.post(CODES_TEXT_PATH, headers=own_origin())
    assert posted.status_code == 200 and posted.text.split() == codes
    client.cookies.clear()
    _logged_in(client, other.login)
    assert client.get(CODES_TEXT_PATH).status_code == 404  # another account's cookie sees nothing


def test_the_upgrade_seals_secrets_stored_in_clear(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'upgrade.db'}"
    config = alembic_config(url)
    command.upgrade(config, "head")
    engine = build_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            user_id = make_shopper(session).id
        # Back to the revision before the sealing one (secrets in clear), with one such row.
        before = ScriptDirectory.from_config(config).get_revision("mfa_sealed").down_revision
        command.downgrade(config, str(before))
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO mfa_secret (user_id, secret, created_at, confirmed_at, last_step)"
                    " VALUES (:user_id, :secret, :now, :now, 0)"
                ),
                {"user_id": user_id, "secret": CLEAR_SECRET, "now": clock.now()},
            )
        command.upgrade(config, "head")
        with Session(engine) as session:
            [stored] = _raw_secret_column(session)
        assert not BASE32_SECRET.search(stored)
        assert unseal(stored, purpose="mfa secret", bound_to=f"user:{user_id}") == CLEAR_SECRET
    finally:
        engine.dispose()
