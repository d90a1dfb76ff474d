"""Account deletion (SPEC A8): history first, then the personal data goes; orders stay, anonymised.

The user row itself is deleted, not kept as an anonymised husk: nothing would still need it. The
database removes what hangs off it (profile, cart, codes, tokens and login sessions cascade), orders
keep their lines and totals with `user_id` set to NULL and the contact details blanked, and the
history keeps the record of who was deleted, by whom and when (the append-only audit trail).
Orders still on their way block the deletion: the shop must still be able to deliver or cancel them.
"""

from __future__ import annotations

from sqlmodel import Session

from store_app.accounts.history import record_account_event
from store_app.accounts.login.limits import count_wrong_password, forget_account_limits, limit_password_checks
from store_app.accounts.models import Profile, User
from store_app.accounts.profile.avatar import delete_avatar_file_on_commit
from store_app.accounts.sessions.service import end_other_sessions
from store_app.audit.kinds import EventKind
from store_app.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from store_app.core.i18n import t
from store_app.core.passwords import verify_password
from store_app.orders.customer_data import anonymise_customer_orders, open_orders_count


def _delete(session: Session, *, user: User, actor: User, ip: str) -> None:
    assert user.id is not None
    count = open_orders_count(session=session, user_id=user.id)
    if count:
        raise Conflict(t("deletion.error.open_orders", count=count), field="password")
    by = "self" if actor.id == user.id else "admin"
    record_account_event(
        session=session, kind=EventKind.ACCOUNT_DELETED, user=user, actor=actor, ip=ip, details={"by": by}
    )
    session.flush()
    end_other_sessions(session=session, user_id=user.id, keep_session_id=None)
    anonymise_customer_orders(session=session, user_id=user.id)
    profile = session.get(Profile, user.id)
    if profile is not None:
        delete_avatar_file_on_commit(session=session, stored_name=profile.avatar_path)
        session.delete(profile)
    forget_account_limits(session=session, user_id=user.id)
    session.delete(user)
    session.flush()


def delete_own_account(*, session: Session, user_id: int, password: str, ip: str) -> None:
    """The user confirms with their password; a wrong one is counted like a failed login."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(t("deletion.error.not_found"))
    limit_password_checks(session=session, user_id=user_id, field="password")
    if not verify_password(password, user.password_hash):
        count_wrong_password(session=session, user_id=user_id)
        session.commit()  # the failed try counts although the action fails
        raise ValidationFailed({"password": [t("deletion.error.password_wrong")]})
    _delete(session, user=user, actor=user, ip=ip)


def delete_account_by_admin(*, session: Session, user_id: int, admin_id: int, ip: str) -> None:
    """Staff delete an account (not their own: that goes through the cabinet with the password)."""
    admin = session.get(User, admin_id)
    if admin is None or not admin.is_staff or not admin.is_active:
        raise PermissionDenied(t("deletion.error.staff_only"))
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(t("deletion.error.not_found"))
    if user.id == admin.id:
        raise PermissionDenied(t("deletion.error.own_account"))
    _delete(session, user=user, actor=admin, ip=ip)
