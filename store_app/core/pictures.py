"""Uploaded pictures (SPEC H6): decode with Pillow, refuse anything odd, keep only a clean re-encoded copy.

Shared by avatars and product pictures. Only the re-encoded WebP is ever written, under a random
name in a folder of `media_dir` (outside the code tree), so nothing the uploader sent (metadata, a
trailing HTML payload, the file name) is kept; files follow the transaction that names them.
"""

from __future__ import annotations

import io
import logging
import os
import re
import secrets
from collections.abc import Callable
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse
from PIL import Image, ImageOps
from sqlalchemy import event
from sqlmodel import Session

from store_app.core.i18n import t

logger = logging.getLogger(__name__)

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 4096
ALLOWED_FORMATS = ("PNG", "JPEG", "WEBP")
ALLOWED_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
STORED_NAME_RE = re.compile(r"[0-9a-f]{32}\.webp")
Shape = Callable[[Image.Image], Image.Image]

FILE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # The name is random and a new upload gets a new name, so a file never changes.
    "Cache-Control": "public, max-age=31536000, immutable",
    # Even if a browser were tricked into rendering it as a document, nothing in it may run.
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Content-Disposition": "inline",
}


class PictureError(ValueError):
    """Why an upload is not a picture we take (the text is for the uploader)."""


def check_upload(filename: str, data: bytes, *, max_bytes: int = MAX_BYTES) -> None:
    """The cheap checks, before any decoding: a plain file name of an allowed type, not empty, not too big."""
    if not data:
        raise PictureError(t("avatar.error.empty"))
    if len(data) > max_bytes:
        raise PictureError(t("avatar.error.too_big", mb=max_bytes // (1024 * 1024)))
    if any(part in filename for part in ("/", "\\", "\x00", "..")) or filename.startswith("."):
        raise PictureError(t("avatar.error.name"))
    if not filename.lower().endswith(ALLOWED_SUFFIXES):
        raise PictureError(t("avatar.error.type"))


def reencode(data: bytes, *, shape: Shape, draft_side: int) -> bytes:
    """The upload decoded, checked, shaped by `shape` and re-encoded as WebP without metadata."""
    try:
        image = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
    except Image.DecompressionBombError:
        raise PictureError(t("avatar.error.pixels", side=MAX_SIDE)) from None
    except Exception:  # Pillow raises many kinds for hostile input; all mean "not a picture we take"
        raise PictureError(t("avatar.error.type")) from None
    with image:
        # The header alone gives the size: refuse decompression bombs before a pixel is decoded.
        if image.width > MAX_SIDE or image.height > MAX_SIDE:
            raise PictureError(t("avatar.error.pixels", side=MAX_SIDE))
        if image.format == "JPEG":
            image.draft("RGB", (draft_side, draft_side))  # decode a smaller JPEG: less memory and time
        try:
            image.load()
            upright = ImageOps.exif_transpose(image)
        except Exception:
            raise PictureError(t("avatar.error.broken")) from None
    mode = "RGBA" if upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info else "RGB"
    shaped = shape(upright.convert(mode))
    shaped.info = {}  # no EXIF, XMP or ICC from the upload reaches the stored file
    out = io.BytesIO()
    shaped.save(out, format="WEBP", quality=85, method=4)
    return out.getvalue()


def write_new_file(folder: Path, content: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{secrets.token_hex(16)}.webp"
    partial = target.with_suffix(".part")
    partial.write_bytes(content)
    os.replace(partial, target)  # readers never see a half-written picture
    return target


def remove_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        logger.warning("could not remove picture file %s", path.name)


def after_transaction(session: Session, *, committed: Callable[[], None], rolled_back: Callable[[], None]) -> None:
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


def stored_path(folder: Path, name: str) -> Path | None:
    """The file for a stored name, or None: only our random names, only inside `folder`."""
    if not STORED_NAME_RE.fullmatch(name):
        return None
    path = folder / name
    return path if path.is_file() else None


def file_router(url_prefix: str, find: Callable[[str], Path | None]) -> APIRouter:
    """A router serving `url_prefix<name>`: only the files `find` gives for a stored name, else 404."""
    router = APIRouter(tags=["media"])

    @router.get(url_prefix + "{name}", include_in_schema=False)
    def get_picture(name: str) -> FileResponse:
        path = find(name)
        if path is None:
            raise HTTPException(status_code=404, detail="not found")
        return FileResponse(path, media_type="image/webp", headers=FILE_HEADERS)

    return router
