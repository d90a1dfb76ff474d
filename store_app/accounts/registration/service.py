"""Registration (SPEC A1): every rule checked here, all errors at once; the account made in one transaction.

A login is public, so "login taken" is said under its field. An email address is not: a taken one
gets the same answer as a new one, and its owner is mailed instead (issue 9 §5), so the form cannot
be used to learn who shops here.
"""

from __future__ import annotations

import dataclasses
import re

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from store_app.accounts.history import record_account_event
from store_app.accounts.mail import first_name_of
from store_app.accounts.models import Profile, User
from store_app.accounts.registration.activation_service import send_activation_link
from store_app.accounts.registration.limits import count_registration, refuse_blocked_registration
from store_app.accounts.rules.email_address import InvalidEmail, normalise_email
from store_app.accounts.rules.passwords import validate_password
from store_app.accounts.rules.person_names import clean_person_name
from store_app.audit.kinds import EventKind
from store_app.cart.service import create_user_cart
from store_app.core.errors import ValidationFailed
from store_app.core.i18n import t
from store_app.core.mailed_links import LOGIN_PATH, shop_link
from store_app.core.passwords import hash_password
from store_app.mail.service import queue_mail

LOGIN_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9._-]{2,31}")
# The unique indexes on lower(login) / lower(email) (models.py), mapped to the field they protect.
UNIQUE_INDEX_FIELDS = {"uq_user_login_ci": "login", "uq_user_email_ci": "email"}


@dataclasses.dataclass(frozen=True, kw_only=True)
class RegistrationData:
    """What the registration form sends, as typed (nothing trusted yet)."""

    first_name: str
    last_name: str
    patronymic: str = ""
    login: str
    email: str
    password: str = dataclasses.field(repr=False)
    password_repeat: str = dataclasses.field(repr=False)
    accept_rules: bool


@dataclasses.dataclass(frozen=True)
class _CleanFields:
    first_name: str
    last_name: str
    patronymic: str
    login: str
    email: str
    email_taken: bool = False


@dataclasses.dataclass(frozen=True)
class Registration:
    """What the shopper is told: the address the mail went to. `user` is None when the address was
    already registered (its owner was mailed instead); doors must not show the difference."""

    email: str
    user: User | None


def _name_errors(data: RegistrationData) -> dict[str, list[str]]:
    # The profile's rule, so a name accepted here can always be saved in the cabinet later.
    errors: dict[str, list[str]] = {}
    for field, required in (("first_name", True), ("last_name", True), ("patronymic", False)):
        _, problems = clean_person_name(getattr(data, field), required=required)
        if problems:
            errors[field] = problems
    return errors


def _login_taken(session: Session, login: str) -> bool:
    return session.exec(select(User.id).where(func.lower(User.login) == login.lower())).first() is not None


def email_is_taken(session: Session, email: str) -> bool:
    return session.exec(select(User.id).where(func.lower(User.email) == email.lower())).first() is not None


def check_registration(*, session: Session, data: RegistrationData, email_taken_is_error: bool = True) -> _CleanFields:
    """Every A1 rule; raises ValidationFailed with all broken rules, else returns the cleaned fields.

    With `email_taken_is_error=False` (the public doors) a taken email is no error: the result says so.
    """
    errors = _name_errors(data)
    email_taken = False
    login = data.login.strip()
    if not login:
        errors["login"] = [t("register.error.required")]
    elif not LOGIN_PATTERN.fullmatch(login):
        errors["login"] = [t("register.error.login_format")]
    elif _login_taken(session, login):
        errors["login"] = [t("register.error.login_taken")]
    email = data.email.strip()
    if not email:
        errors["email"] = [t("register.error.required")]
    else:
        try:
            email = normalise_email(email)
        except InvalidEmail:
            errors["email"] = [t("register.error.email_invalid")]
        else:
            email_taken = email_is_taken(session, email)
            if email_taken and email_taken_is_error:
                errors["email"] = [t("register.error.email_taken")]
    if not data.password:
        errors["password"] = [t("register.error.required")]
    elif password_errors := validate_password(data.password, login=login, email=email):
        errors["password"] = password_errors
    if not data.password_repeat:
        errors["password_repeat"] = [t("register.error.required")]
    elif data.password and data.password_repeat != data.password:
        errors["password_repeat"] = [t("register.error.passwords_differ")]
    if not data.accept_rules:
        errors["accept_rules"] = [t("register.error.rules")]
    if errors:
        raise ValidationFailed(errors)
    return _CleanFields(
        first_name=clean_person_name(data.first_name, required=True)[0],
        last_name=clean_person_name(data.last_name, required=True)[0],
        patronymic=clean_person_name(data.patronymic, required=False)[0],
        login=login,
        email=email,
        email_taken=email_taken,
    )


def _duplicate_field(exc: IntegrityError) -> str | None:
    """Which unique index a concurrent registration won ("login" or "email"), if it was one of them."""
    text = str(exc.orig)
    return next((field for index_name, field in UNIQUE_INDEX_FIELDS.items() if index_name in text), None)


def _email_key(email: str) -> str | None:
    try:
        return normalise_email(email).lower()
    except InvalidEmail:
        return None


def _tell_owner(session: Session, *, email: str, ip: str) -> Registration:
    """Someone registered with a taken address: mail its owner, answer as for a new account."""
    owner = session.exec(select(User).where(func.lower(User.email) == email.lower())).first()
    count_registration(session=session, ip=ip, email_key=email.lower())
    if owner is not None:
        context = {"first_name": first_name_of(session=session, user=owner), "login_url": _login_url()}
        queue_mail(
            session=session, to=owner.email, template="registration_attempt", context=context, language=owner.language
        )
        record_account_event(session=session, kind=EventKind.REGISTRATION_WITH_TAKEN_EMAIL, user=owner, ip=ip)
    session.flush()
    return Registration(email=email, user=None)


def _login_url() -> str:
    return shop_link(LOGIN_PATH)


def register_user(*, session: Session, data: RegistrationData, ip: str) -> Registration:
    """Create the user, profile, cart, activation link (mail queued) and history event in the caller's
    transaction; a taken email mails its owner instead. Limited per IP and per address (RateLimited).
    Hashes the password (blocking, ~30 ms, also for a taken email): call it from a worker thread."""
    refuse_blocked_registration(session=session, ip=ip, email_key=_email_key(data.email))
    fields = check_registration(session=session, data=data, email_taken_is_error=False)
    password_hash = hash_password(data.password)
    if fields.email_taken:
        return _tell_owner(session, email=fields.email, ip=ip)
    user = User(login=fields.login, email=fields.email, password_hash=password_hash)
    session.add(user)
    try:
        session.flush()
    except IntegrityError as exc:
        session.rollback()
        field = _duplicate_field(exc)
        if field == "email":
            return _tell_owner(session, email=fields.email, ip=ip)
        if field == "login":
            raise ValidationFailed({"login": [t("register.error.login_taken")]}) from None
        raise
    assert user.id is not None
    session.add(
        Profile(user_id=user.id, first_name=fields.first_name, last_name=fields.last_name, patronymic=fields.patronymic)
    )
    session.flush()
    create_user_cart(session=session, user_id=user.id)
    record_account_event(session=session, kind=EventKind.REGISTERED, user=user, ip=ip)
    send_activation_link(session=session, user=user)
    count_registration(session=session, ip=ip, email_key=user.email.lower())
    return Registration(email=user.email, user=user)
