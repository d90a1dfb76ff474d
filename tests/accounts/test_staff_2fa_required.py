"""STAFF_2FA_REQUIRED=1 on the pages' side (README Settings, Two-factor login): until a staff member turns 2FA
on, /admin's guard sends them to the cabinet's 2FA panel and every staff event is refused; with 2FA on, both let
them through. (The API's side: tests/accounts/test_mfa_routes.py.)"""

from __future__ import annotations

import asyncio

import pytest
import reflex as rx
from sqlmodel import Session

from store_app.accounts.sessions.service import start_session
from store_app.accounts.sessions.state import SessionState, staff_context
from store_app.core.errors import PermissionDenied
from store_app.core.settings import get_settings
from store_app.ui.routes import MFA_SETUP_ROUTE
from tests.accounts.mfa_helpers import enable_mfa
from tests.utils.factories import make_shopper
from tests.utils.tab_state import fresh_tab


def _staff_tab(session: Session) -> tuple[SessionState, int]:
    user = make_shopper(session, login="boss")
    user.is_staff = True
    session.add(user)
    login = start_session(session=session, user_id=user.id or 0, ip="", user_agent="")
    session.commit()
    tab = fresh_tab(SessionState)
    tab._session_id = login.id
    tab._checked_until = 0.0
    return tab, user.id or 0


def test_staff_without_2fa_are_sent_to_set_it_up_and_their_staff_events_refused(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STAFF_2FA_REQUIRED", "1")
    get_settings.cache_clear()
    tab, user_id = _staff_tab(session)

    redirect = asyncio.run(tab.require_staff())
    assert isinstance(redirect, rx.event.EventSpec)
    assert {name._js_expr: value._var_value for name, value in redirect.args}["path"] == MFA_SETUP_ROUTE
    with pytest.raises(PermissionDenied):
        asyncio.run(staff_context(tab))

    enable_mfa(user_id)
    assert asyncio.run(tab.require_staff()) is None
    assert asyncio.run(staff_context(tab)).user_id == user_id


def test_by_default_staff_need_no_2fa(session: Session) -> None:
    tab, user_id = _staff_tab(session)
    assert asyncio.run(tab.require_staff()) is None
    assert asyncio.run(staff_context(tab)).user_id == user_id
