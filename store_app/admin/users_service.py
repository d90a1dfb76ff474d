"""Staff-only account changes and reads (SPEC D2): find accounts, switch `active` / `staff`, end a session.
Deleting goes through `accounts.deletion_service`, ending sessions through `accounts.session_service`."""

from __future__ import annotations

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from store_app.accounts.history import record_account_event
from store_app.accounts.mfa.models import MfaSecret
from store_app.accounts.mfa.service import reset_by_staff
from store_app.accounts.models import User
from store_app.accounts.sessions.models import LoginSession
from store_app.accounts.sessions.revocation import mark_revoked
from store_app.accounts.sessions.service import active_sessions, end_session
from store_app.audit.kinds import EventKind
from store_app.core import clock
from store_app.core.errors import NotFound, PermissionDenied
from store_app.core.i18n import t
from store_app.core.paging import Page, page_of

FLAGS = ("is_active", "is_staff")


def find_users(*, session: Session, text: str = "", page: int = 1) -> Page[User]:
    query = select(User).order_by(col(User.id).desc())
    needle = text.strip().lower()
    if needle:
        pattern = f"%{needle}%"
        query = query.where(or_(func.lower(col(User.login)).like(pattern), func.lower(col(User.email)).like(pattern)))
    return page_of(session, query, page=page)


def _staff(session: Session, admin_id: int) -> User:
    admin = session.get(User, admin_id)
    if admin is None or not admin.is_staff or not admin.is_active:
        raise PermissionDenied(t("deletion.error.staff_only"))
    return admin


def set_user_flag(*, session: Session, user_id: int, flag: str, value: bool, admin_id: int, ip: str) -> User:
    """Switch an account's `is_active` or `is_staff` (never the admin's own); a disabled account's
    sessions end at once, so it is logged out everywhere."""
    admin = _staff(session, admin_id)
    user = session.get(User, user_id)
    if user is None or flag not in FLAGS:
        raise NotFound(t("deletion.error.not_found"))
    if user.id == admin.id:
        raise PermissionDenied(t("admin.users.error.self"))
    if getattr(user, flag) == value:
        return user
    setattr(user, flag, value)
    user.updated_at = clock.now()
    session.add(user)
    mark_revoked(session)  # a tab that trusts its cached staff flag checks it again
    if flag == "is_active" and not value:
        for login in active_sessions(session=session, user_id=user_id):
            end_session(session=session, session_id=login.id or 0, reason="account_disabled")
    record_account_event(
        session=session, kind=EventKind.ACCOUNT_CHANGED, user=user, actor=admin, ip=ip, details={flag: value}
    )
    session.flush()
    return user


def end_user_session(*, session: Session, session_id: int, admin_id: int, ip: str) -> None:
    admin = _staff(session, admin_id)
    login = session.get(LoginSession, session_id)
    if login is None or end_session(session=session, session_id=session_id, reason="ended_by_staff") is None:
        raise NotFound(t("admin.users.error.session_gone"))
    user = session.get(User, login.user_id)
    if user is not None:
        record_account_event(
            session=session,
            kind=EventKind.SESSION_ENDED,
            user=user,
            actor=admin,
            ip=ip,
            details={"session": session_id},
        )


def users_with_2fa(*, session: Session, user_ids: list[int]) -> set[int]:
    """Which of these accounts have two-factor login on."""
    if not user_ids:
        return set()
    query = select(MfaSecret.user_id).where(
        col(MfaSecret.user_id).in_(user_ids), col(MfaSecret.confirmed_at).is_not(None)
    )
    return set(session.exec(query))


def reset_user_2fa(*, session: Session, user_id: int, admin_id: int, ip: str) -> None:
    """Turn off an account's 2FA (a lost phone and lost codes); recorded in the history as "2fa reset"."""
    admin = _staff(session, admin_id)
    if session.get(User, user_id) is None:
        raise NotFound(t("deletion.error.not_found"))
    if not reset_by_staff(session=session, user_id=user_id, actor=admin, ip=ip):
        raise NotFound(t("admin.users.mfa_not_on"))
