"""The cabinet's two-factor pictures and codes, served to the session cookie's owner only (issue 14).

The setup QR, the key for typing in and the fresh recovery codes never pass through a tab's state
(which Reflex pickles, to Redis with REDIS_URL): the page shows `<img>`s (and a download link) of
these routes, which find the user from the HttpOnly session cookie and answer `no-store`.
"""

from __future__ import annotations

import asyncio
import html

from fastapi import APIRouter, Request
from fastapi.responses import Response

from store_app.accounts.mfa.service import key_svg, recovery_codes_to_show, setup_picture
from store_app.accounts.sessions.cookie import is_same_origin_request, session_token_from_cookie_header
from store_app.accounts.sessions.token_service import check_refresh_token
from store_app.core.db import session_scope
from store_app.core.errors import NotAuthenticated

SETUP_QR_PATH = "/api/v1/account/mfa/setup/qr.svg"
SETUP_KEY_PATH = "/api/v1/account/mfa/setup/key.svg"
CODES_SVG_PATH = "/api/v1/account/mfa/recovery-codes.svg"
CODES_TEXT_PATH = "/api/v1/account/mfa/recovery-codes.txt"

router = APIRouter(tags=["two-factor"])

_HEADERS = {
    # A secret: kept by no cache, proxy or back-forward store.
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "X-Content-Type-Options": "nosniff",
    # Opened as a document, nothing in it may run.
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
}


def _user_id(cookie_header: str | None) -> int | None:
    token = session_token_from_cookie_header(cookie_header)
    if not token:
        return None
    with session_scope() as session:
        try:
            return check_refresh_token(session=session, refresh_token=token).user_id
        except NotAuthenticated:
            return None


def _setup_part(cookie_header: str | None, part: str) -> str | None:
    user_id = _user_id(cookie_header)
    if user_id is None:
        return None
    with session_scope() as session:
        picture = setup_picture(session=session, user_id=user_id)
    if picture is None:
        return None
    return picture.qr_svg if part == "qr" else key_svg(picture.secret)


def _codes(cookie_header: str | None) -> list[str] | None:
    user_id = _user_id(cookie_header)
    if user_id is None:
        return None
    with session_scope() as session:
        return recovery_codes_to_show(session=session, user_id=user_id)


def _answer(body: str | None, media_type: str, **extra: str) -> Response:
    if body is None:
        return Response("not found", status_code=404, media_type="text/plain", headers=_HEADERS)
    return Response(body, media_type=media_type, headers={**_HEADERS, **extra})


@router.get(SETUP_QR_PATH, include_in_schema=False)
async def setup_qr(request: Request) -> Response:
    body = await asyncio.to_thread(_setup_part, request.headers.get("cookie"), "qr")
    return _answer(body, "image/svg+xml")


@router.get(SETUP_KEY_PATH, include_in_schema=False)
async def setup_key(request: Request) -> Response:
    body = await asyncio.to_thread(_setup_part, request.headers.get("cookie"), "key")
    return _answer(body, "image/svg+xml")


def codes_svg(codes: list[str]) -> str:
    """The codes in two columns, drawn as an SVG."""
    rows = [codes[i : i + 2] for i in range(0, len(codes), 2)]
    texts = "".join(
        f'<text x="{8 + 150 * column}" y="{26 + 28 * number}">{html.escape(code)}</text>'
        for number, row in enumerate(rows)
        for column, code in enumerate(row)
    )
    height = 16 + 28 * len(rows)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="{height}" viewBox="0 0 300 {height}"'
        f' font-family="monospace" font-size="18">{texts}</svg>'
    )


@router.get(CODES_SVG_PATH, include_in_schema=False)
async def recovery_codes_picture(request: Request) -> Response:
    codes = await asyncio.to_thread(_codes, request.headers.get("cookie"))
    return _answer(codes_svg(codes) if codes else None, "image/svg+xml")


async def _codes_text(request: Request) -> Response:
    codes = await asyncio.to_thread(_codes, request.headers.get("cookie"))
    body = "\n".join(codes) + "\n" if codes else None
    return _answer(body, "text/plain", **{"Content-Disposition": 'attachment; filename="recovery-codes.txt"'})


@router.get(CODES_TEXT_PATH, include_in_schema=False)
async def recovery_codes_text(request: Request) -> Response:
    return await _codes_text(request)


@router.post(CODES_TEXT_PATH, include_in_schema=False)
async def recovery_codes_download(request: Request) -> Response:
    """The cabinet's download button: a native form post (the app's router would catch a plain link),
    answered as an attachment, so the page stays."""
    if not is_same_origin_request(request.headers):
        return Response("forbidden", status_code=403, media_type="text/plain", headers=_HEADERS)
    return await _codes_text(request)
