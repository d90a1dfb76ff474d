"""The second login step over HTTP: the browser's form posts with the pending cookie, and the REST API's
`mfa_required` answer and `POST /auth/login/mfa`, on a real database."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from store_app.core import clock
from store_app.core.settings import get_settings
from store_app.ui.routes import BROWSER_CODE_PATH, BROWSER_LOGIN_PATH
from tests.accounts.mfa_helpers import code_now, enable_mfa
from tests.utils.factories import PASSWORD, make_shopper
from tests.utils.route_client import own_origin, route_client


def _cookies(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    found = {}
    for header in response.headers.get_list("set-cookie"):
        name, _, rest = header.partition("=")
        found[name] = rest.split(";")[0]
    return found


def test_browser_password_step_sets_only_the_pending_cookie_then_the_code_logs_in(
    client: TestClient, session: Session
) -> None:
    user = make_shopper(session)
    assert user.id is not None
    secret, _codes = enable_mfa(user.id)
    form = {"identifier": user.login, "password": PASSWORD, "next": "/cabinet"}
    first = client.post(BROWSER_LOGIN_PATH, data=form, headers=own_origin())
    assert first.status_code == 303
    assert first.headers["location"].endswith("/login?step=code&next=%2Fcabinet")
    cookies = _cookies(first)
    assert set(cookies) == {"store_mfa_pending"}  # no session cookie after the password alone
    pending_header = first.headers["set-cookie"]
    assert {"HttpOnly", "SameSite=Strict", "Max-Age=300"} <= set(pending_header.split("; "))

    # Another browser (no pending cookie) cannot finish the step with a right code.
    with route_client() as other:
        form = {"code": code_now(secret), "next": "/cabinet"}
        stolen = other.post(BROWSER_CODE_PATH, data=form, headers=own_origin())
    assert stolen.headers["location"].endswith("/login?step=code&error=code&next=%2Fcabinet")
    assert "store_session" not in _cookies(stolen)

    client.cookies.set("store_mfa_pending", cookies["store_mfa_pending"])
    wrong = client.post(BROWSER_CODE_PATH, data={"code": "000000x", "next": "/cabinet"}, headers=own_origin())
    assert "store_session" not in _cookies(wrong)
    done = client.post(BROWSER_CODE_PATH, data={"code": code_now(secret), "next": "/cabinet"}, headers=own_origin())
    assert done.headers["location"] == get_settings().public_origin + "/cabinet"
    after = _cookies(done)
    assert after["store_session"].count(".") == 2
    assert after["store_mfa_pending"] == ""  # cleared


def test_browser_code_step_refuses_other_origins(client: TestClient, session: Session) -> None:
    response = client.post(BROWSER_CODE_PATH, data={"code": "123456"}, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403


def test_rest_login_asks_for_the_code_then_gives_tokens(client: TestClient, session: Session) -> None:
    user = make_shopper(session)
    assert user.id is not None
    secret, codes = enable_mfa(user.id)
    first = client.post("/api/v1/auth/login", json={"username": user.login, "password": PASSWORD})
    assert first.status_code == 200
    body = first.json()
    assert body["mfa_required"] is True and "access" not in body and "refresh" not in body
    wrong = client.post("/api/v1/auth/login/mfa", json={"mfa_token": body["mfa_token"], "code": "12"})
    assert wrong.status_code == 401
    assert set(wrong.json()) >= {"detail"}
    done = client.post("/api/v1/auth/login/mfa", json={"mfa_token": body["mfa_token"], "code": code_now(secret)})
    assert done.status_code == 200
    tokens = done.json()
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {tokens['access']}"})
    assert me.json()["id"] == user.id
    # A recovery code works on the API too, once.
    second = client.post("/api/v1/auth/login", json={"username": user.login, "password": PASSWORD}).json()
    ok = client.post("/api/v1/auth/login/mfa", json={"mfa_token": second["mfa_token"], "code": codes[0]})
    assert ok.status_code == 200


def test_rest_code_step_expires_and_locks_out(client: TestClient, session: Session) -> None:
    user = make_shopper(session)
    assert user.id is not None
    secret, _codes = enable_mfa(user.id)
    token = client.post("/api/v1/auth/login", json={"username": user.login, "password": PASSWORD}).json()["mfa_token"]
    clock.advance(dt.timedelta(minutes=6))
    late = client.post("/api/v1/auth/login/mfa", json={"mfa_token": token, "code": code_now(secret)})
    assert late.status_code == 401
    token = client.post("/api/v1/auth/login", json={"username": user.login, "password": PASSWORD}).json()["mfa_token"]
    wrong = "123456" if code_now(secret) != "123456" else "654321"
    statuses = [
        client.post("/api/v1/auth/login/mfa", json={"mfa_token": token, "code": wrong}).status_code for _ in range(5)
    ]
    assert statuses == [401, 401, 401, 401, 429]


def test_accounts_without_2fa_log_in_as_before(client: TestClient, session: Session) -> None:
    user = make_shopper(session)
    body = client.post("/api/v1/auth/login", json={"username": user.login, "password": PASSWORD}).json()
    assert set(body) == {"access", "refresh"}


def test_staff_2fa_required_refuses_staff_routes_until_it_is_on(
    client: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STAFF_2FA_REQUIRED", "1")
    get_settings.cache_clear()
    admin = make_shopper(session, login="boss")
    admin.is_staff = True
    session.add(admin)
    session.commit()
    assert admin.id is not None
    tokens = client.post("/api/v1/auth/login", json={"username": admin.login, "password": PASSWORD}).json()
    refused = client.get("/api/v1/products/export.csv", headers={"Authorization": f"Bearer {tokens['access']}"})
    assert refused.status_code == 403
    secret, _codes = enable_mfa(admin.id)
    token = client.post("/api/v1/auth/login", json={"username": admin.login, "password": PASSWORD}).json()["mfa_token"]
    tokens = client.post("/api/v1/auth/login/mfa", json={"mfa_token": token, "code": code_now(secret)}).json()
    allowed = client.get("/api/v1/products/export.csv", headers={"Authorization": f"Bearer {tokens['access']}"})
    assert allowed.status_code == 200
