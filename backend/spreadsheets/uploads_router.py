"""Uploads: a workbook becomes a plan first; applying, reverting and the error workbook."""

import hashlib
from typing import Annotated

from fastapi import File, Response, UploadFile, status
from pydantic import TypeAdapter
from sqlmodel import Session, col, select

from backend import i18n
from backend.access.policy import Operation, Principal, condition
from backend.audit import service as audit
from backend.audit.models import AuditAction
from backend.deps import CurrentActor, CurrentPrincipal, ReadSessionDep, WriteSessionDep
from backend.errors import EmpactError, Forbidden, NotFound
from backend.resources import RecordId, ResourceService, resource_router
from backend.spreadsheets import imports
from backend.spreadsheets.error_workbook import build_error_workbook
from backend.spreadsheets.models import (
    Upload,
    UploadApply,
    UploadDetail,
    UploadPublic,
)
from backend.spreadsheets.router import XLSX
from backend.spreadsheets.safety import UploadLimits, read_bounded

uploads = ResourceService(Upload, search=["filename", "sha256"], default_sort=("id", "DESC"))

router = resource_router(
    "uploads", uploads, public=UploadPublic, create=None, update=None, deletable=False
)
detail = TypeAdapter(UploadDetail)


def _render(session: Session, upload: Upload, status_code: int = status.HTTP_200_OK) -> Response:
    cells = imports.plan_cells(session, upload.id or 0)
    body = UploadDetail.model_validate(
        {**UploadPublic.model_validate(upload, from_attributes=True).model_dump(), "cells": cells},
        from_attributes=True,
    )
    return Response(detail.dump_json(body), status_code=status_code, media_type="application/json")


def _find(session: Session, principal: Principal, upload_id: int, operation: Operation) -> Upload:
    """The upload if the caller may `operation` it: 404 when it may not even read it."""
    readable = condition(principal, "uploads", Operation.read)
    upload = session.exec(select(Upload).where(col(Upload.id) == upload_id, readable)).first()
    if upload is None:
        raise NotFound(f"No upload with id {upload_id}.")
    if operation != Operation.read:
        allowed = condition(principal, "uploads", operation)
        if (
            session.exec(select(col(Upload.id)).where(col(Upload.id) == upload_id, allowed)).first()
            is None
        ):
            raise Forbidden("You may not change this upload.")
    return upload


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=UploadDetail,
    summary="Upload a filled country workbook: checks it and answers with its plan",
    description="Nothing is written to the figures: the answer says, cell by cell, what is "
    "new, changed, in conflict or rejected, with each problem's sheet, row and column. "
    "`status` is `planned` (it can be applied) or `rejected` (fix the cells and upload again). "
    "An unsafe or foreign file is refused with a 4xx naming the problem.",
)
def upload_workbook(
    file: Annotated[UploadFile, File(description="The .xlsx workbook")],
    session: WriteSessionDep,
    principal: CurrentPrincipal,
    actor: CurrentActor,
) -> Response:
    limits = UploadLimits.configured()
    filename = (file.filename or "workbook.xlsx").replace("\\", "/").rsplit("/", 1)[-1]
    data = b""
    try:
        data = read_bounded(file, limits.max_bytes)
        upload = imports.plan_upload(
            session,
            data=data,
            filename=filename,
            principal=principal,
            actor=actor,
            limits=limits,
        )
    except EmpactError as error:
        # Nothing of a refused file is kept but this event.
        audit.record_even_if_rolled_back(
            session,
            actor=actor,
            action=AuditAction.denied,
            resource="uploads",
            changes={"sha256": [None, hashlib.sha256(data).hexdigest()]},
            detail=i18n.message(
                "audit.refused.upload",
                filename=filename[:120],
                code=error.code,
                reason=error.message,
            ),
        )
        raise
    return _render(session, upload, status.HTTP_201_CREATED)


@router.get(
    "/{id}/plan",
    response_model=UploadDetail,
    summary="An upload with every cell its plan would change, reject or ask about",
)
def upload_plan(id: RecordId, session: ReadSessionDep, principal: CurrentPrincipal) -> Response:
    return _render(session, _find(session, principal, id, Operation.read))


def _note_refusal(
    session: Session, actor: audit.Actor, upload_id: int, what: str, error: EmpactError
) -> None:
    audit.record_even_if_rolled_back(
        session,
        actor=actor,
        action=AuditAction.denied,
        resource="uploads",
        record_id=upload_id,
        detail=i18n.message(
            "audit.refused.upload_step",
            step=i18n.message(f"audit.upload_step.{what}"),
            code=error.code,
            reason=error.message,
        ),
    )


@router.post(
    "/{id}/apply",
    response_model=UploadDetail,
    summary="Write exactly what the plan showed, all or nothing, as one audited batch",
    description="Refused when the plan has expired, when a cell changed since it was made, or "
    "while a conflict has no choice: `choices` says per conflicting cell whether the file's "
    "value (`file`) or the stored one (`stored`) is kept.",
)
def apply_upload(
    id: RecordId,
    session: WriteSessionDep,
    principal: CurrentPrincipal,
    actor: CurrentActor,
    body: UploadApply | None = None,
) -> Response:
    _find(session, principal, id, Operation.update)
    try:
        upload = imports.apply_upload(
            session,
            upload_id=id,
            principal=principal,
            actor=actor,
            choices=body.choices if body else None,
        )
    except EmpactError as error:
        _note_refusal(session, actor, id, "apply", error)
        raise
    return _render(session, upload)


@router.post(
    "/{id}/revert",
    response_model=UploadDetail,
    summary="Put back what an applied upload overwrote, while its cycle is open",
)
def revert_upload(
    id: RecordId, session: WriteSessionDep, principal: CurrentPrincipal, actor: CurrentActor
) -> Response:
    _find(session, principal, id, Operation.update)
    try:
        upload = imports.revert_upload(session, upload_id=id, principal=principal, actor=actor)
    except EmpactError as error:
        _note_refusal(session, actor, id, "revert", error)
        raise
    return _render(session, upload)


@router.get(
    "/{id}/error-workbook",
    summary="The uploaded workbook with its bad cells red, conflicts amber, and an Errors sheet",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}},
)
def error_workbook(id: RecordId, session: ReadSessionDep, principal: CurrentPrincipal) -> Response:
    upload = _find(session, principal, id, Operation.read)
    stem = upload.filename.rsplit(".", 1)[0]
    safe = (
        "".join(c if (c.isascii() and c.isalnum()) or c in "-_." else "-" for c in stem)[:80]
        or "workbook"
    )
    return Response(
        build_error_workbook(session, upload, language=principal.language),
        media_type=XLSX,
        headers={
            "Content-Disposition": f'attachment; filename="{safe}-errors-upload-{upload.id}.xlsx"'
        },
    )
