"""Reflex configuration; values come from the shop's settings (store_app/core/settings.py)."""

import reflex as rx

from store_app.core.settings import startup_settings
from store_app.ui.theme import theme

settings = startup_settings()

config = rx.Config(
    app_name="store_app",
    # Only the shop's own origin may call the backend with credentials (SPEC H6).
    cors_allowed_origins=[settings.public_origin],
    api_url=settings.public_origin,
    deploy_url=settings.public_origin,
    redis_url=settings.redis_url or None,
    # Loopback unless HOST says otherwise: `reflex run` alone would listen on every address (issue 9).
    backend_host=settings.host,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[rx.plugins.RadixThemesPlugin(theme=theme), rx.plugins.SitemapPlugin()],
)
