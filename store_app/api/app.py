"""Builds the FastAPI app that the Reflex backend mounts (OpenAPI docs at /api/v1/docs, schema at
/api/v1/openapi.json)."""

from __future__ import annotations

from fastapi import FastAPI

from store_app.accounts.login.routes import router as browser_session_router
from store_app.accounts.mfa.routes import router as mfa_picture_router
from store_app.accounts.profile.avatar_routes import router as avatar_router
from store_app.api import auth, cart, categories, export, products, profiles, users
from store_app.api.docs import install_docs
from store_app.api.errors import fallback_router, install_error_handlers
from store_app.api.openapi import install_openapi
from store_app.catalog.picture_routes import router as product_picture_router

API_PREFIX = "/api/v1"


def build_api() -> FastAPI:
    """The API app; each domain's router is included here."""
    api = FastAPI(
        title="store_app API",
        version="1",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # served from local assets by store_app.api.docs (no CDN)
        redoc_url=None,
    )

    @api.get(f"{API_PREFIX}/health", tags=["meta"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    api.include_router(products.list_router)  # first: the busiest route (see products.list_router)
    api.include_router(avatar_router)
    api.include_router(product_picture_router)
    api.include_router(browser_session_router)
    api.include_router(mfa_picture_router)
    # export before products: /products/export.csv is not a product slug.
    for module in (auth, export, products, categories, cart, profiles, users):
        api.include_router(module.router)
    install_docs(api)
    install_error_handlers(api)
    api.include_router(fallback_router)  # last: unknown /api/v1 paths answer 404 JSON
    install_openapi(api)
    return api
