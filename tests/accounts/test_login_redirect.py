"""After login a visitor goes back only to a page of this shop (no open redirect)."""

from __future__ import annotations

import pytest

from store_app.accounts.login.redirect import login_url, safe_next_path


@pytest.mark.parametrize("path", ["/cabinet", "/catalog?category=phones&page=2", "/product/x-1/"])
def test_paths_of_the_shop_are_kept(path: str) -> None:
    assert safe_next_path(path) == path


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "cabinet",
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "/a\nb",
        "javascript:alert(1)",
        "/login",
        "/login/?next=/login",
        "/" + "a" * 600,
    ],
)
def test_anything_else_falls_back_to_the_default(target: str | None) -> None:
    assert safe_next_path(target) == "/"


def test_encoded_line_breaks_stay_encoded() -> None:
    # Percent-encoded characters are harmless in a path: the browser never decodes them into headers.
    assert safe_next_path("/%0d%0aSet-Cookie:x") == "/%0d%0aSet-Cookie:x"


def test_login_url_carries_the_way_back_and_the_error() -> None:
    assert login_url("/cabinet") == "/login?next=%2Fcabinet"
    assert login_url("/", error="invalid") == "/login?error=invalid"
    assert login_url("https://evil.example") == "/login"


def test_the_login_hint_opens_only_fresh_and_unforged() -> None:
    import datetime as dt

    from store_app.accounts.login.hint import open_identifier, seal_identifier
    from store_app.core import clock

    hint = seal_identifier("  anna@example.com ")
    assert "anna" not in hint and open_identifier(hint) == "anna@example.com"
    assert open_identifier(hint[:-2] + ("AA" if not hint.endswith("AA") else "BB")) == ""
    assert open_identifier("v1.garbage") == "" and open_identifier("") == "" and seal_identifier("  ") == ""
    clock.advance(dt.timedelta(minutes=10, seconds=-1))  # README: sealed for 10 minutes
    assert open_identifier(hint) == "anna@example.com"
    clock.advance(dt.timedelta(seconds=2))
    assert open_identifier(hint) == ""
