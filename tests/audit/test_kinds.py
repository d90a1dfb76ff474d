"""History kinds are an enum with a text in each language; an unknown kind is refused when written."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from store_app.audit.kinds import EventKind, kind_label
from store_app.audit.service import record_event
from store_app.core.i18n import t


def test_every_kind_has_a_text_in_both_languages() -> None:
    for kind in EventKind:
        assert t(f"history.kind.{kind.name.lower()}", "ru") != t(f"history.kind.{kind.name.lower()}", "en")
    assert kind_label("order placed") == t("history.kind.order_placed")
    assert kind_label("something newer") == "something newer"


def test_an_unknown_kind_is_refused(session: Session) -> None:
    with pytest.raises(ValueError):
        record_event(session=session, kind="made up")  # type: ignore[arg-type]
    assert record_event(session=session, kind=EventKind.LOGGED_IN).kind == "logged in"
