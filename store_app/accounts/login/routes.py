"""The browser's login and logout: plain HTML form posts to these routes, which set or clear the cookie.

The login form is a native form (no page script touches the password or any token): the browser
posts it here, the route checks the credentials in a worker thread and answers with a redirect
that carries the HttpOnly cookie. The page then loads afresh, and its websocket handshake brings
the cookie to the Reflex backend (see session_state.py). Both routes refuse requests from other
origins, on top of the SameSite=Strict cookie.
"""

from __future__ import annotations

import asyncio
import math

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from store_app.accounts.login.hint import seal_identifier
from store_app.accounts.login.known_device import device_token_from_cookie_header, set_device_cookie_header
from store_app.accounts.login.pending_cookie import (
    clear_pending_cookie_header,
    pending_token_from_cookie_header,
    set_pending_cookie_header,
)
from store_app.accounts.login.redirect import login_url, safe_next_path
from store_app.accounts.login.service import (
    AccountDisabled,
    CodeFailed,
    LockedOut,
    LoginFailed,
    MfaRequired,
    login_with_code,
    login_with_password,
    logout,
)
from store_app.accounts.sessions.cookie import (
    clear_cookie_header,
    is_same_origin_request,
    session_token_from_cookie_header,
    set_cookie_header,
)
from store_app.accounts.sessions.token_service import TokenPair, issue_token_pair, session_of_refresh_token
from store_app.core.client_ip import client_ip
from store_app.core.db import session_scope
from store_app.core.i18n import t
from store_app.core.passwords import PasswordsBusy
from store_app.core.settings import get_settings

BROWSER_LOGIN_PATH = "/api/v1/auth/browser/login"
BROWSER_LOGOUT_PATH = "/api/v1/auth/browser/logout"
BROWSER_CODE_PATH = "/api/v1/auth/browser/login/code"
MAX_FIELD_LENGTH = 1024

router = APIRouter(tags=["browser session"])


def request_ip(request: Request) -> str:
    peer = request.client.host if request.client else ""
    return client_ip(peer=peer, forwarded_for=request.headers.get("x-forwarded-for"))


def _redirect(path: str) -> RedirectResponse:
    # Absolute, on the public origin: in development the API and the pages are served on different ports.
    response = RedirectResponse(get_settings().public_origin + path, status_code=303)
    response.headers["Cache-Control"] = "no-store"
    return response


def _refused() -> Response:
    return PlainTextResponse(t("auth.error.bad_origin"), status_code=403)


def _log_in(*, identifier: str, password: str, ip: str, user_agent: str, device: str | None) -> tuple[TokenPair, str]:
    with session_scope() as session:
        result = login_with_password(
            session=session,
            identifier=identifier,
            password=password,
            ip=ip,
            user_agent=user_agent,
            device_token=device,
            browser=True,
        )
        return issue_token_pair(session=session, login_session=result.login_session), result.device_token


def _form_text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value[:MAX_FIELD_LENGTH] if isinstance(value, str) else ""


@router.post(BROWSER_LOGIN_PATH, include_in_schema=False)
async def browser_login(request: Request) -> Response:
    if not is_same_origin_request(request.headers):
        return _refused()
    form = await request.form(max_files=0, max_fields=5)
    next_path = safe_next_path(_form_text(form, "next"))
    identifier = _form_text(form, "identifier")
    # A refused try comes back with the login typed (sealed), so the field is filled again.
    hint = seal_identifier(identifier)
    try:
        # Hashing takes tens of milliseconds: a worker thread keeps other shoppers' requests moving.
        pair, device = await asyncio.to_thread(
            _log_in,
            identifier=identifier,
            password=_form_text(form, "password"),
            ip=request_ip(request),
            user_agent=request.headers.get("user-agent", ""),
            device=device_token_from_cookie_header(request.headers.get("cookie")),
        )
    except LockedOut as exc:
        minutes = str(math.ceil(exc.retry_after_seconds / 60))
        return _redirect(login_url(next_path, error="locked", minutes=minutes, hint=hint))
    except LoginFailed:
        return _redirect(login_url(next_path, error="invalid", hint=hint))
    except PasswordsBusy:
        return _redirect(login_url(next_path, error="busy", hint=hint))
    except AccountDisabled:
        return _redirect(login_url(next_path, error="disabled", hint=hint))
    except MfaRequired as pending:
        # No session yet: only the pending step's token, in a cookie no page script can read.
        response = _redirect(login_url(next_path, step="code"))
        response.headers.append("set-cookie", set_pending_cookie_header(pending.token))
        return response
    return _logged_in(next_path, pair, device)


def _logged_in(next_path: str, pair: TokenPair, device: str, *, after_code: bool = False) -> Response:
    response = _redirect(next_path)
    response.headers.append("set-cookie", set_cookie_header(pair.refresh, expires_at=pair.refresh_expires_at))
    # This browser is now a known device of the account: a lockout others cause does not hold it.
    response.headers.append("set-cookie", set_device_cookie_header(device))
    if after_code:
        response.headers.append("set-cookie", clear_pending_cookie_header())
    return response


def _log_in_with_code(*, token: str, code: str, ip: str, user_agent: str, device: str | None) -> tuple[TokenPair, str]:
    with session_scope() as session:
        result = login_with_code(
            session=session, token=token, code=code, ip=ip, user_agent=user_agent, device_token=device, browser=True
        )
        return issue_token_pair(session=session, login_session=result.login_session), result.device_token


@router.post(BROWSER_CODE_PATH, include_in_schema=False)
async def browser_login_code(request: Request) -> Response:
    """The second step: the code typed on /login?step=code, for the challenge in the pending cookie."""
    if not is_same_origin_request(request.headers):
        return _refused()
    form = await request.form(max_files=0, max_fields=5)
    next_path = safe_next_path(_form_text(form, "next"))
    try:
        pair, device = await asyncio.to_thread(
            _log_in_with_code,
            token=pending_token_from_cookie_header(request.headers.get("cookie")),
            code=_form_text(form, "code"),
            ip=request_ip(request),
            user_agent=request.headers.get("user-agent", ""),
            device=device_token_from_cookie_header(request.headers.get("cookie")),
        )
    except LockedOut as exc:
        minutes = str(math.ceil(exc.retry_after_seconds / 60))
        response = _redirect(login_url(next_path, error="locked", minutes=minutes))
        response.headers.append("set-cookie", clear_pending_cookie_header())
        return response
    except CodeFailed:
        return _redirect(login_url(next_path, step="code", error="code"))
    return _logged_in(next_path, pair, device, after_code=True)


def _log_out(refresh_token: str, ip: str) -> None:
    with session_scope() as session:
        login = session_of_refresh_token(session=session, refresh_token=refresh_token)
        if login is not None and login.id is not None:
            logout(session=session, session_id=login.id, ip=ip)


@router.post(BROWSER_LOGOUT_PATH, include_in_schema=False)
async def browser_logout(request: Request) -> Response:
    if not is_same_origin_request(request.headers):
        return _refused()
    token = session_token_from_cookie_header(request.headers.get("cookie"))
    if token:
        await asyncio.to_thread(_log_out, token, request_ip(request))
    response = _redirect("/")
    response.headers.append("set-cookie", clear_cookie_header())
    return response
