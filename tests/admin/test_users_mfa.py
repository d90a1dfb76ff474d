"""Staff see which accounts have two-factor login and can reset it; the reset is in the history."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from store_app.accounts.mfa.service import is_enabled
from store_app.admin.users_service import reset_user_2fa, users_with_2fa
from store_app.audit.models import HistoryEvent
from store_app.core.db import session_scope
from store_app.core.errors import NotFound, PermissionDenied
from tests.accounts.mfa_helpers import enable_mfa
from tests.utils.factories import make_shopper


def test_staff_see_and_reset_2fa_and_the_history_names_them(session: Session) -> None:
    admin = make_shopper(session, login="boss")
    admin.is_staff = True
    session.add(admin)
    with_2fa, without = make_shopper(session), make_shopper(session)
    session.commit()
    assert with_2fa.id and without.id and admin.id
    enable_mfa(with_2fa.id)
    assert users_with_2fa(session=session, user_ids=[with_2fa.id, without.id]) == {with_2fa.id}
    with session_scope() as tx:
        reset_user_2fa(session=tx, user_id=with_2fa.id, admin_id=admin.id, ip="10.0.0.1")
    assert not is_enabled(session=session, user_id=with_2fa.id)
    event = session.exec(select(HistoryEvent).where(HistoryEvent.kind == "2fa reset")).one()
    assert (event.actor_id, event.target, event.ip) == (admin.id, f"user:{with_2fa.id}", "10.0.0.1")
    with pytest.raises(NotFound), session_scope() as tx:
        reset_user_2fa(session=tx, user_id=without.id, admin_id=admin.id, ip="")


def test_a_shopper_cannot_reset_anyones_2fa(session: Session) -> None:
    shopper, victim = make_shopper(session), make_shopper(session)
    session.commit()
    assert shopper.id and victim.id
    enable_mfa(victim.id)
    with pytest.raises(PermissionDenied), session_scope() as tx:
        reset_user_2fa(session=tx, user_id=victim.id, admin_id=shopper.id, ip="")
    assert is_enabled(session=session, user_id=victim.id)
