"""The state-to-service bridge: one transaction per call, refusals by field, one policy for surprises."""

from __future__ import annotations

import asyncio
import logging

import pytest
from sqlmodel import Session, select

from store_app.audit.kinds import EventKind
from store_app.audit.models import HistoryEvent
from store_app.audit.service import record_event
from store_app.core.db import get_engine
from store_app.core.errors import DomainError, ValidationFailed
from store_app.ui.bridge import attempt, call, errors_by_field, form_checkbox, is_ticked


def _log_then_refuse(*, session: Session, kind: EventKind) -> None:
    record_event(session=session, kind=kind)
    raise ValidationFailed({"name": ["too short"], "__all__": ["try again"]})


def _log(*, session: Session, kind: EventKind) -> int:
    return record_event(session=session, kind=kind).id or 0


def _kinds() -> list[str]:
    with Session(get_engine()) as session:
        return list(session.exec(select(HistoryEvent.kind)))


def test_a_call_commits_its_work_in_one_transaction(db_url: str) -> None:
    assert asyncio.run(call(_log, kind=EventKind.REGISTERED)) > 0
    assert _kinds() == [EventKind.REGISTERED.value]


def test_a_refused_call_rolls_back_and_shows_each_error_under_its_field(db_url: str) -> None:
    outcome = asyncio.run(attempt(_log_then_refuse, where="test", fields=("name",), kind=EventKind.ACTIVATED))
    assert not outcome.ok
    assert dict(outcome.errors) == {"name": "too short", "form": "try again"}
    assert _kinds() == []


def test_an_unexpected_failure_logs_its_class_only_and_shows_the_generic_message(
    db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    def explode(*, session: Session) -> None:
        raise RuntimeError("INSERT ... code=482913")  # a driver error's text can carry a mailed code

    with caplog.at_level(logging.ERROR):
        outcome = asyncio.run(attempt(explode, where="the test action"))
    assert outcome.message == "Что-то пошло не так. Попробуйте ещё раз чуть позже."
    assert "RuntimeError" in caplog.text and "482913" not in caplog.text


def test_errors_about_fields_the_form_does_not_show_go_under_the_form() -> None:
    error = ValidationFailed({"name": ["a", "b"], "secret_field": ["c"]})
    assert errors_by_field(error, fields=("name",)) == {"name": "a\nb", "form": "c"}
    assert errors_by_field(DomainError("whole form")) == {"form": "whole form"}


@pytest.mark.parametrize(
    ("value", "ticked"),
    [("on", True), (True, True), ("false", False), ("true", False), (1, False), ([], False), (None, False)],
)
def test_only_a_ticked_box_or_a_real_true_is_on(value: object, ticked: bool) -> None:
    assert is_ticked(value) is ticked
    assert form_checkbox({"box": value}, "box") is ticked
