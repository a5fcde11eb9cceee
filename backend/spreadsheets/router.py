"""Workbook downloads."""

from typing import Annotated

from fastapi import APIRouter, Query, Response

from backend import i18n
from backend.access.policy import Operation, may, may_for_country
from backend.audit import service as audit
from backend.audit.models import AuditAction
from backend.deps import CurrentActor, CurrentPrincipal, ReadSessionDep
from backend.errors import NotFound
from backend.reporting.models import Consolidation, CycleState, ReportingCycle
from backend.resources import MAX_ID, RecordId
from backend.spreadsheets.action_service import (
    action_cycle_report,
    action_exists,
    readable_action,
)
from backend.spreadsheets.action_workbook import action_workbook_filename, build_action_workbook
from backend.spreadsheets.consolidated_service import consolidated_report, source_lines
from backend.spreadsheets.consolidated_workbook import (
    build_consolidated_workbook,
    consolidated_filename,
    consolidated_workbook_filename,
)
from backend.spreadsheets.country_workbook import build_country_workbook
from backend.spreadsheets.service import country_report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

router = APIRouter(tags=["workbooks"])


@router.get(
    "/reporting-cycles/{id}/country-workbook",
    summary="The workbook a national coordinator fills for a country and a cycle",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}},
)
def country_workbook(
    id: RecordId,
    country: Annotated[str, Query(pattern=r"^[A-Za-z]{2}$", description="ISO 3166 alpha-2")],
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    actor: CurrentActor,
) -> Response:
    country = country.upper()
    if not may_for_country(principal, "country-workbooks", Operation.read, country=country):
        audit.record_even_if_rolled_back(
            session,
            actor=actor,
            action=AuditAction.denied,
            resource="country-workbooks",
            record_id=id,
            detail=i18n.message("audit.refused.country_workbook", country=country),
        )
        raise NotFound(f"No country workbook of {country} that you may download.")
    report = country_report(session, cycle_id=id, country=country)
    data = build_country_workbook(
        report, generated_by=principal.username, language=principal.language
    )
    filename = f"empact-{report.cycle.code}-{country}-country-workbook.xlsx"
    return Response(
        data,
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _xlsx(data: bytes, filename: str) -> Response:
    return Response(
        data,
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get(
    "/reporting-cycles/{id}/action-workbook",
    summary="An action's report and every participant's figures in a cycle, as a workbook",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}},
)
def action_workbook(
    id: RecordId,
    action: Annotated[int, Query(ge=1, le=MAX_ID, description="The operational action's id")],
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    actor: CurrentActor,
) -> Response:
    found = readable_action(session, action_id=action, principal=principal)
    if found is None:
        # Only a refusal of an existing action is worth a line in the trail.
        if action_exists(session, action_id=action):
            audit.record_even_if_rolled_back(
                session,
                actor=actor,
                action=AuditAction.denied,
                resource="action-workbooks",
                record_id=id,
                detail=i18n.message("audit.refused.action_workbook", action=str(action)),
            )
        raise NotFound(f"No action workbook of action {action} that you may download.")
    report = action_cycle_report(session, cycle_id=id, action=found)
    data = build_action_workbook(
        report, generated_by=principal.username, language=principal.language
    )
    return _xlsx(data, action_workbook_filename(report))


@router.get(
    "/reporting-cycles/{id}/consolidated-workbook",
    summary="A cycle's totals per priority and per country, completeness and narratives",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}},
)
def consolidated_workbook(
    id: RecordId, session: ReadSessionDep, principal: CurrentPrincipal, actor: CurrentActor
) -> Response:
    if not may(principal, "consolidated-workbooks", Operation.read):
        audit.record_even_if_rolled_back(
            session,
            actor=actor,
            action=AuditAction.denied,
            resource="consolidated-workbooks",
            record_id=id,
            detail=i18n.message("audit.refused.consolidated_workbook"),
        )
        raise NotFound("No consolidated workbook that you may download.")
    # A consolidated cycle is final: the workbook its flow kept, in English, is the one to
    # hand out to an English reader; a reader of another language gets one written anew.
    cycle = session.get(ReportingCycle, id)
    kept = session.get(Consolidation, id)
    english = principal.language == i18n.DEFAULT_LANGUAGE
    if cycle and cycle.state == CycleState.consolidated and kept and kept.workbook and english:
        return _xlsx(kept.workbook, consolidated_filename(cycle.code))
    report = consolidated_report(session, cycle_id=id)
    data = build_consolidated_workbook(
        report,
        source_lines(session, report=report),
        generated_by=principal.username,
        language=principal.language,
    )
    return _xlsx(data, consolidated_workbook_filename(report))
