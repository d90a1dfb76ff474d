"""Reflex states of registration, the activation link and the "send me a new link" form.

Handlers parse the input, run the service in a worker thread (hashing and the database block)
and show the outcome. No var the browser receives holds a password or a token.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import reflex as rx

from store_app.accounts.login.hint import seal_identifier
from store_app.accounts.login.redirect import login_url
from store_app.accounts.registration.activation_service import (
    activate_account,
    activation_mail_problem,
    request_new_link,
)
from store_app.accounts.registration.service import RegistrationData, register_user
from store_app.accounts.state_helpers import form_text, shopper_ip
from store_app.core.i18n import N_, var_text
from store_app.core.settings import get_settings
from store_app.ui.bridge import attempt, call, form_checkbox
from store_app.ui.routes import CABINET_ROUTE

# After registering, the page watches the activation mail: often at first, then once a minute, for as
# long as delivery retries last (mail/delivery.py gives up after about 73 minutes).
MAIL_WATCH_FAST = (5.0, 24)  # seconds between looks, how many looks
MAIL_WATCH_SLOW = (60.0, 90)
# The public form answers no faster than this, so its timing does not tell whether a mail was queued.
NEW_LINK_MIN_SECONDS = 0.3
# Errors about the whole form; DomainError files them under "__all__", which a Var key cannot be.
FORM_WIDE = "form"


MAIL_PROBLEM_KEYS = {"delayed": N_("activation.mail_delayed"), "failed": N_("activation.mail_failed")}


class RegistrationState(rx.State):
    """The /register page: field errors, then the "check your mail" view."""

    errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    registered_email: str = ""
    # /login with the new login filled in (sealed in the URL): one step from the done page to the cabinet.
    login_link: str = ""
    mail_problem: str = ""  # "", "delayed" or "failed"
    submitting: bool = False
    # One watcher per tab, however often a crafted message asks for it.
    _watching_mail: bool = False

    @rx.var
    def done_text(self) -> str:
        hours = get_settings().activation_token_hours
        return var_text("register.done.text", email=self.registered_email, hours=hours)

    @rx.var
    def mail_problem_text(self) -> str:
        if not self.mail_problem:
            return ""
        return var_text(MAIL_PROBLEM_KEYS[self.mail_problem], email=self.registered_email)

    @rx.event
    def open_page(self) -> None:
        self.reset()

    @rx.event
    async def submit(self, form_data: dict[str, Any]):  # type: ignore[no-untyped-def]
        data = RegistrationData(
            first_name=form_text(form_data, "first_name"),
            last_name=form_text(form_data, "last_name"),
            patronymic=form_text(form_data, "patronymic"),
            login=form_text(form_data, "login"),
            email=form_text(form_data, "email"),
            password=form_text(form_data, "password"),
            password_repeat=form_text(form_data, "password_repeat"),
            accept_rules=form_checkbox(form_data, "accept_rules"),
        )
        self.submitting = True
        yield
        # Field errors, or one above the form (too many sign-ups; every password thread busy). Only the
        # class of an unexpected error is logged: its text may hold the activation link being queued (H5).
        outcome = await attempt(
            register_user,
            where="registration",
            default=FORM_WIDE,
            unexpected_key="register.error.unexpected",
            data=data,
            ip=shopper_ip(self),
        )
        self.submitting = False
        if not outcome.ok or outcome.value is None:
            self.errors = dict(outcome.errors)
            return
        self.errors = {}
        self.registered_email = outcome.value.email
        self.login_link = login_url(CABINET_ROUTE, hint=seal_identifier(data.login))
        self.mail_problem = ""
        yield RegistrationState.watch_activation_mail

    @rx.event(background=True)
    async def watch_activation_mail(self):  # type: ignore[no-untyped-def]
        """Tell the shopper when delivery is delayed or finally failed; stops once the mail went out."""
        async with self:
            email = self.registered_email
            if not email or self._watching_mail:
                return
            self._watching_mail = True
        try:
            for pause in [MAIL_WATCH_FAST[0]] * MAIL_WATCH_FAST[1] + [MAIL_WATCH_SLOW[0]] * MAIL_WATCH_SLOW[1]:
                await asyncio.sleep(pause)
                problem = await call(activation_mail_problem, email=email)
                if problem is None:
                    continue
                async with self:
                    if self.registered_email != email:
                        return
                    self.mail_problem = problem
                if problem in ("", "failed"):
                    return
        finally:
            async with self:
                self._watching_mail = False


def _token_from_path(path: str) -> str:
    """The last segment of /activate/<token>; the token never goes into a var of its own."""
    return path.rstrip("/").rsplit("/", 1)[-1]


class ActivationState(rx.State):
    """The /activate/<token> page: opening it confirms the email or says why the link does not work."""

    outcome: str = ""

    @rx.event
    async def open_link(self):  # type: ignore[no-untyped-def]
        self.outcome = ""
        yield
        token = _token_from_path(self.router.url.path)
        outcome = await call(activate_account, token=token, ip=shopper_ip(self))
        self.outcome = outcome.value


class NewLinkState(rx.State):
    """The "send me a new link" form: the same answer whether or not the address has an account."""

    email_error: str = ""
    sent: bool = False

    @rx.event
    def open_page(self) -> None:
        self.reset()

    @rx.event
    async def request_link(self, form_data: dict[str, Any]):  # type: ignore[no-untyped-def]
        started = time.monotonic()
        outcome = await attempt(
            request_new_link,
            where="new activation link",
            fields=("email",),
            default="email",
            unexpected_key="register.error.unexpected",
            email=form_text(form_data, "email"),
            ip=shopper_ip(self),
        )
        if not outcome.ok:
            self.email_error, self.sent = outcome.message, False
            return
        await asyncio.sleep(max(0.0, NEW_LINK_MIN_SECONDS - (time.monotonic() - started)))
        self.email_error = ""
        self.sent = True
