"""API error messages follow Accept-Language (issue 12); Russian when the client asks for nothing we speak."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from store_app.accounts.models import User
from store_app.core.i18n import t


@pytest.mark.parametrize(
    ("header", "lang"),
    [(None, "ru"), ("en-US,en;q=0.9", "en"), ("de-DE, en;q=0.5, ru;q=0.8", "ru"), ("fr", "ru"), ("EN", "en")],
)
def test_login_refusal_in_the_asked_language(client: TestClient, shopper: User, header: str | None, lang: str) -> None:
    headers = {"Accept-Language": header} if header else {}
    response = client.post("/api/v1/auth/login", json={"username": shopper.login, "password": "wrong"}, headers=headers)
    assert response.status_code == 401
    assert response.json()["detail"] == t("login.error.invalid", lang)


def test_field_errors_follow_the_language(client: TestClient) -> None:
    body = {"username": "x", "email": "not-an-email", "password": "1"}
    russian = client.post("/api/v1/auth/register", json=body).json()
    english = client.post("/api/v1/auth/register", json=body, headers={"Accept-Language": "en"}).json()
    assert russian["errors"] and set(russian["errors"]) == set(english["errors"])
    assert russian["errors"] != english["errors"]


def test_an_api_request_sets_no_language_cookie(client: TestClient) -> None:
    response = client.get("/api/v1/health", headers={"Accept-Language": "en"})
    assert "lang=" not in response.headers.get("set-cookie", "")
