"""A guest's crafted frontend error reports against the live shop: one bounded line each, floods cut."""

from __future__ import annotations

import uuid

from reflex.state import FrontendEventExceptionState

from tests.e2e.conftest import LiveServer
from tests.utils.raw_event_socket import RawEventSocket

HANDLER = f"{FrontendEventExceptionState.get_full_name()}.handle_frontend_exception"


def _log_lines_with(live_server: LiveServer, marker: str) -> list[str]:
    """The server's log lines holding `marker`. Read after a `ping`: the shop logs a report while it handles
    the event (to its stderr, the log file, unbuffered), so once later events have answered, it is there."""
    return [line for line in live_server.log_path.read_text(errors="replace").splitlines() if marker in line]


def test_an_800_kb_report_with_forged_lines_is_logged_as_one_bounded_line(live_server: LiveServer) -> None:
    marker = uuid.uuid4().hex
    forged = f"TypeError: boom {marker}\nINFO store_app: forged-{marker} admin logged in\n" + "A" * 800_000
    with RawEventSocket(live_server.url) as guest:
        guest.emit(HANDLER, {"info": forged, "component_stack": ""}, path="/")
        guest.ping()

    lines = _log_lines_with(live_server, marker)
    assert len(lines) == 1, (lines[:3], live_server.log_path.read_text(errors="replace")[-3000:])
    assert len(lines[0]) < 1000
    assert not any(line.startswith("INFO store_app: forged") for line in lines)


def test_a_flood_of_reports_from_one_connection_is_cut(live_server: LiveServer) -> None:
    marker = uuid.uuid4().hex
    with RawEventSocket(live_server.url) as guest:
        for n in range(40):
            guest.emit(HANDLER, {"info": f"flood {marker} #{n}", "component_stack": ""}, path="/")
        guest.ping()

    assert 1 <= len(_log_lines_with(live_server, marker)) <= 5
