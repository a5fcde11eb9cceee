"""Request bodies are bounded while they stream: a body sent without Content-Length is
refused once it outgrows the largest accepted upload, not read whole first."""

import asyncio
import json
from collections.abc import MutableMapping
from typing import Any

from backend.app import create_app
from backend.settings import get_settings

CHUNK = 64 * 1024


def _send_chunked(path: str, total_bytes: int) -> tuple[int, dict[str, Any], int]:
    """POST `total_bytes` to `path` in chunks with no Content-Length, straight through the
    ASGI interface; (status, body, bytes the application asked for)."""
    app = create_app()
    asked = 0
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal asked
        if asked >= total_bytes:
            return {"type": "http.request", "body": b"", "more_body": False}
        asked += CHUNK
        return {"type": "http.request", "body": b" " * CHUNK, "more_body": asked < total_bytes}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), (b"content-type", b"application/json")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], json.loads(body), asked


def test_a_chunked_body_over_the_limit_is_refused_while_it_streams() -> None:
    limit = int(get_settings().max_upload_mb * 1024 * 1024)
    status, body, asked = _send_chunked("/api/auth/login", total_bytes=20 * limit)
    assert status == 413
    assert body["error"] == "upload_too_large"
    assert f"{get_settings().max_upload_mb:g} MB" in body["detail"]
    # Read up to the limit and a chunk or so beyond, never the whole 20 times the limit.
    assert asked <= limit + 2 * CHUNK


def test_a_chunked_body_within_the_limit_is_read_as_usual() -> None:
    status, body, asked = _send_chunked("/api/auth/login", total_bytes=4 * CHUNK)
    assert status == 422  # spaces are no JSON: read whole, then answered as usual
    assert asked == 4 * CHUNK
