"""Password hashing with argon2id (passlib/libpass). Blocking: call from a worker thread."""

from __future__ import annotations

import unicodedata

from passlib.context import CryptContext

# OWASP / ASVS 5.0 minimum for argon2id: 19 MiB of memory, 2 passes, 1 lane.
ARGON2_MEMORY_KIB = 19_456
ARGON2_TIME_COST = 2
ARGON2_PARALLELISM = 1

_context = CryptContext(
    schemes=["argon2"],
    argon2__type="ID",
    argon2__memory_cost=ARGON2_MEMORY_KIB,
    argon2__rounds=ARGON2_TIME_COST,
    argon2__parallelism=ARGON2_PARALLELISM,
)

# Verified against when the account does not exist, so unknown logins cost one hash too.
_DUMMY_HASH = _context.hash("store_app dummy password, never matches")


def _normalised(password: str) -> str:
    # The same password typed on another keyboard may arrive composed differently (é vs e + accent);
    # NFC makes both hash alike, and matches how the length rule counts characters.
    return unicodedata.normalize("NFC", password)


def hash_password(password: str) -> str:
    return _context.hash(_normalised(password))


def verify_password(password: str, password_hash: str | None) -> bool:
    """True when `password` matches; with no hash, spends the same time and returns False."""
    if not password_hash:
        _context.verify(_normalised(password), _DUMMY_HASH)
        return False
    try:
        return _context.verify(_normalised(password), password_hash)
    except (ValueError, TypeError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return _context.needs_update(password_hash)
