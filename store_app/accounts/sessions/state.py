"""Who is logged in on this tab, decided on the server only: the guard every protected page and
handler uses (SPEC A6, A7, A9).

The browser holds one credential, the HttpOnly session cookie (a refresh token). It reaches the
backend in the websocket handshake, where `connection.HandshakeCookieProof` turns it into a proof
kept with the connection (the cookie itself never enters a tab's state). A tab adopts the login
session from that proof and keeps only ids: the session, the user, the staff flag, until when the
last check holds (the access-token lifetime) and the connection it was checked on.

One check per event: the first guard of an event checks, every later one in the same event reuses
the result. A check costs no database round trip while the last one is younger than
ACCESS_TOKEN_SECONDS and the revocation signal (`revocation.py`: a logout, a disabled account, a
changed staff flag anywhere) has not moved; otherwise the session row is read again, so an ended
session is refused on the tab's next action.

Handlers of other states are guarded by `@login_event` / `@staff_event` (`sessions/guards.py`), which
run this check before the handler; pages use `SessionState.require_login` / `require_staff` as on_load.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import Awaitable, Callable

import reflex as rx
from sqlmodel import Session

from store_app.accounts.login.redirect import login_url
from store_app.accounts.mfa.service import staff_must_set_up
from store_app.accounts.models import Profile, User
from store_app.accounts.rules.person_names import greeting_name
from store_app.accounts.sessions.connection import ConnectionProof, connection_proof
from store_app.accounts.sessions.revocation import current_signal_async
from store_app.accounts.sessions.service import AuthContext
from store_app.accounts.sessions.token_service import check_refresh_proof, recheck_session
from store_app.core import clock
from store_app.core.db import session_scope
from store_app.core.errors import NotAuthenticated, PermissionDenied
from store_app.core.i18n import t
from store_app.core.settings import get_settings
from store_app.core.tokens import InvalidToken
from store_app.ui.routes import MFA_SETUP_ROUTE
from store_app.ui.state import ShellState

logger = logging.getLogger(__name__)
SessionStartHook = Callable[[rx.State, AuthContext], Awaitable[None]]
_session_start_hooks: list[SessionStartHook] = []
# (event id, tab token, revocation signal, context): this event's check, reused by every later guard in it.
_checked_this_event: contextvars.ContextVar[tuple[str, str, str, AuthContext | None] | None] = contextvars.ContextVar(
    "store_app_checked_this_event", default=None
)


def on_session_start(hook: SessionStartHook) -> SessionStartHook:
    """Run `hook(state, context)` when a tab takes up a login session (e.g. merge the guest cart).
    `store_app.py`, the one place that wires the app, registers them; an area never does it on import."""
    if hook not in _session_start_hooks:
        _session_start_hooks.append(hook)
    return hook


def _display_name(session: Session, user_id: int) -> str:
    """What the navbar shows: the first name, else the login."""
    profile = session.get(Profile, user_id)
    user = session.get(User, user_id)
    return greeting_name(profile.first_name if profile else "", user.login if user else "")


def check_connection(proof: ConnectionProof) -> AuthContext | None:
    """The session a connection's cookie opens (checked in the database once per connection), or None."""
    if not proof.checked:
        proof.checked = True
        if proof.refresh is not None:
            try:
                with session_scope() as session:
                    proof.login = check_refresh_proof(session=session, proof=proof.refresh)
                    proof.display_name = _display_name(session, proof.login.user_id)
            except InvalidToken:
                proof.login = None
    return proof.login


def _recheck(session_id: int) -> AuthContext:
    """A held session, read again from the database; raises InvalidToken when it ended."""
    with session_scope() as session:
        return recheck_session(session=session, session_id=session_id)


def _event_key() -> str:
    from reflex_base.event.context import EventContext

    try:
        return EventContext.get().txid
    except LookupError:
        return ""


class SessionState(rx.State):
    """Backend-only session data of one tab: ids and times, no token; nothing here reaches the browser."""

    _session_id: int | None = None
    _user_id: int = 0
    _is_staff: bool = False
    _checked_until: float = 0.0  # epoch seconds: the last database check holds until then
    _signal_seen: str = ""  # the revocation signal at that check
    _bound_sid: str = ""  # the connection this tab's private data belongs to

    async def _checked_context(self) -> AuthContext | None:
        """The logged-in user of this tab, checked on the server; None for a guest (once per event).

        A later guard of the same event reuses the result unless the revocation signal moved in
        between (the event itself ended a session, e.g. deleted the account). No session is no
        session for the rest of the event whatever the signal does, so a guest's events read no
        signal at all (with Redis, a round trip per event).
        """
        key, token = _event_key(), self.router.session.client_token
        cached = _checked_this_event.get()
        if key and cached is not None and cached[:2] == (key, token):
            _, _, signal, context = cached
            if context is None or signal == await current_signal_async():
                return context
        context, signal = await self._check()
        if key:
            _checked_this_event.set((key, token, signal, context))
        return context

    async def _held_context(self) -> AuthContext | None:
        """The session this tab holds, if its last check still holds (no database)."""
        if self._session_id is None or clock.now().timestamp() >= self._checked_until:
            return None
        if await current_signal_async() != self._signal_seen:
            return None
        return AuthContext(user_id=self._user_id, session_id=self._session_id, is_staff=self._is_staff)

    def _remember(self, context: AuthContext, signal: str) -> None:
        self._session_id, self._user_id, self._is_staff = context.session_id, context.user_id, context.is_staff
        self._checked_until = clock.now().timestamp() + get_settings().access_token_seconds
        self._signal_seen = signal

    async def _check(self) -> tuple[AuthContext | None, str]:
        """The tab's session checked now, and the revocation signal it was checked against."""
        if self._session_id is not None:
            held = await self._held_context()
            if held is not None:
                return held, self._signal_seen  # `_held_context` found the signal still at that
            signal = await current_signal_async()  # read before the check: a revocation after it moves it again
            try:
                context = await asyncio.to_thread(_recheck, self._session_id)
            except InvalidToken:
                await self._forget()
                return None, signal
            self._remember(context, signal)
            if (await self.get_state(ShellState)).is_staff != context.is_staff:
                (await self.get_state(ShellState)).is_staff = context.is_staff
            return context, signal
        return await self._adopt_from_connection()

    async def _adopt_from_connection(self) -> tuple[AuthContext | None, str]:
        sid = self.router.session.session_id
        proof = connection_proof(sid)
        if proof.checked and proof.login is None:
            return None, ""  # a guest connection: no database round trip, no signal
        signal = await current_signal_async()
        context = await asyncio.to_thread(check_connection, proof)
        if context is None:
            return None, signal
        self._remember(context, signal)
        self._bound_sid = sid
        shell = await self.get_state(ShellState)
        shell.user_name = proof.display_name
        shell.is_staff = context.is_staff
        for hook in _session_start_hooks:
            try:
                await hook(self, context)
            except Exception:
                # The login itself stands; what the hook adds (e.g. the guest cart merge) is not worth refusing it.
                logger.exception("session start hook %s failed", getattr(hook, "__qualname__", hook))
        return context, signal

    async def _forget(self) -> None:
        if self._session_id is not None:
            # The session ended (logout, another device, reuse): nothing loaded for it may stay in this tab.
            await wipe_tab_state(self)
        connection = connection_proof(self.router.session.session_id)
        connection.checked, connection.login = True, None  # this connection's cookie opens nothing any more
        self._session_id, self._user_id, self._is_staff, self._checked_until = None, 0, False, 0.0
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
        if context is None:
            return login_redirect(self)
        if context.is_staff and await asyncio.to_thread(_must_set_up_2fa, context.user_id):
            return rx.redirect(MFA_SETUP_ROUTE, replace=True)
        return None


def _must_set_up_2fa(user_id: int) -> bool:
    with session_scope() as session:
        return staff_must_set_up(session=session, user_id=user_id)


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


async def staff_context(state: rx.State) -> AuthContext:
    """Like current_context, for staff-only handlers; PermissionDenied for shoppers."""
    context = await current_context(state)
    if not context.is_staff:
        raise PermissionDenied(t("auth.error.forbidden"))
    # STAFF_2FA_REQUIRED: a crafted event of staff without 2FA is refused like the page.
    if await asyncio.to_thread(_must_set_up_2fa, context.user_id):
        raise PermissionDenied(t("cabinet.mfa.required"))
    return context


async def staff_user_id(state: rx.State) -> int:
    """Like current_user_id, for staff-only handlers; PermissionDenied for shoppers."""
    return (await staff_context(state)).user_id


def login_redirect(state: rx.State) -> rx.event.EventSpec:
    """Send a visitor to the login page, back to the current page afterwards."""
    url = state.router.url
    return rx.redirect(login_url(f"{url.path}?{url.query}" if url.query else url.path), replace=True)
