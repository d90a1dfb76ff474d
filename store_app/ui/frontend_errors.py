"""What a browser may write into the server log: our `frontend_exception_handler` and its rate limit.

Reflex's public `handle_frontend_exception` event takes any text from any guest, and its default
handler logs it verbatim: 800 KB, or forged lines ("INFO store_app: admin logged in"). Here a
report becomes one bounded line (control characters escaped, the rest cut), and the event is
dropped beyond a few per connection and a few dozen per minute for the whole worker.
"""

from __future__ import annotations

import logging
import threading
import time
import unicodedata
from typing import TYPE_CHECKING

from reflex.middleware import Middleware
from reflex.state import StateUpdate

if TYPE_CHECKING:
    from reflex.app import App
    from reflex.state import BaseState
    from reflex_base.event import Event

logger = logging.getLogger("store_app.frontend")

MAX_REPORT_CHARS = 500
WINDOW_SECONDS = 60.0
REPORTS_PER_CONNECTION = 5  # a real page reports an error or two, not a stream
REPORTS_PER_WORKER = 30  # bounds a script that opens a new connection for every report
_EVENT_SUFFIX = ".handle_frontend_exception"
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}


def one_line(text: str, limit: int = MAX_REPORT_CHARS) -> str:
    """`text` cut to `limit` characters, with every control or line-breaking character escaped."""
    head, cut = text[:limit], len(text) - limit

    def shown(char: str) -> str:
        if char in _ESCAPES:
            return _ESCAPES[char]
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            return f"\\u{ord(char):04x}"
        return char

    line = "".join(shown(char) for char in head)
    return f"{line}… ({cut} more characters cut)" if cut > 0 else line


def log_frontend_exception(exception: Exception) -> None:
    """The app's frontend exception handler: one bounded, single line per report."""
    logger.warning("frontend error: %s", one_line(str(exception)))


class FrontendErrorLimit(Middleware):
    """Drops `handle_frontend_exception` events beyond the per-connection and per-worker budgets."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._window_start = time.monotonic()
        self._per_connection: dict[str, int] = {}
        self._total = 0
        self._warned = False

    def _allowed(self, connection: str) -> bool:
        with self._lock:
            now = time.monotonic()
            if now - self._window_start > WINDOW_SECONDS:
                self._window_start, self._per_connection, self._total, self._warned = now, {}, 0, False
            if self._total >= REPORTS_PER_WORKER or self._per_connection.get(connection, 0) >= REPORTS_PER_CONNECTION:
                if not self._warned:
                    self._warned = True
                    logger.warning("frontend error reports over the limit: dropping them for up to a minute")
                return False
            self._per_connection[connection] = self._per_connection.get(connection, 0) + 1
            self._total += 1
            return True

    async def preprocess(self, app: App, state: BaseState, event: Event) -> StateUpdate | None:
        # The socket.io session id: one per connection, whatever client token it claims.
        if not event.name.endswith(_EVENT_SUFFIX) or self._allowed(state.router.session.session_id):
            return None
        return StateUpdate()  # dropped: nothing runs, nothing is logged
