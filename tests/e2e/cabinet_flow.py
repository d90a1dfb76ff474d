"""Shared steps of the reset and cabinet browser tests: accounts made directly in the live shop's
database (no activation mail, so the cabinet's resend button is not throttled) and mail look-ups."""

from __future__ import annotations

import re
import time
import uuid
from email.message import EmailMessage

from sqlmodel import select

from store_app.accounts.models import Profile, User
from tests.e2e.conftest import LiveServer
from tests.utils.factories import make_shopper
from tests.utils.live_shop import live_session
from tests.utils.mailbox import Mailbox, body_text

PASSWORD = "quartz-meadow-93-violin"
NEW_PASSWORD = "amber-lighthouse-57-oak"


def make_account(live_server: LiveServer, *, confirmed: bool = False, first_name: str = "Вера") -> str:
    """An account with profile and cart in the live shop; returns the login (email is login@example.com)."""
    login = f"cab{uuid.uuid4().hex[:10]}"
    with live_session(live_server) as session:
        make_shopper(session, login=login, password=PASSWORD, first_name=first_name, confirmed=confirmed)
    return login


def account(live_server: LiveServer, login: str) -> tuple[User | None, Profile | None]:
    with live_session(live_server) as session:
        user = session.exec(select(User).where(User.login == login)).first()
        return user, session.get(Profile, user.id) if user else None


def mails_to(mailbox: Mailbox, *, to: str, subject_part: str) -> list[EmailMessage]:
    """The messages to `to` (among other recipients or not; the box keeps them lower-cased) whose subject
    contains `subject_part`, oldest first. Other tests' mail (the demo admin's new-device notices) never counts."""
    return [m for rcpts, m in list(mailbox.messages) if to.lower() in rcpts and subject_part in m["Subject"]]


def wait_for_mail(
    mailbox: Mailbox, *, to: str, subject_part: str, after: int = 0, timeout: float = 30.0
) -> EmailMessage:
    """The newest message to `to` whose subject contains `subject_part`, once more than `after` of them
    have arrived (pass the count from before a step to get that step's mail, not an earlier one)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = mails_to(mailbox, to=to, subject_part=subject_part)
        if len(found) > after:
            return found[-1]
        time.sleep(0.2)
    raise AssertionError(f"no mail about {subject_part!r} to {to} within {timeout}s (after {after})")


def code_in(message: EmailMessage) -> str:
    match = re.search(r"\b(\d{6})\b", body_text(message))
    assert match, "the mail carries no 6-digit code"
    return match.group(1)
