"""HTTP endpoints of reporting cycles, action reports, contributions and figures."""

from fastapi import APIRouter, status
from sqlmodel import Field, Session, SQLModel, col, select

from backend import i18n
from backend.access.policy import Operation, Principal, condition, may
from backend.audit import service as audit
from backend.audit.models import AuditAction
from backend.deps import CurrentActor, CurrentPrincipal, WriteSessionDep
from backend.errors import Forbidden, NotFound, record_label
from backend.reporting import models, service, workflow
from backend.resources import RecordId, ResourceService, resource_router

router = APIRouter()
router.include_router(
    resource_router(
        "reporting-cycles",
        service.reporting_cycles,
        public=models.ReportingCyclePublic,
        create=models.ReportingCycleCreate,
        update=models.ReportingCycleUpdate,
    )
)
router.include_router(
    resource_router(
        "action-reports",
        service.action_reports,
        public=models.ActionReportPublic,
        create=models.ActionReportCreate,
        update=models.ActionReportUpdate,
    )
)
router.include_router(
    resource_router(
        "contributions",
        service.contributions,
        public=models.ContributionPublic,
        create=models.ContributionCreate,
        update=models.ContributionUpdate,
    )
)
router.include_router(
    resource_router(
        "indicator-values",
        service.indicator_values,
        public=models.IndicatorValuePublic,
        create=models.IndicatorValueCreate,
        update=models.IndicatorValueUpdate,
    )
)


class ReviewBody(SQLModel):
    comment: str = Field(default="", max_length=5_000, description="What the leader should know")


def _report_for(
    session: Session, principal: Principal, actor: audit.Actor, report_id: int, resource: str
) -> models.ActionReport:
    """The report if the caller may move it: 404 when they may not read it, 403 when they may
    read it but not make this move."""
    report = session.exec(
        select(models.ActionReport).where(
            col(models.ActionReport.id) == report_id,
            condition(principal, resource, Operation.read),
        )
    ).first()
    if report is None:
        raise NotFound(
            i18n.message(
                "errors.not_found", record=record_label("action_reports"), id=str(report_id)
            )
        )
    allowed = session.exec(
        select(col(models.ActionReport.id)).where(
            col(models.ActionReport.id) == report_id,
            condition(principal, resource, Operation.update),
        )
    ).first()
    if allowed is None:
        audit.record_even_if_rolled_back(
            session,
            actor=actor,
            action=AuditAction.denied,
            resource="action-reports",
            record_id=report_id,
            detail=i18n.message("audit.refused.report_move"),
        )
        raise Forbidden(i18n.message("reporting.who_moves_report"))
    return report


@router.post(
    "/action-reports/{id}/submit",
    response_model=models.ActionReportPublic,
    tags=["action-reports"],
    summary="The leader hands in the report: not started, draft or returned -> submitted",
)
def submit_report(
    id: RecordId, session: WriteSessionDep, principal: CurrentPrincipal, actor: CurrentActor
) -> models.ActionReport:
    report = _report_for(session, principal, actor, id, "report-submissions")
    return workflow.submit_report(session, report=report, principal=principal, actor=actor)


@router.post(
    "/action-reports/{id}/return",
    response_model=models.ActionReportPublic,
    tags=["action-reports"],
    summary="The driver or Europol sends a submitted report back with a comment",
)
def return_report(
    id: RecordId,
    session: WriteSessionDep,
    principal: CurrentPrincipal,
    actor: CurrentActor,
    body: ReviewBody | None = None,
) -> models.ActionReport:
    report = _report_for(session, principal, actor, id, "report-reviews")
    return workflow.return_report(
        session,
        report=report,
        principal=principal,
        actor=actor,
        comment=body.comment if body else "",
    )


@router.post(
    "/action-reports/{id}/accept",
    response_model=models.ActionReportPublic,
    tags=["action-reports"],
    summary="The driver or Europol accepts a submitted report; never its own submitter",
)
def accept_report(
    id: RecordId,
    session: WriteSessionDep,
    principal: CurrentPrincipal,
    actor: CurrentActor,
    body: ReviewBody | None = None,
) -> models.ActionReport:
    report = _report_for(session, principal, actor, id, "report-reviews")
    return workflow.accept_report(
        session,
        report=report,
        principal=principal,
        actor=actor,
        comment=body.comment if body else "",
    )


reopenings = ResourceService(models.Reopening, search=["reason"])
reopenings_router = resource_router(
    "reopenings", reopenings, public=models.ReopeningPublic, create=None, update=None
)


@reopenings_router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=models.ReopeningPublic,
    summary="Let one action or one country write again in a closed cycle, until a date",
)
def grant_reopening(
    data: models.ReopeningCreate,
    session: WriteSessionDep,
    principal: CurrentPrincipal,
    actor: CurrentActor,
) -> models.Reopening:
    if not may(principal, "reopenings", Operation.create):
        audit.record_even_if_rolled_back(
            session,
            actor=actor,
            action=AuditAction.denied,
            resource="reopenings",
            detail=i18n.message("audit.refused.reopening"),
        )
        raise Forbidden(i18n.message("reporting.only_europol_reopens"))
    return workflow.grant_reopening(session, data=data, principal=principal, actor=actor)


router.include_router(reopenings_router)
