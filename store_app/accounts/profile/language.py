"""A logged-in shopper's RU/EN switch is kept on the account (`user_account.language`), so mails follow it."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from store_app.accounts.models import User
from store_app.accounts.sessions.state import optional_user_id
from store_app.core.i18n import supported
from store_app.ui.bridge import call
from store_app.ui.language import CHOSEN_HOOKS


def set_language(*, session: Session, user_id: int, lang: str) -> None:
    """Keep `lang` (one the shop speaks) as the account's language."""
    chosen = supported(lang)
    user = session.get(User, user_id)
    if chosen is None or user is None or user.language == chosen:
        return
    user.language = chosen
    session.add(user)


async def _remember(state: rx.State, lang: str) -> None:
    # The user comes from the server-side session check, never from the event.
    user_id = await optional_user_id(state)
    if user_id is not None:
        await call(set_language, user_id=user_id, lang=lang)


def keep_switches_on_the_profile() -> None:
    if _remember not in CHOSEN_HOOKS:
        CHOSEN_HOOKS.append(_remember)
