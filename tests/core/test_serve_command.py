"""Issue 9 §1: `make run` (manage serve) and a plain `reflex run` bind to HOST, loopback unless told otherwise."""

from __future__ import annotations

import subprocess

import pytest

from store_app import manage
from store_app.core.settings import PROJECT_ROOT


def _serve_arguments(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    started: list[list[str]] = []
    monkeypatch.setattr(manage.os, "execv", lambda path, argv: started.append(argv))
    assert manage.main(["serve"]) == 0
    return started[0]


def _option(argv: list[str], name: str) -> str:
    return argv[argv.index(name) + 1]


def test_serve_listens_on_loopback_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    argv = _serve_arguments(monkeypatch)
    assert argv[1:4] == ["run", "--env", "prod"]
    assert _option(argv, "--backend-host") == "127.0.0.1"
    assert _option(argv, "--frontend-port") == _option(argv, "--backend-port") == "3000"


def test_host_and_port_open_it_where_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOST", "0.0.0.0")  # noqa: S104 - the documented way to open the shop to the network
    monkeypatch.setenv("PORT", "8080")
    argv = _serve_arguments(monkeypatch)
    assert _option(argv, "--backend-host") == "0.0.0.0"  # noqa: S104
    assert _option(argv, "--backend-port") == "8080"


def test_reflex_config_binds_to_the_host_setting() -> None:
    from rxconfig import config

    assert config.backend_host == "127.0.0.1"


def _dry_run(target: str) -> list[str]:
    done = subprocess.run(
        ["make", "--no-print-directory", "-n", target], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout.splitlines()


def test_make_run_installs_then_migrates_and_loads_the_demo_data_then_serves() -> None:
    lines = _dry_run("run")
    setup = lines.index(".venv/bin/python -m store_app.manage setup")
    assert lines[setup + 1] == "exec .venv/bin/python -m store_app.manage serve"
    # Whatever install steps are due come first (none when everything is installed: a second run starts at once).
    assert all("store_app.manage" not in line for line in lines[:setup])


def test_make_lint_and_make_test_run_ruff_before_pytest() -> None:
    assert _dry_run("lint")[-2:] == [".venv/bin/ruff check .", ".venv/bin/ruff format --check ."]
    tests = _dry_run("test")
    assert tests[-2:] == [".venv/bin/ruff check .", ".venv/bin/pytest --durations=30"]
