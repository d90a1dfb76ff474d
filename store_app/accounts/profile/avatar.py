"""Avatars (SPEC A6, H6): decode the upload with Pillow, refuse anything odd, store a clean re-encoded copy.

Only the re-encoded image is ever written, under a random name in `media_dir/avatars` (outside the
code tree), so nothing the shopper sent (metadata, a trailing HTML payload, the file name) is kept.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageOps
from sqlmodel import Session

from store_app.accounts.history import record_account_event
from store_app.accounts.models import User
from store_app.accounts.profile.service import get_profile
from store_app.audit.kinds import EventKind
from store_app.core import clock, pictures
from store_app.core.errors import DomainError
from store_app.core.i18n import t
from store_app.core.settings import get_settings

MAX_BYTES = pictures.MAX_BYTES
MAX_SIDE = pictures.MAX_SIDE
AVATAR_SIDE = 256
ALLOWED_FORMATS = pictures.ALLOWED_FORMATS
ALLOWED_SUFFIXES = pictures.ALLOWED_SUFFIXES
URL_PREFIX = "/media/avatars/"
STORED_NAME_RE = pictures.STORED_NAME_RE


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
    try:
        pictures.check_upload(filename, data, max_bytes=MAX_BYTES)
    except pictures.PictureError as exc:
        raise AvatarRejected(str(exc)) from None


def _square(image: Image.Image) -> Image.Image:
    return ImageOps.fit(image, (AVATAR_SIDE, AVATAR_SIDE), Image.Resampling.LANCZOS)


def render_avatar(data: bytes) -> bytes:
    """The upload decoded, checked, squared to AVATAR_SIDE and re-encoded as WebP without metadata."""
    try:
        return pictures.reencode(data, shape=_square, draft_side=AVATAR_SIDE * 2)
    except pictures.PictureError as exc:
        raise AvatarRejected(str(exc)) from None


def _write_new_file(content: bytes) -> Path:
    return pictures.write_new_file(avatar_folder(), content)


_remove_quietly = pictures.remove_quietly
_after_transaction = pictures.after_transaction


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
    return pictures.stored_path(avatar_folder(), name)
