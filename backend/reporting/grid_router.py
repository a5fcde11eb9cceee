"""HTTP endpoints of the figures grid: read a report's or a country's figures, save them."""

from typing import Annotated

from fastapi import APIRouter, Query

from backend import i18n
from backend.access.policy import Operation, may
from backend.audit import service as audit
from backend.audit.models import AuditAction
from backend.deps import CurrentActor, CurrentPrincipal, ReadSessionDep, WriteSessionDep
from backend.errors import Forbidden, NotFound
from backend.reporting import figure_grid
from backend.resources import MAX_ID, RecordId

router = APIRouter(tags=["figures"])

IdFilter = Annotated[int | None, Query(ge=1, le=MAX_ID)]


@router.get(
    "/reporting-cycles/{id}/figures",
    response_model=figure_grid.FigureGrid,
    summary="The figures of one action, plan or country in the cycle, as a grid: the rows "
    "the reader may see, the indicators that apply, the previous cycle's figures, and which "
    "rows the reader may write",
)
def read_figures(
    id: RecordId,
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    actor: CurrentActor,
    action: IdFilter = None,
    plan: IdFilter = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
) -> figure_grid.FigureGrid:
    if not may(principal, "figure-grids", Operation.read) or not figure_grid.readable(
        session, principal=principal, action_id=action, plan_id=plan
    ):
        audit.record_even_if_rolled_back(
            session,
            actor=actor,
            action=AuditAction.denied,
            resource="figure-grids",
            record_id=id,
            detail=i18n.message("audit.refused.read"),
        )
        raise NotFound(i18n.message("reporting.no_view.figures"))
    return figure_grid.figure_grid(
        session,
        cycle_id=id,
        principal=principal,
        action_id=action,
        plan_id=plan,
        country=country.upper() if country else None,
    )


@router.put(
    "/reporting-cycles/{id}/figures",
    response_model=figure_grid.GridSaved,
    summary="Save the grid's changed cells, all or nothing: send each cell's `version` as "
    "read; a stale one answers 409 naming its row and indicator, and nothing is saved",
)
def save_figures(
    id: RecordId,
    body: figure_grid.GridSave,
    session: WriteSessionDep,
    principal: CurrentPrincipal,
    actor: CurrentActor,
) -> figure_grid.GridSaved:
    if not may(principal, "figure-grids", Operation.update):
        audit.record_even_if_rolled_back(
            session,
            actor=actor,
            action=AuditAction.denied,
            resource="figure-grids",
            record_id=id,
            detail=i18n.message("audit.refused.update"),
        )
        raise Forbidden(i18n.message("reporting.grid.read_only"))
    return figure_grid.save_grid(
        session, cycle_id=id, cells=body.cells, principal=principal, actor=actor
    )
