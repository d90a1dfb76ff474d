"""Every kind of history event, with its text in the interface language."""

from __future__ import annotations

from enum import StrEnum

from store_app.core.i18n import t


class EventKind(StrEnum):
    """The stored value stays the plain words of the first version, so old rows keep their kind."""

    REGISTERED = "registered"
    ACTIVATED = "activated"
    ACCOUNT_CREATED = "account created"
    STAFF_ACCOUNT_CREATED = "staff account created"
    ACCOUNT_CHANGED = "account changed"
    ACCOUNT_DELETED = "account deleted"
    PROFILE_CHANGED = "profile changed"
    LOGGED_IN = "logged in"
    LOGGED_OUT = "logged out"
    LOCKED_OUT = "locked out"
    SESSION_ENDED = "session ended"
    TOKEN_REUSED = "token reused"  # noqa: S105  (event names, not secrets)
    PASSWORD_CHANGED = "password changed"  # noqa: S105
    PASSWORD_RESET_REQUESTED = "password reset requested"  # noqa: S105
    PASSWORD_RESET_COMPLETED = "password reset completed"  # noqa: S105
    REGISTRATION_WITH_TAKEN_EMAIL = "registration with a taken email"
    MFA_ON = "2fa on"
    MFA_OFF = "2fa off"
    MFA_RESET = "2fa reset"
    MFA_CODE_ASKED = "2fa code asked"
    MFA_WRONG_CODE = "wrong 2fa code"
    EMAIL_CHANGE_REQUESTED = "email change requested"
    EMAIL_CHANGED = "email changed"
    PRODUCT_CREATED = "product.created"
    PRODUCT_CHANGED = "product.changed"
    PRODUCT_DELETED = "product.deleted"
    ATTRIBUTE_CREATED = "attribute.created"
    ATTRIBUTE_CHANGED = "attribute.changed"
    ATTRIBUTE_DELETED = "attribute.deleted"
    ORDER_PLACED = "order placed"
    ORDER_STATUS_CHANGED = "order status changed"
    ORDER_CANCELLED = "order cancelled"

    @property
    def label(self) -> str:
        return t(f"history.kind.{self.name.lower()}")


def kind_label(value: str) -> str:
    """The text of a stored kind; an unknown one (written by a newer version) as it is."""
    try:
        return EventKind(value).label
    except ValueError:
        return value
