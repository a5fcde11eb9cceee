"""The figures grid of the web UI: one row per participation of an action (a report's grid) or
of a country's actions (a coordinator's grid, the country workbook on the web), one column per
indicator that applies, the previous cycle's figure beside each, and which rows the reader
may write. Saving it goes through reporting's one write service, as an upload does."""

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Field, Session, SQLModel, col, select

from backend import i18n
from backend.access.policy import Operation, Principal, condition
from backend.audit import service as audit
from backend.audit.models import AuditAction
from backend.catalog.applicability import indicators_by_priority
from backend.catalog.models import Aggregation, Indicator, IndicatorKind, Organisation, Priority
from backend.errors import FieldProblem, Forbidden, InvalidInput
from backend.plans.models import ActionPlan, OperationalAction, Participation
from backend.plans.texts import action_name
from backend.records import JsonDecimal, natural_key
from backend.reporting import figures, texts
from backend.reporting.contributions import LOCKED, REVIEWS
from backend.reporting.contributions import RESOURCE as SUBMISSIONS
from backend.reporting.models import (
    Contribution,
    CycleState,
    IndicatorValue,
    ReportingCycle,
    ReportState,
    ValueSource,
)
from backend.reporting.workflow import get_cycle, in_cycle, running_reopenings
from backend.resources import MAX_ID
from backend.spreadsheets.service import previous_cycle

RESOURCE = "figure-grids"
# Cells per save: a country's whole grid fits, a runaway client does not.
MAX_CELLS = 20_000


class GridIndicator(SQLModel):
    id: int
    code: str
    name: str
    unit: str
    kind: IndicatorKind
    aggregation: Aggregation
    choices: list[str] | None
    min_value: JsonDecimal | None
    max_value: JsonDecimal | None
    description: str


class GridCell(SQLModel):
    value: str | None = None
    version: int | None = None
    previous: str | None = None


class GridRow(SQLModel):
    participation_id: int
    action_id: int
    action: str = Field(description="The action as people name it: 'CCH · OA 2.1'")
    action_title: str
    plan_id: int
    plan: str
    priority: str
    organisation_id: int
    organisation: str
    country_code: str | None
    own: bool = Field(description="The reader's own organisation's row")
    contribution_id: int | None
    contribution_state: ReportState
    contribution_version: int | None
    writable: bool
    read_only_reason: str = Field(description="Why the row cannot be written, to show")
    may_submit: bool = Field(description="The reader may hand the contribution in")
    may_review: bool = Field(description="The reader may return or accept it once handed in")
    indicator_ids: list[int] = Field(description="The indicators that apply to the row")
    cells: dict[str, GridCell] = Field(description="Keyed by indicator id")


class GridPlan(SQLModel):
    id: int
    code: str
    name: str


class FigureGrid(SQLModel):
    reporting_cycle_id: int
    cycle_code: str
    cycle_state: CycleState
    previous_cycle_code: str | None
    indicators: list[GridIndicator]
    rows: list[GridRow]
    plans: list[GridPlan] = Field(description="The plans of the rows, to filter by")


class GridCellWrite(SQLModel):
    participation_id: int = Field(ge=1, le=MAX_ID)
    indicator_id: int = Field(ge=1, le=MAX_ID)
    value: str = Field(default="", max_length=200, description="As typed; empty clears it")
    version: int | None = Field(default=None, ge=1, description="The version read, if any")


class GridSave(SQLModel):
    cells: list[GridCellWrite] = Field(max_length=MAX_CELLS)


class GridSaved(SQLModel):
    created: int
    updated: int
    deleted: int


def _plain(value: Decimal | str | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return f"{Decimal(value).normalize():f}"


def _rows_query(
    cycle: ReportingCycle,
    principal: Principal,
    *,
    action_id: int | None,
    plan_id: int | None,
    country: str | None,
) -> sa.Select[Any]:
    member = aliased(Organisation)
    writable = condition(principal, RESOURCE, Operation.update)
    columns: list[Any] = [
        col(Participation.id),
        col(OperationalAction.id),
        col(OperationalAction.code),
        col(OperationalAction.title),
        col(ActionPlan.id),
        col(ActionPlan.short_code),
        col(ActionPlan.name),
        col(ActionPlan.priority_id),
        col(Priority.code),
        col(member.id),
        col(member.name),
        col(member.country_code),
        col(Contribution.id),
        col(Contribution.state),
        col(Contribution.version),
        sa.case((writable, True), else_=False),
    ]
    query: sa.Select[Any] = (
        sa.select(*columns)
        .select_from(Contribution)
        .join(Participation, col(Participation.id) == col(Contribution.participation_id))
        .join(OperationalAction, col(OperationalAction.id) == col(Participation.action_id))
        .join(ActionPlan, col(ActionPlan.id) == col(OperationalAction.action_plan_id))
        .join(Priority, col(Priority.id) == col(ActionPlan.priority_id))
        .join(member, col(member.id) == col(Participation.organisation_id))
        .where(
            col(Contribution.reporting_cycle_id) == cycle.id,
            condition(principal, RESOURCE, Operation.read),
            *in_cycle(cycle),
        )
    )
    if action_id is not None:
        query = query.where(col(OperationalAction.id) == action_id)
    if plan_id is not None:
        query = query.where(col(ActionPlan.id) == plan_id)
    if country is not None:
        query = query.where(col(member.country_code) == country)
    return query


def readable(
    session: Session, *, principal: Principal, action_id: int | None, plan_id: int | None
) -> bool:
    """Whether the action and the plan asked for are within the reader's scope."""
    checks = []
    if action_id is not None:
        checks.append(col(OperationalAction.id) == action_id)
    if plan_id is not None:
        checks.append(col(OperationalAction.action_plan_id) == plan_id)
    if not checks:
        return True
    found = session.exec(
        select(col(OperationalAction.id))
        .join(Participation, col(Participation.action_id) == col(OperationalAction.id))
        .where(*checks, condition(principal, RESOURCE, Operation.read))
        .limit(1)
    ).first()
    return found is not None


def figure_grid(
    session: Session,
    *,
    cycle_id: int,
    principal: Principal,
    action_id: int | None = None,
    plan_id: int | None = None,
    country: str | None = None,
) -> FigureGrid:
    """The figures of the cycle's participations within the reader's scope, narrowed to one
    action, one plan or one country."""
    if action_id is None and plan_id is None and country is None:
        raise InvalidInput("action", i18n.message("reporting.grid.one_of"))
    cycle = get_cycle(session, cycle_id)
    before = previous_cycle(session, cycle=cycle)
    language = principal.language
    applying = indicators_by_priority(session, policy_cycle_id=cycle.policy_cycle_id)
    reopened_actions, reopened_countries = running_reopenings(session, cycle_id=cycle_id)
    cycle_writable = cycle.state in (CycleState.planned, CycleState.open)
    rows: list[GridRow] = []
    for (
        participation_id,
        a_id,
        a_code,
        title,
        p_id,
        plan_code,
        plan_name,
        priority_id,
        priority_code,
        organisation_id,
        organisation,
        country_code,
        contribution_id,
        state,
        version,
        may_write,
    ) in session.execute(
        _rows_query(cycle, principal, action_id=action_id, plan_id=plan_id, country=country)
    ):
        reopened = a_id in reopened_actions or (country_code or "") in reopened_countries
        reason = ""
        if not may_write:
            reason = i18n.text(
                "reporting.grid.read_only.not_yours", language, organisation=organisation
            )
        elif cycle.state == CycleState.consolidated or not (cycle_writable or reopened):
            reason = i18n.text("reporting.grid.read_only.closed", language)
        elif state in LOCKED and not reopened:
            reason = i18n.text(
                "reporting.grid.read_only.locked", language, state=texts.state(state)
            )
        rows.append(
            GridRow(
                participation_id=participation_id,
                action_id=a_id,
                action=action_name(plan_code, a_code),
                action_title=title,
                plan_id=p_id,
                plan=plan_name,
                priority=priority_code,
                organisation_id=organisation_id,
                organisation=organisation,
                country_code=country_code,
                own=organisation_id == principal.organisation_id,
                contribution_id=contribution_id,
                contribution_state=state,
                contribution_version=version,
                writable=not reason,
                read_only_reason=reason,
                may_submit=False,
                may_review=False,
                indicator_ids=[i.id or 0 for i in applying.get(priority_id, [])],
                cells={},
            )
        )
    rows.sort(
        key=lambda row: (
            not row.own if action_id is not None else False,
            natural_key(row.action),
            row.organisation,
        )
    )
    _fill_cells(session, rows, cycle_id=cycle_id, previous_id=before.id if before else None)
    _fill_moves(session, rows, principal=principal)
    used = {indicator_id for row in rows for indicator_id in row.indicator_ids}
    indicators = {i.id: i for listed in applying.values() for i in listed if i.id in used}
    plans = {row.plan_id: (row.action.split(" · ")[0], row.plan) for row in rows}
    return FigureGrid(
        reporting_cycle_id=cycle_id,
        cycle_code=cycle.code,
        cycle_state=cycle.state,
        previous_cycle_code=before.code if before else None,
        indicators=[
            GridIndicator(
                id=indicator.id or 0,
                code=indicator.code,
                name=i18n.translated(indicator.name, fr=indicator.name_fr).render(language),
                unit=i18n.translated(indicator.unit, fr=indicator.unit_fr).render(language),
                kind=indicator.kind,
                aggregation=indicator.aggregation,
                choices=indicator.choices,
                min_value=indicator.min_value,
                max_value=indicator.max_value,
                description=indicator.description,
            )
            for indicator in sorted(indicators.values(), key=lambda i: (i.position, i.code))
        ],
        rows=rows,
        plans=[
            GridPlan(id=plan_id_, code=code, name=name)
            for plan_id_, (code, name) in sorted(plans.items(), key=lambda kv: kv[1][0])
        ],
    )


def _fill_moves(session: Session, rows: list[GridRow], *, principal: Principal) -> None:
    """Which contributions the reader may hand in, and which it may review: never one it
    handed in itself."""
    ids = [row.contribution_id for row in rows if row.contribution_id is not None]
    if not ids:
        return
    allowed: dict[str, set[int]] = {}
    for resource in (SUBMISSIONS, REVIEWS):
        allowed[resource] = set()
        for start in range(0, len(ids), figures.ID_CHUNK):
            allowed[resource].update(
                found
                for found in session.exec(
                    select(col(Contribution.id)).where(
                        col(Contribution.id).in_(ids[start : start + figures.ID_CHUNK]),
                        condition(principal, resource, Operation.update),
                        sa.or_(
                            col(Contribution.submitted_by_id).is_(None),
                            col(Contribution.submitted_by_id) != principal.user_id,
                        )
                        if resource == REVIEWS
                        else sa.true(),
                    )
                ).all()
                if found is not None
            )
    for row in rows:
        row.may_submit = row.contribution_id in allowed[SUBMISSIONS]
        row.may_review = row.contribution_id in allowed[REVIEWS]


def _fill_cells(
    session: Session, rows: list[GridRow], *, cycle_id: int, previous_id: int | None
) -> None:
    by_cell = {(row.action_id, row.organisation_id): row for row in rows}
    action_ids = sorted({row.action_id for row in rows})
    cycles = [cycle_id] + ([previous_id] if previous_id else [])
    for start in range(0, len(action_ids), figures.ID_CHUNK):
        for cycle_of, a_id, organisation_id, indicator_id, value, text, version in session.execute(
            sa.select(
                col(IndicatorValue.reporting_cycle_id),
                col(IndicatorValue.action_id),
                col(IndicatorValue.organisation_id),
                col(IndicatorValue.indicator_id),
                col(IndicatorValue.value),
                col(IndicatorValue.text_value),
                col(IndicatorValue.version),
            ).where(
                col(IndicatorValue.reporting_cycle_id).in_(cycles),
                col(IndicatorValue.action_id).in_(action_ids[start : start + figures.ID_CHUNK]),
            )
        ):
            row = by_cell.get((a_id, organisation_id))
            if row is None:
                continue
            cell = row.cells.setdefault(str(indicator_id), GridCell())
            if cycle_of == cycle_id:
                cell.value = _plain(value if value is not None else text)
                cell.version = version
            else:
                cell.previous = _plain(value if value is not None else text)


def _typed(typed: str, indicator: Indicator) -> tuple[Decimal | None, str | None]:
    """A cell as typed in the grid: a number (spaces between thousands, a decimal comma), or
    a choice; empty clears the figure."""
    typed = typed.strip()
    if typed == "":
        return None, None
    if indicator.kind == IndicatorKind.choice:
        return None, typed
    plain = "".join(typed.split()).replace("\u202f", "").replace("\u00a0", "")
    if "," in plain and "." not in plain:
        plain = plain.replace(",", ".")
    try:
        value = Decimal(plain)
    except InvalidOperation:
        raise ValueError(typed) from None
    if not value.is_finite():
        raise ValueError(typed)
    return value, None


def save_grid(
    session: Session,
    *,
    cycle_id: int,
    cells: Sequence[GridCellWrite],
    principal: Principal,
    actor: audit.Actor,
) -> GridSaved:
    """Write the grid's changed cells, all or nothing: a row the reader may not write is
    refused (and noted); a figure that breaks a rule or that someone changed since it was read
    is named by its row and indicator, and nothing is saved."""
    cycle = get_cycle(session, cycle_id)
    participation_ids = sorted({cell.participation_id for cell in cells})
    member = aliased(Organisation)
    rows = {
        participation_id: (a_id, plan_code, a_code, organisation_id, organisation, may_write)
        for participation_id, a_id, plan_code, a_code, organisation_id, organisation, may_write in (
            session.execute(
                sa.select(
                    col(Participation.id),
                    col(OperationalAction.id),
                    col(ActionPlan.short_code),
                    col(OperationalAction.code),
                    col(member.id),
                    col(member.name),
                    sa.case((condition(principal, RESOURCE, Operation.update), True), else_=False),
                )
                .select_from(Contribution)
                .join(Participation, col(Participation.id) == col(Contribution.participation_id))
                .join(OperationalAction, col(OperationalAction.id) == col(Participation.action_id))
                .join(ActionPlan, col(ActionPlan.id) == col(OperationalAction.action_plan_id))
                .join(member, col(member.id) == col(Participation.organisation_id))
                .where(
                    col(Contribution.reporting_cycle_id) == cycle_id,
                    col(Participation.id).in_(participation_ids),
                    condition(principal, RESOURCE, Operation.read),
                )
            )
        )
    }
    unknown = [p for p in participation_ids if p not in rows]
    if unknown:
        raise InvalidInput(
            "cells", i18n.message("reporting.grid.unknown_row", participation=str(unknown[0]))
        )
    refused = [row for row in rows.values() if not row[5]]
    if refused:
        _, plan_code, a_code, _, organisation, _ = refused[0]
        audit.record_even_if_rolled_back(
            session,
            actor=actor,
            action=AuditAction.denied,
            resource="indicator-values",
            detail=i18n.message("audit.refused.update"),
        )
        raise Forbidden(
            i18n.message(
                "reporting.grid.not_yours",
                organisation=organisation,
                action=action_name(plan_code, a_code),
            )
        )
    indicators = {
        indicator.id: indicator
        for indicator in session.exec(
            select(Indicator).where(
                col(Indicator.id).in_({cell.indicator_id for cell in cells}),
                col(Indicator.policy_cycle_id) == cycle.policy_cycle_id,
            )
        ).all()
    }
    writes: list[figures.FigureWrite] = []
    problems: list[FieldProblem] = []
    for cell in cells:
        indicator = indicators.get(cell.indicator_id)
        if indicator is None:
            raise InvalidInput(
                "cells",
                i18n.message("reporting.grid.unknown_indicator", indicator=str(cell.indicator_id)),
            )
        a_id, plan_code, a_code, organisation_id, organisation, _ = rows[cell.participation_id]
        where = i18n.message(
            "reporting.grid.where",
            action=action_name(plan_code, a_code),
            organisation=organisation,
            indicator=i18n.translated(indicator.name, fr=indicator.name_fr),
        )
        key = f"{cell.participation_id}:{cell.indicator_id}"
        try:
            value, text_value = _typed(cell.value, indicator)
        except ValueError:
            problems.append(
                figures.problem(
                    where, key, i18n.message("reporting.grid.not_a_number", typed=cell.value)
                )
            )
            continue
        writes.append(
            figures.FigureWrite(
                action_id=a_id,
                organisation_id=organisation_id,
                indicator=indicator,
                value=value,
                text_value=text_value,
                version=cell.version,
                where=where,
                key=key,
            )
        )
    problems += figures.rule_problems(session, cycle=cycle, writes=writes)
    if problems:
        raise figures.invalid(problems)
    written = figures.write_figures(
        session, cycle_id=cycle_id, writes=writes, actor=actor, source=ValueSource.web
    )
    return GridSaved(created=written.created, updated=written.updated, deleted=written.deleted)
