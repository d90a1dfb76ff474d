"""The README's "Layout" section names every package of store_app, and only folders that exist (the
gettext catalogues' folder is data, not a package)."""

from __future__ import annotations

import re
from pathlib import Path

from store_app.core.settings import PROJECT_ROOT

ROOT = Path(PROJECT_ROOT)


def _layout_block() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Layout", 1)[1]
    return section.split("```", 2)[1].splitlines()


def _named_packages() -> set[str]:
    """`store_app/<pkg>/` and `store_app/<pkg>/<sub>/` as the block's indentation nests them."""
    named: set[str] = set()
    parent = ""
    for line in _layout_block():
        match = re.match(r"^( *)([a-z_]+)/ ", line + " ")
        if not match:
            continue
        indent, name = len(match.group(1)), match.group(2)
        if indent == 2:
            parent = name
            named.add(name)
        elif indent == 4 and parent:
            named.add(f"{parent}/{name}")
    return named


def _packages() -> set[str]:
    """Top-level packages and their sub-packages (core/locales is the i18n catalogues' data, not a room)."""
    base = ROOT / "store_app"
    found = {path.parent.relative_to(base).as_posix() for path in base.glob("*/__init__.py")}
    found |= {path.parent.relative_to(base).as_posix() for path in base.glob("*/*/__init__.py")}
    return found - {"core/locales"}


def test_every_package_is_in_the_readme_layout_and_every_named_one_exists() -> None:
    named = _named_packages()
    assert _packages() - named == set(), "packages the README's layout does not name"
    missing = {name for name in named if not (ROOT / "store_app" / name).is_dir()}
    assert missing == set(), "folders the README's layout names that do not exist"
