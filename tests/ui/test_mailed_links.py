"""Every link a mail carries opens a page the shop routes: mailed links are built in core/mailed_links.py,
routes in ui/routes.py, and this test holds the two together."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from store_app.accounts.email_change.service import confirm_url
from store_app.accounts.mail import sessions_url
from store_app.accounts.registration.activation_service import activation_url
from store_app.accounts.registration.service import _login_url
from store_app.core.settings import get_settings
from store_app.ui import routes


def _route_pattern(route: str) -> re.Pattern[str]:
    """ "/activate/[activation_token]" -> a pattern that a path with any one segment there matches."""
    return re.compile("^" + re.sub(r"\\\[\w+\\\]", "[^/]+", re.escape(route)) + "$")


@pytest.mark.parametrize(
    ("link", "route", "anchor"),
    [
        (activation_url("tok-1"), routes.ACTIVATE_ROUTE, ""),
        (confirm_url("tok-2"), routes.EMAIL_CHANGE_ROUTE, ""),
        (_login_url(), routes.LOGIN_ROUTE, ""),
        (sessions_url(), routes.CABINET_ROUTE, "cabinet-sessions"),
    ],
)
def test_a_mailed_link_opens_a_routed_page(link: str, route: str, anchor: str) -> None:
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}" == get_settings().public_origin
    assert _route_pattern(route).match(parts.path), (link, route)
    assert parts.fragment == anchor


def test_a_token_lands_in_the_routes_token_segment() -> None:
    assert urlsplit(activation_url("abc")).path == "/activate/abc"
    assert urlsplit(confirm_url("xyz")).path == "/email-change/xyz"
