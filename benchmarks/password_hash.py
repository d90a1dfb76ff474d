"""Median time of one argon2id password hash and one verification with the shop's parameters.

Run: .venv/bin/python -m benchmarks.password_hash [runs]
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

from store_app.core.passwords import (
    ARGON2_MEMORY_KIB,
    ARGON2_PARALLELISM,
    ARGON2_TIME_COST,
    hash_password,
    verify_password,
)


def _timed_ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def main(runs: int = 21) -> None:
    password = "benchmark-password-123"  # noqa: S105 - a throwaway value to hash
    stored = hash_password(password)
    timings: dict[str, list[float]] = {"hash": [], "verify": [], "unknown-user verify": []}
    # Interleaved, so a busy machine slows every kind alike and the medians stay comparable.
    for _ in range(runs):
        timings["hash"].append(_timed_ms(lambda: hash_password(password)))
        timings["verify"].append(_timed_ms(lambda: verify_password(password, stored)))
        timings["unknown-user verify"].append(_timed_ms(lambda: verify_password(password, None)))
    medians = ", ".join(f"{name} {statistics.median(values):.1f} ms" for name, values in timings.items())
    parameters = f"argon2id m={ARGON2_MEMORY_KIB} KiB, t={ARGON2_TIME_COST}, p={ARGON2_PARALLELISM}"
    print(f"{parameters}; median of {runs}: {medians}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 21)
