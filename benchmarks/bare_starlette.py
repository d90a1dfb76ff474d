"""The yardstick for the REST figures: a bare Starlette app that returns a body fetched once from the shop.

    SHOP_URL='http://localhost:8001/api/v1/products?page=50&size=10' \\
        taskset -c 0 .venv/bin/granian --interface asgi --port 8002 benchmarks.bare_starlette:app
    .venv/bin/python -m benchmarks.rest http://localhost:8002 --path /body

Whatever the shop's endpoint costs above this figure is the shop's own work.
"""

from __future__ import annotations

import os
import urllib.request

from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

with urllib.request.urlopen(os.environ["SHOP_URL"], timeout=30) as response:  # noqa: S310 - an operator's URL
    BODY = response.read()


async def body(_request: object) -> Response:
    return Response(BODY, media_type="application/json")


app = Starlette(routes=[Route("/body", body)])
