"""The cabinet's account overview and ending login sessions (SPEC A6)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session

from store_app.accounts.cabinet.service import cabinet_overview, end_all_other_sessions, end_own_session
from store_app.accounts.sessions.service import active_sessions, start_session
from store_app.audit.service import list_events
from store_app.core import clock
from store_app.core.errors import NotFound
from tests.utils.factories import make_shopper

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)


def test_the_overview_shows_the_account_and_lists_this_session_first(session: Session) -> None:
    user = make_shopper(session, login="olga")
    here = start_session(session=session, user_id=user.id, ip="10.0.0.1", user_agent=FIREFOX)
    clock.advance(dt.timedelta(minutes=5))
    phone = start_session(session=session, user_id=user.id, ip="10.0.0.2", user_agent=IPHONE)
    session.commit()

    overview = cabinet_overview(session=session, user_id=user.id, current_session_id=here.id)

    assert (overview.login, overview.email, overview.email_confirmed) == ("olga", "olga@example.com", False)
    assert (overview.first_name, overview.avatar_url) == ("Анна", "")
    assert [(row.id, row.is_current, row.device) for row in overview.sessions] == [
        (here.id, True, "Firefox 128 · Linux"),
        (phone.id, False, "Safari 17 · iPhone"),
    ]


def test_a_user_ends_one_of_their_sessions_and_history_records_it(session: Session) -> None:
    user = make_shopper(session)
    here = start_session(session=session, user_id=user.id, ip="10.0.0.1", user_agent=FIREFOX)
    other = start_session(session=session, user_id=user.id, ip="10.0.0.2", user_agent=IPHONE)
    session.commit()
    end_own_session(session=session, user_id=user.id, session_id=other.id, ip="10.0.0.1")
    session.commit()
    assert [s.id for s in active_sessions(session=session, user_id=user.id)] == [here.id]
    [event] = list_events(session=session, kind="session ended")
    assert event.details == {"session": other.id, "ip": "10.0.0.2"}


def test_another_users_session_cannot_be_ended(session: Session) -> None:
    owner, mallory = make_shopper(session), make_shopper(session)
    victim_session = start_session(session=session, user_id=owner.id, ip="10.0.0.1", user_agent=FIREFOX)
    session.commit()
    with pytest.raises(NotFound):
        end_own_session(session=session, user_id=mallory.id, session_id=victim_session.id, ip="10.0.0.9")
    assert len(active_sessions(session=session, user_id=owner.id)) == 1


def test_ending_all_others_keeps_this_session(session: Session) -> None:
    user = make_shopper(session)
    here = start_session(session=session, user_id=user.id, ip="10.0.0.1", user_agent=FIREFOX)
    for n in range(3):
        start_session(session=session, user_id=user.id, ip=f"10.0.1.{n}", user_agent=IPHONE)
    session.commit()
    assert end_all_other_sessions(session=session, user_id=user.id, current_session_id=here.id, ip="10.0.0.1") == 3
    session.commit()
    assert [s.id for s in active_sessions(session=session, user_id=user.id)] == [here.id]
    [event] = list_events(session=session, kind="session ended")
    assert event.details == {"others": 3}
