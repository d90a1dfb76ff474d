"""Registration is one transaction: a failure at any step leaves nothing behind, and a race on the
unique login/email indexes becomes the same field error as the look-up, never a crash."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError
from sqlmodel import Session, func, select

from store_app.accounts.models import ActivationToken, Profile, User
from store_app.accounts.registration.service import register_user
from store_app.audit.models import HistoryEvent
from store_app.cart.models import Cart
from store_app.core.db import build_engine, session_scope
from store_app.core.errors import ValidationFailed
from store_app.core.i18n import t
from store_app.core.passwords import hash_password
from store_app.mail.models import MailMessage
from tests.utils.factories import registration

WRITTEN_BY_REGISTRATION = (User, Profile, Cart, ActivationToken, HistoryEvent, MailMessage)


def _row_counts(session: Session) -> dict[str, int]:
    return {
        table.__tablename__: session.exec(select(func.count()).select_from(table)).one()
        for table in WRITTEN_BY_REGISTRATION
    }  # type: ignore[attr-defined]


@pytest.mark.parametrize("failing_table", ["user_profile", "cart", "activation_token", "history_event", "mail_message"])
def test_a_failure_after_the_user_insert_leaves_no_trace(db_url: str, failing_table: str) -> None:
    engine = build_engine(db_url)
    with engine.begin() as connection:
        # A real database failure at one step after the user row: the insert into `failing_table` aborts.
        connection.execute(
            text(
                f"CREATE TRIGGER fail_{failing_table} BEFORE INSERT ON {failing_table} "
                "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"
            )
        )
    engine.dispose()

    with pytest.raises(DatabaseError, match="disk on fire"), session_scope() as session:
        register_user(session=session, data=registration(), ip="")

    with session_scope() as session:
        assert set(_row_counts(session).values()) == {0}


def test_a_registration_that_loses_the_race_for_the_login_gets_the_login_error(db_url: str) -> None:
    """Another registration commits the same login between our check and our insert."""
    engine = build_engine(db_url)
    rival = build_engine(db_url)
    fired: list[bool] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _rival_commits_first(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.startswith("INSERT INTO user_account") and not fired:
            fired.append(True)
            with Session(rival) as other:
                other.add(User(login="racer", email="rival@example.com", password_hash=hash_password("x")))
                other.commit()

    with Session(engine) as session, pytest.raises(ValidationFailed) as failure:
        register_user(session=session, data=registration(login="Racer"), ip="")
    assert fired
    assert failure.value.errors == {"login": [t("register.error.login_taken")]}
    with Session(engine) as session:
        assert session.exec(select(User.login)).all() == ["racer"]
        assert session.exec(select(func.count()).select_from(Profile)).one() == 0
    engine.dispose()
    rival.dispose()


@pytest.fixture
def engine(engine_on_each_database: Engine) -> Engine:
    return engine_on_each_database


def test_simultaneous_registrations_with_one_email_make_one_account(engine: Engine) -> None:
    shoppers = 5  # REGISTRATION_MAILS_PER_ADDRESS allows five mails to one address an hour
    start = threading.Barrier(shoppers)
    outcomes: list[str] = []

    def register(n: int) -> None:
        start.wait()
        with Session(engine) as session:
            try:
                data = registration(login=f"twin{n}", email="Twin@example.com")
                done = register_user(session=session, data=data, ip=f"198.51.100.{n}")
                session.commit()
                outcomes.append("registered" if done.user else "owner told")
            except ValidationFailed as failure:
                session.rollback()
                outcomes.append(failure.errors["email"][0])
            except Exception as error:  # a database error would be a bug: keep it for the assertion
                session.rollback()
                outcomes.append(f"crash: {error!r}")

    threads = [threading.Thread(target=register, args=(n,)) for n in range(shoppers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # The losers are answered like the winner (the address is not revealed); its owner is mailed instead.
    assert sorted(outcomes) == sorted(["registered"] + ["owner told"] * (shoppers - 1))
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(User)).one() == 1
        assert session.exec(select(func.count()).select_from(Profile)).one() == 1
        assert session.exec(select(func.count()).select_from(Cart)).one() == 1
        templates = session.exec(select(MailMessage.template).where(MailMessage.recipient == "Twin@example.com")).all()
        assert sorted(templates) == ["activation"] + ["registration_attempt"] * (shoppers - 1)
