"""F7: one JSON error shape, the right status, and bad input never a 500."""

from __future__ import annotations

import logging

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from store_app.api.app import build_api
from store_app.api.errors import install_error_handlers
from tests.api.conftest import PEER


def test_malformed_json_is_400(client: TestClient) -> None:
    response = client.post("/api/v1/auth/login", content=b'{"username": ', headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert set(response.json()) == {"detail", "errors"}


def test_wrong_types_are_422_per_field(client: TestClient) -> None:
    response = client.post("/api/v1/auth/login", json={"username": ["a"], "password": 5})
    assert response.status_code == 422
    assert {"username", "password"} <= set(response.json()["errors"])


@pytest.mark.parametrize(
    "payload",
    [b"", b"null", b"[]", b"\xff\xfe", b'"text"', b"1e999999", b'{"username": "\\ud800", "password": "x"}'],
)
def test_junk_bodies_never_cause_a_500(client: TestClient, payload: bytes) -> None:
    for path in ("/api/v1/auth/login", "/api/v1/auth/register", "/api/v1/auth/refresh", "/api/v1/auth/logout"):
        response = client.post(path, content=payload, headers={"Content-Type": "application/json"})
        assert 400 <= response.status_code < 500, (path, payload, response.text)
        assert "detail" in response.json()


def test_unknown_api_path_is_404_json(client: TestClient) -> None:
    for method in ("GET", "POST", "DELETE"):
        response = client.request(method, "/api/v1/no/such/thing")
        assert response.status_code == 404
        assert set(response.json()) == {"detail", "errors"}


def test_unexpected_error_is_500_without_details_and_logged_by_class(caplog: pytest.LogCaptureFixture) -> None:
    api = FastAPI()

    @api.get("/api/v1/boom")
    def boom() -> None:
        raise RuntimeError("secret-token-123 leaked")

    install_error_handlers(api)
    with caplog.at_level(logging.ERROR), TestClient(api, client=PEER, raise_server_exceptions=False) as client:
        response = client.get("/api/v1/boom")
    assert response.status_code == 500
    assert "secret" not in response.text and set(response.json()) == {"detail", "errors"}
    assert "RuntimeError" in caplog.text and "secret-token-123" not in caplog.text


def test_openapi_lists_the_routes() -> None:
    with TestClient(build_api()) as client:
        schema = client.get("/api/v1/openapi.json").json()
    expected = {
        "/api/v1/auth/register": {"post"},
        "/api/v1/auth/login": {"post"},
        "/api/v1/auth/refresh": {"post"},
        "/api/v1/auth/logout": {"post"},
        "/api/v1/auth/me": {"get"},
        "/api/v1/products": {"get", "post"},
        "/api/v1/products/{slug}": {"get"},
        "/api/v1/products/{product_id}": {"patch", "delete"},
        "/api/v1/products/export.csv": {"get"},
        "/api/v1/categories": {"get", "post"},
        "/api/v1/cart": {"get"},
        "/api/v1/cart/items": {"post"},
        "/api/v1/cart/items/{product_id}": {"patch", "delete"},
        "/api/v1/carts": {"get"},
        "/api/v1/carts/{cart_id}": {"get"},
        "/api/v1/profiles/me": {"get", "patch"},
        "/api/v1/profiles": {"get"},
        "/api/v1/profiles/{user_id}": {"get", "patch", "delete"},
        "/api/v1/users/{user_id}": {"delete"},
    }
    for path, methods in expected.items():
        assert methods <= set(schema["paths"][path]), path
    assert "HTTPBearer" in schema["components"]["securitySchemes"]


def test_docs_page_and_its_assets_are_served_locally() -> None:
    with TestClient(build_api()) as client:
        page = client.get("/api/v1/docs")
        assert page.status_code == 200
        assert "http" not in page.text.lower().replace('<html lang="en">', "")  # nothing from another origin
        assert "<script>" not in page.text  # no inline script: the CSP allows 'self'
        for asset in ("/api/v1/docs/assets/swagger-ui-bundle.js", "/api/v1/docs/assets/swagger-ui.css"):
            assert client.get(asset).status_code == 200
        assert "SwaggerUIBundle" in client.get("/api/v1/docs/start.js").text
