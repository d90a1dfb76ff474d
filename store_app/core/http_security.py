"""ASGI middleware that puts the security headers on every HTTP response (SPEC H6)."""

from __future__ import annotations

import base64
import hashlib
import re
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# An inline script's text runs up to the first `</script` (HTML allows no other end).
_INLINE_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<text>.*?)</script", re.DOTALL | re.IGNORECASE)
_HAS_SRC = re.compile(r"\ssrc\s*=", re.IGNORECASE)


def inline_script_hashes(pages: Iterable[str]) -> list[str]:
    """The CSP sources ('sha256-...') of every inline script in the given HTML pages, each once."""
    found: dict[str, None] = {}
    for html in pages:
        for match in _INLINE_SCRIPT.finditer(html):
            if _HAS_SRC.search(match["attrs"]):
                continue
            digest = base64.b64encode(hashlib.sha256(match["text"].encode()).digest()).decode()
            found[f"'sha256-{digest}'"] = None
    return list(found)


def built_page_hashes(static_dir: Path) -> list[str]:
    """The hashes of the inline scripts of every page the frontend build emitted (none before a build)."""
    pages = sorted(static_dir.rglob("*.html")) if static_dir.is_dir() else []
    return inline_script_hashes(page.read_text(encoding="utf-8") for page in pages)


def content_security_policy(public_url: str, script_hashes: Iterable[str] = ()) -> str:
    """Scripts, styles and connections from the shop's own origin only; no framing."""
    parts = urlsplit(public_url)
    ws_scheme = "wss" if parts.scheme == "https" else "ws"
    socket_origin = f"{ws_scheme}://{parts.netloc}"
    return "; ".join(
        [
            "default-src 'self'",
            # The compiled React Router pages bootstrap with inline scripts: exactly those may run
            # (their hashes, taken from the build), never an injected one.
            " ".join(["script-src 'self'", *script_hashes]),
            # Radix and Emotion inject style tags at run time.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            f"connect-src 'self' {socket_origin}",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "object-src 'none'",
        ]
    )


def security_headers(public_url: str, *, https: bool, script_hashes: Iterable[str] = ()) -> list[tuple[bytes, bytes]]:
    headers = {
        "content-security-policy": content_security_policy(public_url, script_hashes),
        "x-content-type-options": "nosniff",
        "referrer-policy": "strict-origin-when-cross-origin",
        "x-frame-options": "DENY",
        "cross-origin-opener-policy": "same-origin",
        "permissions-policy": "camera=(), microphone=(), geolocation=()",
    }
    if https:
        headers["strict-transport-security"] = "max-age=31536000; includeSubDomains"
    return [(name.encode(), value.encode()) for name, value in headers.items()]


class SecurityHeadersMiddleware:
    """Adds the headers unless the response already set one of the same name.

    `static_dir` is the frontend build's output: the policy allows the inline scripts found there.
    They are read when the backend starts (after the build); while no build exists yet they are
    looked for again at most once per `RESCAN_SECONDS`, so a backend started first still picks them
    up without globbing the build directory on every request (a backend-only run never has a build).
    """

    RESCAN_SECONDS = 2.0

    def __init__(
        self,
        app: ASGIApp,
        *,
        public_url: str,
        static_dir: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.clock = clock
        self.public_url = public_url
        self.static_dir = static_dir
        self.script_hashes: list[str] = []
        self._scanned_at = 0.0
        self._refresh()

    def _refresh(self) -> None:
        self._scanned_at = self.clock()
        if self.static_dir is not None:
            self.script_hashes = built_page_hashes(self.static_dir)
        https = self.public_url.startswith("https://")
        self.headers = security_headers(self.public_url, https=https, script_hashes=self.script_hashes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if (
            not self.script_hashes
            and self.static_dir is not None
            and self.clock() - self._scanned_at >= self.RESCAN_SECONDS
        ):
            self._refresh()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in self.headers if n not in present]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)
