"""The OpenAPI schema tells the truth: the real error model, each route's codes, 405 for a wrong
method, and schemathesis' conformance checks pass against the app in-process with no 5xx."""

from __future__ import annotations

import re
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from store_app.api.app import build_api

METHODS = ("get", "post", "put", "patch", "delete")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 5


@pytest.fixture(scope="module")
def api() -> FastAPI:
    return build_api()


@pytest.fixture(scope="module")
def schema(api: FastAPI) -> dict[str, Any]:
    return TestClient(api).get("/api/v1/openapi.json").json()


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, op) for path, item in schema["paths"].items() for method, op in item.items()]


def test_every_error_answer_is_documented_with_the_real_model(schema: dict[str, Any]) -> None:
    components = schema["components"]["schemas"]
    assert "HTTPValidationError" not in components and "ValidationError" not in components
    error = components["ErrorOut"]
    assert error["required"] == ["detail", "errors"]
    assert error["properties"]["detail"]["type"] == "string"
    assert error["properties"]["errors"]["additionalProperties"] == {"type": "array", "items": {"type": "string"}}
    for path, method, operation in _operations(schema):
        for code, answer in operation["responses"].items():
            if int(code) >= 400:
                body = answer["content"]["application/json"]["schema"]
                assert body == {"$ref": "#/components/schemas/ErrorOut"}, (method, path, code)


@pytest.mark.parametrize(
    ("method", "path", "codes"),
    [
        ("post", "/api/v1/auth/login", {400, 401, 403, 413, 422, 429}),  # 403: a disabled account
        ("post", "/api/v1/auth/register", {400, 413, 422, 429}),
        ("get", "/api/v1/auth/me", {401, 404}),
        ("get", "/api/v1/products", set()),  # the filters are read leniently: junk is ignored, never refused
        ("get", "/api/v1/products/{slug}", {401, 404, 422}),
        ("post", "/api/v1/products", {400, 401, 403, 413, 422}),
        ("delete", "/api/v1/products/{product_id}", {401, 403, 404, 422}),
        ("post", "/api/v1/cart/items", {400, 401, 404, 409, 413, 422}),
        ("delete", "/api/v1/categories/{category_id}", {401, 403, 404, 409, 422}),
        ("get", "/api/v1/profiles", {401, 403, 422}),
        ("delete", "/api/v1/users/{user_id}", {400, 401, 403, 404, 409, 413, 422}),
    ],
)
def test_each_route_declares_the_codes_it_answers(
    schema: dict[str, Any], method: str, path: str, codes: set[int]
) -> None:
    documented = {int(code) for code in schema["paths"][path][method]["responses"] if int(code) >= 400}
    assert documented == codes
    answers = schema["paths"][path][method]["responses"]
    if 429 in codes:
        assert "Retry-After" in answers["429"]["headers"]
    if 401 in codes:
        assert "WWW-Authenticate" in answers["401"]["headers"]


def _concrete(path: str) -> str:
    return re.sub(r"\{([^}]+)\}", lambda match: "some-slug" if match[1] == "slug" else "1", path)


def _template(path: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"\{[^}]+\}", "[^/]+", path) + "$")


def test_a_wrong_method_on_every_known_path_is_405_with_allow(api: FastAPI, schema: dict[str, Any]) -> None:
    client = TestClient(api)  # no route runs: the database is never reached
    paths = schema["paths"]
    for path in paths:
        concrete = _concrete(path)
        # /products/export.csv also has the shape of /products/{product_id}: its PATCH is that route's.
        taken = {method for other, o_item in paths.items() if _template(other).match(concrete) for method in o_item}
        for method in set(METHODS) - taken:
            response = client.request(method.upper(), concrete)
            assert response.status_code == 405, (method, concrete, response.text)
            assert set(response.json()) == {"detail", "errors"}
            allowed = {name.strip() for name in response.headers["Allow"].split(",")}
            assert {name.upper() for name in taken} <= allowed, (method, concrete, allowed)
    assert client.put("/api/v1/no-such-thing").status_code == 404
    assert client.options("/api/v1/no-such-thing").status_code == 404


def test_schemathesis_finds_no_5xx_and_no_schema_violation(client: TestClient, staff_headers: dict[str, str]) -> None:
    """A few deterministic examples per operation, sent as staff so the routes really run."""
    api = client.app
    loaded = schemathesis.openapi.from_asgi("/api/v1/openapi.json", api)
    failures: list[str] = []
    operations = [result.ok() for result in loaded.get_all_operations()]
    assert len(operations) >= 25

    for operation in operations:
        label = operation.label

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case) -> None:  # type: ignore[no-untyped-def]
            try:
                case.call_and_validate(checks=CHECKS, headers=staff_headers)
            except (AssertionError, BaseExceptionGroup) as failure:
                failures.append(f"{label}: {str(failure).strip()[:600]}")  # noqa: B023 (run() runs at once)

        run()
    assert failures == [], "\n\n".join(failures)
