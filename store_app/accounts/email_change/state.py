"""States of the email change: the cabinet's form (logged in only) and the page the mailed link opens.

The form's handler is a `@login_event` (the same guard as the other cabinet states): it finds the user
from the server-side session first. The password arrives in the submitted form and goes straight to the
service; no var holds it. The link's token is read from the path when the page opens and kept in no var
of its own.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from store_app.accounts.email_change.service import confirm_email_change, pending_email, request_email_change
from store_app.accounts.sessions.guards import acting, login_event
from store_app.accounts.state_helpers import form_text, optional_context, shopper_ip
from store_app.core.i18n import t
from store_app.ui.bridge import attempt, call

FIELDS = ("new_email", "password")


class CabinetEmailState(rx.State):
    errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    notice: str = ""
    # The address waiting for its link (shown so the shopper knows a change is under way).
    pending: str = ""
    busy: bool = False

    @rx.event
    async def load(self) -> None:
        self.reset()
        context = await optional_context(self)
        if context is not None:  # a guest is sent to log in by the page's own guard
            self.pending = await call(pending_email, user_id=context.user_id)

    @login_event
    async def request_change(self, form_data: dict[str, Any]):  # type: ignore[no-untyped-def]
        who = acting()
        self.busy, self.notice = True, ""
        yield
        outcome = await attempt(
            request_email_change,
            where="email change",
            fields=FIELDS,
            default="new_email",
            unexpected_key="cabinet.error.unexpected",
            user_id=who.user_id,
            password=form_text(form_data, "password"),
            new_email=form_text(form_data, "new_email", limit=1000),
            ip=who.ip,
            user_agent=self.router.headers.user_agent,
        )
        self.busy = False
        if not outcome.ok:
            self.errors = dict(outcome.errors)
            return
        self.errors, self.notice = {}, t("cabinet.email.sent", email=outcome.value)
        self.pending = await call(pending_email, user_id=who.user_id)
        # The password field empties itself (its input is uncontrolled).
        yield rx.set_value("email-change-password", "")


def _token_from_path(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


class EmailChangeLinkState(rx.State):
    """The /email-change/<token> page: opening it changes the address or says why it cannot."""

    outcome: str = ""

    @rx.event
    async def open_link(self):  # type: ignore[no-untyped-def]
        self.outcome = ""
        yield
        result = await call(
            confirm_email_change,
            token=_token_from_path(self.router.url.path),
            ip=shopper_ip(self),
            user_agent=self.router.headers.user_agent,
        )
        self.outcome = result.value
