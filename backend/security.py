"""Security headers on every response, and refusal of cross-site state changes."""

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.responses import Response

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


def install_security(app: FastAPI) -> None:
    @app.middleware("http")
    async def _security(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        too_large = _too_large(request) if request.method in UNSAFE_METHODS else ""
        if request.method in UNSAFE_METHODS and _cross_site(request):
            response: Response = JSONResponse(
                {
                    "error": "forbidden",
                    "detail": "Cross-site requests may not change anything.",
                    "request_id": getattr(request.state, "request_id", ""),
                },
                status_code=403,
            )
        elif too_large:
            response = JSONResponse(
                {
                    "error": "upload_too_large",
                    "detail": too_large,
                    "request_id": getattr(request.state, "request_id", ""),
                },
                status_code=413,
            )
        else:
            response = await call_next(request)
        path = request.url.path
        headers = response.headers
        headers["Content-Security-Policy"] = DOCS_CSP if path == "/api/docs" else STRICT_CSP
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "same-origin"
        headers["X-Frame-Options"] = "DENY"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if path.startswith("/api"):
            headers["Cache-Control"] = "no-store"
        return response
