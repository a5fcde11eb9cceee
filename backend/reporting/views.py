"""Read models of the web UI: my work, a cycle's actions x participants matrix, its results.

Each is a few set-based queries under the policy: every query carries `condition()` for the
table it reads, so a caller only ever sees the rows its grants reach.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, SQLModel, col, select

from backend import i18n
from backend.access.models import Role
from backend.access.policy import Operation, Principal, condition, may
from backend.catalog import aggregation
from backend.catalog.models import Aggregation, Indicator, IndicatorKind, Organisation, Priority
from backend.plans.models import ActionPlan, OperationalAction, Participation
from backend.records import JsonDecimal, natural_key
from backend.reporting.models import (
    ActionReport,
    Contribution,
    CycleState,
    IndicatorValue,
    Reopening,
    ReportingCycle,
    ReportState,
)
from backend.reporting.workflow import DONE, SUBMITTABLE, deadline, get_cycle, in_cycle
from backend.spreadsheets.consolidated_service import Completeness, completeness
from backend.spreadsheets.service import previous_cycle

# Not handed in yet: still owed, and (in a reopened cycle) missing ones can still come.


class StateCounts(SQLModel):
    """How many reports or contributions are in each state."""

    not_started: int = 0
    draft: int = 0
    submitted: int = 0
    returned: int = 0
    accepted: int = 0
    missing: int = 0
    total: int = 0

    def add(self, state: str, count: int = 1) -> None:
        setattr(self, str(state), getattr(self, str(state)) + count)
        self.total += count


class CompletenessCounts(SQLModel):
    """How many cells (or rows) of the matrix are submitted, late, draft or missing."""

    submitted: int = 0
    late: int = 0
    draft: int = 0
    missing: int = 0
    total: int = 0

    def add(self, state: Completeness) -> None:
        setattr(self, str(state), getattr(self, str(state)) + 1)
        self.total += 1


# ---- my work -----------------------------------------------------------------------------


class MyCycle(SQLModel):
    """A cycle the caller can act in: open, or closed and reopened for something of theirs."""

    id: int
    code: str
    state: CycleState
    period_start: dt.date
    period_end: dt.date
    due_on: dt.date
    closes_on: dt.date
    # Closed but reopened for the caller: the last day of the reopening.
    reopened_until: dt.date | None = None
    # Until the due date, or the end of the reopening; negative once it has passed.
    days_left: int


class ReportItem(SQLModel):
    report_id: int
    reporting_cycle_id: int
    action_id: int
    action_code: str
    action_title: str
    plan_id: int
    plan_short_code: str
    state: ReportState
    # Not handed in yet.
    owed: bool
    due_on: dt.date
    submitted_at: dt.datetime | None


class ContributionItem(SQLModel):
    contribution_id: int
    reporting_cycle_id: int
    action_id: int
    action_code: str
    action_title: str
    plan_id: int
    plan_short_code: str
    organisation_id: int
    organisation_code: str
    state: ReportState
    owed: bool
    due_on: dt.date
    submitted_at: dt.datetime | None


class CountryWork(SQLModel):
    """A coordinator's country in one cycle: its organisations' contributions, owed first."""

    reporting_cycle_id: int
    country: str
    country_workbook: str
    owed: int
    counts: StateCounts
    contributions: list[ContributionItem]


class CycleCounts(SQLModel):
    reporting_cycle_id: int
    reports: StateCounts
    contributions: StateCounts


class MissingWork(SQLModel):
    """What the caller never handed in before the last cycle closed: it can no longer be
    written unless Europol reopens it (the action, or the country's figures)."""

    cycle: MyCycle
    # leader: the missing reports of the actions it leads
    reports: list[ReportItem]
    # nec and participant: the missing contributions of its country or organisation
    contributions: list[ContributionItem]


class MyWork(SQLModel):
    """What the signed-in user has to do, one list per role it holds (empty without it)."""

    user_id: int
    username: str
    roles: list[str]
    cycles: list[MyCycle]
    # leader: the reports of the actions its organisation leads or co-leads
    led_reports: list[ReportItem]
    # nec: per cycle and country, that country's contributions
    countries: list[CountryWork]
    # participant: its own organisation's contributions
    organisation_contributions: list[ContributionItem]
    # driver (its plan) and europol (every plan): submitted reports waiting for review
    reports_to_review: list[ReportItem]
    # europol: reports and contributions per state, per cycle
    cycle_counts: list[CycleCounts]
    # leader, nec, participant: what went missing when the last cycle closed
    missing: list[MissingWork] = []


@dataclass
class _Window:
    """Where the caller can still write in one cycle, and until when: all of an open cycle;
    of a closed one, only what Europol reopened (an action, or a country's figures)."""

    cycle: ReportingCycle
    actions: dict[int, dt.date] = field(default_factory=dict)
    countries: dict[str, dt.date] = field(default_factory=dict)
    # Everything of the cycle, writable or not (to tell what went missing in a closed one).
    whole: bool = False

    def due(self, action_id: int, country: str | None = None) -> dt.date | None:
        if self.cycle.state == CycleState.open or self.whole:
            return self.cycle.due_on
        # A report is reopened with its action only; figures with their action or country.
        found = [self.actions.get(action_id), self.countries.get(country or "")]
        days = [day for day in found if day is not None]
        return max(days) if days else None

    def last_reopened_day(self) -> dt.date | None:
        days = [*self.actions.values(), *self.countries.values()]
        return max(days) if days else None


def _windows(session: Session, *, today: dt.date) -> dict[int, _Window]:
    windows = {
        cycle.id or 0: _Window(cycle)
        for cycle in session.exec(
            select(ReportingCycle).where(col(ReportingCycle.state) == CycleState.open)
        ).all()
    }
    reopened = session.exec(
        select(Reopening, ReportingCycle)
        .join(ReportingCycle, col(ReportingCycle.id) == col(Reopening.reporting_cycle_id))
        .where(col(ReportingCycle.state) == CycleState.closed, col(Reopening.until) >= today)
    ).all()
    for reopening, cycle in reopened:
        window = windows.setdefault(cycle.id or 0, _Window(cycle))
        if reopening.action_id is not None:
            targets: dict[Any, dt.date] = window.actions
            key: Any = reopening.action_id
        else:
            targets, key = window.countries, reopening.country_code
        targets[key] = max(reopening.until, targets.get(key, reopening.until))
    return windows


def acting_as(principal: Principal, *roles: Role) -> Principal | None:
    """The caller in some of its roles only, so that each list shows what that role owes: a
    Europol grant would otherwise widen a leader's own list to every action."""
    grants = tuple(grant for grant in principal.grants if grant.role in roles)
    return replace(principal, grants=grants) if grants else None


def _report_items(
    session: Session,
    acting: Principal,
    windows: dict[int, _Window],
    *where: sa.ColumnElement[bool],
) -> list[ReportItem]:
    rows = session.execute(
        sa.select(
            col(ActionReport.id),
            col(ActionReport.reporting_cycle_id),
            col(ActionReport.action_id),
            col(ActionReport.state),
            col(ActionReport.submitted_at),
            col(OperationalAction.code),
            col(OperationalAction.title),
            col(ActionPlan.id),
            col(ActionPlan.short_code),
        )
        .join(OperationalAction, col(OperationalAction.id) == col(ActionReport.action_id))
        .join(ActionPlan, col(ActionPlan.id) == col(OperationalAction.action_plan_id))
        .where(
            col(ActionReport.reporting_cycle_id).in_(list(windows)),
            condition(acting, "action-reports", Operation.read),
            *where,
        )
    ).all()
    items = []
    for report_id, cycle_id, action_id, state, submitted_at, code, title, plan_id, plan in rows:
        due = windows[cycle_id].due(action_id)
        if due is not None:
            items.append(
                ReportItem(
                    report_id=report_id,
                    reporting_cycle_id=cycle_id,
                    action_id=action_id,
                    action_code=code,
                    action_title=title,
                    plan_id=plan_id,
                    plan_short_code=plan,
                    state=state,
                    owed=state in SUBMITTABLE,
                    due_on=due,
                    submitted_at=submitted_at,
                )
            )
    return sorted(
        items,
        key=lambda i: (not i.owed, i.due_on, i.plan_short_code, natural_key(i.action_code)),
    )


def _contribution_items(
    session: Session,
    acting: Principal,
    windows: dict[int, _Window],
    *where: sa.ColumnElement[bool],
) -> list[tuple[str | None, ContributionItem]]:
    """(country of the organisation, item), owed first, then by due date, plan and action."""
    # Aliased: the policy's condition on contributions correlates the participations table.
    participation = aliased(Participation)
    rows = session.execute(
        sa.select(
            col(Contribution.id),
            col(Contribution.reporting_cycle_id),
            col(Contribution.state),
            col(Contribution.submitted_at),
            col(participation.action_id),
            col(Organisation.id),
            col(Organisation.code),
            col(Organisation.country_code),
            col(OperationalAction.code),
            col(OperationalAction.title),
            col(ActionPlan.id),
            col(ActionPlan.short_code),
        )
        .join(participation, col(participation.id) == col(Contribution.participation_id))
        .join(Organisation, col(Organisation.id) == col(participation.organisation_id))
        .join(OperationalAction, col(OperationalAction.id) == col(participation.action_id))
        .join(ActionPlan, col(ActionPlan.id) == col(OperationalAction.action_plan_id))
        .where(
            col(Contribution.reporting_cycle_id).in_(list(windows)),
            condition(acting, "contributions", Operation.read),
            *where,
        )
    ).all()
    items = []
    for (
        contribution_id,
        cycle_id,
        state,
        submitted_at,
        action_id,
        organisation_id,
        organisation_code,
        country,
        code,
        title,
        plan_id,
        plan,
    ) in rows:
        due = windows[cycle_id].due(action_id, country)
        if due is None:
            continue
        item = ContributionItem(
            contribution_id=contribution_id,
            reporting_cycle_id=cycle_id,
            action_id=action_id,
            action_code=code,
            action_title=title,
            plan_id=plan_id,
            plan_short_code=plan,
            organisation_id=organisation_id,
            organisation_code=organisation_code,
            state=state,
            owed=state in SUBMITTABLE,
            due_on=due,
            submitted_at=submitted_at,
        )
        items.append((country, item))
    return sorted(
        items,
        key=lambda pair: (
            not pair[1].owed,
            pair[1].due_on,
            pair[1].plan_short_code,
            natural_key(pair[1].action_code),
            pair[1].organisation_code,
        ),
    )


def _country_work(items: Iterable[tuple[str | None, ContributionItem]]) -> list[CountryWork]:
    groups: dict[tuple[int, str], CountryWork] = {}
    for country, item in items:
        if country is None:  # a coordinator's organisations all have its country
            continue
        key = (item.reporting_cycle_id, country)
        if key not in groups:
            groups[key] = CountryWork(
                reporting_cycle_id=item.reporting_cycle_id,
                country=country,
                country_workbook=f"/api/reporting-cycles/{item.reporting_cycle_id}"
                f"/country-workbook?country={country}",
                owed=0,
                counts=StateCounts(),
                contributions=[],
            )
        group = groups[key]
        group.contributions.append(item)
        group.counts.add(item.state)
        group.owed += item.owed
    return sorted(
        groups.values(),
        key=lambda g: (
            g.owed == 0,
            min(i.due_on for i in g.contributions),
            g.country,
            g.reporting_cycle_id,
        ),
    )


def _cycle_counts(session: Session, acting: Principal, cycle_ids: list[int]) -> list[CycleCounts]:
    counts = {
        cycle_id: CycleCounts(
            reporting_cycle_id=cycle_id, reports=StateCounts(), contributions=StateCounts()
        )
        for cycle_id in cycle_ids
    }
    for name, model, resource in (
        ("reports", ActionReport, "action-reports"),
        ("contributions", Contribution, "contributions"),
    ):
        for cycle_id, state, count in session.execute(
            sa.select(col(model.reporting_cycle_id), col(model.state), sa.func.count())
            .where(
                col(model.reporting_cycle_id).in_(cycle_ids),
                condition(acting, resource, Operation.read),
            )
            .group_by(col(model.reporting_cycle_id), col(model.state))
        ):
            getattr(counts[cycle_id], name).add(state, count)
    return list(counts.values())


def _last_closed(session: Session) -> ReportingCycle | None:
    """The cycle that closed last (consolidated or not): what went missing in it still
    concerns its people until another one closes."""
    return session.exec(
        select(ReportingCycle)
        .where(col(ReportingCycle.state).in_([CycleState.closed, CycleState.consolidated]))
        .order_by(col(ReportingCycle.period_end).desc(), col(ReportingCycle.id).desc())
        .limit(1)
    ).first()


def _missing_work(session: Session, *, principal: Principal, today: dt.date) -> list[MissingWork]:
    """The caller's missing reports and contributions of the last closed cycle, those that a
    reopening made writable again excepted (they are listed with what is owed)."""
    cycle = _last_closed(session)
    if cycle is None:
        return []
    whole = {cycle.id or 0: _Window(cycle, whole=True)}
    writable = _windows(session, today=today).get(cycle.id or 0)
    reports: list[ReportItem] = []
    contributions: dict[int, ContributionItem] = {}
    if leader := acting_as(principal, Role.leader):
        reports = [
            item
            for item in _report_items(
                session, leader, whole, col(ActionReport.state) == ReportState.missing
            )
            if writable is None or writable.due(item.action_id) is None
        ]
    for role in (Role.nec, Role.participant):
        if acting := acting_as(principal, role):
            for country, item in _contribution_items(
                session, acting, whole, col(Contribution.state) == ReportState.missing
            ):
                if writable is None or writable.due(item.action_id, country) is None:
                    contributions.setdefault(item.contribution_id, item)
    if not reports and not contributions:
        return []
    return [
        MissingWork(
            cycle=MyCycle(
                id=cycle.id or 0,
                code=cycle.code,
                state=cycle.state,
                period_start=cycle.period_start,
                period_end=cycle.period_end,
                due_on=cycle.due_on,
                closes_on=cycle.closes_on,
                days_left=(cycle.due_on - today).days,
            ),
            reports=reports,
            contributions=list(contributions.values()),
        )
    ]


def my_work(session: Session, *, principal: Principal, today: dt.date | None = None) -> MyWork:
    """What the caller owes or reviews in the cycles it can act in, owed first, then by due
    date, plan and action code."""
    today = today or dt.datetime.now(dt.UTC).date()
    windows = (
        _windows(session, today=today) if may(principal, "reporting-cycles", Operation.read) else {}
    )
    led: list[ReportItem] = []
    countries: list[CountryWork] = []
    own: list[ContributionItem] = []
    review: list[ReportItem] = []
    counts: list[CycleCounts] = []
    if windows and (leader := acting_as(principal, Role.leader)):
        led = _report_items(session, leader, windows)
    if windows and (coordinator := acting_as(principal, Role.nec)):
        countries = _country_work(_contribution_items(session, coordinator, windows))
    if windows and (participant := acting_as(principal, Role.participant)):
        own = [item for _, item in _contribution_items(session, participant, windows)]
    if windows and (reviewer := acting_as(principal, Role.driver, Role.europol)):
        review = _report_items(
            session, reviewer, windows, col(ActionReport.state) == ReportState.submitted
        )
    europol = acting_as(principal, Role.europol)
    if windows and europol:
        counts = _cycle_counts(session, europol, sorted(windows))

    # An open cycle concerns everyone; a reopened one whoever it reopens something for.
    reached: dict[int, dt.date | None] = {
        cycle_id: None
        for cycle_id, window in windows.items()
        if window.cycle.state == CycleState.open
    }
    items: list[ReportItem | ContributionItem] = [*led, *own, *review]
    items += [item for group in countries for item in group.contributions]
    dues: list[tuple[int, dt.date | None]] = [
        (item.reporting_cycle_id, item.due_on) for item in items
    ]
    if europol:  # every reopening reaches Europol
        dues += [(cycle_id, w.last_reopened_day()) for cycle_id, w in windows.items()]
    for cycle_id, due in dues:
        if windows[cycle_id].cycle.state == CycleState.closed and due is not None:
            reached[cycle_id] = max(due, reached.get(cycle_id) or due)
    cycles = []
    for cycle_id, reopened_until in reached.items():
        cycle = windows[cycle_id].cycle
        cycles.append(
            MyCycle(
                id=cycle_id,
                code=cycle.code,
                state=cycle.state,
                period_start=cycle.period_start,
                period_end=cycle.period_end,
                due_on=cycle.due_on,
                closes_on=cycle.closes_on,
                reopened_until=reopened_until,
                days_left=((reopened_until or cycle.due_on) - today).days,
            )
        )
    cycles.sort(key=lambda c: (c.reopened_until or c.due_on, c.code))
    return MyWork(
        user_id=principal.user_id,
        username=principal.username,
        roles=list(principal.roles),
        cycles=cycles,
        led_reports=led,
        countries=countries,
        organisation_contributions=own,
        reports_to_review=review,
        cycle_counts=[c for c in counts if c.reporting_cycle_id in reached],
        missing=_missing_work(session, principal=principal, today=today)
        if may(principal, "reporting-cycles", Operation.read)
        else [],
    )


# ---- the cockpit's matrix ----------------------------------------------------------------


class MatrixColumn(SQLModel):
    organisation_id: int
    code: str
    country: str | None


class MatrixCell(SQLModel):
    organisation_id: int
    # None: the participation has no contribution in this cycle (it counts as missing).
    contribution_id: int | None
    state: Completeness


class MatrixRow(SQLModel):
    action_id: int
    action_code: str
    action_title: str
    plan_id: int
    plan_short_code: str
    priority_id: int
    report_id: int | None
    # The report's workflow state; None when the action has no report in the cycle.
    report_state: ReportState | None
    # The same report as the cells show contributions.
    report: Completeness
    # One per participating organisation shown, in the order of the columns.
    cells: list[MatrixCell]


class CycleMatrix(SQLModel):
    reporting_cycle_id: int
    code: str
    # The first late moment: submitted at or after it is late.
    deadline: dt.datetime
    columns: list[MatrixColumn]
    rows: list[MatrixRow]
    # Cells per state, and rows (their reports) per state.
    totals: CompletenessCounts
    report_totals: CompletenessCounts


def readable_plan(session: Session, *, principal: Principal, plan_id: int) -> bool:
    """Whether a filter may name this plan: only a plan the caller may read."""
    return (
        session.exec(
            select(col(ActionPlan.id)).where(
                col(ActionPlan.id) == plan_id,
                condition(principal, "action-plans", Operation.read),
            )
        ).first()
        is not None
    )


def _country_organisations(country: str) -> Any:
    return select(col(Organisation.id)).where(col(Organisation.country_code) == country)


def cycle_matrix(
    session: Session,
    *,
    cycle_id: int,
    principal: Principal,
    priority_id: int | None = None,
    country: str | None = None,
    plan_id: int | None = None,
) -> CycleMatrix:
    """Actions reporting in the cycle x their participants: rows in the caller's scope and the
    filters; a country filter keeps the actions it takes part in and only its columns."""
    cycle = get_cycle(session, cycle_id)
    late_from = deadline(cycle)
    actions = [*in_cycle(cycle), condition(principal, "cycle-matrix", Operation.read)]
    if priority_id is not None:
        actions.append(col(ActionPlan.priority_id) == priority_id)
    if plan_id is not None:
        actions.append(col(OperationalAction.action_plan_id) == plan_id)
    participants: list[sa.ColumnElement[bool]] = []
    if country is not None:
        participants.append(col(Participation.organisation_id).in_(_country_organisations(country)))
        actions.append(
            col(OperationalAction.id).in_(select(col(Participation.action_id)).where(*participants))
        )

    report_totals = CompletenessCounts()
    rows: dict[int, MatrixRow] = {}
    plan_codes: dict[int, str] = {}
    for (
        action_id,
        code,
        title,
        plan_id_,
        plan_code,
        short_code,
        priority,
        report_id,
        state,
        at,
    ) in session.execute(
        sa.select(
            col(OperationalAction.id),
            col(OperationalAction.code),
            col(OperationalAction.title),
            col(ActionPlan.id),
            col(ActionPlan.code),
            col(ActionPlan.short_code),
            col(ActionPlan.priority_id),
            col(ActionReport.id),
            col(ActionReport.state),
            col(ActionReport.submitted_at),
        )
        .join(ActionPlan, col(ActionPlan.id) == col(OperationalAction.action_plan_id))
        .join(Priority, col(Priority.id) == col(ActionPlan.priority_id))
        .outerjoin(
            ActionReport,
            sa.and_(
                col(ActionReport.action_id) == col(OperationalAction.id),
                col(ActionReport.reporting_cycle_id) == cycle.id,
            ),
        )
        .where(*actions)
    ):
        report = completeness(state, at, late_from=late_from)
        report_totals.add(report)
        plan_codes[action_id] = plan_code
        rows[action_id] = MatrixRow(
            action_id=action_id,
            action_code=code,
            action_title=title,
            plan_id=plan_id_,
            plan_short_code=short_code,
            priority_id=priority,
            report_id=report_id,
            report_state=state,
            report=report,
            cells=[],
        )

    totals = CompletenessCounts()
    columns: dict[int, MatrixColumn] = {}
    for (
        action_id,
        organisation_id,
        organisation_code,
        organisation_country,
        *contribution,
    ) in session.execute(
        sa.select(
            col(Participation.action_id),
            col(Organisation.id),
            col(Organisation.code),
            col(Organisation.country_code),
            col(Contribution.id),
            col(Contribution.state),
            col(Contribution.submitted_at),
        )
        .join(Organisation, col(Organisation.id) == col(Participation.organisation_id))
        .join(OperationalAction, col(OperationalAction.id) == col(Participation.action_id))
        .join(ActionPlan, col(ActionPlan.id) == col(OperationalAction.action_plan_id))
        .join(Priority, col(Priority.id) == col(ActionPlan.priority_id))
        .outerjoin(
            Contribution,
            sa.and_(
                col(Contribution.participation_id) == col(Participation.id),
                col(Contribution.reporting_cycle_id) == cycle.id,
            ),
        )
        .where(*actions, *participants)
    ):
        contribution_id, state, submitted_at = contribution
        cell = completeness(state, submitted_at, late_from=late_from)
        totals.add(cell)
        columns.setdefault(
            organisation_id,
            MatrixColumn(
                organisation_id=organisation_id,
                code=organisation_code,
                country=organisation_country,
            ),
        )
        rows[action_id].cells.append(
            MatrixCell(organisation_id=organisation_id, contribution_id=contribution_id, state=cell)
        )

    ordered_columns = sorted(columns.values(), key=lambda c: (c.country is None, c.code))
    position = {column.organisation_id: index for index, column in enumerate(ordered_columns)}
    for row in rows.values():
        row.cells.sort(key=lambda cell: position[cell.organisation_id])
    return CycleMatrix(
        reporting_cycle_id=cycle_id,
        code=cycle.code,
        deadline=late_from,
        columns=ordered_columns,
        rows=sorted(
            rows.values(),
            key=lambda r: (natural_key(plan_codes[r.action_id]), natural_key(r.action_code)),
        ),
        totals=totals,
        report_totals=report_totals,
    )


# ---- results -------------------------------------------------------------------------------


class PriorityTotal(SQLModel):
    priority_id: int
    code: str
    name: str
    value: JsonDecimal | None
    previous: JsonDecimal | None


class CountryTotal(SQLModel):
    # The country's ISO code; an organisation without one (an agency) under its own code.
    country: str
    value: JsonDecimal | None
    previous: JsonDecimal | None


class IndicatorResult(SQLModel):
    indicator_id: int
    code: str
    name: str
    unit: str
    aggregation: Aggregation
    total: JsonDecimal | None
    previous_total: JsonDecimal | None
    by_priority: list[PriorityTotal]
    by_country: list[CountryTotal]


class CountryCompleteness(SQLModel):
    country: str
    submitted: int
    total: int


class CycleResults(SQLModel):
    reporting_cycle_id: int
    code: str
    previous_cycle_id: int | None
    previous_code: str | None
    indicators: list[IndicatorResult]
    # This cycle's contributions per country: submitted (or accepted) of all.
    completeness: list[CountryCompleteness]


def _country_group() -> sa.ColumnElement[str]:
    return sa.func.coalesce(col(Organisation.country_code), col(Organisation.code))


Grouped = dict[tuple[Any, int], Decimal]


def _grouped_totals(
    session: Session,
    *,
    cycle_id: int,
    indicators: dict[int, Indicator],
    group: Any,
    scope: list[sa.ColumnElement[bool]],
) -> Grouped:
    """(group, indicator id) -> the total of the cycle's figures, by the indicator's rule."""
    query = (
        sa.select(group, col(IndicatorValue.indicator_id), *aggregation.measures())
        .select_from(IndicatorValue)
        .join(OperationalAction, col(OperationalAction.id) == col(IndicatorValue.action_id))
        .join(ActionPlan, col(ActionPlan.id) == col(OperationalAction.action_plan_id))
        .join(Organisation, col(Organisation.id) == col(IndicatorValue.organisation_id))
        .where(
            col(IndicatorValue.reporting_cycle_id) == cycle_id,
            col(IndicatorValue.indicator_id).in_(list(indicators)),
            col(IndicatorValue.value).is_not(None),
            *scope,
        )
        .group_by(group, col(IndicatorValue.indicator_id))
    )
    return {
        (key, indicator_id): aggregation.group_total(
            indicators[indicator_id].aggregation, summed, largest
        )
        for key, indicator_id, summed, largest in session.execute(query)
    }


def _overall(grouped: Grouped, indicator: Indicator) -> Decimal | None:
    return aggregation.combined(
        indicator.aggregation,
        (value for (_, indicator_id), value in grouped.items() if indicator_id == indicator.id),
    )


def cycle_results(
    session: Session, *, cycle_id: int, principal: Principal, plan_id: int | None = None
) -> CycleResults:
    """Per numeric indicator, totals per priority and per country of this cycle and the one
    before, and this cycle's completeness per country, within the caller's scope."""
    cycle = get_cycle(session, cycle_id)
    before = previous_cycle(session, cycle=cycle)
    scope = [condition(principal, "cycle-results", Operation.read)]
    language = principal.language
    if plan_id is not None:
        scope.append(col(OperationalAction.action_plan_id) == plan_id)
    indicators = {
        indicator.id or 0: indicator
        for indicator in session.exec(
            select(Indicator)
            .where(
                col(Indicator.policy_cycle_id) == cycle.policy_cycle_id,
                col(Indicator.kind) != IndicatorKind.choice,
                col(Indicator.aggregation).in_([Aggregation.sum, Aggregation.max]),
            )
            .order_by(col(Indicator.position), col(Indicator.code))
        ).all()
    }
    totals: dict[str, Grouped] = {}
    for name, group in (("priority", col(ActionPlan.priority_id)), ("country", _country_group())):
        for when, cycle_of in (("now", cycle), ("before", before)):
            totals[f"{name}-{when}"] = (
                _grouped_totals(
                    session,
                    cycle_id=cycle_of.id or 0,
                    indicators=indicators,
                    group=group,
                    scope=scope,
                )
                if cycle_of is not None
                else {}
            )
    priority_ids = {key for key, _ in [*totals["priority-now"], *totals["priority-before"]]}
    priorities = sorted(
        session.exec(select(Priority).where(col(Priority.id).in_(priority_ids))).all(),
        key=lambda priority: natural_key(priority.code),
    )
    countries = sorted(
        {key for key, _ in [*totals["country-now"], *totals["country-before"]]},
    )
    now, then = totals["priority-now"], totals["priority-before"]
    by_country_now, by_country_then = totals["country-now"], totals["country-before"]
    results = []
    for indicator_id, indicator in indicators.items():
        if not indicator.active and all(i != indicator_id for _, i in [*now, *then]):
            continue
        results.append(
            IndicatorResult(
                indicator_id=indicator_id,
                code=indicator.code,
                # Named in the reader's language, as the workbooks name them.
                name=i18n.translated(indicator.name, fr=indicator.name_fr).render(language),
                unit=i18n.translated(indicator.unit, fr=indicator.unit_fr).render(language),
                aggregation=indicator.aggregation,
                total=_overall(now, indicator),
                previous_total=_overall(then, indicator),
                by_priority=[
                    PriorityTotal(
                        priority_id=priority.id or 0,
                        code=priority.code,
                        name=i18n.translated(priority.name, fr=priority.name_fr).render(language),
                        value=now.get((priority.id, indicator_id)),
                        previous=then.get((priority.id, indicator_id)),
                    )
                    for priority in priorities
                    if (priority.id, indicator_id) in now or (priority.id, indicator_id) in then
                ],
                by_country=[
                    CountryTotal(
                        country=country,
                        value=by_country_now.get((country, indicator_id)),
                        previous=by_country_then.get((country, indicator_id)),
                    )
                    for country in countries
                    if (country, indicator_id) in by_country_now
                    or (country, indicator_id) in by_country_then
                ],
            )
        )
    submitted = sa.func.sum(sa.case((col(Contribution.state).in_(DONE), 1), else_=0))
    completeness_rows = session.execute(
        sa.select(_country_group(), submitted, sa.func.count())
        .select_from(Contribution)
        .join(Participation, col(Participation.id) == col(Contribution.participation_id))
        .join(Organisation, col(Organisation.id) == col(Participation.organisation_id))
        .join(OperationalAction, col(OperationalAction.id) == col(Participation.action_id))
        .where(col(Contribution.reporting_cycle_id) == cycle.id, *scope)
        .group_by(_country_group())
        .order_by(_country_group())
    ).all()
    return CycleResults(
        reporting_cycle_id=cycle_id,
        code=cycle.code,
        previous_cycle_id=before.id if before else None,
        previous_code=before.code if before else None,
        indicators=results,
        completeness=[
            CountryCompleteness(country=country, submitted=done or 0, total=total)
            for country, done, total in completeness_rows
        ],
    )
