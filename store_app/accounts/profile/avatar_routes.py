"""Serves stored avatars: only files of the avatar folder, only by their random names (SPEC A6, H6)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

from store_app.accounts.profile.avatar import URL_PREFIX, stored_avatar_path

router = APIRouter(tags=["media"])

_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # The name is random and a new upload gets a new name, so a file never changes.
    "Cache-Control": "public, max-age=31536000, immutable",
    # Even if a browser were tricked into rendering it as a document, nothing in it may run.
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Content-Disposition": "inline",
}


@router.get(URL_PREFIX + "{name}", include_in_schema=False)
def get_avatar(name: str) -> FileResponse:
    path = stored_avatar_path(name)
    if path is None:
        raise HTTPException(status_code=404, detail="not found")
    return FileResponse(path, media_type="image/webp", headers=_HEADERS)
