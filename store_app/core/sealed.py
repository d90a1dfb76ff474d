"""Small secrets sealed for storage or for a URL: AES-GCM with a key derived from SECRET_KEY per purpose.

Each purpose ("mfa secret", "login hint"...) gets its own key (HKDF-SHA256 with the purpose as the
label), so a value sealed for one use never opens for another; `bound_to` (e.g. "user:7") is
authenticated too, so a sealed value copied onto another row does not open there. Changing
SECRET_KEY makes every sealed value unreadable (like every session): `unseal` then says None.
"""

from __future__ import annotations

import base64
import binascii
import functools
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from store_app.core.settings import get_settings

PREFIX = "v1."
_NONCE_BYTES = 12


@functools.lru_cache(maxsize=32)
def _key(purpose: str, secret_key: str) -> AESGCM:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=f"store_app {purpose}".encode()).derive(
        secret_key.encode()
    )
    return AESGCM(derived)


def _cipher(purpose: str, secret_key: str | None) -> AESGCM:
    return _key(purpose, secret_key if secret_key is not None else get_settings().secret_key)


def seal(plaintext: str, *, purpose: str, bound_to: str = "", secret_key: str | None = None) -> str:
    """`plaintext` encrypted and authenticated, as URL-safe text starting with "v1."."""
    nonce = os.urandom(_NONCE_BYTES)
    sealed = _cipher(purpose, secret_key).encrypt(nonce, plaintext.encode(), bound_to.encode())
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")


def is_sealed(value: str) -> bool:
    return value.startswith(PREFIX)


def unseal(value: str, *, purpose: str, bound_to: str = "", secret_key: str | None = None) -> str | None:
    """The plaintext of a value `seal` made with the same purpose, binding and key; None for anything else."""
    if not is_sealed(value) or len(value) > 8192:
        return None
    body = value[len(PREFIX) :]
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        if len(raw) <= _NONCE_BYTES:
            return None
        opened = _cipher(purpose, secret_key).decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], bound_to.encode())
        return opened.decode()
    except (InvalidTag, binascii.Error, ValueError, UnicodeDecodeError):
        return None
