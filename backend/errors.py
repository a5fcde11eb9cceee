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
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.types import Message as AsgiMessage

from backend import i18n

logger = logging.getLogger("empact")

REQUEST_ID_HEADER = "X-Request-ID"

i18n.register(
    {
        "en": {
            "errors.field_problem": "{field}: {problem}",
            "errors.internal": "An internal error occurred.",
            "errors.invalid_input": "Invalid input.",
            "errors.refused_by_database": (
                "A value is not accepted by the database (out of range or containing a "
                "forbidden character)."
            ),
        },
        "fr": {
            "errors.field_problem": "{field} : {problem}",
            "errors.internal": "Une erreur interne s'est produite.",
            "errors.invalid_input": "Saisie invalide.",
            "errors.refused_by_database": (
                "Une valeur n'est pas acceptée par la base de données (hors limites ou "
                "contenant un caractère interdit)."
            ),
        },
    }
)


# A field's problem: {"field": name, "message": text or i18n.Message}.
FieldProblem = dict[str, Any]


class EmpactError(Exception):
    """Base of every error a client may see; `code` is a stable machine-readable word.

    The detail is an `i18n.Message` where the reader's language matters (it is written in
    that language when the response is made), or plain text for a programmer's error."""

    status_code = 400
    code = "bad_request"

    def __init__(
        self, detail: "str | i18n.Message", *, fields: list[FieldProblem] | None = None
    ) -> None:
        super().__init__(str(detail))
        self.message = detail
        self.detail = str(detail)
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

    def __init__(self, field: str, message: "str | i18n.Message") -> None:
        super().__init__(f"{field}: {message}", fields=[{"field": field, "message": message}])
        self.message = (
            i18n.message("errors.field_problem", field=field, problem=message)
            if isinstance(message, i18n.Message)
            else self.detail
        )


def field_error(field: str, message: "str | i18n.Message") -> FieldProblem:
    return {"field": field, "message": message}


def reader_language(request: Request) -> i18n.Language:
    """The language of the person asking: their own setting once they are known, else what
    their browser asks for."""
    own = getattr(request.state, "language", None)
    if own:
        return i18n.language_of(own)
    return i18n.negotiate(request.headers.get("accept-language"))


def _written(value: "str | i18n.Message", language: i18n.Language) -> str:
    return value.render(language) if isinstance(value, i18n.Message) else str(value)


def _body(
    request: Request,
    code: str,
    detail: "str | i18n.Message",
    fields: Sequence[FieldProblem],
) -> dict[str, Any]:
    """The error as JSON: a stable code, the detail in the reader's language, and for a
    message the key and parameters it was written from, so that a client may write it too."""
    language = reader_language(request)
    body: dict[str, Any] = {
        "error": code,
        "detail": _written(detail, language),
        "request_id": request_id(request),
    }
    if isinstance(detail, i18n.Message):
        body["message"] = detail.as_json()
    if fields:
        body["fields"] = [
            {
                **problem,
                "message": _written(problem["message"], language),
                **(
                    {
                        "key": problem["message"].key,
                        "params": problem["message"].as_json()["params"],
                    }
                    if isinstance(problem["message"], i18n.Message)
                    else {}
                ),
            }
            for problem in fields
        ]
    return body


def request_id(request: Request) -> str:
    return getattr(request.state, "request_id", "") or ""


def _location(loc: Sequence[int | str]) -> str:
    # ("body", "leader_id") -> "leader_id"; ("query", "range") -> "range"
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    return ".".join(parts) or "body"


def describe_validation_errors(errors: Sequence[Any]) -> list[FieldProblem]:
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

        async def send_with_id(message: AsgiMessage) -> None:
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
                _body(Request(scope), "internal_error", i18n.message("errors.internal"), []),
                status_code=500,
            )
            await response(scope, receive, send_with_id)


def install_error_handlers(app: FastAPI) -> None:
    app.add_middleware(RequestIdMiddleware)

    @app.exception_handler(EmpactError)
    async def _empact_error(request: Request, exc: EmpactError) -> JSONResponse:
        return JSONResponse(
            _body(request, exc.code, exc.message, exc.fields), status_code=exc.status_code
        )

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        fields = describe_validation_errors(exc.errors())
        language = reader_language(request)
        detail = "; ".join(
            f"{problem['field']}: {_written(problem['message'], language)}" for problem in fields
        ) or i18n.text("errors.invalid_input", language)
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
                i18n.message("errors.refused_by_database"),
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
