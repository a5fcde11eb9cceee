"""Typed errors and the one place that renders every error as JSON with a request id."""

import logging
import uuid
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger("empact")

REQUEST_ID_HEADER = "X-Request-ID"


class EmpactError(Exception):
    """Base of every error a client may see; `code` is a stable machine-readable word."""

    status_code = 400
    code = "bad_request"

    def __init__(self, detail: str, *, fields: list[dict[str, str]] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.fields = fields or []


class NotFound(EmpactError):
    status_code = 404
    code = "not_found"


class Unauthenticated(EmpactError):
    status_code = 401
    code = "unauthenticated"


class TooManyAttempts(EmpactError):
    status_code = 429
    code = "too_many_attempts"


class Forbidden(EmpactError):
    status_code = 403
    code = "forbidden"


class Conflict(EmpactError):
    """A duplicate, a stale version or a record still in use."""

    status_code = 409
    code = "conflict"


class StaleVersion(Conflict):
    code = "stale_version"


class OrchestratorUnavailable(EmpactError):
    """The Prefect server cannot be reached, or nothing serves the flow asked for."""

    status_code = 503
    code = "orchestrator_unavailable"


class InvalidUpload(EmpactError):
    """A file refused before or while it is read; the detail names the problem."""

    status_code = 422
    code = "invalid_upload"


class UploadTooLarge(InvalidUpload):
    status_code = 413
    code = "upload_too_large"


class NotAWorkbook(InvalidUpload):
    status_code = 415
    code = "not_a_workbook"


class InvalidInput(EmpactError):
    """Input that parses but breaks a rule; always names the field."""

    status_code = 422
    code = "invalid"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}", fields=[{"field": field, "message": message}])


def field_error(field: str, message: str) -> dict[str, str]:
    return {"field": field, "message": message}


def _body(request: Request, code: str, detail: str, fields: list[dict[str, str]]) -> dict[str, Any]:
    body: dict[str, Any] = {"error": code, "detail": detail, "request_id": request_id(request)}
    if fields:
        body["fields"] = fields
    return body


def request_id(request: Request) -> str:
    return getattr(request.state, "request_id", "") or ""


def _location(loc: Sequence[int | str]) -> str:
    # ("body", "leader_id") -> "leader_id"; ("query", "range") -> "range"
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    return ".".join(parts) or "body"


def describe_validation_errors(errors: Sequence[Any]) -> list[dict[str, str]]:
    """Pydantic errors as {field, message}; rules across fields name their own field."""
    fields = []
    for error in errors:
        if error.get("type") == "json_invalid":
            position = error.get("loc", ("body", "?"))[-1]
            reason = (error.get("ctx") or {}).get("error", "malformed")
            fields.append(
                field_error("body", f"is not valid JSON ({reason} at character {position})")
            )
            continue
        cause = (error.get("ctx") or {}).get("error")
        field = getattr(cause, "field", None)
        if isinstance(field, str):
            prefix = _location(tuple(error.get("loc", ())))
            where = field if prefix == "body" else f"{prefix}.{field}"
            fields.append(field_error(where, str(getattr(cause, "message", cause))))
        else:
            location = _location(tuple(error.get("loc", ())))
            message = str(cause) if cause is not None else str(error.get("msg", "invalid"))
            fields.append(field_error(location, message))
    return fields


class RequestIdMiddleware:
    """An id for every request, in its state, its log lines and its response headers; an
    error that escaped every handler becomes a 500 naming it, never a stack trace."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:  # the last line of defence: no stack trace reaches a client
            logger.exception("unhandled error, request id %s", request_id)
            if started:
                raise
            response = JSONResponse(
                _body(Request(scope), "internal_error", "An internal error occurred.", []),
                status_code=500,
            )
            await response(scope, receive, send_with_id)


def install_error_handlers(app: FastAPI) -> None:
    app.add_middleware(RequestIdMiddleware)

    @app.exception_handler(EmpactError)
    async def _empact_error(request: Request, exc: EmpactError) -> JSONResponse:
        return JSONResponse(
            _body(request, exc.code, exc.detail, exc.fields), status_code=exc.status_code
        )

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        fields = describe_validation_errors(exc.errors())
        detail = "; ".join(f"{f['field']}: {f['message']}" for f in fields) or "Invalid input."
        return JSONResponse(_body(request, "invalid", detail, fields), status_code=422)

    @app.exception_handler(DataError)
    async def _data_error(request: Request, exc: DataError) -> JSONResponse:
        # The database refused a value our checks let through (a NUL byte, a number out of
        # its range): the client's input, not our failure. Nothing was stored.
        logger.warning(
            "value refused by the database, request id %s: %s", request_id(request), exc.orig
        )
        return JSONResponse(
            _body(
                request,
                "invalid",
                "A value is not accepted by the database (out of range "
                "or containing a forbidden character).",
                [],
            ),
            status_code=422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return JSONResponse(
            _body(request, code, str(exc.detail), []),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )
