"""F1 over HTTP: register, login, refresh rotation and reuse, logout with blacklist, me, lockout."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from store_app.accounts.models import User
from store_app.accounts.sessions.models import LoginSession
from store_app.core import clock
from store_app.core.i18n import t
from store_app.mail.service import latest_message_to
from tests.api.conftest import bearer, log_in
from tests.utils.factories import PASSWORD

REGISTRATION = {
    "email": "Ivan.Petrov@Example.com",
    "username": "ivan.petrov",
    "password": "quiet-harbor-lantern-71",
    "first_name": "Иван",
    "last_name": "Петров",
    "accept_rules": True,
}


def test_register_creates_the_account_and_queues_the_activation_mail(client: TestClient, session: Session) -> None:
    response = client.post("/api/v1/auth/register", json=REGISTRATION)
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["email"] == "Ivan.Petrov@example.com"
    assert "password" not in response.text and "hash" not in response.text
    user = session.exec(select(User).where(User.login == "ivan.petrov")).one()
    assert user.email_confirmed_at is None
    assert latest_message_to(session=session, to=body["email"], template="activation") is not None


def test_register_with_a_taken_email_answers_as_for_a_new_one_and_mails_the_owner(
    client: TestClient, session: Session, shopper: User
) -> None:
    fresh = client.post("/api/v1/auth/register", json={**REGISTRATION, "email": "new.one@example.com"})
    taken = client.post(
        "/api/v1/auth/register", json={**REGISTRATION, "username": "other", "email": shopper.email.upper()}
    )

    assert (fresh.status_code, taken.status_code) == (202, 202), taken.text
    assert set(taken.json()) == set(fresh.json()) == {"detail", "email"}
    assert taken.json()["email"] == shopper.email.upper().replace("EXAMPLE.COM", "example.com")
    assert fresh.json()["detail"].replace(fresh.json()["email"], "@") == taken.json()["detail"].replace(
        taken.json()["email"], "@"
    )
    assert session.exec(select(User).where(User.login == "other")).first() is None
    notice = latest_message_to(session=session, to=shopper.email, template="registration_attempt")
    assert notice is not None and latest_message_to(session=session, to=shopper.email, template="activation") is None


def test_register_is_limited_per_ip_with_429_and_retry_after(client: TestClient) -> None:
    for n in range(10):
        body = {**REGISTRATION, "username": f"bulk{n}", "email": f"bulk{n}@example.com"}
        assert client.post("/api/v1/auth/register", json=body).status_code == 202
    refused = client.post(
        "/api/v1/auth/register", json={**REGISTRATION, "username": "bulk10", "email": "b10@example.com"}
    )
    assert refused.status_code == 429, refused.text
    assert 3500 <= int(refused.headers["Retry-After"]) <= 3600
    assert refused.json()["detail"] == t("register.error.too_many", minutes=60)


def test_register_reports_every_broken_rule_by_field(client: TestClient) -> None:
    response = client.post("/api/v1/auth/register", json={"email": "nope", "username": "1x", "password": "short"})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {"email", "login", "password", "first_name", "last_name", "accept_rules"} <= set(errors)


def test_register_with_a_taken_login_is_refused(client: TestClient, shopper: User) -> None:
    response = client.post("/api/v1/auth/register", json={**REGISTRATION, "username": shopper.login.upper()})
    assert response.status_code == 422
    assert "login" in response.json()["errors"]


def test_login_by_username_or_email_returns_a_token_pair_and_me_works(client: TestClient, shopper: User) -> None:
    for identifier in (shopper.login, shopper.email.upper()):
        tokens = log_in(client, identifier)
        assert set(tokens) == {"access", "refresh"}
        me = client.get("/api/v1/auth/me", headers=bearer(tokens))
        assert me.status_code == 200
        assert me.json()["username"] == shopper.login


def test_login_by_email_field(client: TestClient, shopper: User) -> None:
    response = client.post("/api/v1/auth/login", json={"email": shopper.email, "password": PASSWORD})
    assert response.status_code == 200


def test_wrong_password_is_401_with_one_message(client: TestClient, shopper: User) -> None:
    wrong = client.post("/api/v1/auth/login", json={"username": shopper.login, "password": "nope-nope-nope"})
    unknown = client.post("/api/v1/auth/login", json={"username": "nobody", "password": "nope-nope-nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]


def test_a_disabled_account_with_the_right_password_is_403_and_gets_no_tokens(
    client: TestClient, session: Session, shopper: User
) -> None:
    shopper.is_active = False
    session.add(shopper)
    session.commit()
    right = client.post("/api/v1/auth/login", json={"username": shopper.login, "password": PASSWORD})
    wrong = client.post("/api/v1/auth/login", json={"username": shopper.login, "password": "nope-nope-nope"})
    assert right.status_code == 403 and right.json()["detail"] == t("login.error.disabled")
    assert "access" not in right.json() and "refresh" not in right.json()
    assert wrong.status_code == 401  # only the right password learns that the account is disabled


def test_login_without_identifier_is_422(client: TestClient) -> None:
    response = client.post("/api/v1/auth/login", json={"password": "x"})
    assert response.status_code == 422
    assert "username" in response.json()["errors"]


def test_repeated_failures_lock_the_account_with_429_and_retry_after(client: TestClient, shopper: User) -> None:
    statuses = [
        client.post("/api/v1/auth/login", json={"username": shopper.login, "password": "wrong-guess"}).status_code
        for _ in range(6)
    ]
    assert statuses[:4] == [401] * 4 and statuses[-1] == 429
    locked = client.post("/api/v1/auth/login", json={"username": shopper.login, "password": PASSWORD})
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 0


def test_refresh_rotates_and_reuse_ends_the_session(client: TestClient, shopper: User, session: Session) -> None:
    first = log_in(client, shopper.login)
    rotated = client.post("/api/v1/auth/refresh", json={"refresh": first["refresh"]})
    assert rotated.status_code == 200
    second = rotated.json()
    assert second["refresh"] != first["refresh"]
    clock.advance(dt.timedelta(seconds=30))  # past the two-tabs grace
    reuse = client.post("/api/v1/auth/refresh", json={"refresh": first["refresh"]})
    assert reuse.status_code == 401
    # The whole session ended: the newest tokens stop working too.
    assert client.post("/api/v1/auth/refresh", json={"refresh": second["refresh"]}).status_code == 401
    assert client.get("/api/v1/auth/me", headers=bearer(second)).status_code == 401
    login = session.exec(select(LoginSession).where(LoginSession.user_id == shopper.id)).one()
    session.refresh(login)
    assert login.ended_at is not None


def test_logout_with_blacklist_revokes_the_refresh_token_and_the_access_token(
    client: TestClient, shopper: User
) -> None:
    tokens = log_in(client, shopper.login)
    response = client.post("/api/v1/auth/logout", json={"refresh": tokens["refresh"], "blacklist": True})
    assert response.status_code == 204
    assert client.post("/api/v1/auth/refresh", json={"refresh": tokens["refresh"]}).status_code == 401
    assert client.get("/api/v1/auth/me", headers=bearer(tokens)).status_code == 401


def test_logout_without_blacklist_keeps_the_session(client: TestClient, shopper: User) -> None:
    tokens = log_in(client, shopper.login)
    response = client.post("/api/v1/auth/logout", json={"refresh": tokens["refresh"], "blacklist": False})
    assert response.status_code == 204
    assert client.get("/api/v1/auth/me", headers=bearer(tokens)).status_code == 200


def test_logout_with_an_unknown_token_is_401(client: TestClient) -> None:
    assert client.post("/api/v1/auth/logout", json={"refresh": "garbage"}).status_code == 401


def test_me_refuses_missing_garbage_expired_and_refresh_tokens(client: TestClient, shopper: User) -> None:
    tokens = log_in(client, shopper.login)
    cases = [
        {},
        {"Authorization": "Bearer not-a-jwt"},
        {"Authorization": f"Bearer {tokens['refresh']}"},
    ]
    for headers in cases:
        response = client.get("/api/v1/auth/me", headers=headers)
        assert response.status_code == 401, headers
        assert response.headers["WWW-Authenticate"] == "Bearer"
        assert set(response.json()) == {"detail", "errors"}
    clock.advance(dt.timedelta(minutes=6))
    assert client.get("/api/v1/auth/me", headers=bearer(tokens)).status_code == 401
