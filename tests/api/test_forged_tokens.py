"""A leaked signing key alone opens no session: every token must carry its session's random nonce (issue 9 §1)."""

from __future__ import annotations

import jwt
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from store_app.accounts.models import User
from store_app.accounts.sessions.models import LoginSession
from store_app.core import clock
from store_app.core.settings import get_settings
from store_app.core.tokens import ALGORITHM
from tests.api.conftest import bearer, log_in


def _forged(claims: dict[str, object]) -> dict[str, str]:
    """A token as an attacker who knows SECRET_KEY but not the database would sign it."""
    now = int(clock.now().timestamp())
    payload = {"type": "access", "jti": "forged", "iat": now, "exp": now + 600, **claims}
    return {"Authorization": f"Bearer {jwt.encode(payload, get_settings().secret_key, algorithm=ALGORITHM)}"}


def test_a_correctly_signed_token_without_the_session_nonce_is_refused(
    client: TestClient, session: Session, staff: User
) -> None:
    real = log_in(client, staff.login)
    assert client.get("/api/v1/profiles", headers=bearer(real)).status_code == 200
    login = session.exec(select(LoginSession).where(LoginSession.user_id == staff.id)).one()
    assert len(login.token_nonce) >= 32
    for claims in (
        {"sub": str(staff.id), "sid": login.id},
        {"sub": str(staff.id), "sid": login.id, "sn": ""},
        {"sub": str(staff.id), "sid": login.id, "sn": "guessed-nonce"},
        {"sub": str(staff.id), "sid": login.id, "sn": None},
    ):
        response = client.get("/api/v1/profiles", headers=_forged(claims))
        assert response.status_code == 401, claims
        assert client.delete(f"/api/v1/users/{staff.id}", headers=_forged(claims)).status_code == 401
    # The same claims with the nonce pass: the nonce is what the forgery lacked.
    good = _forged({"sub": str(staff.id), "sid": login.id, "sn": login.token_nonce})
    assert client.get("/api/v1/profiles", headers=good).status_code == 200


def test_a_session_from_before_the_nonce_needs_a_new_login(client: TestClient, session: Session, staff: User) -> None:
    tokens = log_in(client, staff.login)
    login = session.exec(select(LoginSession).where(LoginSession.user_id == staff.id)).one()
    login.token_nonce = ""  # what the migration gives rows that existed before it
    session.add(login)
    session.commit()
    assert client.get("/api/v1/profiles", headers=bearer(tokens)).status_code == 401
    forged = _forged({"sub": str(staff.id), "sid": login.id, "sn": ""})
    assert client.get("/api/v1/profiles", headers=forged).status_code == 401
    refreshed = client.post("/api/v1/auth/refresh", json={"refresh": tokens["refresh"]})
    assert refreshed.status_code == 401
