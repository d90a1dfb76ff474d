"""A Reflex plugin: once the pages are built, the browser's texts module keeps only the keys they use.

Texts only the server writes (field errors, mails, notices) never reach the bundle. Light on purpose:
rxconfig.py imports it; the module with the states is read only when the frontend compiles.
"""

from __future__ import annotations

from typing import Any

from reflex_base.plugins.base import Plugin


def _texts_module() -> tuple[str, str]:
    from store_app.ui import language

    return language.BUILD_PATH, language.browser_module(language.used_keys() or None)


class BrowserTexts(Plugin):
    def pre_compile(self, **context: Any) -> None:
        # Runs after the pages are evaluated (every `t()` of theirs is known) and before the files are written.
        context["add_save_task"](_texts_module)
