"""The RU / EN switch in the navbar: the server changes the tab's language (and, for a logged-in shopper,
the account's), writes the `lang` cookie, and the pages re-mount in it at once, without a reload.

On a wide screen both languages are shown, the current one pressed; on a phone, where the logged-in bar
must fit 360 px, one button names the other language.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from store_app.core.i18n import LANGUAGES, t
from store_app.ui.language import LanguageState, js

# Each language by its own name: the same in either interface.
NAMES = {"ru": "RU", "en": "EN"}
# Read when the pages (re-)mount, which a switch does: no state var, so no tab state and no memo wrapper.
_OTHER = js('language() === "ru" ? "en" : "ru"', imports=("language",))


def _choice(lang: str) -> rx.Component:
    return rx.button(
        NAMES[lang],
        size="1",
        variant=js(f'language() === "{lang}" ? "solid" : "ghost"', imports=("language",), var_type=Any),
        id=f"lang-{lang}",
        # `lang`: a screen reader says "EN" in English, "RU" in Russian.
        custom_attrs={"lang": lang, "aria-pressed": js(f'String(language() === "{lang}")', imports=("language",))},
        on_click=LanguageState.choose(lang),
    )


def _phone_toggle() -> rx.Component:
    return rx.button(
        js('language() === "ru" ? "EN" : "RU"', imports=("language",)),
        size="1",
        variant="ghost",
        id="lang-toggle",
        aria_label=t("nav.language"),
        custom_attrs={"lang": _OTHER},
        on_click=LanguageState.choose(_OTHER),
        display=["inline-flex", "inline-flex", "none"],
    )


def language_switch() -> rx.Component:
    return rx.fragment(
        rx.hstack(
            *[_choice(lang) for lang in LANGUAGES],
            aria_label=t("nav.language"),
            custom_attrs={"role": "group"},
            id="language-switch",
            spacing="1",
            align="center",
            display=["none", "none", "flex"],
        ),
        _phone_toggle(),
    )
