"""The periodic clean-up of login data (SPEC A7.3): expired refresh tokens (the blacklist included),
sessions ended or expired longer ago than the retention, old rate-limit rows, old mails that
carried an activation link or a reset code, and two-factor leftovers (expired second steps, setups
never confirmed, recovery codes never fetched) and used or expired email-change links."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import delete, or_
from sqlmodel import Session, col

from store_app.accounts.email_change.service import purge_email_changes
from store_app.accounts.mfa.service import purge_mfa_leftovers
from store_app.accounts.sessions.models import LoginSession, RefreshToken
from store_app.core import clock
from store_app.core.db import session_scope
from store_app.core.rate_limit import purge_rate_limits
from store_app.mail.redaction import purge_secret_mail

logger = logging.getLogger(__name__)
# Ended sessions stay visible (cabinet, admin) this long; the history log keeps the events for good.
ENDED_SESSION_RETENTION = dt.timedelta(days=30)
PURGE_EVERY = dt.timedelta(hours=1)


def purge_expired_sessions(*, session: Session) -> int:
    """Delete expired refresh tokens and sessions past retention; returns the number of rows."""
    now = clock.now()
    tokens = session.execute(delete(RefreshToken).where(col(RefreshToken.expires_at) <= now))
    cutoff = now - ENDED_SESSION_RETENTION
    sessions = session.execute(
        delete(LoginSession).where(or_(col(LoginSession.ended_at) < cutoff, col(LoginSession.expires_at) < cutoff))
    )
    return int(tokens.rowcount or 0) + int(sessions.rowcount or 0)


def purge_login_data_job() -> int:
    """The periodic job (registered in store_app.py); deleting by cutoffs is safe on every worker at once."""
    with session_scope() as session:
        purged = (
            purge_expired_sessions(session=session)
            + purge_rate_limits(session=session)
            + purge_secret_mail(session=session)
            + purge_mfa_leftovers(session=session)
            + purge_email_changes(session=session)
        )
    if purged:
        logger.info("purged %s expired login sessions, tokens, rate-limit rows and secret-carrying mails", purged)
    return purged
