"""One session check per event, and no database round trip while the last check holds; a revocation
anywhere is seen on the next action (issue 10 item 3). Also: what a connection keeps of its cookies."""

from __future__ import annotations

import asyncio

import jwt
import pytest
import reflex as rx
from sqlmodel import Session

from store_app.accounts.sessions import state as state_module
from store_app.accounts.sessions.connection import proof_from_cookie_header
from store_app.accounts.sessions.revocation import current_signal
from store_app.accounts.sessions.service import end_session, start_session
from store_app.accounts.sessions.state import SessionState, check_connection
from store_app.accounts.sessions.token_service import issue_token_pair
from store_app.admin.users_service import set_user_flag
from store_app.cart.guest_cookie import guest_cart_key
from store_app.core import clock
from store_app.core.settings import get_settings
from store_app.core.tokens import ALGORITHM
from tests.utils.factories import make_shopper


def _tab() -> SessionState:
    root = rx.State(_reflex_internal_init=True)  # type: ignore[call-arg]
    tab = root.get_substate(SessionState.get_full_name().split("."))
    assert isinstance(tab, SessionState)
    return tab


@pytest.fixture
def database_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the tab's trips to the database."""
    calls: list[int] = []
    real = state_module._recheck

    def counted(session_id: int):  # type: ignore[no-untyped-def]
        calls.append(session_id)
        return real(session_id)

    monkeypatch.setattr(state_module, "_recheck", counted)
    return calls


def _logged_in_tab(session: Session, *, staff: bool = False) -> tuple[SessionState, int, int]:
    user = make_shopper(session, login="tabuser")
    if staff:
        user.is_staff = True
        session.add(user)
    login = start_session(session=session, user_id=user.id or 0, ip="", user_agent="")
    session.commit()
    tab = _tab()
    tab._session_id = login.id
    tab._checked_until = 0.0  # as after a reconnect: the first check reads the row
    return tab, user.id or 0, login.id or 0


def test_checks_within_the_access_lifetime_cost_no_database_round_trip(
    session: Session, database_checks: list[int]
) -> None:
    tab, user_id, session_id = _logged_in_tab(session)
    contexts = [asyncio.run(tab._checked_context()) for _ in range(20)]
    assert database_checks == [session_id]
    assert {context.user_id for context in contexts if context} == {user_id}
    # Past the access lifetime the row is read again, once.
    tab._checked_until = clock.now().timestamp() - 1
    asyncio.run(tab._checked_context())
    asyncio.run(tab._checked_context())
    assert database_checks == [session_id, session_id]


def test_a_session_ended_elsewhere_is_refused_on_the_next_check(session: Session, database_checks: list[int]) -> None:
    tab, _, session_id = _logged_in_tab(session)
    assert asyncio.run(tab._checked_context()) is not None
    signal = current_signal()
    end_session(session=session, session_id=session_id, reason="logout")
    session.commit()  # the commit moves the signal
    assert current_signal() != signal
    assert asyncio.run(tab._checked_context()) is None
    assert tab._session_id is None
    assert len(database_checks) == 2


def test_a_rolled_back_end_moves_no_signal(session: Session) -> None:
    _, _, session_id = _logged_in_tab(session)
    signal = current_signal()
    end_session(session=session, session_id=session_id, reason="logout")
    session.rollback()
    assert current_signal() == signal


def test_a_revoked_staff_flag_is_seen_on_the_next_check(session: Session) -> None:
    tab, user_id, _ = _logged_in_tab(session, staff=True)
    admin = make_shopper(session, login="theboss")
    admin.is_staff = True
    session.add(admin)
    session.commit()
    first = asyncio.run(tab._checked_context())
    assert first is not None and first.is_staff
    set_user_flag(session=session, user_id=user_id, flag="is_staff", value=False, admin_id=admin.id or 0, ip="")
    session.commit()
    second = asyncio.run(tab._checked_context())
    assert second is not None and not second.is_staff


def test_the_tab_state_holds_no_token(session: Session) -> None:
    tab, _, _ = _logged_in_tab(session)
    asyncio.run(tab._checked_context())
    names = ("_session_id", "_user_id", "_is_staff", "_checked_until", "_signal_seen", "_bound_sid")
    assert set(SessionState.__annotations__) == set(names)  # ids and times only: no token, no cookie
    assert not hasattr(SessionState, "_access_token")


def _forged_refresh_cookie(sub: int, sid: int) -> str:
    now = int(clock.now().timestamp())
    payload = {"sub": str(sub), "sid": sid, "type": "refresh", "jti": "x", "iat": now, "exp": now + 600}
    return "store_session=" + jwt.encode(payload, get_settings().secret_key, algorithm=ALGORITHM)


def test_a_connection_keeps_digests_only_and_a_forged_cookie_opens_nothing(session: Session) -> None:
    user = make_shopper(session, login="wsuser")
    login = start_session(session=session, user_id=user.id or 0, ip="", user_agent="")
    pair = issue_token_pair(session=session, login_session=login)
    session.commit()
    guest = "g" * 43
    proof = proof_from_cookie_header(f"guest_cart={guest}; store_session={pair.refresh}")
    assert pair.refresh not in repr(proof) and guest not in repr(proof)
    assert proof.guest_key == guest_cart_key(guest)
    context = check_connection(proof)
    assert context is not None and context.session_id == login.id
    # Signed with the right key, naming a running session: still nothing without the stored token.
    forged = proof_from_cookie_header(_forged_refresh_cookie(user.id or 0, login.id or 0))
    assert check_connection(forged) is None


def test_with_redis_the_signal_is_a_counter_every_worker_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    from store_app.accounts.sessions.revocation import bump, current_signal_async
    from tests.utils.redis_db import own_redis_database, redis_unreachable_reason

    if reason := redis_unreachable_reason():
        pytest.skip(reason)
    with own_redis_database() as url:
        monkeypatch.setenv("REDIS_URL", url)
        get_settings.cache_clear()
        before = asyncio.run(current_signal_async())
        assert before == current_signal() and before.startswith("redis:")
        bump()
        after = asyncio.run(current_signal_async())
        assert after != before and after == current_signal()
        assert not (get_settings().data_dir / "session-revocations").exists()


def test_one_check_per_event_unless_the_event_itself_ended_the_session(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab, _, session_id = _logged_in_tab(session)
    checks: list[str] = []
    real_check = SessionState._check

    async def counted(self: SessionState):  # type: ignore[no-untyped-def]
        checks.append("check")
        return await real_check(self)

    monkeypatch.setattr(SessionState, "_check", counted)
    monkeypatch.setattr(state_module, "_event_key", lambda: "event-1")

    async def one_event() -> list[object]:
        results: list[object] = [await tab._checked_context() for _ in range(5)]
        end_session(session=session, session_id=session_id, reason="account deleted")
        session.commit()
        results.append(await tab._checked_context())
        return results

    results = asyncio.run(one_event())
    assert all(result is not None for result in results[:5]) and results[5] is None
    assert checks == ["check", "check"]


@pytest.fixture
def signal_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts the tab's reads of the revocation signal (with Redis, a round trip each)."""
    reads: list[str] = []
    real = state_module.current_signal_async

    async def counted() -> str:
        reads.append("read")
        return await real()

    monkeypatch.setattr(state_module, "current_signal_async", counted)
    monkeypatch.setattr(state_module, "_event_key", lambda: "event-1")
    return reads


def test_a_guest_event_reads_no_revocation_signal(signal_reads: list[str]) -> None:
    tab = _tab()  # no session, and its connection is unknown: a guest's

    async def one_event() -> list[object]:
        return [await tab._checked_context() for _ in range(3)]

    assert asyncio.run(one_event()) == [None, None, None]
    assert signal_reads == []


def test_each_guard_of_a_logged_in_event_reads_the_signal_once(session: Session, signal_reads: list[str]) -> None:
    tab, user_id, _ = _logged_in_tab(session)
    assert asyncio.run(tab._checked_context()) is not None  # the row read, the signal remembered
    signal_reads.clear()

    async def one_event() -> list[object]:
        return [await tab._checked_context() for _ in range(3)]

    contexts = asyncio.run(one_event())
    assert [getattr(context, "user_id", None) for context in contexts] == [user_id] * 3
    assert len(signal_reads) == 3  # the held check, then one comparison per later guard
