"""The account mails of the reset, password-change, two-factor, email-change and new-device flows, queued in
the caller's transaction."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from store_app.accounts.cabinet.devices import describe_device
from store_app.accounts.models import Profile, User
from store_app.accounts.rules.person_names import greeting_name
from store_app.core import clock
from store_app.core.i18n import t
from store_app.core.mailed_links import CABINET_PATH, SESSIONS_ANCHOR, shop_link
from store_app.mail.service import queue_mail


def first_name_of(*, session: Session, user: User) -> str:
    profile = session.get(Profile, user.id)
    """The name a mail greets the user by."""
    return greeting_name(profile.first_name if profile else "", user.login)


def mail_reset_code(*, session: Session, user: User, code: str, expires_minutes: int) -> None:
    context = {
        "first_name": first_name_of(session=session, user=user),
        "code": code,
        "expires_minutes": expires_minutes,
    }
    queue_mail(session=session, to=user.email, template="password_reset_code", context=context, language=user.language)


def _device_line(user_agent: str, lang: str) -> str:
    """The browser and system named by a User-Agent, e.g. "Firefox 128 · Linux" (no version strings beyond)."""
    return describe_device(user_agent, unknown=t("cabinet.sessions.unknown_device", lang))


def sessions_url() -> str:
    """Where a notice sends the reader to see and end their login sessions."""
    return shop_link(CABINET_PATH, anchor=SESSIONS_ANCHOR)


def mail_password_changed(*, session: Session, user: User, when: dt.datetime, ip: str = "", device: str = "") -> None:
    context = {
        "ip": ip,
        # Only when known: a change made without a browser's User-Agent names no device.
        "device": _device_line(device, user.language) if device else "",
        "first_name": first_name_of(session=session, user=user),
        "changed_at": when,  # written the way the mail's language writes a moment
        "support_email": t("shop.email", user.language),
    }
    queue_mail(session=session, to=user.email, template="password_changed", context=context, language=user.language)


def mail_security_notice(
    *, session: Session, user: User, event: str, ip: str, device: str, detail: str = "", to: str | None = None
) -> None:
    """A notice after a security change (2FA on, off or reset; a new device; an email change asked for or
    made, `detail` naming the new address): time, IP, device and a link to the sessions. `to` defaults to
    the account's address (an email change notifies the old one)."""
    context = {
        "first_name": first_name_of(session=session, user=user),
        "event": event,
        "when": clock.now(),  # written the way the mail's language writes a moment
        "ip": ip,
        "device": _device_line(device, user.language),
        "detail": detail,
        "sessions_url": sessions_url(),
        "support_email": t("shop.email", user.language),
    }
    queue_mail(
        session=session, to=to or user.email, template="security_notice", context=context, language=user.language
    )
