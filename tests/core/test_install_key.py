"""Issue 9 §1: with SECRET_KEY unset, each install signs with a key of its own, made once, shared by every process."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import stat
from pathlib import Path

import jwt
import pytest

from store_app.core import clock
from store_app.core.install_key import KEY_FILE_NAME, install_key
from store_app.core.settings import SettingsError, get_settings, load_settings
from store_app.core.tokens import ACCESS, InvalidToken, decode_token, issue_token

# The constant that signed every token of a default install before issue 9 (it is in the git history).
OLD_SOURCE_KEY = "dev-only-secret-key-change-me-in-production-0000"


def test_an_unset_key_is_made_once_owner_only_and_reused(tmp_path: Path) -> None:
    first = load_settings().secret_key
    key_file = Path(get_settings().data_dir) / KEY_FILE_NAME
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first) >= 64
    assert load_settings().secret_key == first
    assert key_file.read_text().strip() == first


def test_two_installs_sign_with_different_keys(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    keys = set()
    for install in ("one", "two"):
        monkeypatch.setenv("DATA_DIR", str(tmp_path / install))
        keys.add(load_settings().secret_key)
    assert len(keys) == 2


def test_a_token_signed_with_the_old_source_key_is_refused() -> None:
    now = int(clock.now().timestamp())
    forged = jwt.encode(
        {"sub": "1", "sid": 1, "type": ACCESS, "jti": "x", "iat": now, "exp": now + 60}, OLD_SOURCE_KEY, "HS256"
    )
    with pytest.raises(InvalidToken):
        decode_token(forged, token_type=ACCESS)
    own = issue_token(subject="1", token_type=ACCESS, lifetime=dt.timedelta(minutes=1))
    assert decode_token(own.token, token_type=ACCESS).subject == "1"


def _race(data_dir: str, barrier: multiprocessing.synchronize.Barrier, keys: multiprocessing.Queue) -> None:
    barrier.wait()
    keys.put(install_key(Path(data_dir)))


def test_workers_starting_at_once_agree_on_one_key(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    barrier, keys = context.Barrier(8), context.Queue()
    workers = [context.Process(target=_race, args=(str(tmp_path / "fresh"), barrier, keys)) for _ in range(8)]
    for worker in workers:
        worker.start()
    seen = {keys.get(timeout=30) for _ in workers}
    for worker in workers:
        worker.join(timeout=30)
    assert len(seen) == 1
    assert sorted(path.name for path in (tmp_path / "fresh").iterdir()) == [KEY_FILE_NAME]


def test_production_never_makes_a_key_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "production")
    settings = load_settings()
    assert settings.secret_key == ""
    assert not (settings.data_dir / KEY_FILE_NAME).exists()
    with pytest.raises(SettingsError, match="SECRET_KEY"):
        settings.check()


def test_a_damaged_key_file_stops_the_start_naming_the_file(tmp_path: Path) -> None:
    data_dir = get_settings().data_dir
    (data_dir / KEY_FILE_NAME).write_text("short\n")
    with pytest.raises(SettingsError, match=KEY_FILE_NAME):
        load_settings()


def test_the_source_holds_no_signing_key_any_more() -> None:
    import store_app.core.settings as settings_module

    assert not hasattr(settings_module, "DEV_SECRET_KEY")
