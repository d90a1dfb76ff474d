"""The API's schema tells the truth about errors: one error model, and on each route the codes it gives.

FastAPI documents its own `{"detail": [...]}` for 422 and nothing else. Here every error answer is
`ErrorOut` (the shape `api.errors` sends), and each operation lists the codes it can answer:
inferred from what the route depends on (a bearer token: 401; staff: 403; a path id: 404; a JSON
body: 400, 413, 422; any input: 422), plus the ones a route declares itself with
`responses=error_responses(409, 429)` for what its service may refuse.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel, Field

from store_app.api.deps import current_user, optional_user, staff_user

ERROR_SCHEMA = "ErrorOut"
DESCRIPTIONS = {
    400: "Malformed JSON, or an action the shop refuses",
    401: "Missing, expired, revoked or wrong-type token, or wrong credentials",
    403: "Not allowed for this account (e.g. staff only)",
    404: "No such resource",
    405: "Method not allowed on this path",
    409: "Conflicts with the current state (stock, children, open orders)",
    413: "Request body larger than 1 MB",
    422: "Invalid fields: every problem under its field",
    429: "Too many tries: wait `Retry-After` seconds",
}
HEADERS = {
    401: {"WWW-Authenticate": {"description": "`Bearer`", "schema": {"type": "string"}}},
    429: {"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}},
}


class ErrorOut(BaseModel):
    """Every error answer of the API."""

    detail: str = Field(description="one message for people")
    errors: dict[str, list[str]] = Field(description='messages per field; "__all__" for the whole request')


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route decorator: the codes its service may answer, with the error model."""
    return {code: {"model": ErrorOut, "description": DESCRIPTIONS[code]} for code in codes}


def _calls(dependant: Dependant) -> Iterator[Any]:
    for sub in dependant.dependencies:
        yield sub.call
        yield from _calls(sub)


def inferred_codes(route: Any) -> set[int]:
    """The error codes a route gives because of what it depends on (see the module docstring)."""
    calls = set(_calls(route.dependant))
    codes: set[int] = set()
    if calls & {current_user, optional_user, staff_user}:
        codes.add(401)
    if staff_user in calls:
        codes.add(403)
    if route.dependant.path_params:
        codes.update({404, 422})
    if route.dependant.query_params or route.dependant.header_params:
        codes.add(422)
    if route.body_field is not None:
        codes.update({400, 413, 422})
    return codes


def _error_response(code: int) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "description": DESCRIPTIONS[code],
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_SCHEMA}"}}},
    }
    if code in HEADERS:
        answer["headers"] = HEADERS[code]
    return answer


def build_schema(api: FastAPI) -> dict[str, Any]:
    schema = get_openapi(title=api.title, version=api.version, routes=api.routes, description=api.description)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components[ERROR_SCHEMA] = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    # Included routers are not flattened into api.routes: walk them as FastAPI's own schema does.
    for route in iter_route_contexts(api.routes):
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        for method in route.methods:
            operation = schema["paths"][route.path_format][method.lower()]
            answers = operation.setdefault("responses", {})
            declared = {int(code) for code in answers if str(code).isdigit() and int(code) >= 400}
            for code in sorted(inferred_codes(route) | declared):
                answers[str(code)] = _error_response(code)
            operation["responses"] = dict(sorted(answers.items()))
    # FastAPI's own validation error shapes are never sent.
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    return schema


def install_openapi(api: FastAPI) -> None:
    """Serve `build_schema` at the API's openapi_url (built once, on first request)."""

    def openapi() -> dict[str, Any]:
        if api.openapi_schema is None:
            api.openapi_schema = build_schema(api)
        return api.openapi_schema

    api.openapi = openapi  # type: ignore[method-assign]
