"""`manage create-admin` makes a staff account by the registration rules; the demo data brings an admin
and a shopper who can log in with the passwords printed in the README."""

from __future__ import annotations

import io

import pytest
from sqlmodel import Session, select

from store_app import manage
from store_app.accounts.demo_accounts import DEMO_ADMIN, DEMO_SHOPPER, load_demo_accounts
from store_app.accounts.login.service import login_with_password
from store_app.accounts.models import Profile, User
from store_app.cart.models import Cart
from store_app.core.settings import PROJECT_ROOT


def _create_admin(monkeypatch: pytest.MonkeyPatch, *args: str, password: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return manage.main(["create-admin", *args, "--password-stdin"])


def test_create_admin_makes_a_confirmed_staff_account_that_can_log_in(
    session: Session, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _create_admin(monkeypatch, "--login", "Boss", "--email", "Boss@Example.com", password="granite-harbor-77")
    assert code == 0
    assert "Boss" in capsys.readouterr().out
    user = session.exec(select(User)).one()
    assert (user.login, user.email, user.is_staff, user.is_active) == ("Boss", "Boss@example.com", True, True)
    assert user.email_confirmed_at is not None
    assert session.get(Profile, user.id) is not None
    assert session.exec(select(Cart).where(Cart.user_id == user.id)).one()
    result = login_with_password(
        session=session, identifier="boss", password="granite-harbor-77", ip="127.0.0.1", user_agent="cli"
    )
    assert result.user.id == user.id


def test_create_admin_refuses_what_registration_refuses(
    session: Session, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _create_admin(monkeypatch, "--login", "1x", "--email", "not-an-email", password="short") == 1
    errors = capsys.readouterr().err
    assert "login:" in errors and "email:" in errors and "password:" in errors
    assert "short" not in errors  # the password itself is never printed
    assert session.exec(select(User)).all() == []


def test_create_admin_refuses_a_taken_login(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _create_admin(monkeypatch, "--login", "boss", "--email", "a@example.com", password="granite-harbor-77") == 0
    assert _create_admin(monkeypatch, "--login", "BOSS", "--email", "b@example.com", password="granite-harbor-77") == 1
    assert len(session.exec(select(User)).all()) == 1


def test_demo_accounts_log_in_with_the_readme_passwords(session: Session) -> None:
    assert load_demo_accounts(session) == 2
    session.commit()
    assert load_demo_accounts(session) == 0  # only into an empty shop
    readme = (PROJECT_ROOT / "README.md").read_text()
    for account, staff in ((DEMO_ADMIN, True), (DEMO_SHOPPER, False)):
        assert account["login"] in readme and account["password"] in readme
        result = login_with_password(
            session=session, identifier=account["login"], password=account["password"], ip="127.0.0.1", user_agent="x"
        )
        assert result.user.is_staff is staff
