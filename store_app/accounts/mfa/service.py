"""Rules of two-factor login: setting TOTP up and off, checking codes (no replay), recovery codes, challenges.

Everything runs in the caller's transaction. The secret never leaves the server except in the
one-time setup answer (QR and otpauth URI) while the user is setting it up.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hmac
import secrets

import pyotp
import segno
from sqlmodel import Session, select

from store_app.accounts.history import record_account_event
from store_app.accounts.login.limits import count_wrong_password, limit_password_checks
from store_app.accounts.mail import mail_security_notice
from store_app.accounts.mfa.models import MfaChallenge, MfaRecoveryCode, MfaSecret
from store_app.accounts.models import User
from store_app.audit.kinds import EventKind
from store_app.core import clock
from store_app.core.errors import NotFound, ValidationFailed
from store_app.core.i18n import t
from store_app.core.passwords import verify_password
from store_app.core.settings import get_settings
from store_app.core.tokens import token_digest

STEP_SECONDS = 30
# One step either side: a phone clock a little off still works.
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
CHALLENGE_LIFETIME = dt.timedelta(minutes=5)
MAX_CODE_LENGTH = 64
ISSUER = "store_app"
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


@dataclasses.dataclass(frozen=True)
class SetupStart:
    """What the user needs to add the account to an authenticator app, shown only during setup."""

    secret: str
    uri: str
    qr_svg: str


def _row(session: Session, user_id: int) -> MfaSecret | None:
    return session.get(MfaSecret, user_id)


def is_enabled(*, session: Session, user_id: int) -> bool:
    row = _row(session, user_id)
    return row is not None and row.confirmed_at is not None


def staff_must_set_up(*, session: Session, user_id: int) -> bool:
    """True while STAFF_2FA_REQUIRED is on and this staff member has not turned 2FA on yet."""
    return get_settings().staff_2fa_required and not is_enabled(session=session, user_id=user_id)


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(t("api.error.not_found"))
    return user


def begin_setup(*, session: Session, user_id: int) -> SetupStart:
    """A fresh unconfirmed secret (replacing an unfinished one); refused while 2FA is on."""
    user = _user(session, user_id)
    row = _row(session, user_id)
    if row is not None and row.confirmed_at is not None:
        raise ValidationFailed({"code": [t("mfa.error.already_on")]})
    secret = pyotp.random_base32()
    if row is None:
        row = MfaSecret(user_id=user_id, secret=secret)
    row.secret, row.created_at, row.last_step = secret, clock.now(), 0
    session.add(row)
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.login, issuer_name=ISSUER)
    # An SVG as a data: URI for an <img>: drawn here, no script, allowed by the CSP's img-src.
    qr = segno.make(uri, error="m").svg_data_uri(scale=4, border=2)
    return SetupStart(secret=secret, uri=uri, qr_svg=qr)


def _normalised_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()[:MAX_CODE_LENGTH]


def _accept_totp(row: MfaSecret, code: str) -> bool:
    """True for a code of the current step (± drift) newer than the last one accepted; remembers its step."""
    if not (code.isdigit() and len(code) == 6):
        return False
    totp = pyotp.TOTP(row.secret)
    now_step = int(clock.now().timestamp()) // STEP_SECONDS
    for step in range(now_step - DRIFT_STEPS, now_step + DRIFT_STEPS + 1):
        if step > row.last_step and hmac.compare_digest(totp.generate_otp(step), code):
            row.last_step = step
            return True
    return False


def _accept_recovery(session: Session, user_id: int, code: str) -> bool:
    digest = token_digest(code)
    query = select(MfaRecoveryCode).where(
        MfaRecoveryCode.user_id == user_id,
        MfaRecoveryCode.code_hash == digest,
        MfaRecoveryCode.used_at.is_(None),  # type: ignore[union-attr]
    )
    found = session.exec(query).first()
    if found is None:
        return False
    found.used_at = clock.now()
    session.add(found)
    return True


def check_code(*, session: Session, user_id: int, code: str) -> str | None:
    """Accept a TOTP or an unused recovery code of a user with 2FA on: "totp", "recovery" or None."""
    row = _row(session, user_id)
    if row is None or row.confirmed_at is None:
        return None
    normalised = _normalised_code(code)
    if _accept_totp(row, normalised):
        session.add(row)
        return "totp"
    if len(normalised) == 10 and _accept_recovery(session, user_id, normalised):
        return "recovery"
    return None


def _new_recovery_codes(session: Session, user_id: int) -> list[str]:
    for old in session.exec(select(MfaRecoveryCode).where(MfaRecoveryCode.user_id == user_id)):
        session.delete(old)
    codes = ["".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10)) for _ in range(RECOVERY_CODE_COUNT)]
    for code in codes:
        session.add(MfaRecoveryCode(user_id=user_id, code_hash=token_digest(code)))
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def confirm_setup(*, session: Session, user_id: int, code: str, ip: str, user_agent: str = "") -> list[str]:
    """Turn 2FA on with a code from the app; the 10 recovery codes, in clear this once."""
    row = _row(session, user_id)
    if row is None or row.confirmed_at is not None:
        raise ValidationFailed({"code": [t("mfa.error.no_setup")]})
    if not _accept_totp(row, _normalised_code(code)):
        raise ValidationFailed({"code": [t("mfa.error.wrong_code")]})
    row.confirmed_at = clock.now()
    session.add(row)
    codes = _new_recovery_codes(session, user_id)
    user = _user(session, user_id)
    record_account_event(session=session, kind=EventKind.MFA_ON, user=user, ip=ip)
    mail_security_notice(session=session, user=user, event="mfa_on", ip=ip, device=user_agent)
    return codes


def _remove(session: Session, user_id: int) -> None:
    row = _row(session, user_id)
    if row is not None:
        session.delete(row)
    for code in session.exec(select(MfaRecoveryCode).where(MfaRecoveryCode.user_id == user_id)):
        session.delete(code)


def disable(*, session: Session, user_id: int, password: str, code: str, ip: str, user_agent: str = "") -> None:
    """Turn 2FA off: needs the password and a code. Wrong passwords count against the cabinet's limit."""
    limit_password_checks(session=session, user_id=user_id, field="password")
    user = _user(session, user_id)
    if not verify_password(password, user.password_hash):
        count_wrong_password(session=session, user_id=user_id)
        session.commit()  # the count survives the caller's rollback
        raise ValidationFailed({"password": [t("mfa.error.wrong_password")]})
    if check_code(session=session, user_id=user_id, code=code) is None:
        count_wrong_password(session=session, user_id=user_id)
        session.commit()
        raise ValidationFailed({"code": [t("mfa.error.wrong_code")]})
    _remove(session, user_id)
    record_account_event(session=session, kind=EventKind.MFA_OFF, user=user, ip=ip)
    mail_security_notice(session=session, user=user, event="mfa_off", ip=ip, device=user_agent)


def reset_by_staff(*, session: Session, user_id: int, actor: User, ip: str) -> bool:
    """Staff turn a user's 2FA off (lost phone and codes); False when it was not on. Recorded in the history."""
    user = _user(session, user_id)
    was_on = is_enabled(session=session, user_id=user_id)
    _remove(session, user_id)
    if was_on:
        record_account_event(session=session, kind=EventKind.MFA_RESET, user=user, ip=ip, actor=actor)
        # The staff member's address and browser are not the user's: the mail names neither.
        mail_security_notice(session=session, user=user, event="mfa_reset", ip="", device="")
    return was_on


def unused_recovery_codes(*, session: Session, user_id: int) -> int:
    query = select(MfaRecoveryCode).where(MfaRecoveryCode.user_id == user_id, MfaRecoveryCode.used_at.is_(None))  # type: ignore[union-attr]
    return len(session.exec(query).all())


def start_challenge(*, session: Session, user_id: int) -> str:
    """A pending second step for a user whose password was right: its random token (stored hashed)."""
    token = secrets.token_urlsafe(32)
    now = clock.now()
    session.add(
        MfaChallenge(
            user_id=user_id, token_hash=token_digest(token), created_at=now, expires_at=now + CHALLENGE_LIFETIME
        )
    )
    return token


def open_challenge(*, session: Session, token: str) -> MfaChallenge | None:
    """The unused, unexpired challenge of `token`, or None."""
    if not token or len(token) > 128:
        return None
    challenge = session.exec(select(MfaChallenge).where(MfaChallenge.token_hash == token_digest(token))).first()
    if challenge is None or challenge.used_at is not None or challenge.expires_at <= clock.now():
        return None
    return challenge


def purge_challenges(*, session: Session) -> int:
    old = session.exec(select(MfaChallenge).where(MfaChallenge.expires_at <= clock.now())).all()
    for challenge in old:
        session.delete(challenge)
    return len(old)
