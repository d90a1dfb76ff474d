"""One error shape for the whole API (SPEC F7): `{"detail": message, "errors": {field: [messages]}}`.

Domain errors keep the status their class names; FastAPI's own input checks become 422 with an
entry per field (malformed JSON: 400); anything unexpected is logged by class only and becomes a
bare 500, so no stack, SQL or token ever reaches a client or the log.
"""

from __future__ import annotations

import functools
import logging
import re
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from store_app.core.errors import DomainError, NotAuthenticated, RateLimited
from store_app.core.i18n import t

API_PREFIX = "/api/v1"
NON_FIELD = "__all__"
log = logging.getLogger(__name__)


def error_response(
    status_code: int, detail: str, errors: dict[str, list[str]] | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = {"detail": detail, "errors": errors or {}}
    return JSONResponse(body, status_code=status_code, headers={"Cache-Control": "no-store", **(headers or {})})


def _domain_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    headers: dict[str, str] = {}
    if isinstance(exc, RateLimited):
        headers["Retry-After"] = str(exc.retry_after_seconds)
    if isinstance(exc, NotAuthenticated):
        headers["WWW-Authenticate"] = "Bearer"
    return error_response(exc.status_code, exc.message, exc.errors, headers)


def _field_name(location: tuple[Any, ...]) -> str:
    # ("body", "price", "str") -> "price"; ("query", "page") -> "page"; the whole body -> "__all__".
    if len(location) > 1 and location[0] in {"body", "query", "path", "header"}:
        return str(location[1])
    return NON_FIELD


def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = exc.errors()
    if any(problem.get("type") == "json_invalid" for problem in problems):
        return error_response(400, t("api.error.malformed_json"))
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(_field_name(tuple(problem.get("loc", ()))), []).append(str(problem.get("msg", "")))
    return error_response(422, t("api.error.invalid_input"), errors)


async def _http_error(request: Request, exc: Exception) -> Any:
    assert isinstance(exc, StarletteHTTPException)
    if not request.url.path.startswith(API_PREFIX):
        return await http_exception_handler(request, exc)  # the pages keep Starlette's answers
    if exc.status_code == 405:  # e.g. OPTIONS or TRACE: Starlette names only the first route's methods
        return (
            _method_not_allowed(request) if _allowed_methods(request) else error_response(404, t("api.error.not_found"))
        )
    detail = exc.detail if isinstance(exc.detail, str) else t("api.error.invalid_input")
    return error_response(exc.status_code, detail, headers=dict(exc.headers or {}))


class UnexpectedErrorGuard:
    """Turns an exception no handler took into a bare 500 JSON answer, for API paths only."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope.get("path", "").startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            log.error("API request failed: %s", type(exc).__name__)
            if started:
                raise
            await error_response(500, t("api.error.internal"))(scope, receive, send)


def install_error_handlers(api: FastAPI) -> None:
    api.add_exception_handler(DomainError, _domain_error)
    api.add_exception_handler(RequestValidationError, _validation_error)
    api.add_exception_handler(StarletteHTTPException, _http_error)
    api.add_middleware(UnexpectedErrorGuard)


fallback_router = APIRouter(include_in_schema=False)


@functools.cache
def _path_pattern(path: str) -> re.Pattern[str]:
    return compile_path(path)[0]


def _allowed_methods(request: Request) -> set[str]:
    """The methods other routes answer on this path (empty when no route has the path at all)."""
    allowed: set[str] = set()
    for route in iter_route_contexts(request.app.routes):
        if route.endpoint is unknown_api_path or not route.path or not route.methods:
            continue
        if _path_pattern(route.path).match(request.url.path):
            allowed |= route.methods
    if "GET" in allowed:
        allowed.add("HEAD")
    return allowed


@fallback_router.api_route(API_PREFIX + "/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown_api_path(path: str, request: Request) -> JSONResponse:
    """Included last: a known path with another method is a JSON 405 with `Allow`; any other
    /api/v1 path is a JSON 404 (not the pages' HTML)."""
    if _allowed_methods(request):
        return _method_not_allowed(request)
    return error_response(404, t("api.error.not_found"))


def _method_not_allowed(request: Request) -> JSONResponse:
    allowed = ", ".join(sorted(_allowed_methods(request)))
    return error_response(405, t("api.error.method_not_allowed"), headers={"Allow": allowed})
