"""Signed JSON Web Tokens (HS256 with SECRET_KEY): issue them and check them strictly (SPEC A7).

Decoding pins the algorithm, requires `exp`, `iat`, `sub`, `jti` and `type`, and checks the
type, so a refresh token is never taken for an access token. Expiry is judged by our own
clock (`store_app.core.clock`) so tests can move time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import secrets
from typing import Any

import jwt

from store_app.core import clock
from store_app.core.errors import NotAuthenticated
from store_app.core.settings import get_settings

ALGORITHM = "HS256"
ACCESS = "access"
REFRESH = "refresh"
REQUIRED_CLAIMS = ("exp", "iat", "sub", "jti", "type")
# Tolerated difference between the clocks of several workers when checking `iat`.
CLOCK_SKEW = dt.timedelta(seconds=30)
_RESERVED = frozenset(REQUIRED_CLAIMS)


class InvalidToken(NotAuthenticated):
    """The token is forged, mangled, of the wrong type, expired or no longer valid."""

    def __init__(self, reason: str = "invalid token") -> None:
        super().__init__(reason, field="token")


class ExpiredToken(InvalidToken):
    def __init__(self) -> None:
        super().__init__("token expired")


@dataclasses.dataclass(frozen=True)
class TokenClaims:
    subject: str
    token_type: str
    jti: str
    issued_at: dt.datetime
    expires_at: dt.datetime
    extra: dict[str, Any]


@dataclasses.dataclass(frozen=True)
class IssuedToken:
    token: str
    claims: TokenClaims


def issue_token(
    *, subject: str, token_type: str, lifetime: dt.timedelta, extra: dict[str, Any] | None = None
) -> IssuedToken:
    """A new signed token for `subject`, valid for `lifetime` from now."""
    extra = dict(extra or {})
    if _RESERVED & extra.keys():
        raise ValueError(f"extra claims may not override {sorted(_RESERVED & extra.keys())}")
    issued_at = clock.now().replace(microsecond=0)
    claims = TokenClaims(
        subject=subject,
        token_type=token_type,
        jti=secrets.token_urlsafe(16),
        issued_at=issued_at,
        expires_at=issued_at + lifetime,
        extra=extra,
    )
    payload = {
        **extra,
        "sub": subject,
        "type": token_type,
        "jti": claims.jti,
        "iat": int(issued_at.timestamp()),
        "exp": int(claims.expires_at.timestamp()),
    }
    return IssuedToken(token=jwt.encode(payload, get_settings().secret_key, algorithm=ALGORITHM), claims=claims)


def decode_token(token: str, *, token_type: str) -> TokenClaims:
    """The claims of a valid token of `token_type`; raises InvalidToken (or ExpiredToken)."""
    try:
        payload = jwt.decode(
            token,
            get_settings().secret_key,
            algorithms=[ALGORITHM],
            options={
                "require": list(REQUIRED_CLAIMS),
                # Time is checked below against our clock, which tests can move.
                "verify_exp": False,
                "verify_iat": False,
                "verify_nbf": False,
            },
        )
    except jwt.PyJWTError as exc:
        raise InvalidToken() from exc
    if payload["type"] != token_type:
        raise InvalidToken("wrong token type")
    if not all(isinstance(payload[name], str) for name in ("sub", "jti")):
        raise InvalidToken()
    try:
        issued_at = dt.datetime.fromtimestamp(int(payload["iat"]), dt.UTC)
        expires_at = dt.datetime.fromtimestamp(int(payload["exp"]), dt.UTC)
    except (TypeError, ValueError, OverflowError) as exc:
        raise InvalidToken() from exc
    now = clock.now()
    if issued_at > now + CLOCK_SKEW:
        raise InvalidToken("token issued in the future")
    if expires_at <= now:
        raise ExpiredToken()
    return TokenClaims(
        subject=payload["sub"],
        token_type=payload["type"],
        jti=payload["jti"],
        issued_at=issued_at,
        expires_at=expires_at,
        extra={key: value for key, value in payload.items() if key not in _RESERVED},
    )


def token_digest(token: str) -> str:
    """What is stored instead of a token: its SHA-256, hex."""
    return hashlib.sha256(token.encode()).hexdigest()
