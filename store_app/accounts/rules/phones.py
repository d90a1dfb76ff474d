"""Phone numbers: stored in E.164 (`+79161234567`), shown the way people write them (`+7 916 123-45-67`).

Numbers typed without a country code are Russian (the shop's audience). Every page that shows a
phone uses `display_phone`; the API keeps E.164, which programs read better.
"""

from __future__ import annotations

import phonenumbers

PHONE_REGION = "RU"


def normalise_phone(raw: str) -> str:
    """The number in E.164 (`+79161234567`); ValueError when it is not a possible, valid number."""
    try:
        number = phonenumbers.parse(raw, PHONE_REGION)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(str(exc)) from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError("not a valid number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(stored: str) -> str:
    """A stored number as people read it (`+7 916 123-45-67`); anything that is no number comes back as is."""
    if not stored:
        return ""
    try:
        number = phonenumbers.parse(stored, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return stored
    if not phonenumbers.is_valid_number(number):
        return stored
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
