"""The one way figures and contributions are written, whichever channel they come in through
(the web grid, an uploaded workbook): the cycle's rules, the contribution's lock, the
indicator's rules and where it applies, the version each writer read, and the audit trail
all hold in one place, so a rule added here holds in every channel alike."""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from backend import i18n
from backend.audit import service as audit
from backend.audit.models import AuditAction
from backend.catalog.applicability import indicators_by_priority
from backend.catalog.models import Indicator
from backend.catalog.texts import indicator_name
from backend.errors import Conflict, EmpactError, FieldProblem, InvalidInput
from backend.plans.models import ActionPlan, OperationalAction, Participation
from backend.reporting import figure_texts  # noqa: F401  (registers the messages)
from backend.reporting.contributions import LOCKED
from backend.reporting.contributions import ensure_open as ensure_contribution_open
from backend.reporting.models import (
    Contribution,
    IndicatorValue,
    ReportingCycle,
    ReportState,
    ValueSource,
)
from backend.reporting.service import check_figure
from backend.reporting.workflow import ensure_writable

VALUE_COLUMNS = ("value", "text_value", "source", "source_ref")
# Ids per IN (...) list: well within every database's limit of bound parameters.
ID_CHUNK = 5_000


class InvalidFigures(EmpactError):
    """Figures that break an indicator's rules, every one named by its row and indicator."""

    status_code = 422
    code = "invalid"


class StaleFigures(Conflict):
    """Figures that someone else changed since the writer read them."""

    code = "stale_version"


@dataclass(frozen=True)
class FigureWrite:
    """One figure to write: `value` for a number, `text_value` for a choice, neither to clear
    it. `version` is the version the writer read (None: it read no figure); `checked=False`
    leaves the version to the caller, which compared what it read by other means."""

    action_id: int
    organisation_id: int
    indicator: Indicator
    value: Decimal | None
    text_value: str | None
    version: int | None = None
    checked: bool = True
    # How the caller names the cell in an error: "row 12, Arrests", "cell F12".
    where: "i18n.Message | str" = ""
    key: str = ""

    @property
    def clears(self) -> bool:
        return self.value is None and self.text_value is None

    @property
    def shown(self) -> str | None:
        return self.text_value if self.value is None else _plain(self.value)


@dataclass(frozen=True)
class Written:
    created: int
    updated: int
    deleted: int


def _cell_key(write: FigureWrite) -> tuple[int, int, int]:
    return (write.action_id, write.organisation_id, write.indicator.id or 0)


def problem(where: i18n.Message | str, key: str, message: i18n.Message | str) -> FieldProblem:
    """One cell's problem, named where the writer sees the cell."""
    return {
        "field": key or "value",
        "message": i18n.message("reporting.figure_problem", where=where, problem=message),
    }


def _problem(write: FigureWrite, message: i18n.Message | str) -> FieldProblem:
    return problem(write.where, write.key, message)


def _named(problems: list[FieldProblem], key: str) -> i18n.Message:
    return i18n.message(key, count=str(len(problems)), first=problems[0]["message"])


def invalid(problems: list[FieldProblem]) -> InvalidFigures:
    """Figures refused, every one named, the first in the message itself."""
    return InvalidFigures(_named(problems, "reporting.figures_invalid"), fields=problems)


def rule_problems(
    session: Session, *, cycle: ReportingCycle, writes: Sequence[FigureWrite]
) -> list[FieldProblem]:
    """Each figure that breaks its indicator's rules or is for an indicator that does not
    apply to the action's priority, named by its cell."""
    action_ids = sorted({write.action_id for write in writes})
    priority_of = dict(
        session.execute(
            sa.select(col(OperationalAction.id), col(ActionPlan.priority_id))
            .join(ActionPlan, col(ActionPlan.id) == col(OperationalAction.action_plan_id))
            .where(col(OperationalAction.id).in_(action_ids))
        ).all()
    )
    applying = {
        priority_id: {indicator.id for indicator in indicators}
        for priority_id, indicators in indicators_by_priority(
            session, policy_cycle_id=cycle.policy_cycle_id
        ).items()
    }
    problems: list[FieldProblem] = []
    for write in writes:
        indicator = write.indicator
        if indicator.policy_cycle_id != cycle.policy_cycle_id or indicator.id not in applying.get(
            priority_of.get(write.action_id, 0), set()
        ):
            problems.append(
                _problem(
                    write,
                    i18n.message(
                        "reporting.indicator_does_not_apply",
                        indicator=indicator_name(indicator.name, indicator.name_fr),
                    ),
                )
            )
            continue
        if write.clears:
            continue
        try:
            check_figure(indicator, value=write.value, text_value=write.text_value)
        except InvalidInput as refused:
            problems.append(_problem(write, refused.fields[0]["message"]))
    return problems


def ensure_open_rows(session: Session, *, cycle_id: int, pairs: Iterable[tuple[int, int]]) -> None:
    """Refuse a write into a closed cycle (unless reopened for the action or the country), or
    into a contribution that is handed in (unless reopened): one query finds the locked ones."""
    pairs = sorted(set(pairs))
    for action_id, organisation_id in pairs:
        ensure_writable(
            session, cycle_id=cycle_id, action_id=action_id, organisation_id=organisation_id
        )
    if not pairs:
        return
    locked = session.execute(
        sa.select(col(Participation.action_id), col(Participation.organisation_id))
        .join(Contribution, col(Contribution.participation_id) == col(Participation.id))
        .where(
            col(Contribution.reporting_cycle_id) == cycle_id,
            col(Contribution.state).in_(LOCKED),
            col(Participation.action_id).in_({action for action, _ in pairs}),
            col(Participation.organisation_id).in_({organisation for _, organisation in pairs}),
        )
    ).all()
    wanted = set(pairs)
    for action_id, organisation_id in locked:
        if (action_id, organisation_id) in wanted:
            ensure_contribution_open(
                session, cycle_id=cycle_id, action_id=action_id, organisation_id=organisation_id
            )


def write_figures(
    session: Session,
    *,
    cycle_id: int,
    writes: Sequence[FigureWrite],
    actor: audit.Actor,
    source: ValueSource,
    source_ref: str = "",
) -> Written:
    """Write `writes` all or nothing: every rule is checked and every version compared before
    the first row changes; then a few multi-row statements, each row audited.

    A contribution not started (or missing) that receives a figure becomes a draft, as it
    does when its narrative is written."""
    if not writes:
        return Written(0, 0, 0)
    cycle = session.get(ReportingCycle, cycle_id)
    assert cycle is not None, "the caller read the cycle"
    ensure_open_rows(
        session, cycle_id=cycle_id, pairs=((w.action_id, w.organisation_id) for w in writes)
    )
    problems = rule_problems(session, cycle=cycle, writes=writes)
    if problems:
        raise invalid(problems)
    table: sa.Table = IndicatorValue.__table__  # type: ignore[attr-defined]
    organisation_ids = sorted({write.organisation_id for write in writes})
    stored: dict[tuple[int, int, int], tuple[int, int]] = {}
    for start in range(0, len(organisation_ids), ID_CHUNK):
        for value_id, action_id, organisation_id, indicator_id, version in session.execute(
            sa.select(
                table.c.id,
                table.c.action_id,
                table.c.organisation_id,
                table.c.indicator_id,
                table.c.version,
            ).where(
                table.c.reporting_cycle_id == cycle_id,
                table.c.organisation_id.in_(organisation_ids[start : start + ID_CHUNK]),
            )
        ):
            stored[(action_id, organisation_id, indicator_id)] = (value_id, version)
    stale = [
        _problem(write, i18n.message("reporting.figure_changed_since_read"))
        for write in writes
        if _stale(write, stored.get(_cell_key(write)))
    ]
    if stale:
        raise StaleFigures(_named(stale, "reporting.figures_stale"), fields=stale)
    updates: list[dict[str, Any]] = []
    inserts: list[dict[str, Any]] = []
    inserted: list[FigureWrite] = []
    deletes: list[int] = []
    # (action, id, new value) of each row changed or deleted, audited with its old value.
    replaced: list[tuple[AuditAction, int, str | None]] = []
    for write in writes:
        found = stored.get(_cell_key(write))
        values = {
            "value": write.value,
            "text_value": write.text_value,
            "source": source,
            "source_ref": source_ref,
        }
        if found is None:
            if write.clears:
                continue
            inserts.append(
                {
                    "reporting_cycle_id": cycle_id,
                    "action_id": write.action_id,
                    "organisation_id": write.organisation_id,
                    "indicator_id": write.indicator.id or 0,
                    "version": 1,
                    **values,
                }
            )
            inserted.append(write)
        elif write.clears:
            deletes.append(found[0])
            replaced.append((AuditAction.delete, found[0], None))
        else:
            updates.append(
                {"row_id": found[0], "old_version": found[1], "new_version": found[1] + 1, **values}
            )
            replaced.append((AuditAction.update, found[0], write.shown))
    events = _with_old_values(session, table, replaced)
    if updates:
        # Each row only at the version just read: a writer that came in between makes the
        # whole write fail rather than be overwritten.
        statement = (
            table.update()
            .where(
                table.c.id == sa.bindparam("row_id"),
                table.c.version == sa.bindparam("old_version"),
            )
            .values(
                version=sa.bindparam("new_version"),
                **{name: sa.bindparam(name) for name in VALUE_COLUMNS},
            )
        )
        result = session.connection().execute(statement, updates)
        if session.get_bind().dialect.supports_sane_multi_rowcount and result.rowcount != len(
            updates
        ):
            raise StaleFigures(i18n.message("reporting.figures_changed_while_writing"))
    for start in range(0, len(deletes), ID_CHUNK):
        session.execute(table.delete().where(table.c.id.in_(deletes[start : start + ID_CHUNK])))
    if inserts:
        new_ids = session.execute(
            table.insert().returning(table.c.id, sort_by_parameter_order=True), inserts
        ).scalars()
        events += [
            audit.Event(
                AuditAction.create,
                "indicator-values",
                new_id,
                {"value": [None, write.shown]},
            )
            for new_id, write in zip(new_ids, inserted, strict=True)
        ]
    _drafts(session, cycle_id=cycle_id, writes=writes, actor=actor)
    # The ORM may hold some of these rows from earlier in the request: read them again.
    session.expire_all()
    audit.record_many(session, actor=actor, events=events)
    return Written(len(inserts), len(updates), len(deletes))


def _stale(write: FigureWrite, found: tuple[int, int] | None) -> bool:
    """Whether the figure stored is not the one the writer read."""
    if not write.checked:
        return False
    if write.version is None:
        return found is not None
    return found is None or found[1] != write.version


def _with_old_values(
    session: Session, table: sa.Table, replaced: list[tuple[AuditAction, int, str | None]]
) -> list[audit.Event]:
    """The audit events of rows changed or deleted, each with the value it replaces."""
    ids = [value_id for _, value_id, _ in replaced]
    before: dict[int, str | None] = {}
    for start in range(0, len(ids), ID_CHUNK):
        for value_id, value, text_value in session.execute(
            sa.select(table.c.id, table.c.value, table.c.text_value).where(
                table.c.id.in_(ids[start : start + ID_CHUNK])
            )
        ):
            before[value_id] = text_value if value is None else _plain(Decimal(value))
    return [
        audit.Event(action, "indicator-values", value_id, {"value": [before.get(value_id), new]})
        for action, value_id, new in replaced
    ]


def _plain(value: Decimal) -> str:
    """A figure as stored, without trailing zeros or an exponent: 12.5, 1200."""
    return f"{value.normalize():f}"


def _drafts(
    session: Session, *, cycle_id: int, writes: Sequence[FigureWrite], actor: audit.Actor
) -> None:
    """Contributions not started or missing that now hold a figure become drafts."""
    pairs = {(w.action_id, w.organisation_id) for w in writes if not w.clears}
    if not pairs:
        return
    waiting = session.exec(
        select(Contribution)
        .join(Participation, col(Participation.id) == col(Contribution.participation_id))
        .where(
            col(Contribution.reporting_cycle_id) == cycle_id,
            col(Contribution.state).in_([ReportState.not_started, ReportState.missing]),
            col(Participation.action_id).in_({action for action, _ in pairs}),
            col(Participation.organisation_id).in_({organisation for _, organisation in pairs}),
        )
    ).all()
    participations = {
        participation_id: (action_id, organisation_id)
        for participation_id, action_id, organisation_id in session.execute(
            sa.select(
                col(Participation.id),
                col(Participation.action_id),
                col(Participation.organisation_id),
            ).where(col(Participation.id).in_([c.participation_id for c in waiting]))
        )
    }
    events = []
    for contribution in waiting:
        if participations.get(contribution.participation_id) not in pairs:
            continue
        events.append(
            audit.Event(
                AuditAction.update,
                "contributions",
                contribution.id,
                {"state": [contribution.state, ReportState.draft]},
            )
        )
        contribution.state = ReportState.draft
        session.add(contribution)
    session.flush()
    audit.record_many(session, actor=actor, events=events)


def write_contribution(
    session: Session,
    *,
    cycle_id: int,
    participation_id: int,
    field: str,
    stored: str,
    proposed: str,
    actor: audit.Actor,
) -> Contribution:
    """Write a contribution's narrative or state as a workbook row carries it, audited."""
    contribution = session.exec(
        select(Contribution).where(
            col(Contribution.reporting_cycle_id) == cycle_id,
            col(Contribution.participation_id) == participation_id,
        )
    ).first()
    action = AuditAction.update
    if contribution is None:
        contribution = Contribution(reporting_cycle_id=cycle_id, participation_id=participation_id)
        action = AuditAction.create
    if field == "narrative":
        contribution.narrative = proposed
        if contribution.state == ReportState.not_started and proposed:
            contribution.state = ReportState.draft
    else:
        contribution.state = ReportState(proposed)
        submitted = contribution.state == ReportState.submitted
        contribution.submitted_at = dt.datetime.now(dt.UTC) if submitted else None
        contribution.submitted_by_id = actor.user_id if submitted else None
    session.add(contribution)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action=action,
        resource="contributions",
        record_id=contribution.id,
        changes={field: [stored or None, proposed]},
    )
    return contribution
