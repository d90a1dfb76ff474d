"""The README's "Running on PostgreSQL and Redis" recipe is what the scaled-out browser tests run."""

from __future__ import annotations

import os
import re
import shlex
import subprocess

from store_app.core.settings import PROJECT_ROOT
from tests.e2e.scaled.conftest import RUN_SCALED

README = PROJECT_ROOT / "README.md"


def _recipe() -> list[str]:
    text = README.read_text()
    section = text[text.index("## Running on PostgreSQL and Redis") :]
    block = re.search(r"```bash\n(.*?)```", section, re.S)
    assert block, "the section has no bash block"
    return [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_the_recipe_sets_what_the_test_server_gets_and_runs_the_same_target() -> None:
    lines = _recipe()
    exported = {word.split("=")[0] for line in lines if line.startswith("export ") for word in shlex.split(line)[1:]}
    assert exported == {"DB_URL", "REDIS_URL", "APP_ENV", "SECRET_KEY"}
    assert "APP_ENV=production" in " ".join(lines)
    (make_line,) = [line for line in lines if line.startswith("make ")]
    words = shlex.split(make_line)
    assert words[:2] == ["make", RUN_SCALED[-1]] and RUN_SCALED[0] == "make"
    assert {word.split("=")[0] for word in words[2:]} == {"WORKERS", "STATE_EXPIRY"}


def test_make_run_scaled_refuses_to_start_without_postgres_and_redis() -> None:
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", "run-scaled", "WORKERS=2", "STATE_EXPIRY=60"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    # The dry run prints the commands the recipe runs: the guard, the migrations, the workers and the expiry.
    assert 'test -n "$DB_URL" -a -n "$REDIS_URL"' in result.stdout
    assert "store_app.manage setup" in result.stdout
    assert "GRANIAN_WORKERS=2 REFLEX_REDIS_TOKEN_EXPIRATION=60" in result.stdout
    assert "REFLEX_OPLOCK_ENABLED=1" in result.stdout  # the state lease is on unless STATE_LEASE=0
    refused = subprocess.run(
        ["bash", "-c", next(line for line in result.stdout.splitlines() if line.startswith("test -n"))],
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 2 and "run-scaled needs DB_URL and REDIS_URL" in refused.stderr


def test_run_scaled_defaults_to_one_worker_per_core_plus_one_an_hour_of_state_and_the_lease() -> None:
    def dry_run(*assignments: str) -> str:
        environment = {k: v for k, v in os.environ.items() if k not in {"WORKERS", "STATE_EXPIRY", "STATE_LEASE"}}
        return subprocess.run(
            ["make", "--no-print-directory", "-n", "run-scaled", *assignments],
            cwd=PROJECT_ROOT,
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    cores = int(subprocess.run(["nproc"], capture_output=True, text=True, check=True).stdout)
    assert f"GRANIAN_WORKERS={cores + 1} REFLEX_REDIS_TOKEN_EXPIRATION=3600 REFLEX_OPLOCK_ENABLED=1" in dry_run()
    assert "REFLEX_OPLOCK_ENABLED=0" in dry_run("STATE_LEASE=0")  # Reflex's default
