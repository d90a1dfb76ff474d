"""Helpers for the two-factor tests: turn 2FA on for a real user, and the code an app would show now."""

from __future__ import annotations

import datetime as dt

import pyotp
from sqlmodel import Session

from store_app.accounts.mfa.models import MfaSecret
from store_app.accounts.mfa.service import STEP_SECONDS, begin_setup, confirm_setup
from store_app.core import clock
from store_app.core.db import session_scope


def code_now(secret: str, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows at the app's clock (plus `steps_ahead` 30-second steps)."""
    step = int(clock.now().timestamp()) // STEP_SECONDS + steps_ahead
    return pyotp.TOTP(secret).generate_otp(step)


def enable_mfa(user_id: int) -> tuple[str, list[str]]:
    """Set 2FA up as the cabinet does; the secret and the recovery codes. Moves the clock one step on,
    so the confirming code is not the one a test sends next."""
    with session_scope() as session:
        setup = begin_setup(session=session, user_id=user_id)
    with session_scope() as session:
        codes = confirm_setup(session=session, user_id=user_id, code=code_now(setup.secret), ip="198.51.100.1")
    clock.advance(dt.timedelta(seconds=STEP_SECONDS))
    return setup.secret, codes


def stored_secret(session: Session, user_id: int) -> MfaSecret | None:
    session.expire_all()
    return session.get(MfaSecret, user_id)
