"""Login sessions and their tokens: rotation, reuse detection with a grace, expiry, ending, purge."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, col, select

from store_app.accounts.models import User
from store_app.accounts.sessions.models import LoginSession, RefreshToken
from store_app.accounts.sessions.purge import purge_expired_sessions, purge_login_data_job
from store_app.accounts.sessions.service import active_sessions, end_other_sessions, end_session, start_session
from store_app.accounts.sessions.token_service import (
    REUSE_GRACE,
    TokenPair,
    authenticate_access_token,
    check_refresh_token,
    issue_token_pair,
    renew_access_token,
    rotate_refresh_token,
)
from store_app.audit.models import HistoryEvent
from store_app.core import clock
from store_app.core.rate_limit import RateLimit, RateLimitHit, record_hit
from store_app.core.tokens import ExpiredToken, InvalidToken
from tests.utils.factories import make_shopper


def _login(session: Session, user: User, *, ip: str = "198.51.100.4") -> tuple[LoginSession, TokenPair]:
    assert user.id is not None
    login = start_session(session=session, user_id=user.id, ip=ip, user_agent="pytest browser")
    pair = issue_token_pair(session=session, login_session=login)
    session.commit()
    return login, pair


def test_access_token_speaks_for_its_user_and_session(session: Session) -> None:
    user = make_shopper(session)
    login, pair = _login(session, user)
    context = authenticate_access_token(session=session, access_token=pair.access)
    assert (context.user_id, context.session_id, context.is_staff) == (user.id, login.id, False)


def test_refresh_token_is_stored_only_as_a_hash(session: Session) -> None:
    _, pair = _login(session, make_shopper(session))
    stored = session.exec(select(RefreshToken)).one()
    assert stored.token_hash != pair.refresh
    assert pair.refresh not in stored.token_hash


def test_refresh_token_cannot_be_used_as_access_token(session: Session) -> None:
    _, pair = _login(session, make_shopper(session))
    with pytest.raises(InvalidToken):
        authenticate_access_token(session=session, access_token=pair.refresh)


def test_refresh_rotates_to_a_new_pair_and_marks_the_old_token(session: Session) -> None:
    login, pair = _login(session, make_shopper(session))
    context, new_pair = rotate_refresh_token(session=session, refresh_token=pair.refresh)
    session.commit()
    assert context.session_id == login.id
    assert new_pair.refresh != pair.refresh and new_pair.access != pair.access
    tokens = session.exec(select(RefreshToken).order_by(col(RefreshToken.id))).all()
    assert [token.rotated_at is not None for token in tokens] == [True, False]
    assert authenticate_access_token(session=session, access_token=new_pair.access).session_id == login.id


def _rotated_past_the_grace(session: Session) -> tuple[LoginSession, TokenPair, TokenPair]:
    """A session whose first refresh token was rotated longer ago than the grace: (session, old, new)."""
    login, pair = _login(session, make_shopper(session))
    _, new_pair = rotate_refresh_token(session=session, refresh_token=pair.refresh)
    session.commit()
    clock.advance(REUSE_GRACE + dt.timedelta(seconds=1))
    return login, pair, new_pair


def test_reused_refresh_token_ends_the_whole_session(session: Session) -> None:
    login, pair, new_pair = _rotated_past_the_grace(session)
    with pytest.raises(InvalidToken):
        rotate_refresh_token(session=session, refresh_token=pair.refresh)
    session.rollback()  # what the caller's transaction does on the error: the ending must survive it
    session.refresh(login)
    assert login.ended_at is not None and login.end_reason == "token_reuse"
    with pytest.raises(InvalidToken):
        rotate_refresh_token(session=session, refresh_token=new_pair.refresh)
    with pytest.raises(InvalidToken):
        authenticate_access_token(session=session, access_token=new_pair.access)
    assert session.exec(select(HistoryEvent).where(HistoryEvent.kind == "token reused")).one()


def test_two_tabs_refreshing_at_once_both_succeed_within_the_grace(session: Session) -> None:
    login, pair = _login(session, make_shopper(session))
    _, first = rotate_refresh_token(session=session, refresh_token=pair.refresh)
    clock.advance(REUSE_GRACE - dt.timedelta(seconds=2))
    _, second = rotate_refresh_token(session=session, refresh_token=pair.refresh)
    session.commit()
    session.refresh(login)
    assert login.ended_at is None
    for token in (first.refresh, second.refresh):
        assert check_refresh_token(session=session, refresh_token=token).session_id == login.id


def test_expired_refresh_token_is_refused(session: Session) -> None:
    _, pair = _login(session, make_shopper(session))
    clock.advance(dt.timedelta(days=14, seconds=1))
    with pytest.raises(ExpiredToken):
        rotate_refresh_token(session=session, refresh_token=pair.refresh)


def test_access_token_expires_after_its_lifetime_but_the_session_renews_it(session: Session) -> None:
    login, pair = _login(session, make_shopper(session))
    clock.advance(dt.timedelta(seconds=301))
    with pytest.raises(ExpiredToken):
        authenticate_access_token(session=session, access_token=pair.access)
    assert login.id is not None
    context, access = renew_access_token(session=session, session_id=login.id)
    assert authenticate_access_token(session=session, access_token=access.token) == context


def test_ended_session_refuses_its_access_and_refresh_tokens(session: Session) -> None:
    login, pair = _login(session, make_shopper(session))
    assert login.id is not None
    end_session(session=session, session_id=login.id, reason="logout")
    session.commit()
    assert session.exec(select(RefreshToken)).one().revoked_at is not None
    with pytest.raises(InvalidToken):
        authenticate_access_token(session=session, access_token=pair.access)
    with pytest.raises(InvalidToken):
        rotate_refresh_token(session=session, refresh_token=pair.refresh)
    with pytest.raises(InvalidToken):
        check_refresh_token(session=session, refresh_token=pair.refresh)
    with pytest.raises(InvalidToken):
        renew_access_token(session=session, session_id=login.id)


def test_deactivated_user_loses_every_session(session: Session) -> None:
    user = make_shopper(session)
    _, pair = _login(session, user)
    user.is_active = False
    session.add(user)
    session.commit()
    with pytest.raises(InvalidToken):
        authenticate_access_token(session=session, access_token=pair.access)
    with pytest.raises(InvalidToken):
        rotate_refresh_token(session=session, refresh_token=pair.refresh)


def test_checking_a_refresh_token_does_not_rotate_it(session: Session) -> None:
    login, pair = _login(session, make_shopper(session))
    assert check_refresh_token(session=session, refresh_token=pair.refresh).session_id == login.id
    assert session.exec(select(RefreshToken)).one().rotated_at is None


def test_stale_cookie_on_a_websocket_is_refused_without_ending_the_session(session: Session) -> None:
    login, pair, new_pair = _rotated_past_the_grace(session)
    with pytest.raises(InvalidToken):
        check_refresh_token(session=session, refresh_token=pair.refresh)
    assert check_refresh_token(session=session, refresh_token=new_pair.refresh).session_id == login.id


def test_ending_other_sessions_keeps_the_current_one(session: Session) -> None:
    user = make_shopper(session)
    current, _ = _login(session, user)
    _login(session, user, ip="203.0.113.9")
    _login(session, user, ip="203.0.113.10")
    assert user.id is not None
    assert end_other_sessions(session=session, user_id=user.id, keep_session_id=current.id) == 2
    assert [login.id for login in active_sessions(session=session, user_id=user.id)] == [current.id]


def test_purge_deletes_expired_tokens_and_old_sessions_only(session: Session) -> None:
    user = make_shopper(session)
    ended, _ = _login(session, user)
    assert ended.id is not None
    end_session(session=session, session_id=ended.id, reason="logout")
    session.commit()
    clock.advance(dt.timedelta(days=31))
    running, running_pair = _login(session, user)
    removed = purge_expired_sessions(session=session)
    session.commit()
    assert removed >= 2  # the ended session's token expired, and the session is past retention
    assert session.get(LoginSession, ended.id) is None
    assert [token.session_id for token in session.exec(select(RefreshToken))] == [running.id]
    assert check_refresh_token(session=session, refresh_token=running_pair.refresh).session_id == running.id


def test_purge_job_also_clears_old_rate_limit_rows(session: Session) -> None:
    limit = RateLimit("purge_test", max_hits=100, window=dt.timedelta(minutes=1), block_for=dt.timedelta(minutes=1))
    record_hit(session=session, limit=limit, key="198.51.100.1")
    session.commit()
    clock.advance(dt.timedelta(days=2))
    assert purge_login_data_job() == 1
    assert session.exec(select(RateLimitHit)).all() == []
