"""State of the /login page: where to go afterwards and the one message to show.

The credentials themselves never pass through here: the form posts to the login route
(login/routes.py), which redirects back with an error code when the login failed, and the login typed,
sealed (`hint.py`), which goes back into the field.
"""

from __future__ import annotations

import reflex as rx

from store_app.accounts.login.hint import open_identifier
from store_app.accounts.login.limits import longest_login_lock_minutes
from store_app.accounts.login.redirect import safe_next_path
from store_app.accounts.sessions.state import optional_user_id
from store_app.core.i18n import N_, t
from store_app.ui.routes import CABINET_ROUTE

IDENTIFIER_FIELD = "login-identifier"
ERROR_KEYS = {"invalid": N_("login.error.invalid"), "disabled": N_("login.error.disabled")}


def error_message(code: str, minutes: str) -> str:
    """The text for an error code the login route put in the URL (anything else shows nothing)."""
    if code in ERROR_KEYS:
        return t(ERROR_KEYS[code])
    if code == "code":
        return t("mfa.error.login_code")
    if code == "busy":
        return t("passwords.busy")
    if code == "locked":
        longest = longest_login_lock_minutes()  # the URL is the visitor's to edit: never say more than this
        wait = int(minutes) if minutes.isdigit() else longest
        return t("login.error.locked", count=min(max(wait, 1), longest))
    return ""


class LoginPageState(rx.State):
    next_path: str = ""
    error: str = ""
    # The second step (2FA): the password passed, the pending cookie is set, the code is asked.
    code_step: bool = False

    @rx.event
    async def open_page(self) -> rx.event.EventSpec | None:
        query = self.router.url.query_parameters
        self.next_path = safe_next_path(query.get("next"), default="")
        self.error = error_message(query.get("error", ""), query.get("minutes", ""))
        self.code_step = query.get("step", "") == "code"
        if await optional_user_id(self) is not None:
            return rx.redirect(self.next_path or CABINET_ROUTE, replace=True)
        identifier = open_identifier(query.get("hint", ""))
        # Straight into the (uncontrolled) field: the typed login is kept in no var.
        return rx.set_value(IDENTIFIER_FIELD, identifier) if identifier else None
