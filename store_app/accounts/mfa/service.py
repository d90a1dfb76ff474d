"""Rules of two-factor login: setting TOTP up and off, checking codes (no replay), recovery codes, challenges.

Everything runs in the caller's transaction. The secret never leaves the server except as the
setup picture (QR and key) that `setup_picture` draws for the user's own session while setting up;
it is stored sealed (`core/sealed.py`). A code's step and a recovery code are claimed by one
conditional UPDATE each, so two logins racing with the same code cannot both win.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hmac
import html
import io
import secrets

import pyotp
import segno
from sqlalchemy import delete, update
from sqlmodel import Session, col, select

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
from store_app.core.sealed import seal, unseal
from store_app.core.settings import get_settings
from store_app.core.tokens import token_digest

STEP_SECONDS = 30
# One step either side: a phone clock a little off still works.
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
CHALLENGE_LIFETIME = dt.timedelta(minutes=5)
# An unfinished setup (the QR shown, no code typed yet) and fresh recovery codes waiting to be seen.
SETUP_LIFETIME = dt.timedelta(minutes=15)
CODES_VIEW_LIFETIME = dt.timedelta(minutes=10)
MAX_CODE_LENGTH = 64
ISSUER = "store_app"
SECRET_PURPOSE = "mfa secret"  # noqa: S105 - a key-derivation label, not a secret
CODES_PURPOSE = "mfa recovery codes"
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


@dataclasses.dataclass(frozen=True)
class SetupPicture:
    """What the user needs to add the account to an authenticator app, drawn only for their own session."""

    secret: str
    uri: str
    qr_svg: str


def _row(session: Session, user_id: int) -> MfaSecret | None:
    return session.get(MfaSecret, user_id)


def _bound(user_id: int) -> str:
    return f"user:{user_id}"


def _secret_of(row: MfaSecret) -> str | None:
    """The row's secret in clear; None when it cannot be opened (SECRET_KEY changed: staff must reset)."""
    return unseal(row.secret, purpose=SECRET_PURPOSE, bound_to=_bound(row.user_id))


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


def begin_setup(*, session: Session, user_id: int) -> None:
    """A fresh unconfirmed secret, sealed (replacing an unfinished one); refused while 2FA is on.

    Nothing secret is returned: the cabinet shows the picture `setup_picture` draws from the row.
    """
    _user(session, user_id)
    row = _row(session, user_id)
    if row is not None and row.confirmed_at is not None:
        raise ValidationFailed({"code": [t("mfa.error.already_on")]})
    sealed = seal(pyotp.random_base32(), purpose=SECRET_PURPOSE, bound_to=_bound(user_id))
    if row is None:
        row = MfaSecret(user_id=user_id, secret=sealed)
    row.secret, row.created_at, row.last_step = sealed, clock.now(), 0
    row.codes_sealed, row.codes_until = None, None
    session.add(row)


def cancel_setup(*, session: Session, user_id: int) -> None:
    """Drop an unfinished setup (2FA stays off); nothing happens while 2FA is on."""
    row = _row(session, user_id)
    if row is not None and row.confirmed_at is None:
        session.delete(row)


def _pending_setup(session: Session, user_id: int) -> MfaSecret | None:
    """The unconfirmed setup row while it is fresh."""
    row = _row(session, user_id)
    if row is None or row.confirmed_at is not None or row.created_at + SETUP_LIFETIME <= clock.now():
        return None
    return row


def setup_picture(*, session: Session, user_id: int) -> SetupPicture | None:
    """The QR (an SVG) and the key of the user's pending setup; None when there is none (or it expired)."""
    row = _pending_setup(session, user_id)
    secret = _secret_of(row) if row is not None else None
    if secret is None:
        return None
    user = _user(session, user_id)
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.login, issuer_name=ISSUER)
    drawn = io.BytesIO()
    # A document of its own (served as image/svg+xml), so it needs its namespace; no script in it.
    segno.make(uri, error="m").save(drawn, kind="svg", scale=4, border=2, xmldecl=False, svgns=True, nl=False)
    return SetupPicture(secret=secret, uri=uri, qr_svg=drawn.getvalue().decode())


def key_svg(secret: str) -> str:
    """The key for typing in, in groups of four, drawn as an SVG (an image, like the QR)."""
    groups = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    width = 12 + 11 * len(groups)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="32" viewBox="0 0 {width} 32">'
        f'<text x="6" y="22" font-family="monospace" font-size="18">{html.escape(groups)}</text></svg>'
    )


def _normalised_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()[:MAX_CODE_LENGTH]


def _claim_step(session: Session, user_id: int, step: int) -> bool:
    """Record `step` as used, only if no newer or equal step was: one atomic UPDATE, so of two
    transactions racing with one code exactly one changes the row (on PostgreSQL the second waits for
    the first's row lock and then finds the condition false)."""
    claimed = session.execute(
        update(MfaSecret)
        .where(col(MfaSecret.user_id) == user_id, col(MfaSecret.last_step) < step)
        .values(last_step=step)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return False
    session.expire(session.get(MfaSecret, user_id), ["last_step"])  # type: ignore[arg-type]
    return True


def _accept_totp(session: Session, row: MfaSecret, code: str) -> bool:
    """True for a code of the current step (± drift) newer than the last one accepted; claims its step."""
    secret = _secret_of(row)
    if secret is None or not (code.isdigit() and len(code) == 6):
        return False
    totp = pyotp.TOTP(secret)
    now_step = int(clock.now().timestamp()) // STEP_SECONDS
    for step in range(now_step - DRIFT_STEPS, now_step + DRIFT_STEPS + 1):
        if step > row.last_step and hmac.compare_digest(totp.generate_otp(step), code):
            return _claim_step(session, row.user_id, step)
    return False


def _accept_recovery(session: Session, user_id: int, code: str) -> bool:
    """Spend an unused recovery code: one conditional UPDATE, so a code works once even when raced."""
    spent = session.execute(
        update(MfaRecoveryCode)
        .where(
            col(MfaRecoveryCode.user_id) == user_id,
            col(MfaRecoveryCode.code_hash) == token_digest(code),
            col(MfaRecoveryCode.used_at).is_(None),
        )
        .values(used_at=clock.now())
        .execution_options(synchronize_session=False)
    )
    return spent.rowcount > 0  # type: ignore[attr-defined]


def check_code(*, session: Session, user_id: int, code: str) -> str | None:
    """Accept a TOTP or an unused recovery code of a user with 2FA on: "totp", "recovery" or None."""
    row = _row(session, user_id)
    if row is None or row.confirmed_at is None:
        return None
    normalised = _normalised_code(code)
    if _accept_totp(session, row, normalised):
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
    """Turn 2FA on with a code from the app; the 10 recovery codes, in clear this once.

    They are also kept sealed on the row for CODES_VIEW_LIFETIME, for the cabinet's one view of them
    (`recovery_codes_to_show`), until the user says they saved them.
    """
    row = _pending_setup(session, user_id)
    if row is None:
        raise ValidationFailed({"code": [t("mfa.error.no_setup")]})
    if not _accept_totp(session, row, _normalised_code(code)):
        raise ValidationFailed({"code": [t("mfa.error.wrong_code")]})
    codes = _new_recovery_codes(session, user_id)
    row.confirmed_at = clock.now()
    row.codes_sealed = seal("\n".join(codes), purpose=CODES_PURPOSE, bound_to=_bound(user_id))
    row.codes_until = row.confirmed_at + CODES_VIEW_LIFETIME
    session.add(row)
    user = _user(session, user_id)
    record_account_event(session=session, kind=EventKind.MFA_ON, user=user, ip=ip)
    mail_security_notice(session=session, user=user, event="mfa_on", ip=ip, device=user_agent)
    return codes


def recovery_codes_to_show(*, session: Session, user_id: int) -> list[str] | None:
    """The codes just made, while they wait to be seen (not yet saved, not expired); else None."""
    row = _row(session, user_id)
    if row is None or row.codes_sealed is None or row.codes_until is None or row.codes_until <= clock.now():
        return None
    opened = unseal(row.codes_sealed, purpose=CODES_PURPOSE, bound_to=_bound(user_id))
    return opened.split("\n") if opened else None


def forget_shown_codes(*, session: Session, user_id: int) -> None:
    """The user saved the recovery codes: the sealed copy goes, only the hashes stay."""
    row = _row(session, user_id)
    if row is not None and row.codes_sealed is not None:
        row.codes_sealed, row.codes_until = None, None
        session.add(row)


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


def claim_challenge(*, session: Session, challenge: MfaChallenge) -> bool:
    """Mark the challenge used, only if no one else did: one conditional UPDATE (a challenge logs in once)."""
    spent = session.execute(
        update(MfaChallenge)
        .where(col(MfaChallenge.id) == challenge.id, col(MfaChallenge.used_at).is_(None))
        .values(used_at=clock.now())
        .execution_options(synchronize_session=False)
    )
    return spent.rowcount == 1  # type: ignore[attr-defined]


def purge_mfa_leftovers(*, session: Session) -> int:
    """Expired second steps, setups never confirmed and recovery codes never fetched (the periodic job)."""
    now = clock.now()
    challenges = session.execute(delete(MfaChallenge).where(col(MfaChallenge.expires_at) <= now))
    setups = session.execute(
        delete(MfaSecret).where(
            col(MfaSecret.confirmed_at).is_(None), col(MfaSecret.created_at) <= now - SETUP_LIFETIME
        )
    )
    codes = session.execute(
        update(MfaSecret)
        .where(col(MfaSecret.codes_until) <= now)
        .values(codes_sealed=None, codes_until=None)
        .execution_options(synchronize_session=False)
    )
    return sum(int(result.rowcount or 0) for result in (challenges, setups, codes))  # type: ignore[attr-defined]
