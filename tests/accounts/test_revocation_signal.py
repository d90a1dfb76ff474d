"""The file form of the session revocation signal (no Redis): every bump changes the signal, the file is
trimmed instead of growing forever, and workers bumping at once while it is trimmed lose nothing."""

from __future__ import annotations

import multiprocessing

import pytest

from store_app.accounts.sessions import revocation
from store_app.core.settings import get_settings

BUMPS_EACH = 150
PROCESSES = 4


def test_every_bump_changes_the_signal_and_the_file_stays_short(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(revocation, "TRIM_AT_BYTES", 16)
    seen = {revocation.current_signal()}
    for _ in range(100):
        revocation.bump()
        signal = revocation.current_signal()
        assert signal not in seen  # a tab that saw any earlier signal checks its session again
        seen.add(signal)
    assert revocation._signal_file().stat().st_size < 16


def _bump_many(threshold: int) -> None:
    revocation.TRIM_AT_BYTES = threshold
    get_settings.cache_clear()
    for _ in range(BUMPS_EACH):
        revocation.bump()


def test_workers_bumping_while_the_file_is_trimmed_keep_it_short_and_whole() -> None:
    threshold = 64
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_bump_many, args=(threshold,)) for _ in range(PROCESSES)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert [worker.exitcode for worker in workers] == [0] * PROCESSES
    path = revocation._signal_file()
    # Each worker rewrites a byte that fell into a replaced file, so the file is never over the limit by more
    # than the bumps in flight, and no temporary file is left behind.
    assert 0 < path.stat().st_size < threshold + PROCESSES
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(path.name)] == [path.name]
