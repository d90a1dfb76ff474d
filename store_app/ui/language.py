"""The shopper's language in the browser and in the tab (SPEC H7): one bundle for both languages.

While the pages compile, `t("key")` becomes `tr("key", {params})`, a call into a small JS module written
from the gettext catalogues (both languages, once, `assets/external/store_app_i18n/texts.js`); so a page
holds no text of its own and no catalogue is ever tab state. The module keeps the language in the `lang`
cookie; `LanguageRoot` (an app wrap just around the pages) re-mounts the pages when it changes, so every
text, title and attribute follows at once, without a reload, and sets `<html lang>`.

The tab keeps only the language code (`LanguageState.lang`, the same cookie): `EventLanguage` serves every
event in it, so what a handler writes (field errors, notices, money, dates) is in the shopper's language.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import reflex as rx
from reflex.middleware import Middleware
from reflex.state import OnLoadInternalState
from reflex_base.constants.state import FIELD_MARKER
from reflex_base.environment import EnvironmentVariables
from reflex_base.utils.imports import ImportVar
from reflex_base.vars import VarData
from reflex_base.vars.base import LiteralVar, Var

from store_app.core import i18n
from store_app.core.http_language import COOKIE, COOKIE_MAX_AGE
from store_app.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, catalogue, supported, use_language

logger = logging.getLogger(__name__)

# Under the app's assets/ (git ignores external/); Reflex copies assets/ into the build when it compiles.
ASSET_DIR = Path("assets") / "external" / "store_app_i18n"
MODULE = "$/public/external/store_app_i18n/texts.js"
BUILD_PATH = "public/external/store_app_i18n/texts.js"  # the same file in the build, under .web/
# The keys the pages asked for while they were built (ui/texts_plugin.py ships only these).
_USED: set[str] = set()

# Awaited with (state, language) after a shopper switches: the accounts domain keeps it on the profile.
CHOSEN_HOOKS: list[Callable[[rx.State, str], Awaitable[None]]] = []
# Pages whose on_load handlers are safe to run again, so texts written by the server follow a switch.
RELOAD_ON_SWITCH: set[str] = set()

_RUNTIME = """
const DEFAULT = "%(default)s";
const readCookie = () => {
  if (typeof document === "undefined") return null;
  const found = document.cookie.match(/(?:^|;\\s*)%(cookie)s=([a-z]{2})/);
  return found && MESSAGES[found[1]] ? found[1] : null;
};
// The pages are prerendered in DEFAULT (no document, so no cookie, at build time): whatever renders before
// LanguageRoot during hydration must write DEFAULT too.
let current = DEFAULT;
export const language = () => current;
export function tr(key, params) {
  let entry = MESSAGES[current][key] ?? MESSAGES[DEFAULT][key] ?? key;
  if (Array.isArray(entry)) {
    const count = Math.abs(Math.trunc(Number(params?.count ?? 1))) || 0;
    entry = entry[Math.min(PLURAL[current](count), entry.length - 1)];
  }
  if (!params) return entry;
  return entry.replace(/\\{(\\w+)\\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}
const unchanging = () => () => {};
// The tab's language once the tab is hydrated (the server writes the cookie), the cookie's until then. The
// first render hydrates the prerendered page, so it must write what the page says: DEFAULT (React reads the
// server snapshot then). A browser in another language is shown it right after, by a re-mount. Reading the
// cookie in that first render made every text differ from the page (React error 418): React rendered the
// document afresh, which put the stylesheet with Radix's classes after the components' own styles, so
// `.rt-Flex { display: flex }` beat each `display` a component sets (the phone's and the wide screen's
// language switch both showed, category links ran together, the phone's filter panel was open).
export function LanguageRoot({ lang, hydrated, children }) {
  const browser = useSyncExternalStore(unchanging, () => readCookie() || DEFAULT, () => DEFAULT);
  const shown = hydrated && MESSAGES[lang] ? lang : browser;
  current = shown;
  useEffect(() => {
    document.documentElement.lang = shown;
  }, [shown]);
  return createElement(Fragment, { key: shown }, children);
}
"""


def used_keys() -> set[str]:
    return set(_USED)


def browser_module(keys: set[str] | None = None) -> str:
    """The JS module: both catalogues (all keys, or `keys`), their plural rules (gettext's C expressions are
    valid JS) and `tr`."""
    messages = {
        lang: {key: text for key, text in catalogue(lang).messages.items() if keys is None or key in keys}
        for lang in LANGUAGES
    }
    plural = ",\n".join(f"  {lang}: (n) => Number({catalogue(lang).plural_expr})" for lang in LANGUAGES)
    return (
        "// Written by store_app/ui/language.py from store_app/locales/*/LC_MESSAGES/messages.po; do not edit.\n"
        'import { createElement, Fragment, useEffect, useSyncExternalStore } from "react";\n'
        f"const MESSAGES = {json.dumps(messages, ensure_ascii=False, separators=(',', ':'))};\n"
        f"const PLURAL = {{\n{plural}\n}};\n"
        + _RUNTIME
        % {"default": DEFAULT_LANGUAGE, "cookie": COOKIE, "max_age": COOKIE_MAX_AGE}
    )


def write_browser_module(root: Path | None = None) -> Path:
    path = (root or Path.cwd()) / ASSET_DIR / "texts.js"
    path.parent.mkdir(parents=True, exist_ok=True)
    written = browser_module()
    if not path.is_file() or path.read_text(encoding="utf-8") != written:
        path.write_text(written, encoding="utf-8")
    return path


def js(expression: str, *parts: Var, imports: tuple[str, ...] = ("tr",), var_type: Any = str) -> Var:
    """A JS expression over the texts module (and the Vars it embeds)."""
    data = VarData(imports={MODULE: [ImportVar(tag=tag) for tag in imports]})
    merged = VarData.merge(data, *(part._get_all_var_data() for part in parts))
    return Var(_js_expr=expression, _var_type=var_type, _var_data=merged)


def page_text(key: str, params: dict[str, object]) -> str:
    """`t(key)` in a page: a Var the browser resolves, embedded in a str (f-strings around it keep working)."""
    _USED.add(key)
    parts = [LiteralVar.create(key)]
    if params:
        parts.append(LiteralVar.create(params))
    arguments = ", ".join(str(part) for part in parts)
    return format(js(f"tr({arguments})", *parts))


def compiling_pages() -> bool:
    """`reflex run` / `reflex export` build the frontend in this process tree."""
    context = EnvironmentVariables.REFLEX_COMPILE_CONTEXT.get()
    return getattr(context, "value", context) in ("run", "export", "deploy")


def texts_follow_the_browser() -> None:
    """From now on `t()` without a language (outside a request or event) writes browser lookups."""
    write_browser_module()
    i18n.page_text = page_text


async def _pages_built() -> None:
    # The backend serves requests now: a `t()` outside any request or event writes plain text again.
    i18n.page_text = None


class LanguageRoot(rx.Component):
    """Re-mounts the pages under it when the language changes (see the module's docstring)."""

    library = MODULE
    tag = "LanguageRoot"

    lang: rx.Var[str]
    hydrated: rx.Var[bool]


class LanguageState(rx.State):
    """Only the language code: the texts themselves ship once in the bundle."""

    lang: str = rx.Cookie(DEFAULT_LANGUAGE, name=COOKIE, max_age=COOKIE_MAX_AGE, same_site="lax")

    @rx.event
    async def choose(self, lang: str) -> Any:
        chosen = supported(lang)
        if chosen is None:
            return None
        self.lang = chosen
        use_language(chosen)
        for hook in CHOSEN_HOOKS:
            await hook(self, chosen)
        if self.router.page.path in RELOAD_ON_SWITCH:
            return OnLoadInternalState.on_load_internal
        return None


_LANG_VAR = f"{LanguageState.get_full_name()}.lang{FIELD_MARKER}"


def _browser_language(event: Any) -> str | None:
    """The cookie's language when the event carries the browser's storage (hydration)."""
    payload = getattr(event, "payload", None)
    values = payload.get("vars") if isinstance(payload, dict) else None
    return supported(values.get(_LANG_VAR)) if isinstance(values, dict) else None


class EventLanguage(Middleware):
    """Serves each event in the tab's language."""

    async def preprocess(self, app: Any, state: Any, event: Any) -> None:
        lang = _browser_language(event)
        if lang is None:
            lang = (await state.get_state(LanguageState)).lang
        use_language(lang)
        return None


def install(app: rx.App, *, reload_routes: set[str]) -> None:
    """Wire the language into the app: page texts (when building pages), the page wrap, the event
    middleware, the pages the switch reloads. Call it before the pages are built (they build on compile)."""
    if compiling_pages():
        texts_follow_the_browser()
    app.app_wraps[(1, "LanguageRoot")] = lambda _stateful: LanguageRoot.create(
        lang=LanguageState.lang, hydrated=rx.State.is_hydrated
    )
    # Last: after the session binding and the error-report limit have turned away what they refuse.
    app.add_middleware(EventLanguage())
    app.register_lifespan_task(_pages_built)
    RELOAD_ON_SWITCH.update(reload_routes)
