"""The browser's login and logout: plain HTML form posts to these routes, which set or clear the cookie.

The login form is a native form (no page script touches the password or any token): the browser
posts it here, the route checks the credentials in a worker thread and answers with a redirect
that carries the HttpOnly cookie. The page then loads afresh, and its websocket handshake brings
the cookie to the Reflex backend (see sessions/state.py). Both routes refuse requests from other
origins, on top of the SameSite=Strict cookie.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

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
)
from store_app.accounts.login.token_login import LoggedIn, code_login, logout_by_refresh, password_login
from store_app.accounts.sessions.cookie import (
    clear_cookie_header,
    is_same_origin_request,
    session_token_from_cookie_header,
    set_cookie_header,
)
from store_app.core.client_ip import client_ip
from store_app.core.i18n import t
from store_app.core.passwords import PasswordsBusy
from store_app.core.settings import get_settings
from store_app.ui.bridge import call
from store_app.ui.routes import BROWSER_CODE_PATH, BROWSER_LOGIN_PATH, BROWSER_LOGOUT_PATH, HOME_ROUTE

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


def _form_text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value[:MAX_FIELD_LENGTH] if isinstance(value, str) else ""


async def _login_post(
    request: Request, step: Callable[..., LoggedIn], read: Callable[[FormData], dict[str, Any]]
) -> Response:
    """What both login steps share: the origin check, the form read, the step in a worker thread
    (hashing takes tens of milliseconds: other shoppers' requests keep moving) and the answer."""
    if not is_same_origin_request(request.headers):
        return _refused()
    form = await request.form(max_files=0, max_fields=5)
    next_path = safe_next_path(_form_text(form, "next"))
    code_step = step is code_login
    fields = read(form)

    def hint() -> str:
        # A refused password try comes back with the login typed (sealed), so the field is filled again.
        return seal_identifier(fields["identifier"]) if "identifier" in fields else ""

    try:
        done = await call(
            step,
            ip=request_ip(request),
            user_agent=request.headers.get("user-agent", ""),
            device_token=device_token_from_cookie_header(request.headers.get("cookie")),
            browser=True,
            **fields,
        )
    except LockedOut as exc:
        minutes = str(math.ceil(exc.retry_after_seconds / 60))
        response = _redirect(login_url(next_path, error="locked", minutes=minutes, hint=hint()))
        if code_step:
            response.headers.append("set-cookie", clear_pending_cookie_header())
        return response
    except CodeFailed:
        return _redirect(login_url(next_path, step="code", error="code"))
    except LoginFailed:
        return _redirect(login_url(next_path, error="invalid", hint=hint()))
    except PasswordsBusy:
        return _redirect(login_url(next_path, error="busy", hint=hint()))
    except AccountDisabled:
        return _redirect(login_url(next_path, error="disabled", hint=hint()))
    except MfaRequired as pending:
        # No session yet: only the pending step's token, in a cookie no page script can read.
        response = _redirect(login_url(next_path, step="code"))
        response.headers.append("set-cookie", set_pending_cookie_header(pending.token))
        return response
    response = _redirect(next_path)
    pair = done.pair
    response.headers.append("set-cookie", set_cookie_header(pair.refresh, expires_at=pair.refresh_expires_at))
    # This browser is now a known device of the account: a lockout others cause does not hold it.
    response.headers.append("set-cookie", set_device_cookie_header(done.device_token))
    if code_step:
        response.headers.append("set-cookie", clear_pending_cookie_header())
    return response


@router.post(BROWSER_LOGIN_PATH, include_in_schema=False)
async def browser_login(request: Request) -> Response:
    """The password step: login or email and password from the /login form."""
    return await _login_post(
        request,
        password_login,
        lambda form: {"identifier": _form_text(form, "identifier"), "password": _form_text(form, "password")},
    )


@router.post(BROWSER_CODE_PATH, include_in_schema=False)
async def browser_login_code(request: Request) -> Response:
    """The second step: the code typed on /login?step=code, for the challenge in the pending cookie."""
    cookies = request.headers.get("cookie")
    return await _login_post(
        request,
        code_login,
        lambda form: {"token": pending_token_from_cookie_header(cookies), "code": _form_text(form, "code")},
    )


@router.post(BROWSER_LOGOUT_PATH, include_in_schema=False)
async def browser_logout(request: Request) -> Response:
    if not is_same_origin_request(request.headers):
        return _refused()
    token = session_token_from_cookie_header(request.headers.get("cookie"))
    if token:
        await call(logout_by_refresh, refresh_token=token, ip=request_ip(request))
    response = _redirect(HOME_ROUTE)
    response.headers.append("set-cookie", clear_cookie_header())
    return response
