"""Issue 18: the README's settings table is the declared settings, so none is added, renamed or dropped silently."""

from __future__ import annotations

import re

from store_app.core.settings import PROJECT_ROOT, Settings, settings_table


def _readme_table() -> str:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^\| variable \| default \| meaning \|\n(?:\|.*\n)+", readme, flags=re.MULTILINE)
    assert match, "README.md has no settings table"
    return match.group(0).strip()


def test_readme_table_lists_every_declared_setting_with_its_default() -> None:
    readme_rows = _readme_table().splitlines()
    names = [re.match(r"\| `(\w+)` \|", row).group(1) for row in readme_rows[2:]]  # type: ignore[union-attr]
    assert names == [name.upper() for name in Settings.model_fields], (
        "README settings table and store_app/core/settings.py differ; print the table with "
        "`.venv/bin/python -m store_app.core.settings`"
    )
    assert readme_rows == settings_table().splitlines()


def test_the_table_shows_the_real_defaults() -> None:
    rows = {row.split(" | ")[0].strip("| `"): row.split(" | ")[1] for row in settings_table().splitlines()[2:]}
    assert rows["SMTP_PORT"] == "`587`"
    assert rows["HOST"] == "`127.0.0.1`"
    assert rows["SMTP_TLS"] == "`1`"
    assert rows["LOG_MAIL_BODIES"] == "`0`"
    assert rows["REDIS_URL"] == "empty"
