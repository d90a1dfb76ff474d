"""Activation links (SPEC A2): single use, expiring, stored hashed, superseded by a newer one;
resending is throttled to one per 3 minutes per account; the public form reveals no accounts."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlmodel import Session, col, func, select

from store_app.accounts.models import ActivationToken, User
from store_app.accounts.registration.activation_service import (
    ActivationOutcome,
    activate_account,
    purge_closed_activation_tokens,
    request_new_link,
    resend_activation,
)
from store_app.accounts.registration.service import register_user
from store_app.audit.models import HistoryEvent
from store_app.core import clock
from store_app.core.errors import Conflict, RateLimited, ValidationFailed
from store_app.core.settings import get_settings
from store_app.mail.models import MailMessage
from tests.utils.factories import registration
from tests.utils.outbox import latest_activation_token, outbox

THREE_MINUTES = dt.timedelta(minutes=3)


def _registered(session: Session, **overrides: object) -> tuple[User, str]:
    user = register_user(session=session, data=registration(**overrides), ip="203.0.113.7").user
    assert user is not None
    session.commit()
    return user, latest_activation_token(session, user.email)


def _activation_mails(session: Session, email: str) -> int:
    return len(outbox(session, to=email))


def test_opening_the_link_confirms_the_email_and_records_it(session: Session) -> None:
    user, token = _registered(session)
    assert activate_account(session=session, token=token, ip="198.51.100.9") == ActivationOutcome.ACTIVATED
    session.commit()
    session.refresh(user)
    assert user.email_confirmed_at is not None
    event = session.exec(select(HistoryEvent).where(HistoryEvent.kind == "activated")).one()
    assert (event.actor_id, event.ip) == (user.id, "198.51.100.9")


def test_a_link_works_only_once(session: Session) -> None:
    _, token = _registered(session)
    assert activate_account(session=session, token=token, ip="") == ActivationOutcome.ACTIVATED
    session.commit()
    assert activate_account(session=session, token=token, ip="") == ActivationOutcome.USED
    assert (
        session.exec(select(func.count()).select_from(HistoryEvent).where(HistoryEvent.kind == "activated")).one() == 1
    )


def test_a_link_works_until_it_expires_after_72_hours(session: Session) -> None:
    user, token = _registered(session)
    clock.advance(dt.timedelta(hours=72, seconds=1))
    assert activate_account(session=session, token=token, ip="") == ActivationOutcome.EXPIRED
    session.refresh(user)
    assert user.email_confirmed_at is None


def test_a_link_still_works_just_before_it_expires(session: Session) -> None:
    _, token = _registered(session)
    clock.advance(dt.timedelta(hours=71, minutes=59))
    assert activate_account(session=session, token=token, ip="") == ActivationOutcome.ACTIVATED


def test_the_link_lifetime_is_a_setting(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACTIVATION_TOKEN_HOURS", "1")
    get_settings.cache_clear()
    _, token = _registered(session)
    clock.advance(dt.timedelta(minutes=61))
    assert activate_account(session=session, token=token, ip="") == ActivationOutcome.EXPIRED


@pytest.mark.parametrize(
    "mangle", [lambda s: s[:-1], lambda s: s[:-1] + ("A" if s[-1] != "A" else "B"), lambda s: s + "x"]
)
def test_a_mangled_link_is_invalid(session: Session, mangle) -> None:  # type: ignore[no-untyped-def]
    _, token = _registered(session)
    assert activate_account(session=session, token=mangle(token), ip="") == ActivationOutcome.INVALID


@pytest.mark.parametrize("garbage", ["", "abc", "../../etc/passwd", "x" * 5000, "токен-токен-токен-токен-токен"])
def test_garbage_is_invalid_without_an_error(session: Session, garbage: str) -> None:
    assert activate_account(session=session, token=garbage, ip="") == ActivationOutcome.INVALID


def test_only_the_sha256_of_the_token_is_stored(session: Session) -> None:
    user, token = _registered(session)
    row = session.exec(select(ActivationToken).where(ActivationToken.user_id == user.id)).one()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in row.model_dump_json()
    assert len(token) >= 43  # 32 random bytes


def test_resending_right_away_is_refused_with_the_seconds_left(session: Session) -> None:
    user, _ = _registered(session)
    with pytest.raises(RateLimited) as refused:
        resend_activation(session=session, user_id=user.id)  # type: ignore[arg-type]
    assert refused.value.retry_after_seconds == 180
    clock.advance(dt.timedelta(minutes=2))
    with pytest.raises(RateLimited) as refused:
        resend_activation(session=session, user_id=user.id)  # type: ignore[arg-type]
    assert refused.value.retry_after_seconds == 60
    assert _activation_mails(session, user.email) == 1


def test_after_three_minutes_a_new_link_is_sent_and_the_old_one_stops_working(session: Session) -> None:
    user, old_token = _registered(session)
    clock.advance(THREE_MINUTES)
    resend_activation(session=session, user_id=user.id)  # type: ignore[arg-type]
    session.commit()
    new_token = latest_activation_token(session, user.email)
    assert new_token != old_token
    assert _activation_mails(session, user.email) == 2
    with pytest.raises(RateLimited):  # the pause starts again with the new link
        resend_activation(session=session, user_id=user.id)  # type: ignore[arg-type]
    assert activate_account(session=session, token=old_token, ip="") == ActivationOutcome.SUPERSEDED
    assert activate_account(session=session, token=new_token, ip="") == ActivationOutcome.ACTIVATED


def test_a_confirmed_account_gets_no_new_link(session: Session) -> None:
    user, token = _registered(session)
    activate_account(session=session, token=token, ip="")
    session.commit()
    clock.advance(THREE_MINUTES)
    with pytest.raises(Conflict):
        resend_activation(session=session, user_id=user.id)  # type: ignore[arg-type]


def test_the_public_form_sends_a_new_link_to_an_unconfirmed_account_in_any_case(session: Session) -> None:
    user, old_token = _registered(session, email="olga@example.com")
    clock.advance(THREE_MINUTES)
    request_new_link(session=session, email="  OLGA@Example.com ", ip="198.51.100.1")
    session.commit()
    assert _activation_mails(session, user.email) == 2
    assert latest_activation_token(session, user.email) != old_token


def test_the_public_form_is_throttled_silently_per_account(session: Session) -> None:
    user, _ = _registered(session)
    request_new_link(session=session, email=user.email, ip="198.51.100.1")  # no error: the answer must not differ
    clock.advance(dt.timedelta(minutes=2, seconds=59))
    request_new_link(session=session, email=user.email, ip="198.51.100.1")
    session.commit()
    assert _activation_mails(session, user.email) == 1


def test_the_public_form_does_nothing_for_unknown_or_confirmed_addresses(session: Session) -> None:
    user, token = _registered(session)
    activate_account(session=session, token=token, ip="")
    session.commit()
    clock.advance(THREE_MINUTES)
    request_new_link(session=session, email="nobody@example.com", ip="198.51.100.1")
    request_new_link(session=session, email=user.email, ip="198.51.100.1")
    session.commit()
    assert session.exec(select(func.count()).select_from(MailMessage)).one() == 1


def test_the_public_form_refuses_a_malformed_address(session: Session) -> None:
    with pytest.raises(ValidationFailed) as failure:
        request_new_link(session=session, email="not an address", ip="198.51.100.1")
    assert list(failure.value.errors) == ["email"]


def test_old_closed_tokens_are_purged_and_recent_ones_kept(session: Session) -> None:
    user, _ = _registered(session)
    clock.advance(THREE_MINUTES)
    resend_activation(session=session, user_id=user.id)  # type: ignore[arg-type]
    session.commit()
    clock.advance(dt.timedelta(days=20))
    assert purge_closed_activation_tokens(session=session) == 0
    clock.advance(dt.timedelta(days=13))
    assert purge_closed_activation_tokens(session=session) == 2
    session.commit()
    assert session.exec(select(col(ActivationToken.id))).all() == []


def test_the_public_form_refuses_an_ip_after_10_requests_in_15_minutes(session: Session) -> None:
    for n in range(10):
        request_new_link(session=session, email=f"someone{n}@example.com", ip="198.51.100.66")
    session.commit()
    with pytest.raises(RateLimited) as refused:
        request_new_link(session=session, email="other@example.com", ip="198.51.100.66")
    assert list(refused.value.errors) == ["email"]
    request_new_link(session=session, email="other@example.com", ip="198.51.100.67")
    clock.advance(dt.timedelta(minutes=15, seconds=1))
    request_new_link(session=session, email="other@example.com", ip="198.51.100.66")
