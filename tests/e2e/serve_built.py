"""`python -m tests.e2e.serve_built run --env prod ...`: Reflex's own `reflex run`, with its two frontend steps
(compile the pages, build them with Vite) left out, so the backend serves the frontend already in
`REFLEX_WEB_WORKDIR`. The browser tests use it for a second shop of the session that differs from the first
only in backend settings: its frontend is the first one's build, with the backend's address changed
(`tests/e2e/shop_servers.py`, `reuse_frontend`). Everything else `reflex run --env prod` does (ports, host,
the backend with the frontend mounted) stays Reflex's."""

from __future__ import annotations

import sys
from pathlib import Path

from reflex import reflex as reflex_cli
from reflex.utils import build


def _kept_build(root: Path) -> None:
    """Instead of `setup_frontend_prod`: the build is there already (and its env.json with it)."""


def _no_compile(**_: object) -> None:
    """Instead of `_compile_app`: the pages were compiled with that build."""


if __name__ == "__main__":
    build.setup_frontend_prod = _kept_build
    reflex_cli._compile_app = _no_compile
    sys.exit(reflex_cli.cli())
