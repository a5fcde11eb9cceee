"""Moving a reporting cycle on: Europol starts its flows, and the cycle's flow runs are listed."""

from collections.abc import Callable
from typing import NoReturn

from fastapi import APIRouter, Request, status
from sqlmodel import Session, SQLModel

from backend import i18n, orchestration
from backend.access.policy import Operation, Principal, may
from backend.audit import service as audit
from backend.audit.models import AuditAction
from backend.deps import CurrentActor, CurrentPrincipal, ReadSessionDep, WriteSessionDep
from backend.errors import Forbidden, NotFound, reader_language, record_label
from backend.reporting import workflow
from backend.reporting.models import CycleFlow, CycleRunPublic, ReportingCycle
from backend.reporting.step_results import outcome_text
from backend.resources import RecordId

router = APIRouter(tags=["reporting-cycles"])


STEPS = {
    "open": (CycleFlow.open_cycle, "Open a planned cycle: its reports, contributions, messages"),
    "remind": (CycleFlow.send_reminders, "Remind whoever still owes a report or contribution"),
    "close": (CycleFlow.close_cycle, "Close an open cycle: what was not submitted is missing"),
    "consolidate": (CycleFlow.consolidate_cycle, "Consolidate a closed cycle and its summary"),
}


class CycleRunStarted(SQLModel):
    id: int
    flow: CycleFlow
    flow_run_id: str
    state: str


def _refuse(
    session: Session,
    actor: audit.Actor,
    principal: Principal,
    resource: str,
    cycle_id: int,
    step: str,
) -> NoReturn:
    """Note the refusal; 404 for who may not even see it, 403 for who sees but may not act."""
    audit.record_even_if_rolled_back(
        session,
        actor=actor,
        action=AuditAction.denied,
        resource=resource,
        record_id=cycle_id,
        detail=i18n.message(
            "audit.refused.step",
            step=i18n.message(f"audit.step.{step}"),
            cycle=workflow.cycle_code(session, cycle_id),
        ),
    )
    if may(principal, resource, Operation.read):
        raise Forbidden(i18n.message(f"reporting.may_not_step.{step}"))
    raise NotFound(
        i18n.message("errors.not_found", record=record_label("reporting_cycles"), id=str(cycle_id))
    )


def _existing(session: Session, cycle_id: int) -> ReportingCycle:
    cycle = session.get(ReportingCycle, cycle_id)
    if cycle is None:
        raise NotFound(
            i18n.message(
                "errors.not_found", record=record_label("reporting_cycles"), id=str(cycle_id)
            )
        )
    return cycle


def _step_endpoint(step: str, flow: CycleFlow) -> Callable[..., CycleRunStarted]:
    def start(
        id: RecordId,
        reading: ReadSessionDep,
        session: WriteSessionDep,
        principal: CurrentPrincipal,
        actor: CurrentActor,
    ) -> CycleRunStarted:
        if not may(principal, "cycle-transitions", Operation.update):
            _refuse(session, actor, principal, "cycle-transitions", id, step)
        # Read without the write lock: SQLite writers should not wait on the Prefect call.
        _existing(reading, id)
        run = orchestration.start_cycle_flow(session, flow=flow, cycle_id=id, actor=actor)
        return CycleRunStarted.model_validate(run, from_attributes=True)

    start.__name__ = f"{step}_cycle"
    return start


for step, (flow, summary) in STEPS.items():
    router.add_api_route(
        f"/reporting-cycles/{{id}}/{step}",
        _step_endpoint(step, flow),
        methods=["POST"],
        status_code=status.HTTP_202_ACCEPTED,
        response_model=CycleRunStarted,
        summary=summary,
        description="Starts the flow run through the Prefect server and answers at once; "
        "`GET /api/reporting-cycles/{id}/runs` follows it. 503 `orchestrator_unavailable` "
        "when no Prefect server (or no runner serving the flow) is there to run it.",
    )


@router.get(
    "/reporting-cycles/{id}/runs",
    response_model=list[CycleRunPublic],
    summary="The cycle's flow runs, newest first",
)
def cycle_runs(
    id: RecordId,
    request: Request,
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    actor: CurrentActor,
) -> list[CycleRunPublic]:
    if not may(principal, "cycle-runs", Operation.read):
        _refuse(session, actor, principal, "cycle-runs", id, "runs")
    _existing(session, id)
    language = reader_language(request)
    return [
        CycleRunPublic.model_validate(run, from_attributes=True).model_copy(
            update={"message": outcome_text(run, language)}
        )
        for run in orchestration.cycle_runs(session, cycle_id=id)
    ]
