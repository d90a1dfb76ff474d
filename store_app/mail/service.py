"""Queue mail in the caller's transaction and look messages up (the staff outbox too); delivery is
delivery.py's job."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlmodel import Session, col, select

from store_app.core import periodic
from store_app.core.paging import Page, page_of
from store_app.mail.models import MailMessage, MailStatus
from store_app.mail.redaction import masked_context, shown_text
from store_app.mail.rendering import render_mail, resolve_language

_WAKE_PENDING = "mail_wake_after_commit"
# The periodic job that delivers the outbox (registered in store_app.py); queueing wakes only it.
MAIL_DELIVERY_JOB = "mail-delivery"


def _wake_delivery_after_commit(session: Session) -> None:
    """Start delivery as soon as the row is visible to other connections, not before."""
    if session.info.get(_WAKE_PENDING):
        return
    session.info[_WAKE_PENDING] = True

    def _after_commit(committed: Session) -> None:
        committed.info.pop(_WAKE_PENDING, None)
        periodic.wake_up(MAIL_DELIVERY_JOB)

    event.listen(session, "after_commit", _after_commit, once=True)


def queue_mail(
    *, session: Session, to: str, template: str, context: dict[str, Any], language: str | None = None
) -> MailMessage:
    """Render `template` and add a pending message; it is sent only if the caller's transaction commits.

    Raises `ValueError` for an address that cannot be a header, and Jinja2's errors for an unknown
    template or a missing context value (both are mistakes in the calling code, not user input).
    """
    recipient = to.strip()
    if not recipient or "@" not in recipient or any(char in recipient for char in "\r\n,;<>"):
        raise ValueError("a mail recipient must be one plain email address")
    lang = resolve_language(language)
    rendered = render_mail(template=template, context=context, language=lang)
    masked_values = masked_context(template, context)
    masked = None if masked_values is None else render_mail(template=template, context=masked_values, language=lang)
    message = MailMessage(
        recipient=recipient,
        subject=rendered.subject[:500],
        text_body=rendered.text,
        html_body=rendered.html,
        masked_text_body=masked.text if masked else None,
        masked_html_body=masked.html if masked else None,
        template=template,
        language=lang,
        status=MailStatus.PENDING.value,
    )
    session.add(message)
    session.flush()
    _wake_delivery_after_commit(session)
    return message


def get_message(*, session: Session, message_id: int) -> MailMessage | None:
    return session.get(MailMessage, message_id)


def latest_message_to(*, session: Session, to: str, template: str | tuple[str, ...]) -> MailMessage | None:
    """The newest message of `template` (or of any of several) to `to`, e.g. to tell a user their
    activation mail failed."""
    templates = (template,) if isinstance(template, str) else template
    query = (
        select(MailMessage)
        .where(MailMessage.recipient == to.strip(), col(MailMessage.template).in_(templates))
        .order_by(col(MailMessage.id).desc())
        .limit(1)
    )
    return session.exec(query).first()


def outbox_page(*, session: Session, status: str = "", page: int = 1) -> Page[MailMessage]:
    """The outbox as staff read it: newest first, of one status (or all), one page."""
    query = select(MailMessage).order_by(col(MailMessage.id).desc())
    if status:
        query = query.where(col(MailMessage.status) == status)
    return page_of(session, query, page=page)


def text_for_staff(*, session: Session, message_id: int) -> str:
    """A message's text as staff may read it: masked, so no one can open another person's account
    from the outbox ("" for no such message)."""
    message = session.get(MailMessage, message_id)
    return shown_text(message) if message else ""
