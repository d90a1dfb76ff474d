"""Creating ready-to-use accounts outside the registration form: the `create-admin` command (SPEC A9)
and the demo accounts. The login, email and password follow the same A1 rules as registration."""

from __future__ import annotations

import argparse
import getpass
import sys

from sqlmodel import Session

from store_app.accounts.history import record_account_event
from store_app.accounts.models import Profile, User
from store_app.accounts.registration.service import RegistrationData, check_registration
from store_app.audit.kinds import EventKind
from store_app.cart.service import create_user_cart
from store_app.core import clock
from store_app.core.db import session_scope
from store_app.core.errors import ValidationFailed
from store_app.core.passwords import hash_password


def create_confirmed_account(
    *,
    session: Session,
    login: str,
    email: str,
    password: str,
    is_staff: bool,
    first_name: str = "",
    last_name: str = "",
) -> User:
    """An active account with a confirmed email, its profile and cart, in the caller's transaction.

    Raises ValidationFailed (per field) like registration does. Hashes: call from a worker thread
    when inside the app.
    """
    # The names are optional here; registration's rules still apply to whatever is given.
    data = RegistrationData(
        first_name=first_name or login,
        last_name=last_name or login,
        login=login,
        email=email,
        password=password,
        password_repeat=password,
        accept_rules=True,
    )
    fields = check_registration(session=session, data=data)
    now = clock.now()
    user = User(
        login=fields.login,
        email=fields.email,
        password_hash=hash_password(password),
        is_staff=is_staff,
        email_confirmed_at=now,
    )
    session.add(user)
    session.flush()
    assert user.id is not None
    session.add(Profile(user_id=user.id, first_name=first_name.strip(), last_name=last_name.strip()))
    create_user_cart(session=session, user_id=user.id)
    record_account_event(
        session=session, kind=EventKind.STAFF_ACCOUNT_CREATED if is_staff else EventKind.ACCOUNT_CREATED, user=user
    )
    session.flush()
    return user


def create_admin(*, session: Session, login: str, email: str, password: str) -> User:
    """A staff account: it may open the admin page and use the write API."""
    return create_confirmed_account(session=session, login=login, email=email, password=password, is_staff=True)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--login", required=True)
    parser.add_argument("--email", required=True)
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the password from the first line of standard input"
    )


def _read_password(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Password (again): ") != password:
        print("the passwords differ", file=sys.stderr)
        return None
    return password


def run(args: argparse.Namespace) -> int:
    """`python -m store_app.manage create-admin --login L --email E [--password-stdin]`."""
    password = _read_password(args.password_stdin)
    if password is None:
        return 1
    try:
        with session_scope() as session:
            user = create_admin(session=session, login=args.login, email=args.email, password=password)
    except ValidationFailed as exc:
        for field, messages in exc.errors.items():
            for message in messages:
                print(f"{field}: {message}", file=sys.stderr)
        return 1
    print(f"staff account {user.login} <{user.email}> created")
    return 0
