"""Tabs racing wrong reset codes at once: the database lets at most five of them be compared.

Each thread is its own tab (own session, own IP so the per-IP limit stays out of the way). A code
read, decremented in Python and written back let 7-12 wrong codes through (issue 9 §4).
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from store_app.accounts.reset.models import PasswordResetCode
from store_app.accounts.reset.service import CODE_TRIES, request_reset_code, verify_reset_code
from store_app.core.errors import DomainError
from store_app.core.i18n import t
from store_app.mail.models import MailMessage
from tests.utils.factories import make_shopper
from tests.utils.races import race_once

TABS = 16


@pytest.fixture
def engine(engine_on_each_database: Engine) -> Engine:
    return engine_on_each_database


def _guess(engine: Engine, email: str, code: str, ip: str, start: threading.Barrier, outcomes: list[str]) -> None:
    def guess(session: Session) -> None:
        verify_reset_code(session=session, email=email, code=code, ip=ip)

    race_once(engine, start, outcomes, guess, "accepted")


def test_racing_tabs_compare_at_most_five_wrong_codes(engine: Engine) -> None:
    with Session(engine, expire_on_commit=False) as session:
        user = make_shopper(session)
        request_reset_code(session=session, email=user.email, ip="198.51.100.250")
        session.commit()
        mail = session.exec(select(MailMessage).where(MailMessage.recipient == user.email)).one()
    code = next(word for word in mail.text_body.split() if word.isdigit() and len(word) == 6)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    outcomes: list[str] = []
    start = threading.Barrier(TABS)
    threads = [
        threading.Thread(target=_guess, args=(engine, user.email, wrong, f"198.51.100.{n}", start, outcomes))
        for n in range(TABS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    compared_answers = {t("reset.error.wrong_code", count=left) for left in range(1, CODE_TRIES)}
    compared_answers.add(t("reset.error.no_tries_left"))
    compared = [outcome for outcome in outcomes if outcome in compared_answers]
    assert len(outcomes) == TABS and not [o for o in outcomes if o.startswith("crash")], outcomes
    assert len(compared) == CODE_TRIES, outcomes
    assert outcomes.count(t("reset.error.no_code")) == TABS - CODE_TRIES, outcomes
    with Session(engine) as session:
        assert session.exec(select(PasswordResetCode)).all() == []  # the fifth wrong code killed it
    # The right code arrives too late: no code is left to accept it.
    with Session(engine) as session, pytest.raises(DomainError) as caught:
        verify_reset_code(session=session, email=user.email, code=code, ip="198.51.100.251")
    assert caught.value.message == t("reset.error.no_code")
