"""Queries behind the consolidated workbook: a reporting cycle's totals, completeness and texts.

Totals are added up by the database (GROUP BY), so that a cycle of a million figures costs a
few grouped rows here; only the Sources listing reads every figure, and it streams them.
"""

import datetime as dt
import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from backend.catalog import aggregation
from backend.catalog.models import Aggregation, Indicator, IndicatorKind, Organisation, Priority
from backend.errors import NotFound
from backend.plans.models import ActionPlan, OperationalAction, Participation
from backend.records import natural_key
from backend.reporting.models import (
    ActionReport,
    Contribution,
    IndicatorValue,
    ReportingCycle,
    ReportState,
)
from backend.reporting.workflow import deadline, in_cycle

# Rows fetched at a time when streaming the sources of the totals.
SOURCE_BATCH = 5_000


class Completeness(enum.StrEnum):
    """Where a contribution or action report stands, as the completeness matrix shows it."""

    submitted = "submitted"
    late = "late"
    draft = "draft"
    missing = "missing"


def completeness(
    state: str | None, submitted_at: dt.datetime | None, *, late_from: dt.datetime
) -> Completeness:
    """submitted/accepted: submitted, or late if after the due date; draft and a report
    returned for changes: draft; not started or no record at all: missing."""
    if state in (ReportState.submitted, ReportState.accepted):
        if submitted_at is not None and submitted_at >= late_from:
            return Completeness.late
        return Completeness.submitted
    if state in (ReportState.draft, ReportState.returned):
        return Completeness.draft
    return Completeness.missing


ColumnKey = tuple[int, str | None]  # (indicator id, the choice counted or None)


@dataclass(frozen=True)
class TotalColumn:
    """One column of the totals sheets: an indicator, or one choice of a choice indicator."""

    indicator_id: int
    indicator_code: str
    # Named by the workbook, in its reader's language.
    indicator: Indicator = field(compare=False, hash=False)
    how: str  # "sum", "max" or "count"
    choice: str | None = None

    @property
    def key(self) -> ColumnKey:
        return (self.indicator_id, self.choice)


@dataclass
class Total:
    value: Decimal
    figures: int  # how many stored figures it adds up


@dataclass(frozen=True)
class PriorityLine:
    id: int
    code: str
    name: str
    name_fr: str | None = None


@dataclass(frozen=True)
class CountryGroup:
    """A country, or an organisation that has none (an EU agency, an international body)."""

    country_code: str | None
    organisation_code: str | None

    @property
    def label(self) -> str:
        return self.country_code or self.organisation_code or ""

    @property
    def kind(self) -> str:
        return "country" if self.country_code else "organisation"

    def sort_key(self) -> tuple[bool, str]:
        return (self.country_code is None, self.label)


@dataclass(frozen=True)
class OrganisationLine:
    id: int
    code: str
    country_code: str | None


@dataclass
class ActionLine:
    id: int
    plan_code: str
    plan_short_code: str
    code: str
    title: str
    leader: str
    report: Completeness
    progress: str


@dataclass(frozen=True)
class NarrativeLine:
    action_id: int
    organisation: str
    state: Completeness
    narrative: str


@dataclass
class ConsolidatedReport:
    """Everything the consolidated workbook of one reporting cycle shows, but the sources."""

    cycle: ReportingCycle
    generated_at: dt.datetime
    columns: list[TotalColumn]
    not_totalled: list[Indicator]
    priorities: list[PriorityLine]
    by_priority: dict[tuple[int, ColumnKey], Total]
    groups: list[CountryGroup]
    by_country: dict[tuple[CountryGroup, ColumnKey], Total]
    actions: list[ActionLine]
    organisations: list[OrganisationLine]
    completeness: dict[tuple[int, int], Completeness]
    narratives: list[NarrativeLine]
    values_stored: int
    values_counted: int = 0
    totals_of_all: dict[ColumnKey, Total] = field(default_factory=dict)


@dataclass(frozen=True)
class SourceLine:
    """One stored figure and the totals it is counted in."""

    value_id: int
    plan_short_code: str
    action_code: str
    organisation: str
    indicator_id: int
    value: Decimal | None
    text_value: str | None
    priority_id: int
    group: CountryGroup


def _counted(indicators: list[Indicator]) -> sa.ColumnElement[bool]:
    """The figures that go into a total: numbers of summed or maxed indicators, choices of
    choice indicators; both kinds carry exactly one of value and text_value."""
    numeric = [i.id for i in indicators if aggregation.is_totalled(i)]
    choices = [i.id for i in indicators if i.kind == IndicatorKind.choice]
    return sa.or_(
        sa.and_(
            col(IndicatorValue.indicator_id).in_(numeric), col(IndicatorValue.value).is_not(None)
        ),
        sa.and_(
            col(IndicatorValue.indicator_id).in_(choices),
            col(IndicatorValue.text_value).is_not(None),
        ),
    )


def _organisation_without_country() -> sa.ColumnElement[str | None]:
    return sa.case(
        (col(Organisation.country_code).is_(None), col(Organisation.code)), else_=sa.null()
    )


def _totals(rows: Any, indicators: dict[int, Indicator]) -> Iterator[tuple[Any, ColumnKey, Total]]:
    """(group, column, total) from grouped rows (group, indicator, text, sum, max, count)."""
    for group, indicator_id, text, summed, largest, count in rows:
        indicator = indicators[indicator_id]
        if indicator.kind == IndicatorKind.choice:
            yield group, (indicator_id, text), Total(Decimal(count), count)
        else:
            total = aggregation.group_total(indicator.aggregation, summed, largest)
            yield group, (indicator_id, None), Total(total, count)


def _add_up(totals: list[Total], how: str) -> Total:
    """Groups' totals as one: choices are counted (added up), numbers by their rule."""
    figures = sum(total.figures for total in totals)
    rule = Aggregation.max if how == "max" else Aggregation.sum
    combined = aggregation.combined(rule, (total.value for total in totals))
    return Total(combined if combined is not None else Decimal(0), figures)


def _columns(
    indicators: list[Indicator], found: set[ColumnKey]
) -> tuple[list[TotalColumn], list[Indicator]]:
    """The totals columns in the indicators' order, and the indicators that have none."""
    columns: list[TotalColumn] = []
    not_totalled: list[Indicator] = []
    for indicator in indicators:
        indicator_id = indicator.id or 0
        has_totals = any(key[0] == indicator_id for key in found)
        if not indicator.active and not has_totals:
            continue
        if indicator.kind == IndicatorKind.choice:
            known = list(indicator.choices or [])
            others = sorted(
                {c for i, c in found if i == indicator_id and c is not None and c not in known}
            )
            columns += [
                TotalColumn(indicator_id, indicator.code, indicator, "count", choice)
                for choice in known + others
            ]
        elif indicator.aggregation == Aggregation.none:
            not_totalled.append(indicator)
        else:
            how = "max" if indicator.aggregation == Aggregation.max else "sum"
            columns.append(TotalColumn(indicator_id, indicator.code, indicator, how))
    return columns, not_totalled


def consolidated_report(session: Session, *, cycle_id: int) -> ConsolidatedReport:
    """The totals per priority and per country, completeness and narratives of a cycle."""
    cycle = session.get(ReportingCycle, cycle_id)
    if cycle is None:
        raise NotFound(f"No reporting cycle with id {cycle_id}.")
    late_from = deadline(cycle)
    indicators = list(
        session.exec(
            select(Indicator)
            .where(col(Indicator.policy_cycle_id) == cycle.policy_cycle_id)
            .order_by(col(Indicator.position), col(Indicator.code))
        ).all()
    )
    by_id = {indicator.id or 0: indicator for indicator in indicators}
    counted = sa.and_(col(IndicatorValue.reporting_cycle_id) == cycle.id, _counted(indicators))
    measures = (
        col(IndicatorValue.indicator_id),
        col(IndicatorValue.text_value),
        sa.func.sum(col(IndicatorValue.value)),
        sa.func.max(col(IndicatorValue.value)),
        sa.func.count(),
    )
    measure_keys = (col(IndicatorValue.indicator_id), col(IndicatorValue.text_value))

    by_priority: dict[tuple[int, ColumnKey], Total] = {}
    priority_rows = session.execute(
        sa.select(col(ActionPlan.priority_id), *measures)
        .select_from(IndicatorValue)
        .join(OperationalAction, col(OperationalAction.id) == col(IndicatorValue.action_id))
        .join(ActionPlan, col(ActionPlan.id) == col(OperationalAction.action_plan_id))
        .where(counted)
        .group_by(col(ActionPlan.priority_id), *measure_keys)
    ).all()
    for priority_id, key, total in _totals(priority_rows, by_id):
        by_priority[(priority_id, key)] = total

    no_country = _organisation_without_country()
    by_country: dict[tuple[CountryGroup, ColumnKey], Total] = {}
    country_rows = session.execute(
        sa.select(col(Organisation.country_code), no_country, *measures)
        .select_from(IndicatorValue)
        .join(Organisation, col(Organisation.id) == col(IndicatorValue.organisation_id))
        .where(counted)
        .group_by(col(Organisation.country_code), no_country, *measure_keys)
    ).all()
    grouped = (
        (CountryGroup(country, organisation), *rest)
        for country, organisation, *rest in country_rows
    )
    for group, key, total in _totals(grouped, by_id):
        by_country[(group, key)] = total

    columns, not_totalled = _columns(indicators, {key for _, key in by_priority})
    priority_ids = {priority_id for priority_id, _ in by_priority}
    priorities = sorted(
        (
            PriorityLine(p.id or 0, p.code, p.name, p.name_fr)
            for p in session.exec(
                select(Priority).where(
                    sa.or_(
                        col(Priority.policy_cycle_id) == cycle.policy_cycle_id,
                        col(Priority.id).in_(priority_ids),
                    )
                )
            ).all()
        ),
        key=lambda line: natural_key(line.code),
    )
    totals_of_all = {
        column.key: _add_up(found, column.how)
        for column in columns
        if (found := [t for (_, k), t in by_priority.items() if k == column.key])
    }

    actions = [
        ActionLine(
            id=action_id,
            plan_code=plan_code,
            plan_short_code=short_code,
            code=code,
            title=title,
            leader=leader,
            report=completeness(state, submitted_at, late_from=late_from),
            progress=progress or "",
        )
        for (
            action_id,
            plan_code,
            short_code,
            code,
            title,
            leader,
            state,
            submitted_at,
            progress,
        ) in session.execute(
            sa.select(
                col(OperationalAction.id),
                col(ActionPlan.code),
                col(ActionPlan.short_code),
                col(OperationalAction.code),
                col(OperationalAction.title),
                col(Organisation.code),
                col(ActionReport.state),
                col(ActionReport.submitted_at),
                col(ActionReport.progress),
            )
            .join(ActionPlan, col(ActionPlan.id) == col(OperationalAction.action_plan_id))
            .join(Priority, col(Priority.id) == col(ActionPlan.priority_id))
            .join(Organisation, col(Organisation.id) == col(OperationalAction.leader_id))
            .outerjoin(
                ActionReport,
                sa.and_(
                    col(ActionReport.action_id) == col(OperationalAction.id),
                    col(ActionReport.reporting_cycle_id) == cycle.id,
                ),
            )
            .where(*in_cycle(cycle))
        ).all()
    ]
    actions.sort(key=lambda a: (natural_key(a.plan_code), natural_key(a.code)))

    cells: dict[tuple[int, int], Completeness] = {}
    for action_id, organisation_id, state, submitted_at in session.execute(
        sa.select(
            col(Participation.action_id),
            col(Participation.organisation_id),
            col(Contribution.state),
            col(Contribution.submitted_at),
        )
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
        .where(*in_cycle(cycle))
    ):
        cells[(action_id, organisation_id)] = completeness(state, submitted_at, late_from=late_from)

    organisations = sorted(
        (
            OrganisationLine(organisation_id, code, country_code)
            for organisation_id, code, country_code in session.execute(
                sa.select(
                    col(Organisation.id), col(Organisation.code), col(Organisation.country_code)
                ).where(col(Organisation.id).in_({o for _, o in cells}))
            )
        ),
        key=lambda line: (line.country_code is None, line.code),
    )
    groups = sorted(
        {group for group, _ in by_country}
        | {
            CountryGroup(line.country_code, None if line.country_code else line.code)
            for line in organisations
        },
        key=CountryGroup.sort_key,
    )

    narratives = [
        NarrativeLine(
            action_id,
            organisation,
            completeness(state, submitted_at, late_from=late_from),
            narrative,
        )
        for action_id, organisation, state, submitted_at, narrative in session.execute(
            sa.select(
                col(Participation.action_id),
                col(Organisation.code),
                col(Contribution.state),
                col(Contribution.submitted_at),
                col(Contribution.narrative),
            )
            .join(Participation, col(Participation.id) == col(Contribution.participation_id))
            .join(Organisation, col(Organisation.id) == col(Participation.organisation_id))
            .join(OperationalAction, col(OperationalAction.id) == col(Participation.action_id))
            .join(ActionPlan, col(ActionPlan.id) == col(OperationalAction.action_plan_id))
            .join(Priority, col(Priority.id) == col(ActionPlan.priority_id))
            .where(
                col(Contribution.reporting_cycle_id) == cycle.id,
                col(Contribution.narrative) != "",
                *in_cycle(cycle),
            )
            .order_by(col(Organisation.code))
        )
    ]

    values_stored = session.exec(
        select(sa.func.count())
        .select_from(IndicatorValue)
        .where(col(IndicatorValue.reporting_cycle_id) == cycle.id)
    ).one()
    return ConsolidatedReport(
        cycle=cycle,
        generated_at=dt.datetime.now(dt.UTC),
        columns=columns,
        not_totalled=not_totalled,
        priorities=priorities,
        by_priority=by_priority,
        groups=groups,
        by_country=by_country,
        actions=actions,
        organisations=organisations,
        completeness=cells,
        narratives=narratives,
        values_stored=values_stored,
        values_counted=sum(total.figures for total in by_priority.values()),
        totals_of_all=totals_of_all,
    )


def source_lines(session: Session, *, report: ConsolidatedReport) -> Iterator[SourceLine]:
    """Every figure counted in a total, streamed in batches, grouped by the total it is in."""
    indicators = list(
        session.exec(
            select(Indicator).where(col(Indicator.id).in_({c.indicator_id for c in report.columns}))
        ).all()
    )
    query = (
        sa.select(
            col(IndicatorValue.id),
            col(ActionPlan.short_code),
            col(OperationalAction.code),
            col(Organisation.code),
            col(IndicatorValue.indicator_id),
            col(IndicatorValue.value),
            col(IndicatorValue.text_value),
            col(ActionPlan.priority_id),
            col(Organisation.country_code),
            _organisation_without_country(),
        )
        .select_from(IndicatorValue)
        .join(OperationalAction, col(OperationalAction.id) == col(IndicatorValue.action_id))
        .join(ActionPlan, col(ActionPlan.id) == col(OperationalAction.action_plan_id))
        .join(Organisation, col(Organisation.id) == col(IndicatorValue.organisation_id))
        .join(Indicator, col(Indicator.id) == col(IndicatorValue.indicator_id))
        .where(col(IndicatorValue.reporting_cycle_id) == report.cycle.id, _counted(indicators))
        .order_by(
            col(ActionPlan.priority_id),
            col(Indicator.position),
            col(Indicator.code),
            col(ActionPlan.short_code),
            col(OperationalAction.code),
            col(Organisation.code),
        )
        .execution_options(yield_per=SOURCE_BATCH)
    )
    for (
        value_id,
        short_code,
        action_code,
        organisation,
        indicator_id,
        value,
        text_value,
        priority_id,
        country_code,
        organisation_code,
    ) in session.execute(query):
        yield SourceLine(
            value_id,
            short_code,
            action_code,
            organisation,
            indicator_id,
            value,
            text_value,
            priority_id,
            CountryGroup(country_code, organisation_code),
        )
