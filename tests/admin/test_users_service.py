"""Staff switch accounts on and off (SPEC D2): never their own, a disabled account is logged out at once."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from store_app.accounts.sessions.service import active_sessions, start_session
from store_app.admin.users_service import end_user_session, find_users, set_user_flag
from store_app.audit.models import HistoryEvent
from store_app.core.errors import NotFound, PermissionDenied
from tests.utils.factories import make_user


def _staff(session: Session) -> int:
    admin = make_user(session, login="boss")
    admin.is_staff = True
    session.add(admin)
    session.flush()
    return admin.id or 0


def test_disabling_an_account_ends_its_sessions_and_is_recorded(session: Session) -> None:
    admin_id = _staff(session)
    user = make_user(session)
    start_session(session=session, user_id=user.id, ip="198.51.100.7", user_agent="phone")

    set_user_flag(session=session, user_id=user.id, flag="is_active", value=False, admin_id=admin_id, ip="10.0.0.1")

    assert user.is_active is False
    assert active_sessions(session=session, user_id=user.id) == []
    event = session.exec(select(HistoryEvent).where(HistoryEvent.kind == "account changed")).one()
    assert (event.actor_id, event.actor_label, event.details) == (admin_id, "boss", {"is_active": False})


def test_staff_cannot_switch_their_own_account(session: Session) -> None:
    admin_id = _staff(session)
    with pytest.raises(PermissionDenied):
        set_user_flag(session=session, user_id=admin_id, flag="is_staff", value=False, admin_id=admin_id, ip="")


def test_a_shopper_cannot_switch_or_end_anything(session: Session) -> None:
    shopper, other = make_user(session), make_user(session)
    login = start_session(session=session, user_id=other.id, ip="", user_agent="")
    with pytest.raises(PermissionDenied):
        set_user_flag(session=session, user_id=other.id, flag="is_staff", value=True, admin_id=shopper.id, ip="")
    with pytest.raises(PermissionDenied):
        end_user_session(session=session, session_id=login.id, admin_id=shopper.id, ip="")
    assert other.is_staff is False and len(active_sessions(session=session, user_id=other.id)) == 1


def test_only_the_two_flags_can_be_switched(session: Session) -> None:
    admin_id = _staff(session)
    user = make_user(session)
    with pytest.raises(NotFound):
        set_user_flag(session=session, user_id=user.id, flag="password_hash", value=True, admin_id=admin_id, ip="")


def test_staff_end_one_session_of_a_user(session: Session) -> None:
    admin_id = _staff(session)
    user = make_user(session)
    first = start_session(session=session, user_id=user.id, ip="", user_agent="laptop")
    start_session(session=session, user_id=user.id, ip="", user_agent="phone")
    end_user_session(session=session, session_id=first.id, admin_id=admin_id, ip="")
    assert [s.user_agent for s in active_sessions(session=session, user_id=user.id)] == ["phone"]
    with pytest.raises(NotFound):
        end_user_session(session=session, session_id=first.id, admin_id=admin_id, ip="")


def test_users_are_found_by_part_of_login_or_email(session: Session) -> None:
    make_user(session, login="alpha")
    make_user(session, login="beta")
    assert [u.login for u in find_users(session=session, text="ALP").rows] == ["alpha"]
    assert {u.login for u in find_users(session=session, text="example.com").rows} == {"alpha", "beta"}
