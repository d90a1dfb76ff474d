"""Registration input for the registration and activation tests, and reading the link out of a mail."""

from __future__ import annotations

import itertools
import re

from sqlmodel import Session, col, select

from store_app.accounts.models import User
from store_app.accounts.registration.service import RegistrationData, register_user
from store_app.core.db import session_scope
from store_app.mail.models import MailMessage

GOOD_PASSWORD = "velvet-otter-42-lamp"
_serial = itertools.count(1)
_LINK = re.compile(r"https?://[^\s\"'<>]+/activate/([A-Za-z0-9_-]+)")


def registration(**overrides: object) -> RegistrationData:
    """A valid form, each call with a fresh login and email; `overrides` break one rule at a time."""
    n = next(_serial)
    fields: dict[str, object] = {
        "first_name": "Анна",
        "last_name": "Смирнова",
        "patronymic": "Петровна",
        "login": f"anna{n}",
        "email": f"anna{n}@example.com",
        "password": GOOD_PASSWORD,
        "password_repeat": GOOD_PASSWORD,
        "accept_rules": True,
    }
    fields.update(overrides)
    return RegistrationData(**fields)  # type: ignore[arg-type]


def register_committed(data: RegistrationData | None = None, *, ip: str = "203.0.113.7") -> User:
    """Register in its own committed transaction, as the page does."""
    with session_scope() as session:
        user = register_user(session=session, data=data or registration(), ip=ip).user
        assert user is not None, "the factory's addresses are new"
        return user


def activation_token_in(text: str) -> str:
    """The token of the activation link in a mail body."""
    found = _LINK.search(text)
    assert found, f"no activation link in: {text[:500]}"
    return found.group(1)


def latest_activation_token(session: Session, email: str) -> str:
    """The token of the newest activation mail queued to `email` (read from the outbox, as a user would)."""
    message = session.exec(
        select(MailMessage)
        .where(MailMessage.recipient == email, MailMessage.template == "activation")
        .order_by(col(MailMessage.id).desc())
    ).first()
    assert message is not None, f"no activation mail to {email}"
    return activation_token_in(message.text_body)
