"""Reflex states of registration, the activation link and the "send me a new link" form.

Handlers parse the input, run the service in a worker thread (hashing and the database block)
and show the outcome. No var the browser receives holds a password or a token.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import reflex as rx

from store_app.accounts.login.hint import seal_identifier
from store_app.accounts.login.redirect import login_url
from store_app.accounts.registration.activation_service import (
    ActivationOutcome,
    activate_account,
    activation_mail_problem,
    request_new_link,
)
from store_app.accounts.registration.service import RegistrationData, register_user
from store_app.accounts.state_helpers import form_text, shopper_ip
from store_app.core.db import session_scope
from store_app.core.errors import DomainError, RateLimited, ValidationFailed
from store_app.core.i18n import N_, t
from store_app.core.settings import get_settings

logger = logging.getLogger(__name__)

# After registering, the page watches the activation mail: often at first, then once a minute, for as
# long as delivery retries last (mail/delivery.py gives up after about 73 minutes).
MAIL_WATCH_FAST = (5.0, 24)  # seconds between looks, how many looks
MAIL_WATCH_SLOW = (60.0, 90)
# The public form answers no faster than this, so its timing does not tell whether a mail was queued.
NEW_LINK_MIN_SECONDS = 0.3
# Errors about the whole form; DomainError files them under "__all__", which a Var key cannot be.
FORM_WIDE = "form"


def _register(data: RegistrationData, ip: str) -> str:
    with session_scope() as session:
        return register_user(session=session, data=data, ip=ip).email


def _activation_mail_problem(email: str) -> str | None:
    with session_scope() as session:
        return activation_mail_problem(session=session, email=email)


def _activate(token: str, ip: str) -> ActivationOutcome:
    with session_scope() as session:
        return activate_account(session=session, token=token, ip=ip)


def _request_new_link(email: str, ip: str) -> None:
    with session_scope() as session:
        request_new_link(session=session, email=email, ip=ip)


def _log_failure(action: str, exc: Exception) -> None:
    # Only the class: a database error's text carries the statement's parameters, which may hold
    # the activation link of the mail being queued (SPEC H5: no tokens in logs).
    logger.error("%s failed: %s", action, type(exc).__name__)


def _ticked(form_data: dict[str, Any], name: str) -> bool:
    return form_data.get(name) in ("on", "true", True)


def _joined(errors: dict[str, list[str]]) -> dict[str, str]:
    """One string per field; the error line shows each message on its own line."""
    return {(FORM_WIDE if field == "__all__" else field): "\n".join(messages) for field, messages in errors.items()}


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
        return t("register.done.text", email=self.registered_email, hours=hours)

    @rx.var
    def mail_problem_text(self) -> str:
        if not self.mail_problem:
            return ""
        return t(MAIL_PROBLEM_KEYS[self.mail_problem], email=self.registered_email)

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
            accept_rules=_ticked(form_data, "accept_rules"),
        )
        self.submitting = True
        yield
        try:
            email = await asyncio.to_thread(_register, data, shopper_ip(self))
        except DomainError as exc:
            # Field errors, or one above the form (too many sign-ups; every password thread busy).
            self.errors = _joined(exc.errors)
            return
        except Exception as exc:
            _log_failure("registration", exc)
            self.errors = {FORM_WIDE: t("register.error.unexpected")}
            return
        finally:
            self.submitting = False
        self.errors = {}
        self.registered_email = email
        self.login_link = login_url("/cabinet", hint=seal_identifier(data.login))
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
                problem = await asyncio.to_thread(_activation_mail_problem, email)
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
        outcome = await asyncio.to_thread(_activate, token, shopper_ip(self))
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
        try:
            await asyncio.to_thread(_request_new_link, form_text(form_data, "email"), shopper_ip(self))
        except (ValidationFailed, RateLimited) as exc:
            self.email_error = "\n".join(exc.errors.get("email", [exc.message]))
            self.sent = False
            return
        except Exception as exc:
            _log_failure("new activation link", exc)
            self.email_error = t("register.error.unexpected")
            return
        await asyncio.sleep(max(0.0, NEW_LINK_MIN_SECONDS - (time.monotonic() - started)))
        self.email_error = ""
        self.sent = True
