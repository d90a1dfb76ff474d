"""Helpers for the two-factor tests: turn 2FA on for a real user, and the code an app would show now."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

import pyotp
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store_app.accounts.mfa.models import MfaSecret
from store_app.accounts.mfa.service import STEP_SECONDS, begin_setup, confirm_setup, setup_picture
from store_app.core import clock
from store_app.core.db import session_scope


def code_now(secret: str, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows at the app's clock (plus `steps_ahead` 30-second steps)."""
    step = int(clock.now().timestamp()) // STEP_SECONDS + steps_ahead
    return pyotp.TOTP(secret).generate_otp(step)


@contextlib.contextmanager
def _transaction(engine: Engine | None) -> Iterator[Session]:
    if engine is None:
        with session_scope() as session:
            yield session
        return
    with Session(engine, expire_on_commit=False) as session:
        yield session
        session.commit()


def start_setup(user_id: int, *, engine: Engine | None = None) -> str:
    """Begin a setup as the cabinet does; the secret the QR carries."""
    with _transaction(engine) as session:
        begin_setup(session=session, user_id=user_id)
    with _transaction(engine) as session:
        picture = setup_picture(session=session, user_id=user_id)
    assert picture is not None
    return picture.secret


def enable_mfa(user_id: int, *, engine: Engine | None = None) -> tuple[str, list[str]]:
    """Set 2FA up as the cabinet does; the secret and the recovery codes. Moves the clock one step on,
    so the confirming code is not the one a test sends next."""
    secret = start_setup(user_id, engine=engine)
    with _transaction(engine) as session:
        codes = confirm_setup(session=session, user_id=user_id, code=code_now(secret), ip="198.51.100.1")
    clock.advance(dt.timedelta(seconds=STEP_SECONDS))
    return secret, codes


def stored_secret(session: Session, user_id: int) -> MfaSecret | None:
    session.expire_all()
    return session.get(MfaSecret, user_id)
