"""The account mails of the reset and password-change flows, queued in the caller's transaction."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from store_app.accounts.models import Profile, User
from store_app.core.i18n import t
from store_app.mail.service import queue_mail


def first_name_of(*, session: Session, user: User) -> str:
    profile = session.get(Profile, user.id)
    return profile.first_name if profile and profile.first_name else user.login


def mail_reset_code(*, session: Session, user: User, code: str, expires_minutes: int) -> None:
    context = {
        "first_name": first_name_of(session=session, user=user),
        "code": code,
        "expires_minutes": expires_minutes,
    }
    queue_mail(session=session, to=user.email, template="password_reset_code", context=context)


def mail_password_changed(*, session: Session, user: User, when: dt.datetime) -> None:
    context = {
        "first_name": first_name_of(session=session, user=user),
        "changed_at": when.strftime("%d.%m.%Y %H:%M UTC"),
        "support_email": t("shop.email"),
    }
    queue_mail(session=session, to=user.email, template="password_changed", context=context)
