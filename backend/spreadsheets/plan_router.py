"""Plan workbooks: download an action plan or the empty template, and load a new plan."""

import hashlib
import re
from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, Response, UploadFile, status

from backend import i18n
from backend.access.policy import Operation, Principal, condition, may
from backend.audit import service as audit
from backend.audit.models import AuditAction
from backend.deps import CurrentActor, CurrentPrincipal, ReadSessionDep, WriteSessionDep
from backend.errors import EmpactError, Forbidden, NotFound
from backend.resources import RecordId
from backend.spreadsheets.plan_import import RESOURCE, PlanLoadSummary, load_plan_workbook
from backend.spreadsheets.plan_workbook import build_plan_workbook, code_lists, plan_content
from backend.spreadsheets.safety import UploadLimits, read_bounded

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_FILENAME = "empact-plan-workbook-template.xlsx"

router = APIRouter(tags=["workbooks"])


def _attachment(data: bytes, filename: str) -> Response:
    return Response(
        data,
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def plan_filename(short_code: str) -> str:
    return f"empact-{re.sub(r'[^A-Za-z0-9._-]', '-', short_code)}-plan-workbook.xlsx"


# Declared before /action-plans/{id}/workbook and included before the plans' router, so
# that "workbook" is never read as a plan id.
@router.get(
    "/action-plans/workbook",
    summary="The empty plan workbook, to write a new action plan in",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}},
)
def plan_workbook_template(
    session: ReadSessionDep, principal: CurrentPrincipal, actor: CurrentActor
) -> Response:
    if not may(principal, RESOURCE, Operation.read):
        audit.record_even_if_rolled_back(
            session,
            actor=actor,
            action=AuditAction.denied,
            resource=RESOURCE,
            detail=i18n.message("audit.refused.plan_template"),
        )
        raise Forbidden("Your roles do not give access to plan workbooks.")
    data = build_plan_workbook(None, code_lists(session), generated_by=principal.username)
    return _attachment(data, TEMPLATE_FILENAME)


def plan_loader(
    session: WriteSessionDep, principal: CurrentPrincipal, actor: CurrentActor
) -> Principal:
    """The caller, when they may create plans from workbooks; refused before the file is read."""
    if not may(principal, RESOURCE, Operation.create):
        audit.record_even_if_rolled_back(
            session,
            actor=actor,
            action=AuditAction.denied,
            resource=RESOURCE,
            detail=i18n.message("audit.refused.plan_load_role"),
        )
        raise Forbidden("Your roles do not create action plans from workbooks.")
    return principal


PlanLoader = Annotated[Principal, Depends(plan_loader)]


@router.post(
    "/action-plans/workbook",
    summary="Create a new action plan from a plan workbook",
    description="Every code is resolved and every row checked first; any problem refuses the "
    "whole workbook with 422, each problem in `fields` with its sheet, row and column. "
    "Loads new plans only. With `dry_run`, nothing is created and 200 says what would be.",
    response_model=PlanLoadSummary,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": PlanLoadSummary, "description": "Dry run: what would be created"}},
)
def load_plan(
    file: Annotated[UploadFile, File(description="The plan workbook (.xlsx)")],
    session: WriteSessionDep,
    principal: PlanLoader,
    actor: CurrentActor,
    dry_run: Annotated[bool, Query(description="Check only; create nothing")] = False,
) -> Response:
    limits = UploadLimits.configured()
    data = read_bounded(file, limits.max_bytes)
    try:
        summary = load_plan_workbook(
            session, data, principal, actor, dry_run=dry_run, limits=limits
        )
    except EmpactError as error:
        # Nothing of a refused workbook is kept but this event.
        audit.record_even_if_rolled_back(
            session,
            actor=actor,
            action=AuditAction.denied,
            resource=RESOURCE,
            changes={"sha256": [None, hashlib.sha256(data).hexdigest()]},
            detail=i18n.message(
                "audit.refused.plan_workbook", code=error.code, reason=error.message
            ),
        )
        raise
    return Response(
        summary.model_dump_json(),
        status_code=status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED,
        media_type="application/json",
    )


@router.get(
    "/action-plans/{id}/workbook",
    summary="An action plan as a workbook: the plan, its actions and who takes part",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}},
)
def plan_workbook(
    id: RecordId, session: ReadSessionDep, principal: CurrentPrincipal, actor: CurrentActor
) -> Response:
    scope = condition(principal, RESOURCE, Operation.read)
    content = plan_content(session, plan_id=id, scope=scope)
    if content is None:
        audit.record_even_if_rolled_back(
            session,
            actor=actor,
            action=AuditAction.denied,
            resource=RESOURCE,
            record_id=id,
            detail=i18n.message("audit.refused.plan_download", plan=str(id)),
        )
        raise NotFound(f"No action plan with id {id} whose workbook you may download.")
    data = build_plan_workbook(content, code_lists(session), generated_by=principal.username)
    return _attachment(data, plan_filename(content.values["short_code"]))
