"""Email activation links (SPEC A2): issue, confirm, resend, purge.

A link carries a random token from `secrets`; only its sha256 is stored, so a copy of the
database opens no accounts. A token works once, until it expires, and only while it is the
newest one of its user (a new link supersedes the older ones).
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import logging
import math
import re
import secrets

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from store_app.accounts.history import record_account_event
from store_app.accounts.mail import first_name_of
from store_app.accounts.models import ActivationToken, User
from store_app.accounts.rules.email_address import InvalidEmail, normalise_email
from store_app.audit.kinds import EventKind
from store_app.core import clock
from store_app.core.db import session_scope
from store_app.core.errors import Conflict, NotFound, RateLimited, ValidationFailed
from store_app.core.i18n import t
from store_app.core.mailed_links import ACTIVATE_PATH, shop_link
from store_app.core.rate_limit import RateLimit, blocked_until, record_hit
from store_app.core.settings import get_settings
from store_app.mail.models import MailStatus
from store_app.mail.service import latest_message_to, queue_mail

logger = logging.getLogger(__name__)

RESEND_INTERVAL = dt.timedelta(minutes=3)
# Used and expired rows are kept this long so the page can still say "used" or "expired", then purged.
KEEP_CLOSED_TOKENS = dt.timedelta(days=30)
# The public form mails whoever is named in it: a few requests per IP (several people may share one NAT).
NEW_LINK_REQUESTS_PER_IP = RateLimit(
    "activation_link_ip", max_hits=10, window=dt.timedelta(minutes=15), block_for=dt.timedelta(minutes=15)
)
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,100}")


class ActivationOutcome(enum.StrEnum):
    ACTIVATED = "activated"
    USED = "used"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"
    INVALID = "invalid"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def activation_url(token: str) -> str:
    return shop_link(ACTIVATE_PATH, token)


def send_activation_link(*, session: Session, user: User) -> None:
    """Issue a fresh token (the older ones stop working) and queue its mail, in the caller's transaction."""
    now = clock.now()
    hours = get_settings().activation_token_hours
    session.exec(
        update(ActivationToken)
        .where(col(ActivationToken.user_id) == user.id)
        .where(col(ActivationToken.used_at).is_(None), col(ActivationToken.superseded_at).is_(None))
        .values(superseded_at=now)
    )
    token = secrets.token_urlsafe(32)
    session.add(
        ActivationToken(
            user_id=user.id, token_hash=hash_token(token), created_at=now, expires_at=now + dt.timedelta(hours=hours)
        )
    )
    context = {"first_name": first_name_of(session=session, user=user), "activation_url": activation_url(token)}
    queue_mail(
        session=session,
        to=user.email,
        template="activation",
        context={**context, "expires_hours": hours},
        language=user.language,
    )
    session.flush()
    logger.info("activation link queued for user %s", user.id)


def activate_account(*, session: Session, token: str, ip: str) -> ActivationOutcome:
    """Confirm the email of the link's owner; any other outcome says why the link does not work."""
    if not _TOKEN_SHAPE.fullmatch(token):
        return ActivationOutcome.INVALID
    row = session.exec(select(ActivationToken).where(ActivationToken.token_hash == hash_token(token))).first()
    if row is None:
        return ActivationOutcome.INVALID
    if row.used_at is not None:
        return ActivationOutcome.USED
    if row.superseded_at is not None:
        return ActivationOutcome.SUPERSEDED
    now = clock.now()
    if row.expires_at <= now:
        return ActivationOutcome.EXPIRED
    # Claim the token atomically: of two tabs opening the same link at once, one wins.
    claimed = session.exec(
        update(ActivationToken)
        .where(col(ActivationToken.id) == row.id, col(ActivationToken.used_at).is_(None))
        .where(col(ActivationToken.superseded_at).is_(None))
        .values(used_at=now)
    )
    if claimed.rowcount != 1:
        return ActivationOutcome.USED
    user = session.get(User, row.user_id)
    if user is not None and user.email_confirmed_at is None:
        user.email_confirmed_at = now
        user.updated_at = now
        session.add(user)
        record_account_event(session=session, kind=EventKind.ACTIVATED, user=user, ip=ip)
    session.flush()
    return ActivationOutcome.ACTIVATED


def seconds_until_resend(*, session: Session, user_id: int) -> int:
    """0 when a new link may be sent now, else how many seconds are left of the 3-minute pause."""
    last = session.exec(select(func.max(ActivationToken.created_at)).where(ActivationToken.user_id == user_id)).one()
    if last is None:
        return 0
    left = (last + RESEND_INTERVAL - clock.now()).total_seconds()
    return max(0, math.ceil(left))


def resend_activation(*, session: Session, user_id: int) -> None:
    """The cabinet's resend button: a new link, at most one per 3 minutes per account."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(t("activation.error.no_user"))
    if user.email_confirmed_at is not None:
        raise Conflict(t("activation.error.already_confirmed"))
    wait = seconds_until_resend(session=session, user_id=user_id)
    if wait:
        raise RateLimited(t("activation.error.wait", seconds=wait), retry_after_seconds=wait)
    send_activation_link(session=session, user=user)


def activation_mail_problem(*, session: Session, email: str) -> str | None:
    """How the newest activation mail to `email` is going, for the shopper: "" (it went out, or there is
    none), "delayed" (an attempt failed, delivery retries), "failed" (given up), None (not tried yet).

    A sign-up with a taken address mails its owner instead: that notice is the mail watched then, so
    the page tells the two cases apart no more than the answer did.
    """
    message = latest_message_to(session=session, to=email, template=("activation", "registration_attempt"))
    if message is None or message.status in (MailStatus.SENT, MailStatus.STORED):
        return ""
    if message.status == MailStatus.FAILED:
        return "failed"
    return "delayed" if message.attempts else None


def _limit_new_link_requests(*, session: Session, ip: str) -> None:
    """Refuse while the IP is blocked, else count this request: the same for every address asked about."""
    until = blocked_until(session=session, limit=NEW_LINK_REQUESTS_PER_IP, key=ip)
    if until is not None:
        seconds = max(1, math.ceil((until - clock.now()).total_seconds()))
        message = t("activation.error.too_many", minutes=math.ceil(seconds / 60))
        raise RateLimited(message, retry_after_seconds=seconds, field="email")
    record_hit(session=session, limit=NEW_LINK_REQUESTS_PER_IP, key=ip)


def request_new_link(*, session: Session, email: str, ip: str) -> None:
    """The public "send me a new link" form: silent about whether the address has an account.

    A malformed address is refused (ValidationFailed, field "email"), and so is an IP that asked
    too often (RateLimited): neither reveals anything. Sends only to an active, unconfirmed account
    that has not had a link in the last 3 minutes; in every other case it does nothing, and the
    caller answers the same way.
    """
    _limit_new_link_requests(session=session, ip=ip)
    try:
        wanted = normalise_email(email).lower()
    except InvalidEmail:
        raise ValidationFailed({"email": [t("register.error.email_invalid")]}) from None
    user = session.exec(select(User).where(func.lower(User.email) == wanted)).first()
    if user is None or not user.is_active or user.email_confirmed_at is not None:
        return
    if seconds_until_resend(session=session, user_id=user.id) == 0:  # type: ignore[arg-type]
        send_activation_link(session=session, user=user)


def purge_closed_activation_tokens(*, session: Session) -> int:
    """Delete tokens that expired more than KEEP_CLOSED_TOKENS ago (the periodic purge); returns how many."""
    cutoff = clock.now() - KEEP_CLOSED_TOKENS
    result = session.exec(delete(ActivationToken).where(col(ActivationToken.expires_at) < cutoff))
    return result.rowcount or 0


def purge_activation_tokens_job() -> None:
    """The periodic job (registered in store_app.py); deleting by a cutoff is safe on every worker at once."""
    with session_scope() as session:
        purged = purge_closed_activation_tokens(session=session)
    if purged:
        logger.info("purged %s old activation tokens", purged)
