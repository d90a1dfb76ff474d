"""The language a shopper logs in with (the browser's `lang` cookie) lands on the account, so mails follow
it; a REST login without a cookie uses Accept-Language (issue 12)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from store_app.accounts.login.routes import BROWSER_LOGIN_PATH
from store_app.accounts.models import User
from store_app.accounts.profile.language import set_language
from store_app.api.app import build_api
from store_app.core.http_language import HttpLanguage
from store_app.core.settings import get_settings
from tests.utils.factories import PASSWORD, make_shopper

PEER = ("198.51.100.8", 50000)


@pytest.fixture
def client(session: Session) -> Iterator[TestClient]:
    with TestClient(HttpLanguage(build_api()), client=PEER, follow_redirects=False) as test_client:
        yield test_client


def _language_of(session: Session, user: User) -> str:
    session.expire_all()
    found = session.get(User, user.id)
    assert found is not None
    return found.language


def test_a_browser_login_keeps_the_cookies_language(client: TestClient, session: Session) -> None:
    user = make_shopper(session)
    assert user.language == "ru"
    client.cookies.set("lang", "en")
    form = {"identifier": user.login, "password": PASSWORD, "next": "/cabinet"}
    headers = {"Origin": get_settings().public_origin, "Accept-Language": "ru-RU"}
    assert client.post(BROWSER_LOGIN_PATH, data=form, headers=headers).status_code == 303
    assert _language_of(session, user) == "en"


def test_a_rest_login_keeps_accept_language(client: TestClient, session: Session) -> None:
    user = make_shopper(session)
    body = {"username": user.login, "password": PASSWORD}
    assert client.post("/api/v1/auth/login", json=body, headers={"Accept-Language": "en"}).status_code == 200
    assert _language_of(session, user) == "en"


def test_set_language_keeps_only_a_language_the_shop_speaks(session: Session) -> None:
    user = make_shopper(session)
    assert user.id is not None
    set_language(session=session, user_id=user.id, lang="de")
    assert _language_of(session, user) == "ru"
    set_language(session=session, user_id=user.id, lang="EN")
    session.commit()
    assert _language_of(session, user) == "en"
