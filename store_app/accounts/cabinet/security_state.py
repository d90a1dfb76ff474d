"""State of the cabinet's password change and account deletion (SPEC A6, A8).

Passwords arrive in the submitted form, go straight to the service in a worker thread (argon2 is
slow on purpose) and are never stored in a var.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import reflex as rx

from store_app.accounts.cabinet.profile_state import CabinetProfileState
from store_app.accounts.cabinet.state import CabinetState
from store_app.accounts.profile.deletion_service import delete_own_account
from store_app.accounts.profile.password_service import change_password
from store_app.accounts.sessions.state import login_redirect, optional_user_id
from store_app.accounts.state_helpers import form_text, optional_context, shopper_ip
from store_app.core.db import session_scope
from store_app.core.errors import DomainError
from store_app.core.i18n import t

logger = logging.getLogger(__name__)
PASSWORD_FIELDS = ("old_password", "new_password", "new_password2")


def _change(user_id: int, session_id: int, passwords: dict[str, str], ip: str, user_agent: str) -> None:
    with session_scope() as session:
        change_password(
            session=session, user_id=user_id, current_session_id=session_id, ip=ip, user_agent=user_agent, **passwords
        )


def _delete(user_id: int, password: str, ip: str) -> None:
    with session_scope() as session:
        delete_own_account(session=session, user_id=user_id, password=password, ip=ip)


def _joined(errors: dict[str, list[str]], default_field: str) -> dict[str, str]:
    return {(field if field != "__all__" else default_field): "\n".join(m) for field, m in errors.items()}


class CabinetSecurityState(rx.State):
    password_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    password_notice: str = ""
    delete_error: str = ""
    deleted: bool = False
    busy: bool = False

    @rx.event
    def load(self) -> None:
        self.reset()

    async def _attempt(self, work: Callable[..., None], *args: object) -> dict[str, list[str]] | None:
        """Run the service in a worker thread; its errors by field when it refused, None when it worked."""
        try:
            await asyncio.to_thread(work, *args)
        except DomainError as exc:
            return exc.errors
        except Exception as exc:
            # The class only: a database error's text can carry the row being written (a mailed code).
            logger.error("cabinet security action failed: %s", type(exc).__name__)
            return {"__all__": [t("cabinet.error.unexpected")]}
        finally:
            self.busy = False
        return None

    @rx.event
    async def change_password(self, form_data: dict[str, Any]):  # type: ignore[no-untyped-def]
        context = await optional_context(self)
        if context is None:
            self.reset()
            yield login_redirect(self)
            return
        passwords = {name: form_text(form_data, name) for name in PASSWORD_FIELDS}
        self.busy, self.password_notice = True, ""
        yield
        user_agent = self.router.headers.user_agent
        errors = await self._attempt(
            _change, context.user_id, context.session_id, passwords, shopper_ip(self), user_agent
        )
        if errors is not None:
            self.password_errors = _joined(errors, "old_password")
            return
        self.password_errors, self.password_notice = {}, t("cabinet.password.done")
        # The form empties itself (its inputs are uncontrolled) and the session list loses the others.
        yield [rx.set_value(f"cabinet-password-{name.replace('_', '-')}", "") for name in PASSWORD_FIELDS]
        await (await self.get_state(CabinetState))._refresh()

    @rx.event
    async def delete_account(self, form_data: dict[str, Any]):  # type: ignore[no-untyped-def]
        context = await optional_context(self)
        if context is None:
            self.reset()
            yield login_redirect(self)
            return
        self.busy, self.delete_error = True, ""
        yield
        errors = await self._attempt(_delete, context.user_id, form_text(form_data, "password"), shopper_ip(self))
        if errors is not None:
            self.delete_error = "\n".join(_joined(errors, "password").values())
            return
        # The account and its sessions are gone: the guard forgets the session (the navbar shows a guest)
        # and no panel keeps showing the deleted data.
        await optional_user_id(self)
        for panel in (CabinetState, CabinetProfileState):
            (await self.get_state(panel)).reset()
        self.deleted = True
