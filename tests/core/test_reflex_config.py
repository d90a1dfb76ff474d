"""rxconfig.py (README "Settings": DATA_DIR, REDIS_URL): whatever Reflex writes lives in DATA_DIR/reflex,
mode 0700 even when the folder was made before with looser bits, and tab state stays in the process's memory
unless REDIS_URL is set."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# A fresh interpreter: rxconfig sets Reflex's environment when it is first imported.
PROBE = """
import json, os
import rxconfig
print(json.dumps({
    "uploads": os.environ["REFLEX_UPLOADED_FILES_DIR"],
    "states": os.environ["REFLEX_STATES_WORKDIR"],
    "mode": rxconfig.config.state_manager_mode.value,
}))
"""


def _config(data_dir: Path, **env: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("REFLEX_") and k != "REDIS_URL"}
    environment.update(DATA_DIR=str(data_dir), DB_URL=f"sqlite:///{data_dir / 'store.db'}", **env)
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_reflex_writes_under_data_dir_readable_by_the_shops_user_only(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    (data_dir / "reflex").mkdir(parents=True)
    (data_dir / "reflex").chmod(0o755)

    config = _config(data_dir)

    reflex_dir = data_dir / "reflex"
    assert stat.S_IMODE(reflex_dir.stat().st_mode) == 0o700
    assert Path(config["uploads"]).parent == reflex_dir and Path(config["states"]).parent == reflex_dir
    assert config["mode"] == "memory"  # nothing pickled to disk


def test_with_redis_url_tab_state_lives_in_redis(tmp_path: Path) -> None:
    assert _config(tmp_path / "data", REDIS_URL="redis://127.0.0.1:6379/15")["mode"] == "redis"
