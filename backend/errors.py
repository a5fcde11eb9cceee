"""Typed errors and the one place that renders every error as JSON with a request id."""

import logging
import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
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
            "errors.page_not_found": "There is nothing at this address.",
            "errors.method_not_allowed": "This address does not take this kind of request.",
            # Pydantic's checks, by the type of error people meet.
            "errors.validation.missing": "is required",
            "errors.validation.empty": "must not be empty",
            "errors.validation.whole_number": "must be a whole number",
            "errors.validation.number": "must be a number",
            "errors.validation.text": "must be text",
            "errors.validation.too_long": "must be at most {max_length} characters long",
            "errors.validation.too_short": "must be at least {min_length} characters long",
            "errors.validation.too_many": "must hold at most {max_length} items",
            "errors.validation.too_few": "must hold at least {min_length} items",
            "errors.validation.at_least": "must be at least {limit}",
            "errors.validation.more_than": "must be more than {limit}",
            "errors.validation.at_most": "must be at most {limit}",
            "errors.validation.less_than": "must be less than {limit}",
            "errors.validation.one_of": "must be one of: {expected}",
            "errors.validation.pattern": "is not in the expected form",
            "errors.validation.date": "must be a date, such as 2026-12-31",
            "errors.validation.datetime": "must be a date and time",
            "errors.validation.yes_no": "must be yes or no",
            "errors.validation.list": "must be a list",
            "errors.validation.object": "must be a set of fields (a JSON object)",
            "errors.validation.max_digits": "must have at most {max_digits} digits",
            "errors.validation.max_places": "must have at most {decimal_places} decimals",
            "errors.validation.extra": "cannot be set here",
            "errors.validation.json": "is not valid JSON ({reason} at character {position})",
            "errors.validation.invalid": "is not valid",
            "errors.not_before": "must not be before {other}",
            "errors.not_below": "must not be below {other}",
            "errors.not_found": "No {record} with id {id}.",
            "errors.no_record": "no {record} with id {id}",
            "errors.no_record_with": "no {record} with {values}",
            "errors.stale_version": (
                "This {record} was changed by someone else since you opened it (your version "
                "{yours}, now {now}): reload it and make your change again."
            ),
            "errors.changed_meanwhile": (
                "This {record} was changed by someone else at the same moment: reload it and "
                "make your change again."
            ),
            "errors.clash": (
                "The {record} could not be saved: it clashes with a record just written by "
                "someone else."
            ),
            "errors.changed_at_once": (
                "Someone else changed this at the same moment: reload it and make your change "
                "again."
            ),
            "errors.clash_at_once": (
                "Your change clashes with one written by someone else at the same moment: "
                "reload and try again."
            ),
            "errors.busy": "The database is busy: try again in a moment.",
            "errors.duplicate": "Another {record} already has this {field}: {value}.",
            "errors.already_used": "{value} is already used",
            "errors.in_use": "This {record} is still used ({others}: {count}): remove those first.",
            "errors.out_of_range": "is a number too large to keep",
            "errors.search_too_long": (
                "a search takes up to {words} words of up to {letters} letters each"
            ),
            "errors.control_character": (
                "holds the control character {character} (character {position}), which no "
                "workbook can hold: remove it"
            ),
            "errors.no_access": "Your roles do not give access to this list.",
            "errors.may_not_create": "You may not create this {record}.",
            "errors.read_only.read": "You may not read this {record}.",
            "errors.read_only.update": "You may read this {record} but not change it.",
            "errors.read_only.delete": "You may read this {record} but not delete it.",
            "errors.read_only.create": "You may not create this {record}.",
            "errors.bad_list_parameter": "is not a parameter this list understands ({reason})",
            "errors.validation.either": "{first} or {last}",
            # Fields every request may carry.
            "fields.version": "Version",
            "fields.body": "Request",
            "fields.sort": "Sort",
            "fields.range": "Range",
            "fields.filter": "Filter",
            "fields.q": "Search",
        },
        "fr": {
            "errors.field_problem": "{field} : {problem}",
            "errors.internal": "Une erreur interne s'est produite.",
            "errors.invalid_input": "Saisie invalide.",
            "errors.refused_by_database": (
                "Une valeur n'est pas acceptée par la base de données (hors limites ou "
                "contenant un caractère interdit)."
            ),
            "errors.page_not_found": "Il n'y a rien à cette adresse.",
            "errors.method_not_allowed": "Cette adresse n'accepte pas ce type de requête.",
            "errors.validation.missing": "est obligatoire",
            "errors.validation.empty": "ne doit pas être vide",
            "errors.validation.whole_number": "doit être un nombre entier",
            "errors.validation.number": "doit être un nombre",
            "errors.validation.text": "doit être du texte",
            "errors.validation.too_long": "doit compter au plus {max_length} caractères",
            "errors.validation.too_short": "doit compter au moins {min_length} caractères",
            "errors.validation.too_many": "doit compter au plus {max_length} éléments",
            "errors.validation.too_few": "doit compter au moins {min_length} éléments",
            "errors.validation.at_least": "doit être au moins {limit}",
            "errors.validation.more_than": "doit être supérieur à {limit}",
            "errors.validation.at_most": "doit être au plus {limit}",
            "errors.validation.less_than": "doit être inférieur à {limit}",
            "errors.validation.one_of": "doit être l'une de ces valeurs : {expected}",
            "errors.validation.pattern": "n'a pas la forme attendue",
            "errors.validation.date": "doit être une date, par exemple 2026-12-31",
            "errors.validation.datetime": "doit être une date et une heure",
            "errors.validation.yes_no": "doit être oui ou non",
            "errors.validation.list": "doit être une liste",
            "errors.validation.object": "doit être un ensemble de champs (un objet JSON)",
            "errors.validation.max_digits": "doit compter au plus {max_digits} chiffres",
            "errors.validation.max_places": "doit compter au plus {decimal_places} décimales",
            "errors.validation.extra": "ne peut pas être saisi ici",
            "errors.validation.json": (
                "n'est pas du JSON valide ({reason} au caractère {position})"
            ),
            "errors.validation.invalid": "n'est pas valide",
            "errors.not_before": "ne doit pas précéder {other}",
            "errors.not_below": "ne doit pas être inférieur à {other}",
            "errors.not_found": "Introuvable : {record} n° {id}.",
            "errors.no_record": "introuvable : {record} n° {id}",
            "errors.no_record_with": "introuvable : {record} avec {values}",
            "errors.stale_version": (
                "Cet enregistrement ({record}) a été modifié par quelqu'un d'autre depuis que "
                "vous l'avez ouvert (votre version {yours}, maintenant {now}) : rechargez-le "
                "et refaites votre modification."
            ),
            "errors.changed_meanwhile": (
                "Cet enregistrement ({record}) a été modifié par quelqu'un d'autre au même "
                "moment : rechargez-le et refaites votre modification."
            ),
            "errors.clash": (
                "Enregistrement impossible ({record}) : il entre en conflit avec un "
                "enregistrement écrit à l'instant par quelqu'un d'autre."
            ),
            "errors.changed_at_once": (
                "Quelqu'un d'autre a modifié ceci au même moment : rechargez et refaites votre "
                "modification."
            ),
            "errors.clash_at_once": (
                "Votre modification entre en conflit avec une autre écrite au même moment : "
                "rechargez et réessayez."
            ),
            "errors.busy": "La base de données est occupée : réessayez dans un instant.",
            "errors.duplicate": (
                "Un autre enregistrement ({record}) a déjà la valeur {value} pour {field}."
            ),
            "errors.already_used": "{value} est déjà utilisé",
            "errors.in_use": (
                "Cet enregistrement ({record}) est encore utilisé ({others} : {count}) : "
                "retirez-les d'abord."
            ),
            "errors.out_of_range": "est un nombre trop grand pour être enregistré",
            "errors.search_too_long": (
                "une recherche compte au plus {words} mots d'au plus {letters} lettres chacun"
            ),
            "errors.control_character": (
                "contient le caractère de contrôle {character} (caractère {position}), "
                "qu'aucun classeur ne peut contenir : retirez-le"
            ),
            "errors.no_access": "Vos rôles ne donnent pas accès à cette liste.",
            "errors.may_not_create": "Vous ne pouvez pas créer cet enregistrement ({record}).",
            "errors.read_only.read": "Vous ne pouvez pas lire cet enregistrement ({record}).",
            "errors.read_only.update": (
                "Vous pouvez lire cet enregistrement ({record}), mais pas le modifier."
            ),
            "errors.read_only.delete": (
                "Vous pouvez lire cet enregistrement ({record}), mais pas le supprimer."
            ),
            "errors.read_only.create": "Vous ne pouvez pas créer cet enregistrement ({record}).",
            "errors.bad_list_parameter": (
                "n'est pas un paramètre que cette liste comprend ({reason})"
            ),
            "errors.validation.either": "{first} ou {last}",
            "fields.version": "Version",
            "fields.body": "Requête",
            "fields.sort": "Tri",
            "fields.range": "Plage",
            "fields.filter": "Filtre",
            "fields.q": "Recherche",
        },
    }
)


def record_label(table_name: str) -> "i18n.Message | str":
    """What a person calls a record of this table ("action report"), in their language once
    rendered; domains register `records.<table>`."""
    key = f"records.{table_name}"
    if i18n.has_text(key):
        return i18n.message(key)
    words = table_name.replace("_", " ")
    if words.endswith("ies"):
        return words[:-3] + "y"
    return words[:-1] if words.endswith("s") else words


def field_label(name: str) -> "i18n.Message | str":
    """The name people know a field by ("Leader" for leader_id), in the reader's language
    once rendered; a field without a registered label keeps its own name. Domains register
    their labels as `fields.<name>`; a nested field ("filter.state") is named by its last part."""
    last = name.rsplit(".", 1)[-1]
    for key in (f"fields.{name}", f"fields.{last}"):
        if i18n.has_text(key):
            return i18n.message(key)
    return name


class Problem(ValueError):
    """A validator's refusal in the reader's language (a plain ValueError stays English)."""

    def __init__(self, key: str, /, **params: Any) -> None:
        self.message = i18n.message(key, **params)
        super().__init__(str(self.message))


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
        super().__init__(
            i18n.message("errors.field_problem", field=field_label(field), problem=message),
            fields=[{"field": field, "message": message}],
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
                "label": _written(field_label(str(problem["field"])), language),
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


# Pydantic error types -> (key, the context parameters its text names).
VALIDATION_TEXTS: dict[str, tuple[str, dict[str, str]]] = {
    "missing": ("errors.validation.missing", {}),
    "int_parsing": ("errors.validation.whole_number", {}),
    "int_type": ("errors.validation.whole_number", {}),
    "int_from_float": ("errors.validation.whole_number", {}),
    "float_parsing": ("errors.validation.number", {}),
    "float_type": ("errors.validation.number", {}),
    "decimal_parsing": ("errors.validation.number", {}),
    "decimal_type": ("errors.validation.number", {}),
    "finite_number": ("errors.validation.number", {}),
    "string_type": ("errors.validation.text", {}),
    "string_too_long": ("errors.validation.too_long", {"max_length": "max_length"}),
    "string_too_short": ("errors.validation.too_short", {"min_length": "min_length"}),
    "too_long": ("errors.validation.too_many", {"max_length": "max_length"}),
    "too_short": ("errors.validation.too_few", {"min_length": "min_length"}),
    "greater_than_equal": ("errors.validation.at_least", {"limit": "ge"}),
    "greater_than": ("errors.validation.more_than", {"limit": "gt"}),
    "less_than_equal": ("errors.validation.at_most", {"limit": "le"}),
    "less_than": ("errors.validation.less_than", {"limit": "lt"}),
    "enum": ("errors.validation.one_of", {"expected": "expected"}),
    "literal_error": ("errors.validation.one_of", {"expected": "expected"}),
    "string_pattern_mismatch": ("errors.validation.pattern", {}),
    "date_parsing": ("errors.validation.date", {}),
    "date_type": ("errors.validation.date", {}),
    "date_from_datetime_parsing": ("errors.validation.date", {}),
    "date_from_datetime_inexact": ("errors.validation.date", {}),
    "datetime_parsing": ("errors.validation.datetime", {}),
    "datetime_type": ("errors.validation.datetime", {}),
    "datetime_from_date_parsing": ("errors.validation.datetime", {}),
    "bool_parsing": ("errors.validation.yes_no", {}),
    "bool_type": ("errors.validation.yes_no", {}),
    "list_type": ("errors.validation.list", {}),
    "dict_type": ("errors.validation.object", {}),
    "model_type": ("errors.validation.object", {}),
    "model_attributes_type": ("errors.validation.object", {}),
    "decimal_max_digits": ("errors.validation.max_digits", {"max_digits": "max_digits"}),
    "decimal_max_places": ("errors.validation.max_places", {"decimal_places": "decimal_places"}),
    "decimal_whole_digits": ("errors.validation.max_digits", {"max_digits": "whole_digits"}),
    "extra_forbidden": ("errors.validation.extra", {}),
}


def _number_or_text(value: Any) -> Any:
    """A limit from pydantic's context, as a number the reader's locale writes."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    try:
        return Decimal(str(value))
    except (ArithmeticError, ValueError):
        return str(value)


def _validation_problem(error: Any) -> "i18n.Message | str":
    """What a person reads about one pydantic error, in words of their language."""
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    cause = context.get("error")
    own = getattr(cause, "message", None)
    if isinstance(own, i18n.Message):
        return own
    if kind == "string_too_short" and context.get("min_length") == 1:
        return i18n.message("errors.validation.empty")
    if kind in VALIDATION_TEXTS:
        key, names = VALIDATION_TEXTS[kind]
        params = {name: _number_or_text(context.get(source, "")) for name, source in names.items()}
        if "expected" in params:
            params["expected"] = _alternatives(str(context.get("expected", "")))
        return i18n.message(key, **params)
    if cause is not None:
        return str(cause)
    return i18n.message("errors.validation.invalid")


def _alternatives(expected: str) -> "i18n.Message | str":
    """Pydantic's "'en' or 'fr'", with its "or" in the reader's language."""
    first, separator, last = expected.rpartition(" or ")
    if not separator:
        return expected
    return i18n.message("errors.validation.either", first=first, last=last)


def describe_validation_errors(errors: Sequence[Any]) -> list[FieldProblem]:
    """Pydantic errors as {field, message}, the message keyed for the reader's language;
    rules across fields name their own field."""
    fields = []
    for error in errors:
        if error.get("type") == "json_invalid":
            position = error.get("loc", ("body", "?"))[-1]
            reason = (error.get("ctx") or {}).get("error", "malformed")
            fields.append(
                field_error(
                    "body",
                    i18n.message("errors.validation.json", reason=reason, position=position),
                )
            )
            continue
        cause = (error.get("ctx") or {}).get("error")
        field = getattr(cause, "field", None)
        location = _location(tuple(error.get("loc", ())))
        if isinstance(field, str):
            where = field if location == "body" else f"{location}.{field}"
            message = getattr(cause, "message", cause)
            fields.append(
                field_error(where, message if isinstance(message, i18n.Message) else str(message))
            )
        else:
            fields.append(field_error(location, _validation_problem(error)))
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
            i18n.text(
                "errors.field_problem",
                language,
                field=_written(field_label(str(problem["field"])), language),
                problem=_written(problem["message"], language),
            )
            for problem in fields
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

    # Two writers at the same moment: whichever checks ran first, the database decides, and
    # the loser is told why (409), never a 500. Nothing of the request was stored.
    @app.exception_handler(StaleDataError)
    async def _stale(request: Request, exc: StaleDataError) -> JSONResponse:
        logger.info("concurrent change, request id %s: %s", request_id(request), exc)
        return JSONResponse(
            _body(request, StaleVersion.code, i18n.message("errors.changed_at_once"), []),
            status_code=409,
        )

    @app.exception_handler(IntegrityError)
    async def _clash(request: Request, exc: IntegrityError) -> JSONResponse:
        logger.info("concurrent clash, request id %s: %s", request_id(request), exc.orig)
        return JSONResponse(
            _body(request, Conflict.code, i18n.message("errors.clash_at_once"), []),
            status_code=409,
        )

    @app.exception_handler(OperationalError)
    async def _busy(request: Request, exc: OperationalError) -> JSONResponse:
        # SQLite's "database is locked" after its busy timeout; PostgreSQL's serialization
        # failures, deadlocks and lock time-outs.
        logger.warning("database busy, request id %s: %s", request_id(request), exc.orig)
        return JSONResponse(
            _body(request, "busy", i18n.message("errors.busy"), []),
            status_code=503,
            headers={"Retry-After": "2"},
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed", 413: "upload_too_large"}.get(
            exc.status_code, "http_error"
        )
        detail: str | i18n.Message = str(exc.detail)
        if exc.status_code == 404 and exc.detail == "Not Found":
            detail = i18n.message("errors.page_not_found")
        elif exc.status_code == 405:
            detail = i18n.message("errors.method_not_allowed")
        return JSONResponse(
            _body(request, code, detail, []),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )
