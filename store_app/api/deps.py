"""What API routes depend on: the bearer token's user, staff checks, the client address, pages.

Every route is a plain `def`: FastAPI runs it in a worker thread, so password hashing and database
calls never stall the event loop. The token is checked in its own short transaction; the route's
work then runs in one `session_scope()` of its own.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qsl, urlencode

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import Field

from store_app.accounts.login.routes import request_ip
from store_app.accounts.mfa.service import staff_must_set_up
from store_app.accounts.sessions.service import AuthContext
from store_app.accounts.sessions.token_service import authenticate_access_token
from store_app.core.db import session_scope
from store_app.core.errors import NotAuthenticated, PermissionDenied
from store_app.core.i18n import t
from store_app.core.settings import get_settings

bearer_scheme = HTTPBearer(auto_error=False, description="The `access` token from POST /api/v1/auth/login")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]


def optional_user(credentials: Credentials) -> AuthContext | None:
    """Who the bearer token speaks for; None without a token; 401 for a bad, expired or refresh token."""
    if credentials is None:
        return None
    with session_scope() as session:
        return authenticate_access_token(session=session, access_token=credentials.credentials)


def current_user(context: Annotated[AuthContext | None, Depends(optional_user)]) -> AuthContext:
    if context is None:
        raise NotAuthenticated(t("api.error.no_token"))
    return context


def staff_user(context: Annotated[AuthContext, Depends(current_user)]) -> AuthContext:
    if not context.is_staff:
        raise PermissionDenied(t("api.error.staff_only"))
    with session_scope() as session:
        if staff_must_set_up(session=session, user_id=context.user_id):
            raise PermissionDenied(t("cabinet.mfa.required"))
    return context


def client_address(request: Request) -> str:
    """The client's IP (X-Forwarded-For believed only from TRUSTED_PROXIES)."""
    return request_ip(request)


CurrentUser = Annotated[AuthContext, Depends(current_user)]
OptionalUser = Annotated[AuthContext | None, Depends(optional_user)]
StaffUser = Annotated[AuthContext, Depends(staff_user)]
ClientIp = Annotated[str, Depends(client_address)]


def page_links(request: Request, *, page: int, has_previous: bool, has_next: bool) -> tuple[str | None, str | None]:
    """Absolute `previous` and `next` URLs: the same request with another page number, on PUBLIC_URL.

    The base is the configured address, never the request's Host header: a forged Host would
    otherwise put a link to another site into a cached or shared answer.
    """
    base = get_settings().public_origin + request.url.path
    # The request's parameters but the page, in their order, then the page (as Starlette's
    # `include_query_params` writes them), parsed and encoded once for both links: encoding them
    # per link was a tenth of a list body's CPU.
    others = urlencode([item for item in parse_qsl(request.url.query, keep_blank_values=True) if item[0] != "page"])
    start = f"{base}?{others}&page=" if others else f"{base}?page="

    def link(number: int) -> str:
        return f"{start}{number}"

    return (link(page - 1) if has_previous else None), (link(page + 1) if has_next else None)


# Database ids and counts fit in 63 bits; a bigger number is refused (422) before it reaches SQL.
MAX_INT = 2**62
Id = Annotated[int, Path(ge=1, le=MAX_INT)]
BodyId = Annotated[int, Field(ge=1, le=MAX_INT)]
BodyCount = Annotated[int, Field(ge=-MAX_INT, le=MAX_INT)]  # the service says which counts are allowed
