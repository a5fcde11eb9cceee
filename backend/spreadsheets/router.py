"""Workbook downloads."""

from typing import Annotated

from fastapi import APIRouter, Query, Response

from backend.access.policy import Operation, may_for_country
from backend.audit import service as audit
from backend.audit.models import AuditAction
from backend.deps import CurrentActor, CurrentPrincipal, ReadSessionDep
from backend.errors import NotFound
from backend.resources import RecordId
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
            detail=f"country workbook of {country} refused",
        )
        raise NotFound(f"No country workbook of {country} that you may download.")
    report = country_report(session, cycle_id=id, country=country)
    data = build_country_workbook(report, generated_by=principal.username)
    filename = f"empact-{report.cycle.code}-{country}-country-workbook.xlsx"
    return Response(
        data,
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
