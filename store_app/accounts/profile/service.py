"""Profile rules (SPEC A6): names, phone, birth date and address, every error reported at once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from store_app.accounts.history import record_account_event
from store_app.accounts.models import Profile, User
from store_app.accounts.rules.person_names import clean_person_name
from store_app.accounts.rules.phones import normalise_phone
from store_app.audit.kinds import EventKind
from store_app.core import clock
from store_app.core.dates import shop_today
from store_app.core.errors import NotFound, ValidationFailed
from store_app.core.i18n import t

MIN_AGE_YEARS = 14
MAX_AGE_YEARS = 120
ADDRESS_MAX = 500
# Letters of any script, words joined by one space, hyphen or apostrophe: "Анна-Мария", "O'Neil".
_CONTROL_RE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
PROFILE_FIELDS = ("first_name", "last_name", "patronymic", "phone", "birth_date", "address")


@dataclasses.dataclass(frozen=True)
class ProfileInput:
    """What the profile form sends; every value is raw text (birth date as YYYY-MM-DD or empty)."""

    first_name: str = ""
    last_name: str = ""
    patronymic: str = ""
    phone: str = ""
    birth_date: str = ""
    address: str = ""


def _clean_name(raw: str, *, required: bool, errors: list[str]) -> str:
    value, problems = clean_person_name(raw, required=required)
    errors.extend(problems)
    return value


def _clean_phone(raw: str, errors: list[str]) -> str:
    value = raw.strip()
    if not value:
        return ""
    try:
        return normalise_phone(value)
    except ValueError:
        errors.append(t("profile.error.phone"))
        return value


def _age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _clean_birth_date(raw: str, errors: list[str]) -> dt.date | None:
    value = raw.strip()
    if not value:
        return None
    try:
        birth = dt.date.fromisoformat(value)
    except ValueError:
        errors.append(t("profile.error.birth_date_format"))
        return None
    today = shop_today()  # the birthday comes at the shop's midnight, as the dates it shows
    if birth >= today:
        errors.append(t("profile.error.birth_date_future"))
    elif _age_on(birth, today) < MIN_AGE_YEARS:
        errors.append(t("profile.error.birth_date_young", years=MIN_AGE_YEARS))
    elif _age_on(birth, today) > MAX_AGE_YEARS:
        errors.append(t("profile.error.birth_date_old", years=MAX_AGE_YEARS))
    return birth


def _clean_address(raw: str, errors: list[str]) -> str:
    value = "\n".join(line.strip() for line in raw.strip().replace("\r\n", "\n").split("\n"))
    if len(value) > ADDRESS_MAX:
        errors.append(t("profile.error.address_too_long", max=ADDRESS_MAX))
    elif _CONTROL_RE.search(value):
        errors.append(t("profile.error.address_characters"))
    return value


def clean_profile(data: ProfileInput) -> dict[str, object]:
    """The normalised values, or ValidationFailed with the messages of every bad field."""
    errors: dict[str, list[str]] = {name: [] for name in PROFILE_FIELDS}
    values: dict[str, object] = {
        "first_name": _clean_name(data.first_name, required=True, errors=errors["first_name"]),
        "last_name": _clean_name(data.last_name, required=True, errors=errors["last_name"]),
        "patronymic": _clean_name(data.patronymic, required=False, errors=errors["patronymic"]),
        "phone": _clean_phone(data.phone, errors["phone"]),
        "birth_date": _clean_birth_date(data.birth_date, errors["birth_date"]),
        "address": _clean_address(data.address, errors["address"]),
    }
    if any(errors.values()):
        raise ValidationFailed(errors)
    return values


def get_profile(*, session: Session, user_id: int) -> Profile:
    profile = session.get(Profile, user_id)
    if profile is None:
        raise NotFound(t("profile.error.not_found"))
    return profile


def update_profile(
    *, session: Session, user_id: int, data: ProfileInput, ip: str = "", actor_id: int | None = None
) -> list[str]:
    """Validate and save; returns the names of the fields that changed (history gets the names only).
    `actor_id` is who changed it (staff, say); by default the user themselves."""
    values = clean_profile(data)
    profile = get_profile(session=session, user_id=user_id)
    changed = [name for name, value in values.items() if getattr(profile, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(profile, name, values[name])
    profile.updated_at = clock.now()
    session.add(profile)
    user = session.get(User, user_id)
    if user is not None:
        actor = session.get(User, actor_id) if actor_id is not None and actor_id != user_id else None
        record_account_event(
            session=session, kind=EventKind.PROFILE_CHANGED, user=user, actor=actor, ip=ip, details={"fields": changed}
        )
    return changed


def update_profile_fields(
    *, session: Session, user_id: int, changes: Mapping[str, Any], ip: str = "", actor_id: int | None = None
) -> list[str]:
    """A partial update: the fields named in `changes` take the new values, the others stay."""
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationFailed({name: [t("error.unknown_field")] for name in sorted(unknown)})
    data = dataclasses.replace(profile_input_of(get_profile(session=session, user_id=user_id)), **changes)
    return update_profile(session=session, user_id=user_id, data=data, ip=ip, actor_id=actor_id)


def list_profiles(*, session: Session, offset: int, limit: int) -> tuple[int, list[Profile]]:
    """One page of every profile in user order, and how many there are (staff, SPEC F4)."""
    total = session.exec(select(func.count()).select_from(Profile)).one()
    query = select(Profile).order_by(col(Profile.user_id)).offset(offset).limit(limit)
    return total, list(session.exec(query))


def profile_input_of(profile: Profile) -> ProfileInput:
    """The stored profile as the form would send it back unchanged (a partial update starts here)."""
    return ProfileInput(
        first_name=profile.first_name,
        last_name=profile.last_name,
        patronymic=profile.patronymic,
        phone=profile.phone,
        birth_date=profile.birth_date.isoformat() if profile.birth_date else "",
        address=profile.address,
    )
