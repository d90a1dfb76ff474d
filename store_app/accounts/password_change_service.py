"""Change password from the cabinet (SPEC A6): the old one checked, the new one by A1 rules, other sessions end."""

from __future__ import annotations

from sqlmodel import Session

from store_app.accounts.account_history import record_account_event
from store_app.accounts.account_limits import count_wrong_password, limit_password_checks
from store_app.accounts.account_mail import mail_password_changed
from store_app.accounts.models import User
from store_app.accounts.password_validation import validate_password
from store_app.accounts.session_service import end_other_sessions
from store_app.core import clock
from store_app.core.errors import NotAuthenticated, ValidationFailed
from store_app.core.i18n import t
from store_app.core.passwords import hash_password, verify_password


def change_password(
    *,
    session: Session,
    user_id: int,
    old_password: str,
    new_password: str,
    new_password2: str,
    current_session_id: int | None,
    ip: str,
) -> None:
    """Every error at once, under `old_password`, `new_password` or `new_password2`.

    Wrong old passwords are limited per account like logins, so a stolen cabinet cannot be used to
    guess the password; the current login session stays, every other one ends.
    """
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise NotAuthenticated(t("cabinet.error.not_logged_in"))
    limit_password_checks(session=session, user_id=user_id, field="old_password")
    errors: dict[str, list[str]] = {
        "old_password": [],
        "new_password": validate_password(new_password, login=user.login, email=user.email),
        "new_password2": [],
    }
    if new_password != new_password2:
        errors["new_password2"].append(t("password_change.error.mismatch"))
    if not verify_password(old_password, user.password_hash):
        errors["old_password"].append(t("password_change.error.old_wrong"))
        count_wrong_password(session=session, user_id=user_id)
        session.commit()  # the failed try counts although the action fails
    if any(errors.values()):
        raise ValidationFailed(errors)
    now = clock.now()
    user.password_hash = hash_password(new_password)
    user.password_changed_at = now
    user.updated_at = now
    session.add(user)
    end_other_sessions(session=session, user_id=user_id, keep_session_id=current_session_id)
    mail_password_changed(session=session, user=user, when=now)
    record_account_event(session=session, kind="password changed", user=user, ip=ip)
    session.flush()
