"""Email change (SPEC A11, issue 14): the password, a link to the new address, notices to the old one.

- The request checks the password (wrong ones count against the cabinet's limit) and the new address
  by the registration rules (`rules/email_address.py`, the registration's uniqueness check); it keeps
  one pending change per account (a new request deletes the older one, so its link stops working),
  mails a single-use link (only its SHA-256 is stored, 24 hours) to the new address and a notice to
  the old one.
- A taken address gets the same answer as a free one and no link (as registration does: the cabinet
  does not tell which addresses have accounts).
- Opening the link claims it with one conditional UPDATE (it works once, even raced), checks the
  address is still free, changes it (confirmed: the link proved the mailbox) and mails the old address
  again with the time, IP and device.
- Sessions stay: the address is no credential here (a login needs the password, and 2FA when on), and
  the big providers (Google, GitHub, Microsoft) keep them too; a shopper who did not ask for the change
  sees it in the notices and ends sessions from the cabinet.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import secrets

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from store_app.accounts.email_change.models import EmailChange
from store_app.accounts.history import record_account_event
from store_app.accounts.login.limits import account_key, count_wrong_password, limit_password_checks
from store_app.accounts.mail import first_name_of, mail_security_notice
from store_app.accounts.models import User
from store_app.accounts.registration.service import email_is_taken
from store_app.accounts.rules.email_address import InvalidEmail, normalise_email
from store_app.audit.kinds import EventKind
from store_app.core import clock
from store_app.core.errors import NotAuthenticated, RateLimited, ValidationFailed
from store_app.core.i18n import t
from store_app.core.mailed_links import EMAIL_CHANGE_PATH, shop_link
from store_app.core.passwords import verify_password
from store_app.core.rate_limit import RateLimit, blocked_until, record_hit
from store_app.core.tokens import token_digest
from store_app.mail.service import queue_mail

LINK_LIFETIME = dt.timedelta(hours=24)
MAX_TOKEN_LENGTH = 128
# Each request mails two addresses: a few an hour is plenty for a person, not for a flood.
REQUESTS_PER_ACCOUNT = RateLimit(
    "email_change", max_hits=5, window=dt.timedelta(hours=1), block_for=dt.timedelta(hours=1)
)


class ChangeOutcome(enum.StrEnum):
    CHANGED = "changed"
    INVALID = "invalid"  # mangled, used, voided by a newer request, or never existed
    EXPIRED = "expired"
    TAKEN = "taken"  # someone registered the address meanwhile


def confirm_url(token: str) -> str:
    return shop_link(EMAIL_CHANGE_PATH, token)


def _new_email(user: User, raw: str) -> tuple[str, list[str]]:
    """The address normalised as registration does, and what is wrong with it (taken is not said)."""
    if not raw.strip():
        return "", [t("register.error.required")]
    try:
        email = normalise_email(raw)
    except InvalidEmail:
        return "", [t("register.error.email_invalid")]
    if email.lower() == user.email.lower():
        return email, [t("email_change.error.same")]
    return email, []


def _refuse_if_flooding(session: Session, user_id: int) -> None:
    until = blocked_until(session=session, limit=REQUESTS_PER_ACCOUNT, key=account_key(user_id))
    if until is not None:
        seconds = max(1, math.ceil((until - clock.now()).total_seconds()))
        raise RateLimited(
            t("email_change.error.too_many", minutes=math.ceil(seconds / 60)),
            retry_after_seconds=seconds,
            field="new_email",
        )


def request_email_change(
    *, session: Session, user_id: int, password: str, new_email: str, ip: str, user_agent: str = ""
) -> str:
    """Check the password and the address, void an older request, mail the link and the notice.

    Returns the new address as normalised (the cabinet names it); errors under `new_email`/`password`.
    """
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise NotAuthenticated(t("cabinet.error.not_logged_in"))
    limit_password_checks(session=session, user_id=user_id, field="password")
    _refuse_if_flooding(session, user_id)
    email, email_errors = _new_email(user, new_email)
    errors = {"new_email": email_errors, "password": []}
    if not verify_password(password, user.password_hash):
        errors["password"].append(t("password_change.error.old_wrong"))
        count_wrong_password(session=session, user_id=user_id)
        session.commit()  # the failed try counts although the action fails
    if any(errors.values()):
        raise ValidationFailed(errors)
    record_hit(session=session, limit=REQUESTS_PER_ACCOUNT, key=account_key(user_id))
    session.execute(delete(EmailChange).where(col(EmailChange.user_id) == user_id))
    record_account_event(session=session, kind=EventKind.EMAIL_CHANGE_REQUESTED, user=user, ip=ip)
    if email_is_taken(session, email):
        return email  # the same answer, no link: the cabinet does not tell which addresses have accounts
    token = secrets.token_urlsafe(32)
    now = clock.now()
    session.add(
        EmailChange(
            user_id=user_id,
            new_email=email,
            token_hash=token_digest(token),
            created_at=now,
            expires_at=now + LINK_LIFETIME,
        )
    )
    context = {
        "first_name": first_name_of(session=session, user=user),
        "confirm_url": confirm_url(token),
        "expires_hours": int(LINK_LIFETIME.total_seconds() // 3600),
    }
    queue_mail(session=session, to=email, template="email_change_confirm", context=context)
    mail_security_notice(
        session=session, user=user, event="email_change_requested", ip=ip, device=user_agent, detail=email
    )
    return email


def _claim(session: Session, token: str) -> tuple[EmailChange | None, ChangeOutcome]:
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None, ChangeOutcome.INVALID
    change = session.exec(select(EmailChange).where(EmailChange.token_hash == token_digest(token))).first()
    if change is None or change.used_at is not None:
        return None, ChangeOutcome.INVALID
    if change.expires_at <= clock.now():
        return None, ChangeOutcome.EXPIRED
    claimed = session.execute(
        update(EmailChange)
        .where(col(EmailChange.id) == change.id, col(EmailChange.used_at).is_(None))
        .values(used_at=clock.now())
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return None, ChangeOutcome.INVALID  # another tab opened it first
    return change, ChangeOutcome.CHANGED


def confirm_email_change(*, session: Session, token: str, ip: str, user_agent: str = "") -> ChangeOutcome:
    """Open the link: the address changes now (or the outcome says why not)."""
    change, outcome = _claim(session, token)
    if change is None:
        return outcome
    user = session.get(User, change.user_id)
    if user is None or not user.is_active:
        return ChangeOutcome.INVALID
    if email_is_taken(session, change.new_email):
        return ChangeOutcome.TAKEN
    old_email, now = user.email, clock.now()
    user.email, user.email_confirmed_at, user.updated_at = change.new_email, now, now
    session.add(user)
    try:
        session.flush()
    except IntegrityError:  # registered a moment ago, between the check and the write
        session.rollback()
        return ChangeOutcome.TAKEN
    record_account_event(session=session, kind=EventKind.EMAIL_CHANGED, user=user, ip=ip)
    mail_security_notice(
        session=session, user=user, event="email_changed", ip=ip, device=user_agent, detail=user.email, to=old_email
    )
    return ChangeOutcome.CHANGED


def pending_email(*, session: Session, user_id: int) -> str:
    """The address waiting for its link to be opened ("" when none is pending)."""
    query = select(EmailChange).where(
        EmailChange.user_id == user_id, col(EmailChange.used_at).is_(None), EmailChange.expires_at > clock.now()
    )
    change = session.exec(query).first()
    return change.new_email if change else ""


def purge_email_changes(*, session: Session) -> int:
    """Expired and used links (the periodic job)."""
    gone = session.execute(
        delete(EmailChange).where((col(EmailChange.expires_at) <= clock.now()) | col(EmailChange.used_at).is_not(None))
    )
    return int(gone.rowcount or 0)  # type: ignore[attr-defined]
