"""Serves stored avatars: only files of the avatar folder, only by their random names (SPEC A6, H6)."""

from __future__ import annotations

from store_app.accounts.profile.avatar import URL_PREFIX, stored_avatar_path
from store_app.core.pictures import file_router

router = file_router(URL_PREFIX, stored_avatar_path)
