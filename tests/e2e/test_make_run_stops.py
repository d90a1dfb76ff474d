"""`make run` and Ctrl-C (README "The two commands"): the terminal sends SIGINT to the foreground process group,
and nothing `make run` started is left running afterwards, whether it was still building the frontend (bun) or
already serving (Reflex and its Granian worker). The run is the README's own command on a free port with a data
folder and frontend folder of its own; every process it starts inherits a marker in its environment, which finds
them wherever they go (another process group or session)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from store_app.core.settings import PROJECT_ROOT
from tests.e2e.shop_servers import free_port
from tests.utils.processes import command_line, with_environment

pytestmark = pytest.mark.slow
MARKER = "STORE_APP_MAKE_RUN_TEST"
# `-o`: the installs are there already (make test did them).
MAKE_RUN = ["make", "--no-print-directory", "-o", ".venv/.installed", "run"]
START_TIMEOUT = 600


class Run:
    def __init__(self, folder: Path) -> None:
        self.marker = uuid.uuid4().hex
        self.port = free_port()
        self.url = f"http://localhost:{self.port}"
        environment = {
            name: value for name, value in os.environ.items() if name not in {"REDIS_URL", "DB_URL", "GRANIAN_WORKERS"}
        }
        environment.update(
            {
                MARKER: self.marker,
                "APP_ENV": "test",
                "DATA_DIR": str(folder / "data"),
                "LOAD_DEMO_DATA": "0",
                "PUBLIC_URL": self.url,
                "REFLEX_WEB_WORKDIR": str(folder / "web"),
                "REFLEX_STATES_WORKDIR": str(folder / "states"),
            }
        )
        self.log = (folder / "make-run.log").open("wb")
        # A process group of its own, as a terminal's foreground job: Ctrl-C is SIGINT to that group.
        self.proc = subprocess.Popen(
            [*MAKE_RUN, f"PORT={self.port}"],
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.seen: dict[int, str] = {}

    def processes(self) -> dict[int, str]:
        found = {pid: command_line(pid) for pid in with_environment(MARKER, self.marker)}
        self.seen.update(found)
        return found

    def wait_for(self, condition, what: str) -> None:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"make run exited with {self.proc.returncode} before {what}"
            if condition():
                return
            time.sleep(0.5)
        raise AssertionError(f"no {what} within {START_TIMEOUT} s")

    def serving(self) -> bool:
        self.processes()
        try:
            with urllib.request.urlopen(self.url + "/healthz", timeout=5) as response:
                return response.status == 200
        except OSError:
            return False

    def ctrl_c(self) -> list[str]:
        """SIGINT to the group, then what of the run is still alive once `make` has exited (and a moment after)."""
        os.killpg(self.proc.pid, signal.SIGINT)
        self.proc.wait(timeout=60)
        deadline = time.monotonic() + 10
        while (left := self.processes()) and time.monotonic() < deadline:
            time.sleep(0.5)
        return [f"{pid} {command}" for pid, command in left.items()]

    def close(self) -> None:
        for pid in with_environment(MARKER, self.marker):  # whatever a failed run left: by its pid
            os.kill(pid, signal.SIGKILL)
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.log.close()


def _builds(command: str) -> bool:
    """The frontend build itself (Vite, run by bun), after the package install."""
    return "bun" in command and "install" not in command


@pytest.fixture
def make_run(tmp_path: Path) -> Iterator[Run]:
    run = Run(tmp_path)
    yield run
    run.close()


def test_ctrl_c_while_make_run_builds_the_frontend_leaves_nothing_running(make_run: Run) -> None:
    make_run.wait_for(lambda: any(_builds(command) for command in make_run.processes().values()), "frontend build")
    left = make_run.ctrl_c()
    print(f"{len(make_run.seen)} processes seen: {sorted(make_run.seen.values())}")
    assert any(_builds(command) for command in make_run.seen.values())
    assert left == [], "\n".join(left)


def test_ctrl_c_while_make_run_serves_leaves_nothing_running(make_run: Run) -> None:
    make_run.wait_for(make_run.serving, "shop answering /healthz")
    running = make_run.processes()
    left = make_run.ctrl_c()
    print(f"{len(make_run.seen)} processes seen, {len(running)} while serving: {sorted(running.values())}")
    assert any("reflex" in command for command in running.values())
    assert left == [], "\n".join(left)
