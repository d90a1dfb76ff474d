"""State of the cabinet's two-factor panel: set up (QR, confirm, recovery codes shown once) and turn off.

No secret passes through a var (Reflex pickles tab state, to Redis with REDIS_URL): the pending
secret stays sealed in the database, and the QR, the key and the fresh recovery codes are images
of routes that check the session cookie (`accounts/mfa/routes.py`). The vars hold only flags and a
random version that makes the browser fetch a new picture for a new setup.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

import reflex as rx

from store_app.accounts.mfa.service import (
    begin_setup,
    cancel_setup,
    confirm_setup,
    disable,
    forget_shown_codes,
    is_enabled,
    unused_recovery_codes,
)
from store_app.accounts.sessions.guards import acting, login_event
from store_app.accounts.state_helpers import form_text, optional_context
from store_app.core.db import session_scope
from store_app.core.errors import DomainError
from store_app.core.i18n import t

logger = logging.getLogger(__name__)
_T = TypeVar("_T")


def _status(user_id: int) -> tuple[bool, int]:
    with session_scope() as session:
        return is_enabled(session=session, user_id=user_id), unused_recovery_codes(session=session, user_id=user_id)


def _begin(user_id: int) -> None:
    with session_scope() as session:
        begin_setup(session=session, user_id=user_id)


def _cancel(user_id: int) -> None:
    with session_scope() as session:
        cancel_setup(session=session, user_id=user_id)


def _confirm(user_id: int, code: str, ip: str, user_agent: str) -> int:
    with session_scope() as session:
        # The codes go back to no var: the page shows them from the codes route.
        return len(confirm_setup(session=session, user_id=user_id, code=code, ip=ip, user_agent=user_agent))


def _forget_codes(user_id: int) -> None:
    with session_scope() as session:
        forget_shown_codes(session=session, user_id=user_id)


def _disable(user_id: int, password: str, code: str, ip: str, user_agent: str) -> None:
    with session_scope() as session:
        disable(session=session, user_id=user_id, password=password, code=code, ip=ip, user_agent=user_agent)


class CabinetMfaState(rx.State):
    enabled: bool = False
    codes_left: int = 0
    setting_up: bool = False
    # Random, no secret: a new one per setup (or per codes view) so the browser fetches a fresh picture.
    picture_version: str = ""
    showing_codes: bool = False
    errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    notice: str = ""
    # Staff sent here by STAFF_2FA_REQUIRED see why.
    required: bool = False

    async def _user_id(self) -> int | None:
        context = await optional_context(self)
        return context.user_id if context else None

    async def _run(self, work: Callable[..., _T], *args: object) -> _T | None:
        """The service in a worker thread; on a refusal its messages by field go to `errors`, and None."""
        try:
            result = await asyncio.to_thread(work, *args)
        except DomainError as exc:
            self.errors = {field: "\n".join(messages) for field, messages in exc.errors.items()}
            return None
        except Exception as exc:
            logger.error("cabinet 2fa action failed: %s", type(exc).__name__)
            self.errors = {"code": t("cabinet.error.unexpected")}
            return None
        self.errors = {}
        return result

    async def _refresh(self, user_id: int) -> None:
        self.enabled, self.codes_left = await asyncio.to_thread(_status, user_id)

    @rx.event
    async def load(self) -> None:
        self.reset()
        self.required = self.router.url.query_parameters.get("mfa", "") == "required"
        user_id = await self._user_id()
        if user_id is not None:
            await self._refresh(user_id)

    @login_event
    async def start_setup(self):  # type: ignore[no-untyped-def]
        user_id = acting().user_id
        await self._run(_begin, user_id)
        if not self.errors:
            self.setting_up, self.notice, self.picture_version = True, "", secrets.token_hex(8)
        return None

    @login_event
    async def cancel_setup(self):  # type: ignore[no-untyped-def]
        user_id = acting().user_id
        await self._run(_cancel, user_id)
        self.setting_up, self.errors = False, {}
        return None

    @login_event
    async def confirm(self, form_data: dict[str, Any]):  # type: ignore[no-untyped-def]
        who = acting()
        user_id = who.user_id
        code = form_text(form_data, "code", limit=64)
        made = await self._run(_confirm, user_id, code, who.ip, self.router.headers.user_agent)
        if made:
            self.setting_up, self.showing_codes, self.picture_version = False, True, secrets.token_hex(8)
            await self._refresh(user_id)
        return None

    @login_event
    async def codes_saved(self):  # type: ignore[no-untyped-def]
        user_id = acting().user_id
        await self._run(_forget_codes, user_id)
        self.showing_codes = False
        return None

    @login_event
    async def turn_off(self, form_data: dict[str, Any]):  # type: ignore[no-untyped-def]
        who = acting()
        user_id = who.user_id
        password, code = form_text(form_data, "password"), form_text(form_data, "code", limit=64)
        result = await self._run(_disable, user_id, password, code, who.ip, self.router.headers.user_agent)
        if not self.errors and result is None:
            self.notice = t("cabinet.mfa.disabled")
            await self._refresh(user_id)
        return None
