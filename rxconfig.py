"""Reflex configuration; values come from the shop's settings (store_app/core/settings.py)."""

import os

import reflex as rx

from store_app.core.settings import startup_settings
from store_app.ops.respawn import respawn_failed_workers
from store_app.ui.texts_plugin import BrowserTexts
from store_app.ui.theme import theme

settings = startup_settings()
# A backend worker that dies is started again instead of stopping the shop (store_app/ops/respawn.py).
respawn_failed_workers()

# Whatever Reflex itself writes to disk stays under DATA_DIR, readable by the shop's user only (issue 9 §3).
_reflex_dir = settings.data_dir / "reflex"
_reflex_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
os.chmod(_reflex_dir, 0o700)
os.environ.setdefault("REFLEX_UPLOADED_FILES_DIR", str(_reflex_dir / "uploaded_files"))
os.environ.setdefault("REFLEX_STATES_WORKDIR", str(_reflex_dir / "states"))

config = rx.Config(
    app_name="store_app",
    # Only the shop's own origin may call the backend with credentials (SPEC H6).
    cors_allowed_origins=[settings.public_origin],
    api_url=settings.public_origin,
    deploy_url=settings.public_origin,
    # Tab state stays in memory in the one-process default (no pickles on disk); with REDIS_URL, in
    # Redis, so several workers share it. Either way it holds ids only, never a cookie or a token.
    state_manager_mode=rx.constants.StateManagerMode.REDIS
    if settings.redis_url
    else rx.constants.StateManagerMode.MEMORY,
    redis_url=settings.redis_url or None,
    # Loopback unless HOST says otherwise: `reflex run` alone would listen on every address (issue 9).
    backend_host=settings.host,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[rx.plugins.RadixThemesPlugin(theme=theme), rx.plugins.SitemapPlugin(), BrowserTexts()],
)
