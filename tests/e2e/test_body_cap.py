"""The real server refuses a huge streamed body with 413 at once, and its memory does not grow."""

from __future__ import annotations

import json
import select
import socket
import time
from pathlib import Path
from urllib.parse import urlsplit

from tests.e2e.conftest import LiveServer

CHUNK = b"a" * (64 * 1024)
TOTAL = 200 * 1024 * 1024


def _server_rss_kb(data_dir: Path) -> int:
    """Resident memory of every process of this live server (found by its DATA_DIR)."""
    marker = f"DATA_DIR={data_dir}".encode()
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            status = (entry / "status").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total


def _stream_until_answered(url: str, path: str) -> tuple[bytes, int, float]:
    """POST a chunked JSON body of up to 200 MB, stopping as soon as the server answers."""
    parts = urlsplit(url)
    started = time.monotonic()
    sent = 0
    answer = b""
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n"
        )
        sock.sendall(head.encode() + b"%x\r\n" % 14 + b'{"username": "\r\n')
        try:
            while sent < TOTAL:
                if select.select([sock], [], [], 0)[0]:
                    break
                sock.sendall(b"%x\r\n" % len(CHUNK) + CHUNK + b"\r\n")
                sent += len(CHUNK)
        except (BrokenPipeError, ConnectionResetError):
            pass
        try:
            while b"\r\n\r\n" not in answer or len(answer.split(b"\r\n\r\n", 1)[1]) < 2:
                data = sock.recv(65536)
                if not data:
                    break
                answer += data
        except (ConnectionResetError, TimeoutError):
            pass
    return answer, sent, time.monotonic() - started


def test_a_streamed_200_mb_login_body_gets_413_quickly(live_server: LiveServer) -> None:
    before = _server_rss_kb(live_server.data_dir)
    answer, sent, elapsed = _stream_until_answered(live_server.url, "/api/v1/auth/login")
    after = _server_rss_kb(live_server.data_dir)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413"), answer[:300]
    assert set(json.loads(body)) == {"detail", "errors"}
    assert sent < 32 * 1024 * 1024, sent  # the server stopped listening long before 200 MB
    assert elapsed < 10, elapsed
    assert before > 0 and after - before < 50 * 1024, (before, after)


def test_a_declared_200_mb_length_gets_413_before_any_body(live_server: LiveServer) -> None:
    parts = urlsplit(live_server.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(
            f"POST /api/v1/auth/register HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {TOTAL}\r\n\r\n".encode()
        )
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:300]
