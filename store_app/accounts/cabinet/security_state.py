"""State of the cabinet's password change and account deletion (SPEC A6, A8).

Passwords arrive in the submitted form, go straight to the service in a worker thread (argon2 is
slow on purpose) and are never stored in a var.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from store_app.accounts.cabinet.profile_state import CabinetProfileState
from store_app.accounts.cabinet.state import CabinetState
from store_app.accounts.profile.deletion_service import delete_own_account
from store_app.accounts.profile.password_service import change_password
from store_app.accounts.sessions.guards import acting, login_event
from store_app.accounts.sessions.state import optional_user_id
from store_app.accounts.state_helpers import form_text
from store_app.core.i18n import t
from store_app.ui.bridge import Outcome, attempt

PASSWORD_FIELDS = ("old_password", "new_password", "new_password2")


class CabinetSecurityState(rx.State):
    password_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    password_notice: str = ""
    delete_error: str = ""
    deleted: bool = False
    busy: bool = False

    @rx.event
    def load(self) -> None:
        self.reset()

    async def _attempt(self, service: Callable[..., None], *, default: str, **kwargs: Any) -> Outcome[None]:
        """The service for the checked user, in one transaction; the busy flag ends with it."""
        try:
            return await attempt(
                service, where="cabinet security", default=default, unexpected_key="cabinet.error.unexpected", **kwargs
            )
        finally:
            self.busy = False

    @login_event
    async def change_password(self, form_data: dict[str, Any]):  # type: ignore[no-untyped-def]
        who = acting()
        passwords = {name: form_text(form_data, name) for name in PASSWORD_FIELDS}
        self.busy, self.password_notice = True, ""
        yield
        outcome = await self._attempt(
            change_password,
            default="old_password",
            user_id=who.user_id,
            current_session_id=who.session_id,
            ip=who.ip,
            user_agent=self.router.headers.user_agent,
            **passwords,
        )
        if not outcome.ok:
            self.password_errors = dict(outcome.errors)
            return
        self.password_errors, self.password_notice = {}, t("cabinet.password.done")
        # The form empties itself (its inputs are uncontrolled) and the session list loses the others.
        yield [rx.set_value(f"cabinet-password-{name.replace('_', '-')}", "") for name in PASSWORD_FIELDS]
        await (await self.get_state(CabinetState))._refresh()

    @login_event
    async def delete_account(self, form_data: dict[str, Any]):  # type: ignore[no-untyped-def]
        who = acting()
        self.busy, self.delete_error = True, ""
        yield
        outcome = await self._attempt(
            delete_own_account,
            default="password",
            user_id=who.user_id,
            password=form_text(form_data, "password"),
            ip=who.ip,
        )
        if not outcome.ok:
            self.delete_error = outcome.message
            return
        # The account and its sessions are gone: the guard forgets the session (the navbar shows a guest)
        # and no panel keeps showing the deleted data.
        await optional_user_id(self)
        for panel in (CabinetState, CabinetProfileState):
            (await self.get_state(panel)).reset()
        self.deleted = True
