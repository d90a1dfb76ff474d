"""Avatars (SPEC A6, H6): decode the upload with Pillow, refuse anything odd, store a clean re-encoded copy.

Only the re-encoded image is ever written, under a random name in `media_dir/avatars` (outside the
code tree), so nothing the shopper sent (metadata, a trailing HTML payload, the file name) is kept.
"""

from __future__ import annotations

import io
import logging
import os
import re
import secrets
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageOps
from sqlalchemy import event
from sqlmodel import Session

from store_app.accounts.history import record_account_event
from store_app.accounts.models import User
from store_app.accounts.profile.service import get_profile
from store_app.audit.kinds import EventKind
from store_app.core import clock
from store_app.core.errors import DomainError
from store_app.core.i18n import t
from store_app.core.settings import get_settings

logger = logging.getLogger(__name__)

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 4096
AVATAR_SIDE = 256
ALLOWED_FORMATS = ("PNG", "JPEG", "WEBP")
ALLOWED_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
URL_PREFIX = "/media/avatars/"
STORED_NAME_RE = re.compile(r"[0-9a-f]{32}\.webp")


class AvatarRejected(DomainError):
    """The upload is not an acceptable picture; nothing was stored."""

    status_code = 422

    def __init__(self, message: str) -> None:
        super().__init__(message, field="avatar")


def avatar_folder() -> Path:
    return get_settings().media_dir / "avatars"


def avatar_url(stored_name: str) -> str:
    """Where the browser fetches an avatar; empty when the user has none."""
    return URL_PREFIX + stored_name if stored_name else ""


def check_upload(filename: str, data: bytes) -> None:
    """The cheap checks, before any decoding: a plain file name of an allowed type, not empty, not too big."""
    if not data:
        raise AvatarRejected(t("avatar.error.empty"))
    if len(data) > MAX_BYTES:
        raise AvatarRejected(t("avatar.error.too_big", mb=MAX_BYTES // (1024 * 1024)))
    if any(part in filename for part in ("/", "\\", "\x00", "..")) or filename.startswith("."):
        raise AvatarRejected(t("avatar.error.name"))
    if not filename.lower().endswith(ALLOWED_SUFFIXES):
        raise AvatarRejected(t("avatar.error.type"))


def render_avatar(data: bytes) -> bytes:
    """The upload decoded, checked, squared to AVATAR_SIDE and re-encoded as WebP without metadata."""
    try:
        image = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
    except Image.DecompressionBombError:
        raise AvatarRejected(t("avatar.error.pixels", side=MAX_SIDE)) from None
    except Exception:  # Pillow raises many kinds for hostile input; all mean "not a picture we take"
        raise AvatarRejected(t("avatar.error.type")) from None
    with image:
        # The header alone gives the size: refuse decompression bombs before a pixel is decoded.
        if image.width > MAX_SIDE or image.height > MAX_SIDE:
            raise AvatarRejected(t("avatar.error.pixels", side=MAX_SIDE))
        if image.format == "JPEG":
            image.draft("RGB", (AVATAR_SIDE * 2, AVATAR_SIDE * 2))  # decode a smaller JPEG: less memory and time
        try:
            image.load()
            upright = ImageOps.exif_transpose(image)
        except Exception:
            raise AvatarRejected(t("avatar.error.broken")) from None
    mode = "RGBA" if upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info else "RGB"
    square = ImageOps.fit(upright.convert(mode), (AVATAR_SIDE, AVATAR_SIDE), Image.Resampling.LANCZOS)
    square.info = {}  # no EXIF, XMP or ICC from the upload reaches the stored file
    out = io.BytesIO()
    square.save(out, format="WEBP", quality=85, method=4)
    return out.getvalue()


def _write_new_file(content: bytes) -> Path:
    folder = avatar_folder()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{secrets.token_hex(16)}.webp"
    partial = target.with_suffix(".part")
    partial.write_bytes(content)
    os.replace(partial, target)  # readers never see a half-written avatar
    return target


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        logger.warning("could not remove avatar file %s", path.name)


def _after_transaction(session: Session, *, committed: Callable[[], None], rolled_back: Callable[[], None]) -> None:
    """Run file work once the caller's transaction is decided, so files and rows never disagree."""
    outcome = {"done": False}

    def on_commit(_session: Session) -> None:
        if not outcome["done"]:
            outcome["done"] = True
            committed()

    def on_end(_session: Session, transaction) -> None:  # type: ignore[no-untyped-def]
        if transaction.parent is None and not outcome["done"]:
            outcome["done"] = True
            rolled_back()

    event.listen(session, "after_commit", on_commit)
    event.listen(session, "after_transaction_end", on_end)


def _replace_avatar_file(session: Session, *, user: User, new_name: str, ip: str) -> None:
    assert user.id is not None
    profile = get_profile(session=session, user_id=user.id)
    old_name = profile.avatar_path
    profile.avatar_path = new_name
    profile.updated_at = clock.now()
    session.add(profile)
    record_account_event(
        session=session, kind=EventKind.PROFILE_CHANGED, user=user, ip=ip, details={"fields": ["avatar"]}
    )
    session.flush()
    new_path = avatar_folder() / new_name if new_name else None
    _after_transaction(
        session,
        committed=lambda: _remove_quietly(avatar_folder() / old_name) if old_name else None,
        rolled_back=lambda: _remove_quietly(new_path) if new_path else None,
    )


def save_avatar(*, session: Session, user_id: int, filename: str, data: bytes, ip: str = "") -> str:
    """Check and store the upload as the user's avatar; returns its URL. The old file goes on commit."""
    check_upload(filename, data)
    content = render_avatar(data)
    user = session.get(User, user_id)
    if user is None:
        raise AvatarRejected(t("profile.error.not_found"))
    path = _write_new_file(content)
    try:
        _replace_avatar_file(session, user=user, new_name=path.name, ip=ip)
    except BaseException:
        _remove_quietly(path)
        raise
    return avatar_url(path.name)


def remove_avatar(*, session: Session, user_id: int, ip: str = "") -> None:
    """Forget the user's avatar; the file is deleted once the transaction commits."""
    user = session.get(User, user_id)
    if user is not None and get_profile(session=session, user_id=user_id).avatar_path:
        _replace_avatar_file(session, user=user, new_name="", ip=ip)


def delete_avatar_file_on_commit(*, session: Session, stored_name: str) -> None:
    """For account deletion: the file goes when the deletion commits."""
    if stored_name:
        _after_transaction(
            session, committed=lambda: _remove_quietly(avatar_folder() / stored_name), rolled_back=lambda: None
        )


def stored_avatar_path(name: str) -> Path | None:
    """The file for a stored name, or None: only our random names, only inside the avatar folder."""
    if not STORED_NAME_RE.fullmatch(name):
        return None
    path = avatar_folder() / name
    return path if path.is_file() else None
