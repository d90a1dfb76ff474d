"""F4 and F5 over HTTP: my profile, staff's profiles, and account deletion with its history record."""

from __future__ import annotations

from fastapi.testclient import TestClient
from httpx import Response
from sqlmodel import Session, select

from store_app.accounts.models import User
from store_app.audit.models import HistoryEvent
from tests.utils.factories import PASSWORD, make_shopper


def test_my_profile_partial_update_normalises_and_reports_every_bad_field(
    client: TestClient, shopper: User, shopper_headers: dict[str, str]
) -> None:
    mine = client.get("/api/v1/profiles/me", headers=shopper_headers).json()
    assert mine["user_id"] == shopper.id and mine["first_name"] == "Анна"
    changed = client.patch(
        "/api/v1/profiles/me", json={"phone": "8 (916) 123-45-67", "birth_date": "1990-05-17"}, headers=shopper_headers
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["phone"] == "+79161234567" and changed.json()["first_name"] == "Анна"
    bad = client.patch(
        "/api/v1/profiles/me",
        json={"phone": "123", "birth_date": "2999-01-01", "first_name": ""},
        headers=shopper_headers,
    )
    assert bad.status_code == 422
    assert {"phone", "birth_date", "first_name"} <= set(bad.json()["errors"])
    assert client.get("/api/v1/profiles/me", headers=shopper_headers).json()["phone"] == "+79161234567"


def test_profiles_need_a_token_and_staff_for_others(
    client: TestClient, shopper: User, shopper_headers: dict[str, str]
) -> None:
    assert client.get("/api/v1/profiles/me").status_code == 401
    assert client.get("/api/v1/profiles", headers=shopper_headers).status_code == 403
    assert client.get(f"/api/v1/profiles/{shopper.id}", headers=shopper_headers).status_code == 403


def test_staff_list_get_update_and_delete_profiles(
    client: TestClient, session: Session, shopper: User, staff_headers: dict[str, str]
) -> None:
    user_id = shopper.id
    listing = client.get("/api/v1/profiles", params={"size": 1}, headers=staff_headers).json()
    assert listing["count"] == 2 and listing["next"] is not None
    got = client.get(f"/api/v1/profiles/{shopper.id}", headers=staff_headers).json()
    assert got["username"] == shopper.login
    changed = client.patch(f"/api/v1/profiles/{shopper.id}", json={"last_name": "Иванова"}, headers=staff_headers)
    assert changed.json()["last_name"] == "Иванова"
    assert client.delete(f"/api/v1/profiles/{shopper.id}", headers=staff_headers).status_code == 204
    assert client.get(f"/api/v1/profiles/{shopper.id}", headers=staff_headers).status_code == 404
    session.expire_all()
    assert session.get(User, user_id) is None


def test_deleting_my_account_needs_my_password_and_writes_history(
    client: TestClient, session: Session, shopper: User, shopper_headers: dict[str, str]
) -> None:
    user_id = shopper.id
    url = f"/api/v1/users/{user_id}"
    wrong = client.request("DELETE", url, json={"password": "not-it-at-all"}, headers=shopper_headers)
    assert wrong.status_code == 422 and "password" in wrong.json()["errors"]
    assert client.request("DELETE", url, json={"password": PASSWORD}, headers=shopper_headers).status_code == 204
    session.expire_all()
    assert session.get(User, user_id) is None
    event = session.exec(select(HistoryEvent).where(HistoryEvent.kind == "account deleted")).one()
    assert event.details == {"by": "self"}
    assert client.get("/api/v1/auth/me", headers=shopper_headers).status_code == 401


def test_shoppers_cannot_delete_others_but_staff_can(
    client: TestClient, session: Session, shopper_headers: dict[str, str], staff_headers: dict[str, str]
) -> None:
    other = make_shopper(session)
    other_id = other.id
    assert client.delete(f"/api/v1/users/{other_id}", headers=shopper_headers).status_code == 403
    assert client.delete(f"/api/v1/users/{other_id}", headers=staff_headers).status_code == 204
    assert client.delete(f"/api/v1/users/{other_id}", headers=staff_headers).status_code == 404
    event = session.exec(select(HistoryEvent).where(HistoryEvent.kind == "account deleted")).one()
    assert event.details == {"by": "admin"}


def test_my_email_change_over_the_api_mails_a_link_and_changes_nothing_yet(
    client: TestClient, session: Session, shopper: User, shopper_headers: dict[str, str]
) -> None:
    from store_app.mail.models import MailMessage

    wrong = client.post(
        "/api/v1/profiles/me/email",
        json={"new_email": "bad address", "password": "not-it-123"},
        headers=shopper_headers,
    )
    assert wrong.status_code == 422 and {"new_email", "password"} <= set(wrong.json()["errors"])
    asked = client.post(
        "/api/v1/profiles/me/email",
        json={"new_email": "Moved@Example.COM", "password": PASSWORD},
        headers=shopper_headers,
    )
    assert asked.status_code == 202 and asked.json() == {"pending_email": "Moved@example.com"}
    session.expire_all()
    assert session.get(User, shopper.id).email == shopper.email  # type: ignore[union-attr]
    sent = session.exec(select(MailMessage).where(MailMessage.template == "email_change_confirm")).one()
    assert sent.recipient == "Moved@example.com"
    assert (
        client.post("/api/v1/profiles/me/email", json={"new_email": "x@example.com", "password": "p"}).status_code
        == 401
    )


def test_email_change_requests_over_the_api_are_limited_with_429_and_retry_after(
    client: TestClient, shopper_headers: dict[str, str]
) -> None:
    def ask(n: int) -> Response:
        body = {"new_email": f"moved{n}@example.com", "password": PASSWORD}
        return client.post("/api/v1/profiles/me/email", json=body, headers=shopper_headers)

    assert [ask(n).status_code for n in range(5)] == [202] * 5
    limited = ask(5)
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    assert limited.json()["detail"]
