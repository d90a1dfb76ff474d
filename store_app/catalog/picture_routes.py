"""Serves stored product pictures: only files of the product picture folder, only by their random names."""

from __future__ import annotations

from store_app.catalog.pictures import URL_PREFIX, stored_picture_path
from store_app.core.pictures import file_router

router = file_router(URL_PREFIX, stored_picture_path)
