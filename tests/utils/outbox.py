"""The one way tests read the mail outbox: the messages queued (to whom, of which template) and the
link or code a mail carries, read from its text as the recipient would."""

from __future__ import annotations

import re

from sqlmodel import Session, col, select

from store_app.mail.models import MailMessage

_ACTIVATION_LINK = re.compile(r"https?://[^\s\"'<>]+/activate/([A-Za-z0-9_-]+)")
_SIX_DIGITS = re.compile(r"\b(\d{6})\b")


def outbox(session: Session, *, to: str | None = None, template: str | None = None) -> list[MailMessage]:
    """The queued messages, oldest first (read afresh: another transaction may have queued them)."""
    session.expire_all()
    query = select(MailMessage).order_by(col(MailMessage.id))
    if to is not None:
        query = query.where(col(MailMessage.recipient) == to)
    if template is not None:
        query = query.where(col(MailMessage.template) == template)
    return list(session.exec(query))


def latest_mail(session: Session, *, to: str, template: str) -> MailMessage:
    found = outbox(session, to=to, template=template)
    assert found, f"no {template} mail to {to}"
    return found[-1]


def activation_token_in(text: str) -> str:
    """The token of the activation link in a mail body."""
    found = _ACTIVATION_LINK.search(text)
    assert found, f"no activation link in: {text[:500]}"
    return found.group(1)


def latest_activation_token(session: Session, email: str) -> str:
    """The token of the newest activation mail queued to `email`."""
    return activation_token_in(latest_mail(session, to=email, template="activation").text_body)


def mailed_code(session: Session, *, to: str, template: str = "password_reset_code") -> str:
    """The six-digit code of the newest such mail to `to`."""
    found = _SIX_DIGITS.search(latest_mail(session, to=to, template=template).text_body)
    assert found, f"no code in the {template} mail to {to}"
    return found.group(1)
