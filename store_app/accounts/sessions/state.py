"""Who is logged in on this tab, decided on the server only: the guard every protected page and
handler uses (SPEC A6, A7, A9).

The browser holds one credential, the HttpOnly session cookie (a refresh token). It reaches the
backend in the websocket handshake (`router.headers.cookie`, never sent back to the page). A tab
adopts the login session from it and keeps only backend vars: the session id, a short-lived
access token and the websocket connection it was checked on. Every check then validates the
access token and the session row; an expired access token is renewed while the session runs,
so a page left open keeps working without a reload. A new connection presenting the same Reflex
client token (which is no credential) must bring a valid cookie of its own, or the tab is a guest.

Other states call `current_user_id(self)` (or `optional_user_id`, `staff_user_id`) at the top of
every sensitive handler; pages use `SessionState.require_login` / `require_staff` as on_load.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import reflex as rx
from sqlmodel import Session

from store_app.accounts.login.redirect import login_url
from store_app.accounts.models import Profile, User
from store_app.accounts.sessions.cookie import session_token_from_cookie_header
from store_app.accounts.sessions.service import AuthContext
from store_app.accounts.sessions.token_service import authenticate_access_token, check_refresh_token, renew_access_token
from store_app.core.db import session_scope
from store_app.core.errors import NotAuthenticated, PermissionDenied
from store_app.core.i18n import t
from store_app.core.tokens import ExpiredToken, InvalidToken
from store_app.ui.state import ShellState

logger = logging.getLogger(__name__)
SessionStartHook = Callable[[rx.State, AuthContext], Awaitable[None]]
_session_start_hooks: list[SessionStartHook] = []


def on_session_start(hook: SessionStartHook) -> SessionStartHook:
    """Run `hook(state, context)` when a tab takes up a login session (e.g. merge the guest cart)."""
    _session_start_hooks.append(hook)
    return hook


def _display_name(session: Session, user_id: int) -> str:
    """What the navbar shows: the first name, else the login."""
    profile = session.get(Profile, user_id)
    user = session.get(User, user_id)
    return (profile.first_name if profile else "") or (user.login if user else "")


def _adopt_from_cookie(refresh_token: str) -> tuple[AuthContext, str, str]:
    """Context, access token and display name for the session a cookie opens; raises InvalidToken."""
    with session_scope() as session:
        context = check_refresh_token(session=session, refresh_token=refresh_token)
        context, access = renew_access_token(session=session, session_id=context.session_id)
        return context, access.token, _display_name(session, context.user_id)


def _revalidate(access_token: str, session_id: int) -> tuple[AuthContext, str | None]:
    """The context of a held session; a new access token when the old one expired. Raises InvalidToken."""
    with session_scope() as session:
        try:
            return authenticate_access_token(session=session, access_token=access_token), None
        except ExpiredToken:
            context, access = renew_access_token(session=session, session_id=session_id)
            return context, access.token


class SessionState(rx.State):
    """Backend-only session data of one tab; nothing here is ever sent to the browser."""

    _session_id: int | None = None
    _access_token: str = ""
    _bound_sid: str = ""

    async def _checked_context(self) -> AuthContext | None:
        """The logged-in user of this tab, checked on the server now; None for a guest."""
        sid = self.router.session.session_id
        if self._session_id is not None and self._bound_sid == sid:
            try:
                context, renewed = await asyncio.to_thread(_revalidate, self._access_token, self._session_id)
            except InvalidToken:
                await self._forget()
                return None
            if renewed:
                self._access_token = renewed
            return context
        return await self._adopt_from_handshake(sid)

    async def _adopt_from_handshake(self, sid: str) -> AuthContext | None:
        token = session_token_from_cookie_header(self.router.headers.cookie)
        if token is None:
            await self._forget()
            return None
        try:
            context, access, name = await asyncio.to_thread(_adopt_from_cookie, token)
        except InvalidToken:
            await self._forget()
            return None
        if self._session_id is not None and self._session_id != context.session_id:
            await wipe_tab_state(self)  # another login in this tab: nothing of the previous one stays
        self._session_id, self._access_token, self._bound_sid = context.session_id, access, sid
        shell = await self.get_state(ShellState)
        shell.user_name = name
        shell.is_staff = context.is_staff
        for hook in _session_start_hooks:
            try:
                await hook(self, context)
            except Exception:
                # The login itself stands; what the hook adds (e.g. the guest cart merge) is not worth refusing it.
                logger.exception("session start hook %s failed", getattr(hook, "__qualname__", hook))
        return context

    async def _forget(self) -> None:
        if self._session_id is not None:
            # The session ended (logout, another device, reuse): nothing loaded for it may stay in this tab.
            await wipe_tab_state(self)
        self._session_id, self._access_token, self._bound_sid = None, "", ""
        shell = await self.get_state(ShellState)
        if shell.user_name:
            shell.user_name = ""
        if shell.is_staff:
            shell.is_staff = False

    @rx.event
    async def sync(self) -> None:
        """Bring the navbar in line with the session (on every page's mount)."""
        await self._checked_context()

    @rx.event
    async def require_login(self) -> rx.event.EventSpec | None:
        """on_load guard: a visitor goes to the login page and comes back here afterwards."""
        return login_redirect(self) if await self._checked_context() is None else None

    @rx.event
    async def require_staff(self) -> rx.event.EventSpec | None:
        """on_load guard for staff pages: visitors log in first; shoppers stay and the page tells them it is
        for staff (the navbar's `is_staff` is false, and every admin loader and handler refuses them)."""
        context = await self._checked_context()
        return login_redirect(self) if context is None else None


def _state_classes(root: type[rx.State]) -> list[type[rx.State]]:
    classes = [root]
    for child in root.get_substates():
        classes += _state_classes(child)  # type: ignore[arg-type]
    return classes


async def wipe_tab_state(state: rx.State) -> None:
    """Reset every state of this tab to its defaults (private page data, session vars, all of it)."""
    root_class = type(state).get_root_state()
    for state_class in _state_classes(root_class):  # type: ignore[arg-type]
        await state.get_state(state_class)  # load each one, so the reset below reaches it
    (await state.get_state(root_class)).reset()  # type: ignore[arg-type]


async def _session_state(state: rx.State) -> SessionState:
    return state if isinstance(state, SessionState) else await state.get_state(SessionState)


async def optional_user_id(state: rx.State) -> int | None:
    """The logged-in user's id, checked now on the server; None for a guest."""
    context = await (await _session_state(state))._checked_context()
    return context.user_id if context else None


async def current_context(state: rx.State) -> AuthContext:
    """The checked session of this tab; raises NotAuthenticated for a guest."""
    context = await (await _session_state(state))._checked_context()
    if context is None:
        raise NotAuthenticated(t("cabinet.error.not_logged_in"))
    return context


async def current_user_id(state: rx.State) -> int:
    """Call at the top of every sensitive handler: the user's id, or NotAuthenticated."""
    return (await current_context(state)).user_id


async def staff_user_id(state: rx.State) -> int:
    """Like current_user_id, for staff-only handlers; PermissionDenied for shoppers."""
    context = await current_context(state)
    if not context.is_staff:
        raise PermissionDenied(t("auth.error.forbidden"))
    return context.user_id


def login_redirect(state: rx.State) -> rx.event.EventSpec:
    """Send a visitor to the login page, back to the current page afterwards."""
    url = state.router.url
    return rx.redirect(login_url(f"{url.path}?{url.query}" if url.query else url.path), replace=True)
