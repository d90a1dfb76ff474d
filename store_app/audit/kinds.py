"""Every kind of history event, with its text in the interface language."""

from __future__ import annotations

from enum import StrEnum

from store_app.core.i18n import N_, t


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
    CATEGORY_CREATED = "category.created"
    CATEGORY_CHANGED = "category.changed"
    CATEGORY_DELETED = "category.deleted"
    ORDER_PLACED = "order placed"
    ORDER_STATUS_CHANGED = "order status changed"
    ORDER_CANCELLED = "order cancelled"

    @property
    def label(self) -> str:
        return t(KIND_KEYS[self])


# Every kind's text, written out so the catalogue test and `pybabel extract` see each key.
KIND_KEYS: dict[EventKind, str] = {
    EventKind.REGISTERED: N_("history.kind.registered"),
    EventKind.ACTIVATED: N_("history.kind.activated"),
    EventKind.ACCOUNT_CREATED: N_("history.kind.account_created"),
    EventKind.STAFF_ACCOUNT_CREATED: N_("history.kind.staff_account_created"),
    EventKind.ACCOUNT_CHANGED: N_("history.kind.account_changed"),
    EventKind.ACCOUNT_DELETED: N_("history.kind.account_deleted"),
    EventKind.PROFILE_CHANGED: N_("history.kind.profile_changed"),
    EventKind.LOGGED_IN: N_("history.kind.logged_in"),
    EventKind.LOGGED_OUT: N_("history.kind.logged_out"),
    EventKind.LOCKED_OUT: N_("history.kind.locked_out"),
    EventKind.SESSION_ENDED: N_("history.kind.session_ended"),
    EventKind.TOKEN_REUSED: N_("history.kind.token_reused"),
    EventKind.PASSWORD_CHANGED: N_("history.kind.password_changed"),
    EventKind.PASSWORD_RESET_REQUESTED: N_("history.kind.password_reset_requested"),
    EventKind.PASSWORD_RESET_COMPLETED: N_("history.kind.password_reset_completed"),
    EventKind.REGISTRATION_WITH_TAKEN_EMAIL: N_("history.kind.registration_with_taken_email"),
    EventKind.MFA_ON: N_("history.kind.mfa_on"),
    EventKind.MFA_OFF: N_("history.kind.mfa_off"),
    EventKind.MFA_RESET: N_("history.kind.mfa_reset"),
    EventKind.MFA_CODE_ASKED: N_("history.kind.mfa_code_asked"),
    EventKind.MFA_WRONG_CODE: N_("history.kind.mfa_wrong_code"),
    EventKind.PRODUCT_CREATED: N_("history.kind.product_created"),
    EventKind.PRODUCT_CHANGED: N_("history.kind.product_changed"),
    EventKind.PRODUCT_DELETED: N_("history.kind.product_deleted"),
    EventKind.CATEGORY_CREATED: N_("history.kind.category_created"),
    EventKind.CATEGORY_CHANGED: N_("history.kind.category_changed"),
    EventKind.CATEGORY_DELETED: N_("history.kind.category_deleted"),
    EventKind.ORDER_PLACED: N_("history.kind.order_placed"),
    EventKind.ORDER_STATUS_CHANGED: N_("history.kind.order_status_changed"),
    EventKind.ORDER_CANCELLED: N_("history.kind.order_cancelled"),
    EventKind.EMAIL_CHANGE_REQUESTED: N_("history.kind.email_change_requested"),
    EventKind.EMAIL_CHANGED: N_("history.kind.email_changed"),
    EventKind.ATTRIBUTE_CREATED: N_("history.kind.attribute_created"),
    EventKind.ATTRIBUTE_CHANGED: N_("history.kind.attribute_changed"),
    EventKind.ATTRIBUTE_DELETED: N_("history.kind.attribute_deleted"),
}


def kind_label(value: str) -> str:
    """The text of a stored kind; an unknown one (written by a newer version) as it is."""
    try:
        return EventKind(value).label
    except ValueError:
        return value
