"""The life of a reporting cycle and of its reports, as plain service functions.

The Prefect flows in `flows/` are thin: each task calls one of these in a transaction of its
own. Every function is idempotent: running it again, or after a crash halfway, reaches the
same state and creates nothing twice (inbox messages are keyed per person and step).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from backend import i18n
from backend.access.models import Role, RoleGrant, User
from backend.access.policy import Principal
from backend.audit import service as audit
from backend.audit.models import AuditAction, AuditSource
from backend.catalog import aggregation
from backend.catalog.models import (
    Aggregation,
    Indicator,
    IndicatorKind,
    Organisation,
    Priority,
    StrategicGoal,
)
from backend.errors import Conflict, Forbidden, InvalidInput, NotFound, record_label
from backend.plans.models import (
    ActionPlan,
    ActionState,
    OperationalAction,
    Participation,
    ParticipationRole,
)
from backend.plans.texts import action_name
from backend.records import natural_key
from backend.reporting import texts
from backend.reporting.models import (
    ActionReport,
    Consolidation,
    Contribution,
    CycleFlow,
    CycleState,
    IndicatorValue,
    Reopening,
    ReopeningCreate,
    ReportingCycle,
    ReportState,
)

# What still has to be delivered: reports and contributions in these states are owed.
OWED = (ReportState.not_started, ReportState.draft, ReportState.returned)
DONE = (ReportState.submitted, ReportState.accepted)
# What may be handed in: what is owed, and what went missing when a reopened cycle closed.
SUBMITTABLE = (*OWED, ReportState.missing)
LEADING = (ParticipationRole.leader, ParticipationRole.co_leader)


def flow_actor() -> audit.Actor:
    return audit.system_actor(AuditSource.flow)


def get_cycle(session: Session, cycle_id: int) -> ReportingCycle:
    cycle = session.get(ReportingCycle, cycle_id)
    if cycle is None:
        raise NotFound(
            i18n.message(
                "errors.not_found", record=record_label("reporting_cycles"), id=str(cycle_id)
            )
        )
    return cycle


def in_cycle(cycle: ReportingCycle) -> list[sa.ColumnElement[bool]]:
    """Actions that report in the cycle: of its policy cycle, running during its period, not
    cancelled. Queries using it join OperationalAction, ActionPlan and Priority."""
    return [
        col(Priority.policy_cycle_id) == cycle.policy_cycle_id,
        col(OperationalAction.state) != ActionState.cancelled,
        col(OperationalAction.start_date) <= cycle.period_end,
        col(OperationalAction.end_date) >= cycle.period_start,
    ]


def cycle_code(session: Session, cycle_id: int) -> str:
    """The cycle as the trail names it ("2026-H2"); its id if it does not exist."""
    cycle = session.get(ReportingCycle, cycle_id)
    return cycle.code if cycle is not None else str(cycle_id)


def _plan_code(session: Session, plan_id: int) -> str:
    """The plan as the trail names it ("CCH-2026")."""
    plan = session.get(ActionPlan, plan_id)
    return plan.code if plan is not None else str(plan_id)


def _actions_of(cycle: ReportingCycle) -> Any:
    return (
        sa.select(col(OperationalAction.id), col(OperationalAction.action_plan_id))
        .join(ActionPlan, col(ActionPlan.id) == col(OperationalAction.action_plan_id))
        .join(Priority, col(Priority.id) == col(ActionPlan.priority_id))
        .where(*in_cycle(cycle))
    )


def _transition(
    session: Session,
    cycle: ReportingCycle,
    to: CycleState,
    actor: audit.Actor,
    now: dt.datetime | None = None,
) -> None:
    before = cycle.state
    cycle.state = to
    session.add(cycle)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action=AuditAction.transition,
        resource="reporting-cycles",
        record_id=cycle.id,
        changes={"state": [before, to]},
        detail=i18n.message("audit.cycle_moved", cycle=cycle.code, state=texts.cycle_state(to)),
        at=now,
    )


# ---- opening ---------------------------------------------------------------------------


def plans_to_open(session: Session, *, cycle_id: int) -> list[int]:
    """The action plans with actions that report in the cycle."""
    cycle = get_cycle(session, cycle_id)
    plans = {plan_id for _, plan_id in session.execute(_actions_of(cycle))}
    return sorted(plans)


def start_opening(
    session: Session, *, cycle_id: int, actor: audit.Actor, now: dt.datetime | None = None
) -> None:
    """planned -> open; nothing to do when it is open already."""
    cycle = get_cycle(session, cycle_id)
    if cycle.state == CycleState.open:
        return
    if cycle.state != CycleState.planned:
        raise Conflict(
            i18n.message(
                "reporting.cycle_cannot_open_again",
                cycle=cycle.code,
                state=texts.cycle_state(cycle.state),
            )
        )
    _transition(session, cycle, CycleState.open, actor, now)


def create_reports(
    session: Session,
    *,
    cycle_id: int,
    plan_id: int,
    actor: audit.Actor | None = None,
    now: dt.datetime | None = None,
) -> int:
    """An empty report for every action of the plan that reports in the cycle and has none:
    the snapshot of what the cycle expects."""
    cycle = get_cycle(session, cycle_id)
    existing = set(
        session.exec(
            select(col(ActionReport.action_id))
            .join(OperationalAction, col(OperationalAction.id) == col(ActionReport.action_id))
            .where(
                col(ActionReport.reporting_cycle_id) == cycle_id,
                col(OperationalAction.action_plan_id) == plan_id,
            )
        ).all()
    )
    wanted = [
        action_id
        for action_id, _ in session.execute(
            _actions_of(cycle).where(col(OperationalAction.action_plan_id) == plan_id)
        )
        if action_id not in existing
    ]
    # One multi-row INSERT: building an ORM object per row costs far more than the row.
    if wanted:
        session.execute(
            sa.insert(ActionReport),
            [{"reporting_cycle_id": cycle_id, "action_id": a} for a in sorted(wanted)],
        )
    if wanted:
        audit.record(
            session,
            actor=actor or flow_actor(),
            action=AuditAction.create,
            resource="action-reports",
            changes={"action_id": [None, sorted(wanted)]},
            detail=i18n.message(
                "audit.reports_made",
                count=len(wanted),
                plan=_plan_code(session, plan_id),
                cycle=cycle.code,
            ),
            at=now,
        )
    return len(wanted)


def create_contributions(
    session: Session,
    *,
    cycle_id: int,
    plan_id: int,
    actor: audit.Actor | None = None,
    now: dt.datetime | None = None,
) -> int:
    """An empty contribution for every participation in the plan's reporting actions."""
    cycle = get_cycle(session, cycle_id)
    actions = _actions_of(cycle).where(col(OperationalAction.action_plan_id) == plan_id)
    action_ids = [action_id for action_id, _ in session.execute(actions)]
    participations = session.exec(
        select(col(Participation.id)).where(col(Participation.action_id).in_(action_ids))
    ).all()
    # Only this plan's: the cycle holds every plan's contributions.
    existing = set(
        session.exec(
            select(col(Contribution.participation_id)).where(
                col(Contribution.reporting_cycle_id) == cycle_id,
                col(Contribution.participation_id).in_(
                    select(col(Participation.id)).where(
                        col(Participation.action_id).in_(action_ids)
                    )
                ),
            )
        ).all()
    )
    wanted = sorted({p for p in participations if p is not None} - existing)
    if wanted:
        session.execute(
            sa.insert(Contribution),
            [{"reporting_cycle_id": cycle_id, "participation_id": p} for p in wanted],
        )
    if wanted:
        audit.record(
            session,
            actor=actor or flow_actor(),
            action=AuditAction.create,
            resource="contributions",
            changes={"participation_id": [None, wanted]},
            detail=i18n.message(
                "audit.contributions_made",
                count=len(wanted),
                plan=_plan_code(session, plan_id),
                cycle=cycle.code,
            ),
            at=now,
        )
    return len(wanted)


# ---- who owes what ----------------------------------------------------------------------


@dataclass
class Owed:
    """What is still owed in a cycle, by action."""

    reports: dict[int, str] = field(default_factory=dict)  # action id -> its state
    # action id -> organisation ids whose contribution is owed
    contributions: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))


@dataclass(frozen=True)
class ActionLine:
    id: int
    code: str
    plan: str
    plan_id: int
    title: str


def _owed(session: Session, cycle: ReportingCycle) -> Owed:
    owed = Owed()
    for action_id, state in session.execute(
        sa.select(col(ActionReport.action_id), col(ActionReport.state)).where(
            col(ActionReport.reporting_cycle_id) == cycle.id,
            col(ActionReport.state).in_(OWED),
        )
    ):
        owed.reports[action_id] = str(state)
    for action_id, organisation_id in session.execute(
        sa.select(col(Participation.action_id), col(Participation.organisation_id))
        .join(Contribution, col(Contribution.participation_id) == col(Participation.id))
        .where(
            col(Contribution.reporting_cycle_id) == cycle.id,
            col(Contribution.state).in_(OWED),
        )
    ):
        owed.contributions[action_id].add(organisation_id)
    return owed


def _action_lines(session: Session, action_ids: Iterable[int]) -> dict[int, ActionLine]:
    ids = sorted(set(action_ids))
    if not ids:
        return {}
    return {
        action_id: ActionLine(action_id, code, plan, plan_id, title)
        for action_id, code, plan, plan_id, title in session.execute(
            sa.select(
                col(OperationalAction.id),
                col(OperationalAction.code),
                col(ActionPlan.short_code),
                col(ActionPlan.id),
                col(OperationalAction.title),
            )
            .join(ActionPlan, col(ActionPlan.id) == col(OperationalAction.action_plan_id))
            .where(col(OperationalAction.id).in_(ids))
        )
    }


def _grants(session: Session, roles: Iterable[Role]) -> list[tuple[int, RoleGrant]]:
    """(user id, grant) of active users holding one of `roles`."""
    return [
        (user_id, grant)
        for user_id, grant in session.execute(
            sa.select(col(User.id), RoleGrant)
            .join(RoleGrant, col(RoleGrant.user_id) == col(User.id))
            .where(col(User.is_active).is_(True), col(RoleGrant.role).in_(list(roles)))
        )
    ]


def _leading(session: Session, action_ids: Iterable[int]) -> dict[int, set[int]]:
    """organisation id -> the actions among `action_ids` it leads or co-leads."""
    led: dict[int, set[int]] = defaultdict(set)
    for action_id, organisation_id in session.execute(
        sa.select(col(Participation.action_id), col(Participation.organisation_id)).where(
            col(Participation.action_id).in_(sorted(set(action_ids))),
            col(Participation.role).in_(LEADING),
        )
    ):
        led[organisation_id].add(action_id)
    return led


def _countries(session: Session) -> dict[int, str | None]:
    return dict(
        session.execute(sa.select(col(Organisation.id), col(Organisation.country_code))).all()
    )


def _list(
    lines: dict[int, ActionLine], action_ids: Iterable[int], limit: int = 40
) -> list[i18n.Message]:
    """The actions, one a line, each named with its plan ("CCH · OA 2.1: title")."""
    chosen = sorted(
        (lines[action_id] for action_id in set(action_ids) if action_id in lines),
        key=lambda line: (line.plan, natural_key(line.code)),
    )
    listed = [
        i18n.message(
            "reporting.mail.list_line", action=action_name(line.plan, line.code), title=line.title
        )
        for line in chosen[:limit]
    ]
    if len(chosen) > limit:
        listed.append(i18n.message("reporting.mail.list_more", count=len(chosen) - limit))
    return listed


def _days(days: int) -> i18n.Message:
    if days == 0:
        return i18n.message("reporting.when.today")
    if days > 0:
        return i18n.message("reporting.when.in_days", count=days)
    return i18n.message("reporting.when.days_ago", count=-days)


# ---- notifying -------------------------------------------------------------------------


@dataclass
class Digest:
    """What one person is told in one message: sections, by what they owe, written in the
    person's own language when the message is sent."""

    sections: list[i18n.Message] = field(default_factory=list)

    def add(self, section: i18n.Message) -> None:
        if section not in self.sections:
            self.sections.append(section)


def _send(
    session: Session,
    digests: dict[int, Digest],
    *,
    cycle: ReportingCycle,
    key: str,
    subject: i18n.Message,
    opening: i18n.Message,
    now: dt.datetime | None = None,
) -> int:
    """One message per person, in the person's language."""
    from backend.notifications.service import notify

    languages = dict(
        session.execute(
            sa.select(col(User.id), col(User.language)).where(col(User.id).in_(sorted(digests)))
        ).all()
    )
    sent = 0
    for user_id, digest in sorted(digests.items()):
        language = i18n.language_of(str(languages.get(user_id, "")))
        body = "\n\n".join(part.render(language) for part in [opening, *digest.sections])
        sent += notify(
            session,
            user_id=user_id,
            key=key,
            subject=subject.render(language),
            body=body,
            reporting_cycle_id=cycle.id,
            at=now,
        )
    return sent


def _expected(
    session: Session, cycle: ReportingCycle, owed: Owed, *, leaders: bool, coordinators: bool
) -> dict[int, Digest]:
    """Per user, the sections of what they owe: action reports (leaders), their country's
    contributions (coordinators), their organisation's contributions (participants)."""
    lines = _action_lines(session, [*owed.reports, *owed.contributions])
    countries = _countries(session)
    digests: dict[int, Digest] = defaultdict(Digest)
    led = _leading(session, owed.reports) if leaders else {}
    by_country: dict[str, set[int]] = defaultdict(set)
    by_organisation: dict[int, set[int]] = defaultdict(set)
    for action_id, organisations in owed.contributions.items():
        for organisation_id in organisations:
            by_organisation[organisation_id].add(action_id)
            country = countries.get(organisation_id)
            if country:
                by_country[country].add(action_id)
    for user_id, grant in _grants(session, [Role.leader, Role.nec, Role.participant]):
        if grant.role == Role.leader and leaders and grant.organisation_id in led:
            actions = led[grant.organisation_id]
            digests[user_id].add(
                i18n.message(
                    "reporting.mail.leader", count=len(actions), list=_list(lines, actions)
                )
            )
        elif grant.role == Role.nec and coordinators and grant.country_code in by_country:
            actions = by_country[grant.country_code or ""]
            digests[user_id].add(
                i18n.message(
                    "reporting.mail.coordinator",
                    country=grant.country_code,
                    count=len(actions),
                    list=_list(lines, actions),
                    link=f"/api/reporting-cycles/{cycle.id}/country-workbook?country="
                    f"{grant.country_code}",
                )
            )
        elif grant.role == Role.participant and grant.organisation_id in by_organisation:
            actions = by_organisation[grant.organisation_id or 0]
            digests[user_id].add(
                i18n.message(
                    "reporting.mail.participant", count=len(actions), list=_list(lines, actions)
                )
            )
    return {user_id: digest for user_id, digest in digests.items() if digest.sections}


def notify_opening(session: Session, *, cycle_id: int, now: dt.datetime | None = None) -> int:
    """Tell every leader, coordinator and participant concerned what is expected and by when."""
    cycle = get_cycle(session, cycle_id)
    digests = _expected(session, cycle, _owed(session, cycle), leaders=True, coordinators=True)
    return _send(
        session,
        digests,
        cycle=cycle,
        key=f"cycle:{cycle.id}:opened",
        subject=i18n.message("reporting.mail.opened_subject", cycle=cycle.code, due=cycle.due_on),
        opening=i18n.message(
            "reporting.mail.opened",
            cycle=cycle.code,
            start=cycle.period_start,
            end=cycle.period_end,
            due=cycle.due_on,
            closes=cycle.closes_on,
        ),
        now=now,
    )


# ---- reminding -------------------------------------------------------------------------

# (step, days after the due date, leaders and coordinators, drivers and Europol)
LADDER = (
    ("due-in-14", -14, True, False),
    ("due-in-7", -7, True, False),
    ("due-in-1", -1, True, False),
    ("overdue-3", 3, True, False),
    ("overdue-7", 7, False, True),
)


def reminder_step(cycle: ReportingCycle, today: dt.date) -> tuple[str, int, bool, bool] | None:
    """The latest step of the escalation ladder reached on `today`, while the cycle is open.
    Acting on the dates (not on a run at every step's day) means a step missed while the
    tool was stopped is sent on the next run, once."""
    if cycle.state != CycleState.open or today > cycle.closes_on:
        return None
    reached = [step for step in LADDER if cycle.due_on + dt.timedelta(days=step[1]) <= today]
    return reached[-1] if reached else None


def send_reminders(
    session: Session, *, cycle_id: int, today: dt.date, now: dt.datetime | None = None
) -> int:
    """One digest per person for the ladder's step reached today, to whoever the step is for
    and only about what they still owe; never twice for the same step."""
    cycle = get_cycle(session, cycle_id)
    step = reminder_step(cycle, today)
    if step is None:
        return 0
    name, _, owers, escalation = step
    owed = _owed(session, cycle)
    when = _days((cycle.due_on - today).days)
    if owers:
        digests = _expected(session, cycle, owed, leaders=True, coordinators=True)
    else:
        digests = _escalation(session, owed)
    overdue = today > cycle.due_on
    subject = (
        i18n.message("reporting.mail.overdue_subject", cycle=cycle.code, due=cycle.due_on)
        if overdue
        else i18n.message(
            "reporting.mail.due_subject", cycle=cycle.code, when=when, due=cycle.due_on
        )
    )
    opening = (
        i18n.message(
            "reporting.mail.overdue",
            cycle=cycle.code,
            due=cycle.due_on,
            when=when,
            closes=cycle.closes_on,
        )
        if overdue
        else i18n.message("reporting.mail.due", cycle=cycle.code, when=when, due=cycle.due_on)
    )
    del escalation
    return _send(
        session,
        digests,
        cycle=cycle,
        key=f"cycle:{cycle.id}:reminder:{name}",
        subject=subject,
        opening=opening,
        now=now,
    )


def _escalation(session: Session, owed: Owed) -> dict[int, Digest]:
    """For drivers, what is overdue in their plan; for Europol, what is overdue everywhere."""
    late = set(owed.reports) | {a for a, orgs in owed.contributions.items() if orgs}
    lines = _action_lines(session, late)
    by_plan: dict[int, set[int]] = defaultdict(set)
    for action_id in late:
        if action_id in lines:
            by_plan[lines[action_id].plan_id].add(action_id)

    def summary(action_ids: set[int]) -> i18n.Message:
        reports = len(action_ids & set(owed.reports))
        contributions = sum(len(owed.contributions.get(a, ())) for a in action_ids)
        return i18n.message(
            "reporting.mail.overdue_in_plan",
            reports=texts.count("action_reports", reports),
            contributions=texts.count("contributions", contributions),
            actions=texts.count("actions", len(action_ids)),
            list=_list(lines, action_ids),
        )

    def per_plan() -> i18n.Message:
        plans = sorted(by_plan.items(), key=lambda item: lines[next(iter(item[1]))].plan)
        rows = []
        for action_ids in (ids for _, ids in plans):
            reports = len(action_ids & set(owed.reports))
            contributions = sum(len(owed.contributions.get(a, ())) for a in action_ids)
            rows.append(
                i18n.message(
                    "reporting.mail.overdue_plan_line",
                    plan=lines[next(iter(action_ids))].plan,
                    reports=texts.count("reports", reports),
                    contributions=texts.count("contributions", contributions),
                    actions=texts.count("actions", len(action_ids)),
                )
            )
        return i18n.message(
            "reporting.mail.overdue_everywhere",
            actions=texts.count("actions", len(late)),
            plans=texts.count("plans", len(plans)),
            rows=rows,
        )

    digests: dict[int, Digest] = defaultdict(Digest)
    for user_id, grant in _grants(session, [Role.driver, Role.europol]):
        if grant.role == Role.europol and late:
            digests[user_id].add(per_plan())
        elif grant.role == Role.driver and grant.action_plan_id in by_plan:
            digests[user_id].add(summary(by_plan[grant.action_plan_id or 0]))
    return {user_id: digest for user_id, digest in digests.items() if digest.sections}


# ---- closing ----------------------------------------------------------------------------


def close_cycle(
    session: Session, *, cycle_id: int, actor: audit.Actor, now: dt.datetime | None = None
) -> dict[str, int]:
    """open -> closed; every report and contribution not submitted becomes missing."""
    cycle = get_cycle(session, cycle_id)
    if cycle.state == CycleState.planned:
        raise Conflict(i18n.message("reporting.cycle_never_opened", cycle=cycle.code))
    if cycle.state == CycleState.open:
        # The day it really closed, which the planned closes_on may not be.
        cycle.closed_on = (now or dt.datetime.now(dt.UTC)).date()
        _transition(session, cycle, CycleState.closed, actor, now)
    missing: dict[str, int] = {}
    kinds: list[tuple[str, Any]] = [
        ("action-reports", ActionReport),
        ("contributions", Contribution),
    ]
    for resource, model in kinds:
        owed = session.exec(
            select(model).where(
                col(model.reporting_cycle_id) == cycle_id, col(model.state).in_(OWED)
            )
        ).all()
        before = sorted({str(record.state) for record in owed})
        for record in owed:
            record.state = ReportState.missing
            session.add(record)
        session.flush()
        if owed:
            audit.record(
                session,
                actor=actor,
                action=AuditAction.transition,
                resource=resource,
                changes={
                    "state": [before, ReportState.missing],
                    "ids": [None, [record.id for record in owed]],
                },
                detail=i18n.message("audit.missing", count=len(owed), cycle=cycle.code),
                at=now,
            )
        missing[resource] = len(owed)
    return missing


# ---- writing in a closed cycle -----------------------------------------------------------


def ensure_writable(
    session: Session,
    *,
    cycle_id: int,
    action_id: int | None = None,
    organisation_id: int | None = None,
    country: str | None = None,
    today: dt.date | None = None,
) -> None:
    """Refuse, saying why, a write into a cycle that is closed, unless Europol reopened it for
    the action or the country and the reopening has not ended."""
    cycle = get_cycle(session, cycle_id)
    if cycle.state in (CycleState.planned, CycleState.open):
        return
    if cycle.state == CycleState.consolidated:
        raise Conflict(i18n.message("reporting.cycle_consolidated", cycle=cycle.code))
    if country is None and organisation_id is not None:
        organisation = session.get(Organisation, organisation_id)
        country = organisation.country_code if organisation else None
    if not reopened(session, cycle_id=cycle_id, action_id=action_id, country=country, today=today):
        raise Conflict(
            i18n.message(
                "reporting.cycle_closed",
                cycle=cycle.code,
                closed_on=cycle.closed_on or cycle.closes_on,
            )
        )


def running_reopenings(
    session: Session, *, cycle_id: int, today: dt.date | None = None
) -> tuple[set[int], set[str]]:
    """The actions and the countries for which a reopening of the cycle runs today."""
    today = today or dt.datetime.now(dt.UTC).date()
    actions: set[int] = set()
    countries: set[str] = set()
    for action_id, country in session.execute(
        sa.select(col(Reopening.action_id), col(Reopening.country_code)).where(
            col(Reopening.reporting_cycle_id) == cycle_id, col(Reopening.until) >= today
        )
    ):
        if action_id is not None:
            actions.add(action_id)
        if country:
            countries.add(country)
    return actions, countries


def reopened(
    session: Session,
    *,
    cycle_id: int,
    action_id: int | None,
    country: str | None,
    today: dt.date | None = None,
) -> bool:
    """Whether a reopening of the action or of the country runs in the cycle today."""
    actions, countries = running_reopenings(session, cycle_id=cycle_id, today=today)
    return action_id in actions or (country or "") in countries


def grant_reopening(
    session: Session, *, data: ReopeningCreate, principal: Principal, actor: audit.Actor
) -> Reopening:
    """Europol's leave to write again in a closed cycle, logged; it ends by itself."""
    cycle = get_cycle(session, data.reporting_cycle_id)
    if cycle.state != CycleState.closed:
        raise Conflict(
            i18n.message(
                "reporting.only_closed_reopens",
                cycle=cycle.code,
                state=texts.cycle_state(cycle.state),
            )
        )
    if data.until < dt.datetime.now(dt.UTC).date():
        raise InvalidInput("until", i18n.message("reporting.not_in_past"))
    if data.action_id is not None and session.get(OperationalAction, data.action_id) is None:
        raise InvalidInput(
            "action_id",
            i18n.message(
                "errors.no_record",
                record=record_label("operational_actions"),
                id=str(data.action_id),
            ),
        )
    reopening = Reopening(
        **data.model_dump(),
        granted_by_id=principal.user_id,
        granted_at=dt.datetime.now(dt.UTC),
    )
    session.add(reopening)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action=AuditAction.create,
        resource="reopenings",
        record_id=reopening.id,
        changes=audit.diff({}, data.model_dump()),
        detail=i18n.message(
            "audit.reopened", cycle=cycle.code, until=data.until, reason=data.reason[:200]
        ),
    )
    return reopening


# ---- reviewing reports ------------------------------------------------------------------


def move(
    session: Session,
    record: ActionReport | Contribution,
    to: ReportState,
    actor: audit.Actor,
    **fields: Any,
) -> Any:
    """A report's or a contribution's new state and the fields that go with it (who and
    when), audited as one transition with what each field held before."""
    before = {"state": record.state} | {name: getattr(record, name) for name in fields}
    record.state = to
    for name, value in fields.items():
        setattr(record, name, value)
    session.add(record)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action=AuditAction.transition,
        resource="action-reports" if isinstance(record, ActionReport) else "contributions",
        record_id=record.id,
        changes={"state": [before["state"], to]}
        | {name: [audit.plain(before[name]), audit.plain(value)] for name, value in fields.items()},
    )
    return record


def submit_report(
    session: Session, *, report: ActionReport, principal: Principal, actor: audit.Actor
) -> ActionReport:
    """A leader hands in the report: not started, draft or returned -> submitted."""
    ensure_writable(session, cycle_id=report.reporting_cycle_id, action_id=report.action_id)
    if report.state not in SUBMITTABLE:
        raise Conflict(i18n.message("reporting.report_handed_in", state=texts.state(report.state)))
    return move(
        session,
        report,
        ReportState.submitted,
        actor,
        submitted_at=dt.datetime.now(dt.UTC),
        submitted_by_id=principal.user_id,
    )


def _review(report: ActionReport, principal: Principal, what: str) -> None:
    if report.state != ReportState.submitted:
        raise Conflict(
            i18n.message(f"reporting.only_submitted_{what}", state=texts.state(report.state))
        )
    if report.submitted_by_id == principal.user_id:
        raise Forbidden(i18n.message("reporting.submitter_cannot_review"))


def return_report(
    session: Session,
    *,
    report: ActionReport,
    principal: Principal,
    actor: audit.Actor,
    comment: str,
) -> ActionReport:
    """The driver or Europol sends a submitted report back, saying why: -> returned."""
    _review(report, principal, "returned")
    if not comment.strip():
        raise InvalidInput("comment", i18n.message("reporting.say_what_to_change"))
    move(
        session,
        report,
        ReportState.returned,
        actor,
        reviewed_at=dt.datetime.now(dt.UTC),
        reviewed_by_id=principal.user_id,
        review_comment=comment.strip(),
    )
    return _told(session, report)


def accept_report(
    session: Session,
    *,
    report: ActionReport,
    principal: Principal,
    actor: audit.Actor,
    comment: str = "",
) -> ActionReport:
    """The driver or Europol accepts a submitted report: -> accepted."""
    _review(report, principal, "accepted")
    move(
        session,
        report,
        ReportState.accepted,
        actor,
        reviewed_at=dt.datetime.now(dt.UTC),
        reviewed_by_id=principal.user_id,
        review_comment=comment.strip(),
    )
    return _told(session, report)


def _told(session: Session, report: ActionReport) -> ActionReport:
    """The report, once its leaders are told of the decision."""
    from backend.reporting.decisions import tell_report_decision

    tell_report_decision(session, report)
    return report


# ---- consolidating ----------------------------------------------------------------------


def _state_counts(session: Session, model: Any, cycle_id: int) -> dict[str, int]:
    return {
        str(state): count
        for state, count in session.execute(
            sa.select(model.state, sa.func.count())
            .where(model.reporting_cycle_id == cycle_id)
            .group_by(model.state)
        )
    }


def deadline(cycle: ReportingCycle) -> dt.datetime:
    """The first moment that is late: the start (UTC) of the day after the due date."""
    return dt.datetime.combine(cycle.due_on + dt.timedelta(days=1), dt.time(0), tzinfo=dt.UTC)


def _late(session: Session, cycle: ReportingCycle) -> dict[str, int]:
    result = {}
    for name, model in (("reports", ActionReport), ("contributions", Contribution)):
        done = select(sa.func.count()).where(
            col(model.reporting_cycle_id) == cycle.id, col(model.state).in_(DONE)
        )
        result[f"{name}_submitted"] = session.exec(done).one()
        result[f"{name}_late"] = session.exec(
            done.where(col(model.submitted_at) >= deadline(cycle))
        ).one()
    return result


def _number(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return f"{value:,f}" if value != value.to_integral_value() else f"{int(value):,}"


def _summary(
    cycle: ReportingCycle, previous: ReportingCycle | None, figures: dict[str, Any]
) -> str:
    now, before = figures["totals"], figures.get("previous_totals", {})
    names = figures["indicator_names"]
    head = previous.code if previous else "previous"
    lines = [
        f"# EMPACT reporting cycle {cycle.code}: consolidated",
        "",
        f"Period {cycle.period_start} to {cycle.period_end}, due {cycle.due_on}, closed "
        f"{cycle.closes_on}.",
        "",
        "| | submitted | of which late | missing | total |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in ("reports", "contributions"):
        states = figures[f"{name}_by_state"]
        total = sum(states.values())
        submitted = figures["timeliness"][f"{name}_submitted"]
        lines.append(
            f"| {name} | {submitted} | {figures['timeliness'][f'{name}_late']} | "
            f"{states.get('missing', 0)} | {total} |"
        )
    lines += ["", f"| indicator | {cycle.code} | {head} | change |", "|---|---:|---:|---:|"]
    for code in sorted(set(now) | set(before)):
        this = Decimal(now[code]) if code in now else None
        that = Decimal(before[code]) if code in before else None
        change = (
            f"{(this - that) / that:+.0%}" if this is not None and that not in (None, 0) else "–"
        )
        lines.append(f"| {names.get(code, code)} | {_number(this)} | {_number(that)} | {change} |")
    return "\n".join(lines) + "\n"


def totals_query(cycle_id: int) -> sa.Select[Any]:
    """The one GROUP BY over a cycle's totalled figures: their measures per priority, country
    (or organisation without one), strategic goal and indicator."""
    country = sa.func.coalesce(col(Organisation.country_code), col(Organisation.code))
    return (
        sa.select(
            col(Priority.code),
            country,
            col(StrategicGoal.code),
            col(Indicator.code),
            col(Indicator.aggregation),
            *aggregation.measures(),
        )
        .select_from(IndicatorValue)
        .join(Indicator, col(Indicator.id) == col(IndicatorValue.indicator_id))
        .join(OperationalAction, col(OperationalAction.id) == col(IndicatorValue.action_id))
        .join(ActionPlan, col(ActionPlan.id) == col(OperationalAction.action_plan_id))
        .join(Priority, col(Priority.id) == col(ActionPlan.priority_id))
        .join(StrategicGoal, col(StrategicGoal.id) == col(OperationalAction.strategic_goal_id))
        .join(Organisation, col(Organisation.id) == col(IndicatorValue.organisation_id))
        .where(
            col(IndicatorValue.reporting_cycle_id) == cycle_id,
            col(IndicatorValue.value).is_not(None),
            col(Indicator.kind) != IndicatorKind.choice,
            col(Indicator.aggregation) != Aggregation.none,
        )
        .group_by(
            col(Priority.code),
            country,
            col(StrategicGoal.code),
            col(Indicator.code),
            col(Indicator.aggregation),
        )
    )


def _rolled_up(session: Session, cycle_id: int) -> dict[str, dict[tuple[str, str], Decimal]]:
    """The cycle's totals per indicator, and per priority, country and strategic goal, each
    by its indicator's rule (`backend.catalog.aggregation`), rolled up in Python from one
    GROUP BY over the figures (the only pass over them)."""
    groups: dict[str, dict[tuple[str, str], list[Decimal]]] = {
        name: defaultdict(list) for name in ("all", "priority", "country", "goal")
    }
    rules: dict[str, Aggregation] = {}
    for priority, country_code, goal, code, rule, summed, largest in session.execute(
        totals_query(cycle_id)
    ):
        rules[code] = rule
        total = aggregation.group_total(rule, summed, largest)
        groups["all"][("all", code)].append(total)
        groups["priority"][(str(priority), code)].append(total)
        groups["country"][(str(country_code), code)].append(total)
        groups["goal"][(str(goal), code)].append(total)
    rolled: dict[str, dict[tuple[str, str], Decimal]] = {}
    for name, totals in groups.items():
        rolled[name] = {}
        for key, found in totals.items():
            combined = aggregation.combined(rules[key[1]], found)
            if combined is not None:
                rolled[name][key] = combined
    return rolled


def consolidate_cycle(
    session: Session, *, cycle_id: int, actor: audit.Actor, now: dt.datetime
) -> Consolidation:
    """closed -> consolidated: totals per priority, country and strategic goal, completeness
    and timeliness, the comparison with the previous cycle, and a markdown summary, kept with
    the cycle. Once consolidated, it returns what was kept. The consolidated workbook is
    rendered from these figures by `keep_consolidated_workbook`, a step of its own."""
    from backend.spreadsheets.service import previous_cycle

    cycle = get_cycle(session, cycle_id)
    kept = session.get(Consolidation, cycle_id)
    if cycle.state == CycleState.consolidated and kept is not None:
        return kept
    if cycle.state not in (CycleState.closed, CycleState.consolidated):
        raise Conflict(
            i18n.message(
                "reporting.close_first", cycle=cycle.code, state=texts.cycle_state(cycle.state)
            )
        )
    previous = previous_cycle(session, cycle=cycle)
    rolled = _rolled_up(session, cycle_id)
    figures: dict[str, Any] = {
        "totals": {code: str(total) for (_, code), total in rolled["all"].items()},
        "by_priority": _nested(rolled["priority"]),
        "by_country": _nested(rolled["country"]),
        "by_strategic_goal": _nested(rolled["goal"]),
        "reports_by_state": _state_counts(session, ActionReport, cycle_id),
        "contributions_by_state": _state_counts(session, Contribution, cycle_id),
        "timeliness": _late(session, cycle),
        "indicator_names": dict(
            session.execute(
                sa.select(col(Indicator.code), col(Indicator.name)).where(
                    col(Indicator.policy_cycle_id) == cycle.policy_cycle_id
                )
            ).all()
        ),
    }
    if previous is not None:
        figures["previous_cycle"] = previous.code
        figures["previous_totals"] = {
            code: str(total)
            for (_, code), total in _rolled_up(session, previous.id or 0)["all"].items()
        }
    consolidation = kept or Consolidation(
        reporting_cycle_id=cycle_id, created_at=now, summary="", workbook=b""
    )
    consolidation.created_at = now
    consolidation.summary = _summary(cycle, previous, figures)
    consolidation.figures = figures
    consolidation.workbook = b""
    session.add(consolidation)
    if cycle.state == CycleState.closed:
        _transition(session, cycle, CycleState.consolidated, actor, now)
    session.flush()
    return consolidation


def keep_consolidated_workbook(
    session: Session, *, cycle_id: int, generated_by: str = "flow"
) -> int:
    """Render the consolidated workbook of a consolidated cycle and keep it with the
    consolidation (nothing to do when it is kept already); its size in bytes."""
    from backend.spreadsheets.consolidated_service import consolidated_report, source_lines
    from backend.spreadsheets.consolidated_workbook import build_consolidated_workbook

    kept = session.get(Consolidation, cycle_id)
    if kept is None:
        raise Conflict(i18n.message("reporting.not_consolidated_yet", cycle=cycle_id))
    if not kept.workbook:
        report = consolidated_report(session, cycle_id=cycle_id)
        kept.workbook = build_consolidated_workbook(
            report, source_lines(session, report=report), generated_by=generated_by
        )
        session.add(kept)
        session.flush()
    return len(kept.workbook)


def _nested(totals: dict[tuple[str, str], Decimal]) -> dict[str, dict[str, str]]:
    nested: dict[str, dict[str, str]] = defaultdict(dict)
    for (group, code), total in totals.items():
        nested[group][code] = str(total)
    return dict(nested)


# ---- the daily tick -----------------------------------------------------------------------


def due_steps(session: Session, *, today: dt.date) -> list[tuple[int, CycleFlow]]:
    """Which flow each cycle needs today, from its dates and state: open on the opening date,
    remind while open, close on the closing date, consolidate once closed."""
    steps: list[tuple[int, CycleFlow]] = []
    cycles = session.exec(
        select(ReportingCycle)
        .where(col(ReportingCycle.state) != CycleState.consolidated)
        .order_by(col(ReportingCycle.opens_on))
    ).all()
    for cycle in cycles:
        cycle_id = cycle.id or 0
        if cycle.state == CycleState.planned and cycle.opens_on <= today:
            steps.append((cycle_id, CycleFlow.open_cycle))
        elif cycle.state == CycleState.open and today >= cycle.closes_on:
            steps.append((cycle_id, CycleFlow.close_cycle))
        elif cycle.state == CycleState.open:
            steps.append((cycle_id, CycleFlow.send_reminders))
        elif cycle.state == CycleState.closed:
            steps.append((cycle_id, CycleFlow.consolidate_cycle))
    return steps
