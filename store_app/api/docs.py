"""The API's Swagger UI at /api/v1/docs, served from this server (no CDN: the shop may run
offline, and the content security policy allows scripts from 'self' only).

The assets come from the `swagger-ui-bundle-v2` package (Swagger UI 5, which reads OpenAPI 3.1);
the page and its start script are ours.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

DOCS_PATH = "/api/v1/docs"
ASSETS_PATH = f"{DOCS_PATH}/assets"

router = APIRouter(include_in_schema=False)

PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>store_app API</title>
<link rel="stylesheet" href="{ASSETS_PATH}/swagger-ui.css">
<link rel="icon" href="{ASSETS_PATH}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{ASSETS_PATH}/swagger-ui-bundle.js"></script>
<script src="{DOCS_PATH}/start.js"></script>
</body>
</html>
"""

START_SCRIPT = """window.ui = SwaggerUIBundle({
  url: "/api/v1/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis],
});
"""


@router.get(DOCS_PATH)
def docs_page() -> HTMLResponse:
    return HTMLResponse(PAGE)


@router.get(f"{DOCS_PATH}/start.js")
def docs_start_script() -> Response:
    return Response(START_SCRIPT, media_type="text/javascript")


def install_docs(api: FastAPI) -> None:
    api.mount(ASSETS_PATH, StaticFiles(directory=swagger_ui_path), name="swagger-ui-assets")
    api.include_router(router)
