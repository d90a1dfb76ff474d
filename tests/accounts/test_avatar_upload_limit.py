"""The upload endpoint refuses bodies over the cap before parsing them (SPEC H6)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from store_app.accounts.profile.upload_limit import UploadSizeLimit

received: list[int] = []


async def _upload(request: Request) -> PlainTextResponse:
    try:
        body = await request.body()
    except ClientDisconnect:
        return PlainTextResponse("abandoned", status_code=400)
    received.append(len(body))
    return PlainTextResponse("ok")


def _client(max_bytes: int) -> TestClient:
    app = Starlette(routes=[Route("/_upload", _upload, methods=["POST"]), Route("/other", _upload, methods=["POST"])])
    return TestClient(UploadSizeLimit(app, max_bytes=max_bytes))


def test_a_declared_length_over_the_cap_is_refused_with_413() -> None:
    received.clear()
    response = _client(1000).post("/_upload", content=b"x" * 1001)
    assert response.status_code == 413
    assert received == []


def test_a_body_streaming_past_the_cap_is_cut_off() -> None:
    received.clear()

    def chunks():  # no Content-Length: chunked transfer
        for _ in range(20):
            yield b"x" * 100

    response = _client(1000).post("/_upload", content=chunks())
    assert response.status_code == 400
    assert received == []


def test_bodies_within_the_cap_and_other_paths_pass() -> None:
    received.clear()
    client = _client(1000)
    assert client.post("/_upload", content=b"x" * 1000).status_code == 200
    assert client.post("/other", content=b"x" * 5000).status_code == 200
    assert received == [1000, 5000]
