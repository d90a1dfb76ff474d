"""Page loads rotate the session cookie once it is older than the access lifetime; a replayed rotated
cookie ends the session; API calls and fresh cookies are left alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from store_app.accounts.sessions.cookie import PLAIN_NAME
from store_app.accounts.sessions.cookie_rotation import SessionCookieRotation
from store_app.accounts.sessions.models import LoginSession, RefreshToken
from store_app.accounts.sessions.service import start_session
from store_app.accounts.sessions.token_service import REUSE_GRACE, issue_token_pair
from store_app.core import clock
from tests.utils.factories import make_shopper

PAGE = {"sec-fetch-dest": "document", "accept": "text/html"}


def _page(_request: object) -> PlainTextResponse:
    return PlainTextResponse("page", headers={"cache-control": "public, max-age=60"})


@pytest.fixture
def client() -> Iterator[TestClient]:
    app = Starlette(routes=[Route("/{path:path}", _page)])
    with TestClient(SessionCookieRotation(app)) as test_client:
        yield test_client


@pytest.fixture
def refresh_token(session: Session) -> str:
    user = make_shopper(session)
    assert user.id is not None
    login = start_session(session=session, user_id=user.id, ip="198.51.100.1", user_agent="pytest")
    pair = issue_token_pair(session=session, login_session=login)
    session.commit()
    return pair.refresh


def _load(client: TestClient, token: str, path: str = "/cabinet", headers: dict[str, str] | None = None) -> str | None:
    client.cookies.clear()
    response = client.get(path, headers={**(PAGE if headers is None else headers), "cookie": f"{PLAIN_NAME}={token}"})
    assert response.text == "page"
    return response.headers.get("set-cookie")


def _new_token(set_cookie: str) -> str:
    return set_cookie.split(";")[0].split("=", 1)[1]


def test_a_fresh_cookie_is_left_alone(client: TestClient, refresh_token: str) -> None:
    assert _load(client, refresh_token) is None


def test_an_old_cookie_is_rotated_on_a_page_load(client: TestClient, session: Session, refresh_token: str) -> None:
    clock.advance(dt.timedelta(seconds=301))
    set_cookie = _load(client, refresh_token)
    assert set_cookie is not None and "HttpOnly" in set_cookie
    assert _new_token(set_cookie) not in ("", refresh_token)
    rotated = session.exec(select(RefreshToken).order_by(col(RefreshToken.id))).all()
    assert [token.rotated_at is not None for token in rotated] == [True, False]


def test_rotating_responses_are_not_cached(client: TestClient, refresh_token: str) -> None:
    clock.advance(dt.timedelta(seconds=301))
    client.cookies.clear()
    response = client.get("/", headers={**PAGE, "cookie": f"{PLAIN_NAME}={refresh_token}"})
    assert response.headers.get_list("cache-control") == ["no-store"]


def test_api_calls_and_scripts_never_rotate(client: TestClient, refresh_token: str) -> None:
    clock.advance(dt.timedelta(seconds=301))
    assert _load(client, refresh_token, path="/api/v1/health") is None
    assert _load(client, refresh_token, headers={"sec-fetch-dest": "script"}) is None


def test_a_replayed_rotated_cookie_ends_the_session_and_is_cleared(
    client: TestClient, session: Session, refresh_token: str
) -> None:
    clock.advance(dt.timedelta(seconds=301))
    newer = _new_token(_load(client, refresh_token) or "")
    clock.advance(REUSE_GRACE + dt.timedelta(seconds=1))
    cleared = _load(client, refresh_token)
    assert cleared is not None and "Max-Age=0" in cleared
    assert session.exec(select(LoginSession)).one().ended_at is not None
    # The legitimate newer cookie died with the session; it is cleared when next due.
    clock.advance(dt.timedelta(seconds=301))
    assert "Max-Age=0" in (_load(client, newer) or "")


def test_a_mangled_cookie_is_cleared(client: TestClient, refresh_token: str) -> None:
    cleared = _load(client, refresh_token[:-4] + "AAAA")
    assert cleared is not None and "Max-Age=0" in cleared
