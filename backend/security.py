"""Security headers on every response, and refusal of cross-site state changes."""

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from starlette.datastructures import MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.settings import get_settings

STRICT_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# The interactive API documentation loads Swagger UI from its CDN.
DOCS_CSP = (
    "default-src 'self'; img-src 'self' data: https://fastapi.tiangolo.com; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; object-src 'none'; "
    "frame-ancestors 'none'"
)
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Room for the multipart envelope around the largest accepted file.
ENVELOPE_BYTES = 64 * 1024


def _too_large(request: Request) -> str:
    """Why the request body is refused before it is read, or ''."""
    declared = request.headers.get("content-length", "")
    if not declared.isdigit():
        return ""
    limit = get_settings().max_upload_mb
    if int(declared) <= limit * 1024 * 1024 + ENVELOPE_BYTES:
        return ""
    return (
        f"The request is {int(declared) / (1024 * 1024):.1f} MB; files up to {limit:g} MB are "
        "accepted."
    )


def _cross_site(request: Request) -> bool:
    """A browser telling us the request comes from another site."""
    if request.headers.get("sec-fetch-site") == "cross-site":
        return True
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin == "null"
    own = f"{request.url.scheme}://{request.url.netloc}"
    return origin.rstrip("/") != own


class SecurityMiddleware:
    """Security headers on every response; cross-site and oversized writes refused before
    any of the application runs. Plain ASGI: no task or body copy per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = DOCS_CSP if path == "/api/docs" else STRICT_CSP
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "same-origin"
                headers["X-Frame-Options"] = "DENY"
                headers["Cross-Origin-Opener-Policy"] = "same-origin"
                if path.startswith("/api"):
                    headers["Cache-Control"] = "no-store"
            await send(message)

        if scope["method"] not in UNSAFE_METHODS:
            await self.app(scope, receive, send_secured)
            return
        refusal = self._refusal(Request(scope))
        if refusal is not None:
            await refusal(scope, receive, send_secured)
            return
        await self.app(scope, _bounded(receive), send_secured)

    @staticmethod
    def _refusal(request: Request) -> Response | None:
        request_id = getattr(request.state, "request_id", "")
        if _cross_site(request):
            return JSONResponse(
                {
                    "error": "forbidden",
                    "detail": "Cross-site requests may not change anything.",
                    "request_id": request_id,
                },
                status_code=403,
            )
        too_large = _too_large(request)
        if too_large:
            return JSONResponse(
                {"error": "upload_too_large", "detail": too_large, "request_id": request_id},
                status_code=413,
            )
        return None


def _bounded(receive: Receive) -> Receive:
    """The request's body as it streams in, refused with a 413 as soon as it outgrows the
    largest accepted upload: a body sent without Content-Length (chunked) is never read
    whole into memory first. FastAPI passes an HTTPException raised while it reads the
    body on to the error handlers."""
    limit = int(get_settings().max_upload_mb * 1024 * 1024) + ENVELOPE_BYTES
    received = 0

    async def receive_bounded() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise HTTPException(
                    status_code=413,
                    detail=(
                        f"The request is over {limit / (1024 * 1024):.1f} MB; files up to "
                        f"{get_settings().max_upload_mb:g} MB are accepted."
                    ),
                )
        return message

    return receive_bounded


def install_security(app: FastAPI) -> None:
    app.add_middleware(SecurityMiddleware)
