"""HTTP endpoints of the web UI's read models (my work, a cycle's matrix and results) and of
submitting a contribution."""

from typing import Annotated, NoReturn

from fastapi import APIRouter, Query
from sqlmodel import Field, Session, SQLModel

from backend import i18n
from backend.access.policy import Operation, Principal, may
from backend.audit import service as audit
from backend.audit.models import AuditAction
from backend.deps import CurrentActor, CurrentPrincipal, ReadSessionDep, WriteSessionDep
from backend.errors import Forbidden, NotFound
from backend.reporting import contributions, views, workflow
from backend.reporting.models import Contribution, ContributionPublic
from backend.resources import MAX_ID, RecordId

router = APIRouter()

PlanFilter = Annotated[
    int | None, Query(ge=1, le=MAX_ID, description="Only this action plan's actions")
]


def _refuse(
    session: Session, actor: audit.Actor, resource: str, cycle_id: int, why: i18n.Message
) -> NoReturn:
    """Note the refusal; answer 404, as for a cycle the caller may not see."""
    audit.record_even_if_rolled_back(
        session,
        actor=actor,
        action=AuditAction.denied,
        resource=resource,
        record_id=cycle_id,
        detail=i18n.message(
            "audit.refused.cycle_view",
            view=i18n.message(f"audit.view.{resource}"),
            cycle=workflow.cycle_code(session, cycle_id),
            why=why,
        ),
    )
    raise NotFound(i18n.message(f"reporting.no_view.{resource}"))


def _police(
    session: Session,
    principal: Principal,
    actor: audit.Actor,
    resource: str,
    cycle_id: int,
    plan: int | None,
) -> None:
    if not may(principal, resource, Operation.read):
        _refuse(session, actor, resource, cycle_id, i18n.message("audit.why.roles"))
    if plan is not None and not views.readable_plan(session, principal=principal, plan_id=plan):
        _refuse(session, actor, resource, cycle_id, i18n.message("audit.why.plan", plan=str(plan)))


@router.get(
    "/my-work",
    response_model=views.MyWork,
    tags=["my-work"],
    summary="What the signed-in user owes or reviews in the cycles it can act in",
)
def my_work(
    session: ReadSessionDep, principal: CurrentPrincipal, actor: CurrentActor
) -> views.MyWork:
    if not may(principal, "my-work", Operation.read):
        audit.record_even_if_rolled_back(
            session,
            actor=actor,
            action=AuditAction.denied,
            resource="my-work",
            detail=i18n.message("audit.refused.my_work"),
        )
        raise Forbidden(i18n.message("errors.no_access"))
    return views.my_work(session, principal=principal)


@router.get(
    "/reporting-cycles/{id}/matrix",
    response_model=views.CycleMatrix,
    tags=["reporting-cycles"],
    summary="The cockpit: the cycle's actions x participants, each cell's completeness",
)
def cycle_matrix(
    id: RecordId,
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    actor: CurrentActor,
    priority: Annotated[int | None, Query(ge=1, le=MAX_ID, description="Only its plans")] = None,
    country: Annotated[
        str | None,
        Query(pattern=r"^[A-Za-z]{2}$", description="Only its organisations and their actions"),
    ] = None,
    plan: PlanFilter = None,
) -> views.CycleMatrix:
    _police(session, principal, actor, "cycle-matrix", id, plan)
    return views.cycle_matrix(
        session,
        cycle_id=id,
        principal=principal,
        priority_id=priority,
        country=country.upper() if country else None,
        plan_id=plan,
    )


@router.get(
    "/reporting-cycles/{id}/results",
    response_model=views.CycleResults,
    tags=["reporting-cycles"],
    summary="Totals per indicator, priority and country, beside the previous cycle's",
)
def cycle_results(
    id: RecordId,
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    actor: CurrentActor,
    plan: PlanFilter = None,
) -> views.CycleResults:
    _police(session, principal, actor, "cycle-results", id, plan)
    return views.cycle_results(session, cycle_id=id, principal=principal, plan_id=plan)


@router.post(
    "/contributions/{id}/submit",
    response_model=ContributionPublic,
    tags=["contributions"],
    summary="Hand in a contribution: not started, draft, returned or missing -> submitted",
)
def submit_contribution(
    id: RecordId, session: WriteSessionDep, principal: CurrentPrincipal, actor: CurrentActor
) -> Contribution:
    contribution = contributions.contribution_to_submit(
        session, contribution_id=id, principal=principal, actor=actor
    )
    return contributions.submit_contribution(
        session, contribution=contribution, actor=actor, principal=principal
    )


class ContributionReview(SQLModel):
    comment: str = Field(
        default="", max_length=5_000, description="What the contributor should know or correct"
    )


@router.post(
    "/contributions/{id}/return",
    response_model=ContributionPublic,
    tags=["contributions"],
    summary="The action's leader, the driver or Europol sends a submitted contribution back "
    "with a comment: its figures can be changed again",
)
def return_contribution(
    id: RecordId,
    session: WriteSessionDep,
    principal: CurrentPrincipal,
    actor: CurrentActor,
    body: ContributionReview | None = None,
) -> Contribution:
    contribution = contributions.contribution_to_review(
        session, contribution_id=id, principal=principal, actor=actor
    )
    return contributions.return_contribution(
        session,
        contribution=contribution,
        principal=principal,
        actor=actor,
        comment=body.comment if body else "",
    )


@router.post(
    "/contributions/{id}/accept",
    response_model=ContributionPublic,
    tags=["contributions"],
    summary="The action's leader, the driver or Europol accepts a submitted contribution; "
    "never its own submitter",
)
def accept_contribution(
    id: RecordId,
    session: WriteSessionDep,
    principal: CurrentPrincipal,
    actor: CurrentActor,
    body: ContributionReview | None = None,
) -> Contribution:
    contribution = contributions.contribution_to_review(
        session, contribution_id=id, principal=principal, actor=actor
    )
    return contributions.accept_contribution(
        session,
        contribution=contribution,
        principal=principal,
        actor=actor,
        comment=body.comment if body else "",
    )
