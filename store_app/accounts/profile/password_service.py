"""Change password from the cabinet (SPEC A6): the old one checked, the new one by A1 rules, other sessions end."""

from __future__ import annotations

from sqlmodel import Session

from store_app.accounts.history import record_account_event
from store_app.accounts.login.limits import count_wrong_password, limit_password_checks
from store_app.accounts.mail import mail_password_changed
from store_app.accounts.models import User
from store_app.accounts.rules.passwords import validate_password
from store_app.accounts.sessions.service import end_other_sessions
from store_app.audit.kinds import EventKind
from store_app.core import clock
from store_app.core.errors import NotAuthenticated, ValidationFailed
from store_app.core.i18n import t
from store_app.core.passwords import hash_password, verify_password


def new_password_errors(*, user: User, password: str, repeat: str) -> tuple[list[str], list[str]]:
    """The A1 rules a new password breaks, and the message when the repeat differs."""
    mismatch = [t("password_change.error.mismatch")] if password != repeat else []
    return validate_password(password, login=user.login, email=user.email), mismatch


def store_new_password(
    *,
    session: Session,
    user: User,
    password: str,
    keep_session_id: int | None,
    ip: str,
    event: EventKind,
    user_agent: str = "",
) -> None:
    """Set the hash, end every other login session (all when `keep_session_id` is None), mail the user."""
    now = clock.now()
    user.password_hash = hash_password(password)
    user.password_changed_at = now
    user.updated_at = now
    session.add(user)
    end_other_sessions(session=session, user_id=user.id, keep_session_id=keep_session_id)  # type: ignore[arg-type]
    mail_password_changed(session=session, user=user, when=now, ip=ip, device=user_agent)
    record_account_event(session=session, kind=event, user=user, ip=ip)
    session.flush()


def change_password(
    *,
    session: Session,
    user_id: int,
    old_password: str,
    new_password: str,
    new_password2: str,
    current_session_id: int | None,
    ip: str,
    user_agent: str = "",
) -> None:
    """Every error at once, under `old_password`, `new_password` or `new_password2`.

    Wrong old passwords are limited per account like logins, so a stolen cabinet cannot be used to
    guess the password; the current login session stays, every other one ends. The current password
    again is refused under `new_password` (it would change nothing but end every other session).
    """
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise NotAuthenticated(t("cabinet.error.not_logged_in"))
    limit_password_checks(session=session, user_id=user_id, field="old_password")
    rules, mismatch = new_password_errors(user=user, password=new_password, repeat=new_password2)
    errors: dict[str, list[str]] = {"old_password": [], "new_password": rules, "new_password2": mismatch}
    if not verify_password(old_password, user.password_hash):
        errors["old_password"].append(t("password_change.error.old_wrong"))
        count_wrong_password(session=session, user_id=user_id)
        session.commit()  # the failed try counts although the action fails
    elif new_password == old_password:
        # The old one was just checked, so this is the current password: no second hash needed.
        errors["new_password"].append(t("password_change.error.same"))
    if any(errors.values()):
        raise ValidationFailed(errors)
    store_new_password(
        session=session,
        user=user,
        password=new_password,
        keep_session_id=current_session_id,
        ip=ip,
        event=EventKind.PASSWORD_CHANGED,
        user_agent=user_agent,
    )
