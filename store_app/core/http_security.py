"""ASGI middleware that puts the security headers on every HTTP response (SPEC H6)."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send


def content_security_policy(public_url: str) -> str:
    """Scripts, styles and connections from the shop's own origin only; no framing."""
    parts = urlsplit(public_url)
    ws_scheme = "wss" if parts.scheme == "https" else "ws"
    socket_origin = f"{ws_scheme}://{parts.netloc}"
    return "; ".join(
        [
            "default-src 'self'",
            # The compiled React Router app bootstraps with an inline module script.
            "script-src 'self' 'unsafe-inline'",
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


def security_headers(public_url: str, *, https: bool) -> list[tuple[bytes, bytes]]:
    headers = {
        "content-security-policy": content_security_policy(public_url),
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
    """Adds the headers unless the response already set one of the same name."""

    def __init__(self, app: ASGIApp, *, public_url: str) -> None:
        self.app = app
        self.headers = security_headers(public_url, https=public_url.startswith("https://"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in self.headers if n not in present]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)
