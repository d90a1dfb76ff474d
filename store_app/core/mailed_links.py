"""The shop's pages that mails link to, as full links: services build mailed links here and
`ui/routes.py` routes the same paths, so a mailed link and the page that answers it cannot drift apart
(services import no UI, the UI imports core: this is the one place both can read)."""

from __future__ import annotations

from store_app.core.settings import get_settings

LOGIN_PATH = "/login"
CABINET_PATH = "/cabinet"
SESSIONS_ANCHOR = "cabinet-sessions"  # the cabinet card listing the login sessions
ACTIVATE_PATH = "/activate"  # + /<token>
EMAIL_CHANGE_PATH = "/email-change"  # + /<token>


def shop_link(path: str, token: str = "", *, anchor: str = "") -> str:
    """The full address of a shop page for a mail: the public origin, the path, a token segment, an anchor."""
    link = get_settings().public_origin + path + (f"/{token}" if token else "")
    return link + (f"#{anchor}" if anchor else "")
