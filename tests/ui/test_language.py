"""The browser side of the language (issue 12): a page's `t()` is a lookup the bundle resolves, f-strings
around it keep working, and the JS module (run by Bun) writes every text as the server does, plurals too."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from reflex_base.vars.base import LiteralVar

from store_app.core import i18n
from store_app.core.i18n import LANGUAGES, catalogue, t
from store_app.core.settings import PROJECT_ROOT
from store_app.ui import language

BUN = PROJECT_ROOT / ".tools" / "bun" / "node_modules" / ".bin" / "bun"
COUNTS = (0, 1, 2, 4, 5, 11, 21, 22, 25, 101)


@pytest.fixture
def pages_building():
    previous = i18n.page_text
    i18n.page_text = language.page_text
    yield
    i18n.page_text = previous


def test_a_page_text_is_a_lookup_in_the_texts_module(pages_building: None) -> None:
    var = LiteralVar.create(t("nav.cart"))
    assert str(var) == 'tr("nav.cart")'
    data = var._get_all_var_data()
    assert data is not None and language.MODULE in dict(data.imports)


def test_f_strings_around_page_texts_stay_lookups(pages_building: None) -> None:
    title = LiteralVar.create(f"{t('cart.title')} — {t('shop.name')}")
    assert 'tr("cart.title")' in str(title) and 'tr("shop.name")' in str(title)
    assert "Корзина" not in str(title)


def test_params_and_counts_go_to_the_browser(pages_building: None) -> None:
    assert str(LiteralVar.create(t("catalog.found", count=5))) == 'tr("catalog.found", ({ ["count"] : 5 }))'


def test_a_language_being_served_or_given_writes_plain_text(pages_building: None) -> None:
    assert t("nav.cart", "en") == "Cart"
    with i18n.language("en"):
        assert t("nav.cart") == "Cart"


def _bun_texts(tmp_path: Path) -> dict[str, dict[str, str]]:
    module = language.browser_module().replace(
        'import { createElement, Fragment, useEffect, useSyncExternalStore } from "react";',
        "const createElement = () => null, Fragment = null, useEffect = () => {};\n"
        "const useSyncExternalStore = (subscribe, snapshot) => snapshot();",
    )
    (tmp_path / "texts.mjs").write_text(module, encoding="utf-8")
    cases = {key: sorted(i18n.placeholders(str(entry))) for key, entry in catalogue("ru").messages.items()}
    script = f"""
globalThis.document = {{ cookie: "", documentElement: {{}} }};
const {{ tr, LanguageRoot }} = await import("./texts.mjs");
const cases = {json.dumps(cases)};
const counts = {json.dumps(COUNTS)};
const out = {{}};
for (const lang of {json.dumps(list(LANGUAGES))}) {{
  LanguageRoot({{ lang, hydrated: true }});  // what rendering the pages in `lang` does
  out[lang] = {{}};
  for (const [key, names] of Object.entries(cases)) {{
    for (const count of counts) {{
      const params = Object.fromEntries(names.map((name) => [name, name === "count" ? count : `<${{name}}>`]));
      params.count = count;
      out[lang][`${{key}}#${{count}}`] = tr(key, params);
    }}
  }}
}}
console.log(JSON.stringify(out));
"""
    (tmp_path / "run.mjs").write_text(script, encoding="utf-8")
    done = subprocess.run([str(BUN), "run.mjs"], cwd=tmp_path, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


@pytest.mark.skipif(not BUN.exists(), reason="Bun is installed by `make install`")
def test_the_browser_writes_every_text_as_the_server_does(tmp_path: Path) -> None:
    written = _bun_texts(tmp_path)
    mismatches = []
    for lang in LANGUAGES:
        for key, entry in catalogue(lang).messages.items():
            names = i18n.placeholders(str(entry))
            for count in COUNTS:
                params = {name: f"<{name}>" for name in names} | {"count": count}
                expected = t(key, lang, **params)
                if written[lang][f"{key}#{count}"] != expected:
                    mismatches.append((lang, key, count, written[lang][f"{key}#{count}"], expected))
    assert mismatches == []


def test_the_module_carries_both_catalogues_once() -> None:
    module = language.browser_module()
    assert module.count('"nav.cart":"Корзина"') == 1 and module.count('"nav.cart":"Cart"') == 1
    assert len(module.encode()) < 100_000


def test_the_build_ships_only_the_keys_the_pages_use() -> None:
    module = language.browser_module({"nav.cart", "catalog.found"})
    assert '"nav.cart":"Корзина"' in module and '"catalog.found":["Найден {count} товар"' in module
    assert "cart.error.sold_out" not in module
