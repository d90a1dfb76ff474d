"""Measures the JavaScript a first visit of a page loads (not a test; prints KiB raw and gzip).

    .venv/bin/python -m benchmarks.initial_js http://localhost:3000/          # a running shop
    .venv/bin/python -m benchmarks.initial_js .web/build/client               # a frontend build's folder

The page's HTML names its entry modules (`<script type=module>`, `modulepreload` links, inline
`import(...)`); every module they import statically (`import ... from "./x.js"`) is loaded before the page
runs, so it counts too. Dynamic `import()` inside the modules (other routes' chunks) does not. Each file
counts once; gzip is level 9, as a server would send it.
"""

from __future__ import annotations

import argparse
import gzip
import re
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

# Module paths in HTML: src/href attributes and import("...") or import ... from "..." in inline scripts.
_HTML_REFERENCE = re.compile(r"""(?:src|href)=["']([^"']+\.js)["']|import\s*\(?\s*["']([^"']+\.js)["']""")
_STATIC_IMPORT = re.compile(r"""(?:\bimport|\bfrom)\s*["']([^"']+\.js)["']""")


class Source:
    """Reads the page and its modules from a running shop or from a build folder."""

    def __init__(self, where: str) -> None:
        self.folder = Path(where) if not where.startswith(("http://", "https://")) else None
        self.base = where if self.folder is None else "http://build/"

    def read(self, url: str) -> bytes:
        if self.folder is None:
            with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - the URL the user gave
                return response.read()
        path = urlsplit(url).path.lstrip("/") or "index.html"
        return (self.folder / path).read_bytes()


def initial_modules(source: Source) -> dict[str, bytes]:
    html = source.read(source.base).decode("utf-8", "replace")
    pending = [urljoin(source.base, a or b) for a, b in _HTML_REFERENCE.findall(html)]
    loaded: dict[str, bytes] = {}
    while pending:
        url = pending.pop()
        if url in loaded:
            continue
        body = source.read(url)
        loaded[url] = body
        text = body.decode("utf-8", "replace")
        pending.extend(urljoin(url, found) for found in _STATIC_IMPORT.findall(text))
    return loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("where", help="the page's URL, or a frontend build folder (its index.html is /)")
    parser.add_argument("--top", type=int, default=5, help="also list the largest modules")
    args = parser.parse_args()
    modules = initial_modules(Source(args.where))
    raw = sum(len(body) for body in modules.values())
    packed = {url: len(gzip.compress(body, 9)) for url, body in modules.items()}
    print(f"{len(modules)} modules, {raw / 1024:.1f} KiB raw, {sum(packed.values()) / 1024:.1f} KiB gzip")
    for url, size in sorted(packed.items(), key=lambda item: -item[1])[: args.top]:
        print(f"  {size / 1024:7.1f} KiB gzip  {urlsplit(url).path}")


if __name__ == "__main__":
    main()
