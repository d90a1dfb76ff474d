"""JWTs are signed with a pinned algorithm, carry the required claims and their type, and expire."""

from __future__ import annotations

import datetime as dt

import jwt
import pytest

from store_app.core import clock
from store_app.core.settings import get_settings
from store_app.core.tokens import (
    ACCESS,
    REFRESH,
    ExpiredToken,
    InvalidToken,
    decode_token,
    issue_token,
    token_digest,
)

MINUTE = dt.timedelta(minutes=1)


def _claims(**overrides: object) -> dict[str, object]:
    now = int(clock.now().timestamp())
    claims: dict[str, object] = {"sub": "7", "type": ACCESS, "jti": "abc", "iat": now, "exp": now + 60, "sid": 1}
    claims.update(overrides)
    return {name: value for name, value in claims.items() if value is not None}


def _sign(claims: dict[str, object], *, algorithm: str = "HS256", key: str | None = None) -> str:
    return jwt.encode(claims, key or get_settings().secret_key, algorithm=algorithm)


def test_issued_token_decodes_to_its_claims() -> None:
    issued = issue_token(subject="7", token_type=ACCESS, lifetime=MINUTE, extra={"sid": 3})
    claims = decode_token(issued.token, token_type=ACCESS)
    assert claims.subject == "7"
    assert claims.extra == {"sid": 3}
    assert claims.jti == issued.claims.jti
    assert claims.expires_at - claims.issued_at == MINUTE


def test_every_token_gets_its_own_id() -> None:
    first = issue_token(subject="7", token_type=ACCESS, lifetime=MINUTE)
    second = issue_token(subject="7", token_type=ACCESS, lifetime=MINUTE)
    assert first.claims.jti != second.claims.jti
    assert first.token != second.token


def test_token_expires_when_the_clock_passes_its_lifetime() -> None:
    issued = issue_token(subject="7", token_type=ACCESS, lifetime=MINUTE)
    clock.advance(MINUTE - dt.timedelta(seconds=2))
    assert decode_token(issued.token, token_type=ACCESS).subject == "7"
    clock.advance(dt.timedelta(seconds=3))
    with pytest.raises(ExpiredToken):
        decode_token(issued.token, token_type=ACCESS)


def test_refresh_token_is_refused_as_an_access_token_and_back() -> None:
    refresh = issue_token(subject="7", token_type=REFRESH, lifetime=MINUTE)
    access = issue_token(subject="7", token_type=ACCESS, lifetime=MINUTE)
    with pytest.raises(InvalidToken):
        decode_token(refresh.token, token_type=ACCESS)
    with pytest.raises(InvalidToken):
        decode_token(access.token, token_type=REFRESH)


def test_unsigned_token_with_alg_none_is_refused() -> None:
    token = jwt.encode(_claims(), key=None, algorithm="none")
    with pytest.raises(InvalidToken):
        decode_token(token, token_type=ACCESS)


@pytest.mark.parametrize("algorithm", ["HS384", "HS512"])
def test_token_signed_with_another_algorithm_is_refused(algorithm: str) -> None:
    with pytest.raises(InvalidToken):
        decode_token(_sign(_claims(), algorithm=algorithm), token_type=ACCESS)


def test_token_signed_with_another_key_is_refused() -> None:
    with pytest.raises(InvalidToken):
        decode_token(_sign(_claims(), key="another-secret-key-of-enough-length-0123456789"), token_type=ACCESS)


def test_tampered_payload_is_refused() -> None:
    token = issue_token(subject="7", token_type=ACCESS, lifetime=MINUTE).token
    header, _, signature = token.split(".")
    forged_payload = _sign(_claims(sub="1")).split(".")[1]
    with pytest.raises(InvalidToken):
        decode_token(f"{header}.{forged_payload}.{signature}", token_type=ACCESS)


@pytest.mark.parametrize("missing", ["exp", "iat", "sub", "jti", "type"])
def test_token_missing_a_required_claim_is_refused(missing: str) -> None:
    with pytest.raises(InvalidToken):
        decode_token(_sign(_claims(**{missing: None})), token_type=ACCESS)


def test_token_issued_in_the_future_is_refused() -> None:
    future = int((clock.now() + dt.timedelta(hours=1)).timestamp())
    with pytest.raises(InvalidToken):
        decode_token(_sign(_claims(iat=future, exp=future + 60)), token_type=ACCESS)


@pytest.mark.parametrize("garbage", ["", "not-a-token", "a.b.c", "eyJhbGciOiJIUzI1NiJ9..x"])
def test_garbage_is_refused(garbage: str) -> None:
    with pytest.raises(InvalidToken):
        decode_token(garbage, token_type=ACCESS)


def test_extra_claims_cannot_override_the_required_ones() -> None:
    with pytest.raises(ValueError):
        issue_token(subject="7", token_type=ACCESS, lifetime=MINUTE, extra={"type": REFRESH})


def test_digest_is_what_gets_stored_not_the_token() -> None:
    token = issue_token(subject="7", token_type=REFRESH, lifetime=MINUTE).token
    digest = token_digest(token)
    assert len(digest) == 64
    assert token not in digest
    assert token_digest(token) == digest
