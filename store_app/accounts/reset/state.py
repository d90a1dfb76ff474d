"""Reflex state of the progressive password reset form on /login (SPEC A4): email, code, new password.

The service decides every step; this state only remembers which step is open. The code the shopper
typed is kept in a backend-only var for the last step and never sent back to the browser.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from store_app.accounts.reset.service import complete_reset, request_reset_code, verify_reset_code
from store_app.accounts.state_helpers import form_text, shopper_ip
from store_app.core.i18n import var_text
from store_app.ui.bridge import attempt

STEP_EMAIL, STEP_CODE, STEP_PASSWORD = "email", "code", "password"


class ResetState(rx.State):
    """Whether the form is open, which step, the address the code went to, and the step's error."""

    is_open: bool = False
    step: str = STEP_EMAIL
    email: str = ""
    error: str = ""
    busy: bool = False
    done: bool = False
    _code: str = ""

    @rx.var
    def code_sent_text(self) -> str:
        return var_text("reset.code_sent", email=self.email) if self.email else ""

    @rx.event
    def open_page(self) -> None:
        self.reset()

    @rx.event
    def open_form(self):  # type: ignore[no-untyped-def]
        self.reset()
        self.is_open = True
        return rx.set_focus("reset-email")

    @rx.event
    def close_form(self) -> None:
        self.reset()

    async def _run(self, service: Callable[..., None], **kwargs: str) -> bool:
        """Run a service step; False (with the message shown) when it refused."""
        outcome = await attempt(
            service, where="password reset step", unexpected_key="reset.error.unexpected", ip=shopper_ip(self), **kwargs
        )
        self.busy, self.error = False, outcome.message
        return outcome.ok

    async def _send_code(self, email: str):  # type: ignore[no-untyped-def]
        self.busy = True
        yield
        if await self._run(request_reset_code, email=email):
            self.email, self._code, self.step = email, "", STEP_CODE
            yield rx.set_focus("reset-code")

    @rx.event
    async def request_code(self, form_data: dict[str, Any]):  # type: ignore[no-untyped-def]
        if self.busy or not self.is_open or self.step != STEP_EMAIL:
            return
        async for update in self._send_code(form_text(form_data, "email", limit=320).strip()):
            yield update

    @rx.event
    async def resend_code(self):  # type: ignore[no-untyped-def]
        """A new code to the same address (the old one dies), e.g. after the tries ran out."""
        if self.busy or self.step != STEP_CODE:
            return
        async for update in self._send_code(self.email):
            yield update

    @rx.event
    async def check_code(self, form_data: dict[str, Any]):  # type: ignore[no-untyped-def]
        if self.busy or self.step != STEP_CODE:
            return
        code = form_text(form_data, "code", limit=32).strip()
        self.busy = True
        yield
        if await self._run(verify_reset_code, email=self.email, code=code):
            self._code, self.step = code, STEP_PASSWORD
            yield rx.set_focus("reset-password")

    @rx.event
    async def set_password(self, form_data: dict[str, Any]):  # type: ignore[no-untyped-def]
        if self.busy or self.step != STEP_PASSWORD:
            return
        password, password2 = form_text(form_data, "password"), form_text(form_data, "password2")
        self.busy = True
        yield
        if await self._run(
            complete_reset,
            email=self.email,
            code=self._code,
            password=password,
            password2=password2,
            user_agent=self.router.headers.user_agent,
        ):
            email = self.email
            self.reset()
            self.done = True
            # The form closes; the login form stays, filled in with the address, waiting for the new password.
            yield [rx.set_value("login-identifier", email), rx.set_focus("login-password")]
