"""The contact details of an order: checked and normalised before checkout."""

from __future__ import annotations

import dataclasses

from store_app.accounts.rules.phones import normalise_phone
from store_app.core.errors import ValidationFailed
from store_app.core.i18n import t

NAME_MAX = 200
ADDRESS_MAX = 500


@dataclasses.dataclass(frozen=True)
class OrderContact:
    name: str
    phone: str  # E.164, e.g. +79161234567
    address: str


def _normalised_phone(raw: str) -> str | None:
    try:
        return normalise_phone(raw)
    except ValueError:
        return None


def validate_contact(*, name: str, phone: str, address: str) -> OrderContact:
    """All the errors at once, each under its field; the phone comes back in E.164."""
    name, phone, address = name.strip(), phone.strip(), " ".join(address.split())
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [t("orders.error.name_required")]
    elif len(name) > NAME_MAX:
        errors["name"] = [t("orders.error.too_long", limit=NAME_MAX)]
    normalised = _normalised_phone(phone) if phone else None
    if not phone:
        errors["phone"] = [t("orders.error.phone_required")]
    elif normalised is None:
        errors["phone"] = [t("orders.error.phone_invalid")]
    if not address:
        errors["address"] = [t("orders.error.address_required")]
    elif len(address) > ADDRESS_MAX:
        errors["address"] = [t("orders.error.too_long", limit=ADDRESS_MAX)]
    if errors:
        raise ValidationFailed(errors)
    return OrderContact(name=name, phone=normalised or "", address=address)
