"""The install's own signing key: made once under DATA_DIR when SECRET_KEY is unset, then reused.

Threat: a key written in the source signs tokens anyone can forge. Every install therefore gets
48 random bytes of its own, readable by its owner only. Several workers may start at once: the
key is written to a private temporary file and hard-linked into place, so a reader never sees a
half-written key and exactly one of the racing writers wins; the others read the winner's key.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

KEY_FILE_NAME = "secret_key"
KEY_BYTES = 48


class KeyFileError(RuntimeError):
    """The key file exists but cannot be used; the message names the file."""


def _read(path: Path) -> str:
    key = path.read_text(encoding="ascii").strip()
    if len(key) < KEY_BYTES:
        raise KeyFileError(f"{path} holds no usable key; delete it to have a new one made")
    return key


def _write_once(path: Path) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(KEY_BYTES) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        # link() refuses an existing target: the first writer wins, a later one keeps the winner's key.
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink(missing_ok=True)


def install_key(data_dir: Path) -> str:
    """The key kept in `data_dir`, made now if there is none yet."""
    path = data_dir / KEY_FILE_NAME
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        _write_once(path)
    return _read(path)
