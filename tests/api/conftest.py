"""An in-process client of the API app against the test's migrated SQLite, and logged-in helpers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from store_app.accounts.models import User
from store_app.api.app import build_api
from store_app.core.http_language import HttpLanguage
from tests.utils.factories import PASSWORD, make_shopper

PEER = ("198.51.100.7", 50000)


@pytest.fixture
def client(session: Session) -> Iterator[TestClient]:
    # raise_server_exceptions=False: a 500 must come back as a response, as a real client sees it.
    # Wrapped as the shop wraps it: each request is answered in its Accept-Language (Russian by default).
    api = HttpLanguage(build_api())
    with TestClient(api, client=PEER, raise_server_exceptions=False) as test_client:
        yield test_client


def log_in(client: TestClient, login: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/api/v1/auth/login", json={"username": login, "password": password})
    assert response.status_code == 200, response.text
    return response.json()


def bearer(tokens: dict[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access']}"}


@pytest.fixture
def shopper(session: Session) -> User:
    return make_shopper(session)


@pytest.fixture
def staff(session: Session) -> User:
    user = make_shopper(session, login="boss")
    user.is_staff = True
    session.add(user)
    session.commit()
    return user


@pytest.fixture
def shopper_headers(client: TestClient, shopper: User) -> dict[str, str]:
    return bearer(log_in(client, shopper.login))


@pytest.fixture
def staff_headers(client: TestClient, staff: User) -> dict[str, str]:
    return bearer(log_in(client, staff.login))
