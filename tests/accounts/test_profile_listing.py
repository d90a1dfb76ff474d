"""Staff's list of profiles, and a stored profile read back as form input for partial updates."""

from __future__ import annotations

import dataclasses

from sqlmodel import Session

from store_app.accounts.profile.service import get_profile, list_profiles, profile_input_of, update_profile
from tests.utils.factories import make_shopper


def test_list_profiles_pages_in_user_order(session: Session) -> None:
    users = [make_shopper(session) for _ in range(3)]
    total, page = list_profiles(session=session, offset=1, limit=5)
    assert total == 3 and [profile.user_id for profile in page] == [user.id for user in users[1:]]


def test_profile_input_round_trips_so_a_partial_update_changes_only_that_field(session: Session) -> None:
    user = make_shopper(session)
    profile = get_profile(session=session, user_id=user.id or 0)
    data = dataclasses.replace(profile_input_of(profile), birth_date="1990-05-17")
    assert update_profile(session=session, user_id=user.id or 0, data=data) == ["birth_date"]
    again = profile_input_of(get_profile(session=session, user_id=user.id or 0))
    assert update_profile(session=session, user_id=user.id or 0, data=again) == []
