"""The API bench's baseline: a bare FastAPI application answering from memory.

No middleware, no database, no sign-in: each route returns the bytes and headers that the
real API answered to one request of the bench, so that the difference in throughput is what
the real API does beyond FastAPI's own work. The payloads are read at start from the
directory named by EMPACT_BENCH_PAYLOADS: `<name>.body` (the body) and `<name>.json` (the
headers), served at `/payload/<name>`.

Served as `uvicorn --app-dir tests/bench bare_app:create_app --factory`.
"""

import json
import os
from pathlib import Path

from fastapi import FastAPI, Response

PAYLOADS_ENV = "EMPACT_BENCH_PAYLOADS"


def write_payload(directory: Path, name: str, *, body: bytes, headers: dict[str, str]) -> str:
    """Store one payload for the bare application; returns the path it is served at."""
    (directory / f"{name}.body").write_bytes(body)
    (directory / f"{name}.json").write_text(json.dumps(headers), "utf-8")
    return f"/payload/{name}"


def _add_route(app: FastAPI, path: str, body: bytes, headers: dict[str, str]) -> None:
    async def payload() -> Response:
        return Response(body, headers=headers)

    app.add_api_route(path, payload, methods=["GET"], include_in_schema=False)


def create_app() -> FastAPI:
    directory = Path(os.environ[PAYLOADS_ENV])
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    for body_file in sorted(directory.glob("*.body")):
        headers = json.loads(body_file.with_suffix(".json").read_text("utf-8"))
        _add_route(app, f"/payload/{body_file.stem}", body_file.read_bytes(), headers)
    return app
