"""Progressive password reset (SPEC A4): codes mailed, checked, limited, single use; the reset ends sessions."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from sqlmodel import Session, select

from store_app.accounts.models import User
from store_app.accounts.reset import service as reset_service
from store_app.accounts.reset.models import PasswordResetCode
from store_app.accounts.reset.service import complete_reset, request_reset_code, verify_reset_code
from store_app.accounts.sessions.models import LoginSession
from store_app.accounts.sessions.service import active_sessions, start_session
from store_app.audit.service import list_events
from store_app.core import clock
from store_app.core.errors import DomainError, RateLimited, ValidationFailed
from store_app.core.i18n import t
from store_app.core.passwords import verify_password
from store_app.mail.models import MailMessage
from tests.utils.factories import PASSWORD, make_shopper
from tests.utils.outbox import mailed_code, outbox

NEW_PASSWORD = "quiet-harbour-lantern-7"
IP = "203.0.113.5"


def _mails(session: Session, template: str) -> list[MailMessage]:
    return outbox(session, template=template)


def _mailed_code(session: Session, to: str) -> str:
    return mailed_code(session, to=to)


def _request(session: Session, email: str, ip: str = IP) -> str:
    request_reset_code(session=session, email=email, ip=ip)
    session.commit()
    return _mailed_code(session, email.strip().lower())


def _live_code(session: Session, user: User) -> PasswordResetCode | None:
    session.expire_all()
    return session.exec(select(PasswordResetCode).where(PasswordResetCode.user_id == user.id)).first()


def test_a_registered_email_gets_a_six_digit_code_stored_only_as_a_keyed_hash(session: Session) -> None:
    user = make_shopper(session)
    code = _request(session, "  " + user.email.upper() + " ")

    row = _live_code(session, user)
    assert re.fullmatch(r"\d{6}", code)
    assert row.code_hash != code and code not in row.code_hash and len(row.code_hash) == 64
    assert row.code_hash == reset_service.hash_code(user_id=user.id, code=code)
    assert row.expires_at - row.created_at == dt.timedelta(minutes=10)
    assert row.tries_left == 5
    [mail] = _mails(session, "password_reset_code")
    assert mail.recipient == user.email
    [event] = list_events(session=session, kind="password reset requested")
    assert (event.actor_id, event.ip) == (user.id, IP)
    assert code not in str(event.details)


def test_the_hash_depends_on_the_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    from store_app.core.settings import get_settings

    before = reset_service.hash_code(user_id=1, code="123456")
    monkeypatch.setenv("SECRET_KEY", "another-secret-key-of-at-least-thirty-two-bytes")
    get_settings.cache_clear()
    assert reset_service.hash_code(user_id=1, code="123456") != before


def test_codes_are_spread_over_all_six_digit_values() -> None:
    codes = {reset_service.generate_code() for _ in range(2000)}
    assert all(re.fullmatch(r"\d{6}", code) for code in codes)
    assert len(codes) > 1990
    assert any(code.startswith("0") for code in codes), "leading zeros are kept"


def test_an_unknown_email_gets_the_same_answer_and_nothing_is_mailed(session: Session) -> None:
    make_shopper(session)
    request_reset_code(session=session, email="nobody@example.com", ip=IP)  # no error: nothing is revealed
    session.commit()
    assert _mails(session, "password_reset_code") == []
    assert session.exec(select(PasswordResetCode)).all() == []


def test_a_malformed_email_is_refused_as_invalid(session: Session) -> None:
    with pytest.raises(DomainError) as caught:
        request_reset_code(session=session, email="not an email", ip=IP)
    assert (caught.value.field, caught.value.message) == ("email", t("register.error.email_invalid"))


def test_known_and_unknown_emails_take_the_same_time(session: Session) -> None:
    user = make_shopper(session)

    def timed(email: str, ip: str) -> float:
        started = time.perf_counter()
        request_reset_code(session=session, email=email, ip=ip)
        session.commit()
        return time.perf_counter() - started

    known = sorted(timed(user.email, f"198.51.100.{n}") for n in range(3))
    unknown = sorted(timed(f"ghost{n}@example.com", f"198.51.100.{10 + n}") for n in range(3))
    assert known[0] >= reset_service.REQUEST_MIN_SECONDS and unknown[0] >= reset_service.REQUEST_MIN_SECONDS
    assert abs(known[1] - unknown[1]) < 0.05, (known, unknown)


def test_asking_is_limited_per_email_then_allowed_again_after_the_block(session: Session) -> None:
    user = make_shopper(session)
    for n in range(3):
        _request(session, user.email, ip=f"198.51.100.{n}")
    with pytest.raises(RateLimited) as caught:
        request_reset_code(session=session, email=user.email, ip="198.51.100.99")
    assert caught.value.field == "email"
    assert caught.value.message == t("reset.error.rate_limited", minutes=15)
    assert len(_mails(session, "password_reset_code")) == 3
    clock.advance(dt.timedelta(minutes=15, seconds=1))
    _request(session, user.email, ip="198.51.100.99")
    assert len(_mails(session, "password_reset_code")) == 4


def test_asking_is_limited_per_ip_across_addresses_known_or_not(session: Session) -> None:
    user = make_shopper(session)
    for n in range(9):
        request_reset_code(session=session, email=f"guess{n}@example.com", ip=IP)
        session.commit()
    _request(session, user.email)  # the tenth look-up from this IP still works
    with pytest.raises(RateLimited):
        request_reset_code(session=session, email=user.email, ip=IP)
    _request(session, user.email, ip="198.51.100.1")  # another IP is not affected


def test_the_right_code_opens_the_password_step_and_stays_usable(session: Session) -> None:
    user = make_shopper(session)
    code = _request(session, user.email)
    verify_reset_code(session=session, email=user.email, code=f" {code} ", ip=IP)
    session.commit()
    assert _live_code(session, user).tries_left == 5


def test_five_wrong_tries_kill_the_code_even_for_the_right_one_afterwards(session: Session) -> None:
    user = make_shopper(session)
    code = _request(session, user.email)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for left in (4, 3, 2, 1):
        with pytest.raises(DomainError) as caught:
            verify_reset_code(session=session, email=user.email, code=wrong, ip=IP)
        assert (caught.value.field, caught.value.message) == ("code", t("reset.error.wrong_code", count=left))
        session.rollback()  # the caller's transaction fails; the try still counts
        assert _live_code(session, user).tries_left == left
    with pytest.raises(DomainError) as caught:
        verify_reset_code(session=session, email=user.email, code="abc", ip=IP)
    assert caught.value.message == t("reset.error.no_tries_left")
    with pytest.raises(DomainError) as caught:
        verify_reset_code(session=session, email=user.email, code=code, ip=IP)
    assert caught.value.message == t("reset.error.no_code")


def test_a_code_expires_after_ten_minutes(session: Session) -> None:
    user = make_shopper(session)
    code = _request(session, user.email)
    clock.advance(dt.timedelta(minutes=9, seconds=59))
    verify_reset_code(session=session, email=user.email, code=code, ip=IP)
    clock.advance(dt.timedelta(seconds=1))
    with pytest.raises(DomainError) as caught:
        verify_reset_code(session=session, email=user.email, code=code, ip=IP)
    assert caught.value.message == t("reset.error.expired")
    assert _live_code(session, user) is None


def test_a_new_code_replaces_the_old_one(session: Session) -> None:
    user = make_shopper(session)
    first = _request(session, user.email)
    second = _request(session, user.email)
    if first != second:
        with pytest.raises(DomainError):
            verify_reset_code(session=session, email=user.email, code=first, ip=IP)
    verify_reset_code(session=session, email=user.email, code=second, ip=IP)
    assert session.exec(select(PasswordResetCode).where(PasswordResetCode.user_id == user.id)).all() != []
    assert len(session.exec(select(PasswordResetCode)).all()) == 1


def test_wrong_codes_are_limited_per_ip_across_accounts(session: Session) -> None:
    users = [make_shopper(session) for _ in range(5)]
    codes = [_request(session, u.email, ip=f"198.51.100.{n}") for n, u in enumerate(users)]
    for n in range(20):  # four wrong tries on each of five live codes: no code runs out of tries
        user, code = users[n % 5], codes[n % 5]
        with pytest.raises(DomainError) as caught:
            verify_reset_code(session=session, email=user.email, code=f"{(int(code) + 1) % 10**6:06d}", ip=IP)
        assert not isinstance(caught.value, RateLimited)
    with pytest.raises(RateLimited) as caught:
        verify_reset_code(session=session, email=users[0].email, code=codes[0], ip=IP)
    assert caught.value.field == "code"


def test_completing_sets_the_password_ends_every_session_and_mails_the_user(session: Session) -> None:
    user = make_shopper(session)
    for agent in ("Firefox", "Chrome"):
        start_session(session=session, user_id=user.id, ip="10.0.0.1", user_agent=agent)
    session.commit()
    code = _request(session, user.email)

    complete_reset(session=session, email=user.email, code=code, password=NEW_PASSWORD, password2=NEW_PASSWORD, ip=IP)
    session.commit()

    session.expire_all()
    stored = session.get(User, user.id)
    assert verify_password(NEW_PASSWORD, stored.password_hash)
    assert not verify_password(PASSWORD, stored.password_hash)
    assert stored.email_confirmed_at is not None, "the mailed code proved the address"
    assert active_sessions(session=session, user_id=user.id) == []
    assert all(s.ended_at for s in session.exec(select(LoginSession)))
    [mail] = _mails(session, "password_changed")
    assert mail.recipient == user.email and NEW_PASSWORD not in mail.text_body
    [event] = list_events(session=session, kind="password reset completed")
    assert event.ip == IP
    with pytest.raises(DomainError) as caught:
        complete_reset(session=session, email=user.email, code=code, password="x" * 20, password2="x" * 20, ip=IP)
    assert caught.value.message == t("reset.error.no_code"), "a code works once"


def test_a_bad_new_password_is_refused_per_field_and_the_code_stays(session: Session) -> None:
    user = make_shopper(session)
    code = _request(session, user.email)
    with pytest.raises(ValidationFailed) as caught:
        complete_reset(session=session, email=user.email, code=code, password="short", password2="other", ip=IP)
    errors = caught.value.errors
    assert errors["password"] == [t("password.too_short", min=8)]
    assert errors["password2"] == [t("password_change.error.mismatch")]
    session.rollback()
    assert _live_code(session, user).tries_left == 5
    with pytest.raises(ValidationFailed) as caught:
        complete_reset(
            session=session, email=user.email, code=code, password=user.login + "1", password2=user.login + "1", ip=IP
        )
    assert caught.value.errors["password"] == [t("password.like_login")]
    session.rollback()
    assert verify_password(PASSWORD, session.get(User, user.id).password_hash)


def test_an_inactive_account_gets_no_code(session: Session) -> None:
    user = make_shopper(session)
    user.is_active = False
    session.add(user)
    session.commit()
    request_reset_code(session=session, email=user.email, ip=IP)  # answered like an unknown address
    assert _mails(session, "password_reset_code") == []


@pytest.fixture
def smtp_mailbox(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from store_app.core.settings import get_settings
    from tests.utils.mailbox import Mailbox

    box = Mailbox().start()
    monkeypatch.setenv("SMTP_HOST", box.host)
    monkeypatch.setenv("SMTP_PORT", str(box.port))
    monkeypatch.setenv("SMTP_TLS", "0")
    get_settings.cache_clear()
    yield box
    box.stop()


def test_the_code_read_from_the_delivered_mail_resets_the_password(session: Session, smtp_mailbox) -> None:  # type: ignore[no-untyped-def]
    from store_app.mail.delivery import deliver_due
    from tests.utils.mailbox import body_text

    user = make_shopper(session, first_name="Ольга")
    request_reset_code(session=session, email=user.email, ip=IP)
    session.commit()
    assert deliver_due() == 1
    received = smtp_mailbox.wait_for(to=user.email, timeout=5)
    text = body_text(received)
    assert "Ольга" in text and "10" in text
    code = re.search(r"\b(\d{6})\b", text).group(1)

    complete_reset(session=session, email=user.email, code=code, password=NEW_PASSWORD, password2=NEW_PASSWORD, ip=IP)
    session.commit()
    assert deliver_due() == 1
    changed = smtp_mailbox.wait_for(to=user.email, timeout=5, count=2)
    assert "Ольга" in body_text(changed)
    assert verify_password(NEW_PASSWORD, session.get(User, user.id).password_hash)


def test_expired_codes_are_purged_and_live_ones_kept(session: Session) -> None:
    old, fresh = make_shopper(session), make_shopper(session)
    _request(session, old.email)
    clock.advance(dt.timedelta(minutes=6))
    _request(session, fresh.email, ip="198.51.100.7")
    clock.advance(dt.timedelta(minutes=5))
    assert reset_service.purge_expired_reset_codes(session=session) == 1
    session.commit()
    assert _live_code(session, old) is None and _live_code(session, fresh) is not None


def _answers_to_wrong_codes(session: Session, email: str, *, tries: int, ip: str, wrong: str = "000000") -> list[str]:
    answers = []
    for _ in range(tries):
        with pytest.raises(DomainError) as caught:
            verify_reset_code(session=session, email=email, code=wrong, ip=ip)
        answers.append(caught.value.message)
    return answers


def test_the_code_step_answers_an_unknown_address_exactly_as_a_known_one(session: Session) -> None:
    """No "no code" for the unknown address where the known one says "wrong code, 4 left" (issue 9 §5)."""
    user = make_shopper(session)
    wrong = f"{(int(_request(session, user.email)) + 1) % 10**6:06d}"
    request_reset_code(session=session, email="ghost@example.com", ip="198.51.100.8")
    session.commit()

    known = _answers_to_wrong_codes(session, user.email, tries=7, ip="198.51.100.9", wrong=wrong)
    unknown = _answers_to_wrong_codes(session, "Ghost@Example.com", tries=7, ip="198.51.100.10", wrong=wrong)
    assert known == unknown
    assert known[:5] == [t("reset.error.wrong_code", count=n) for n in (4, 3, 2, 1)] + [t("reset.error.no_tries_left")]
    assert known[5:] == [t("reset.error.no_code")] * 2

    # Asked again, then left past its ten minutes: both expire alike, and are purged alike.
    wrong = f"{(int(_request(session, user.email, ip='198.51.100.11')) + 1) % 10**6:06d}"
    request_reset_code(session=session, email="ghost@example.com", ip="198.51.100.11")
    session.commit()
    clock.advance(dt.timedelta(minutes=10, seconds=1))
    expired = [t("reset.error.expired"), t("reset.error.no_code")]
    assert _answers_to_wrong_codes(session, user.email, tries=2, ip="198.51.100.12", wrong=wrong) == expired
    assert _answers_to_wrong_codes(session, "ghost@example.com", tries=2, ip="198.51.100.12", wrong=wrong) == expired


def test_an_address_that_asked_for_nothing_has_no_code_known_or_not(session: Session) -> None:
    user = make_shopper(session)
    assert _answers_to_wrong_codes(session, user.email, tries=1, ip=IP) == [t("reset.error.no_code")]
    assert _answers_to_wrong_codes(session, "nobody@example.com", tries=1, ip=IP) == [t("reset.error.no_code")]
