"""A deterministic demo: the 2026-2027 OAPs with about 285 actions and two reporting cycles.

Everything is drawn from one seeded random generator and keyed by natural keys (codes), so
the same demo comes out on every machine and a second run inserts nothing.
"""

import datetime as dt
import math
import random
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

import sqlalchemy as sa
from pydantic import SecretStr
from sqlmodel import Session, col

from backend.access.models import Role, RoleGrant, User
from backend.access.service import hash_password
from backend.catalog.models import (
    Indicator,
    Organisation,
    PolicyCycle,
    Priority,
    StrategicGoal,
    SubPriority,
)
from backend.plans.models import (
    ActionPlan,
    ActionPlanCoDriver,
    ActionState,
    OperationalAction,
    Participation,
    ParticipationRole,
)
from backend.reporting.models import (
    ActionReport,
    Contribution,
    CycleState,
    IndicatorValue,
    RagStatus,
    ReportingCycle,
    ReportState,
    ValueSource,
)
from seed.reference import SeedReport, load_reference
from seed.store import ensure, ensure_links, existing_ids

POLICY_CYCLE = "2026-2029"
PERIOD = "2026-2027"
TOTAL_ACTIONS = 285
RANDOM_SEED = 20262027

# How often each Member State leads or takes part, roughly after public participation
# figures (Italy took part in 152 of the 285 actions of 2026-2027).
COUNTRY_WEIGHT = {
    "IT": 10,
    "ES": 9,
    "DE": 9,
    "FR": 9,
    "NL": 9,
    "BE": 8,
    "PL": 7,
    "RO": 7,
    "PT": 6,
    "AT": 6,
    "SE": 5,
    "BG": 5,
    "CZ": 5,
    "GR": 5,
    "HU": 5,
    "HR": 4,
    "LT": 4,
    "SK": 4,
    "FI": 4,
    "IE": 4,
    "LV": 3,
    "SI": 3,
    "EE": 3,
    "DK": 2,
    "CY": 2,
    "LU": 2,
    "MT": 2,
    "NO": 4,
    "CH": 3,
    "IS": 1,
    "LI": 1,
}
AGENCIES = ["EUROPOL", "EUROJUST", "FRONTEX", "CEPOL", "EUDA", "EUIPO", "EPPO", "OLAF"]
PARTNERS = [
    "GB",
    "US",
    "UA",
    "MD",
    "AL",
    "RS",
    "ME",
    "MK",
    "BA",
    "GE",
    "TR",
    "CO",
    "BR",
    "EC",
    "MA",
    "CA",
    "AU",
    "INTERPOL",
    "UNODC",
    "IOM",
    "WCO",
    "MAOC-N",
]

# What each plan's actions count, besides the figures every action reports.
COMMON_INDICATORS = ["arrests", "investigations_initiated", "officers_deployed", "checks_persons"]
LEADER_INDICATORS = ["joint_action_days", "countries_taking_part", "joint_investigation_team"]
TOPIC_INDICATORS: dict[str, list[str]] = {
    "1": ["cash_assets_seized_eur", "firearms_seized"],
    "2.1": ["cash_assets_seized_eur"],
    "2.2": ["victims_identified", "victims_identified_minors"],
    "2.3": ["cash_assets_seized_eur"],
    "3.1": ["drugs_cannabis_kg", "drugs_cocaine_kg", "drugs_heroin_kg", "cash_assets_seized_eur"],
    "3.2": ["drugs_synthetic_kg", "drugs_nps_kg", "drug_precursors_kg"],
    "4.1": ["migrant_smugglers_arrested", "checks_vehicles"],
    "4.2": ["victims_identified", "victims_identified_minors", "checks_premises"],
    "5": ["firearms_seized", "weapons_seized", "checks_parcels"],
    "6": ["checks_premises", "cash_assets_seized_eur"],
    "7.1": ["cash_assets_seized_eur"],
    "7.2": ["checks_parcels", "cash_assets_seized_eur"],
    "7.3": ["cash_assets_seized_eur"],
    "7.4": ["cash_assets_seized_eur", "checks_premises"],
}
# Typical size of one participant's figure in one half-year: (median, spread).
MAGNITUDE: dict[str, tuple[float, float]] = {
    "arrests": (4, 1.0),
    "investigations_initiated": (3, 1.0),
    "officers_deployed": (25, 0.9),
    "checks_persons": (400, 1.2),
    "checks_vehicles": (250, 1.2),
    "checks_parcels": (150, 1.2),
    "checks_premises": (20, 1.0),
    "joint_action_days": (3, 0.6),
    "migrant_smugglers_arrested": (6, 1.0),
    "cash_assets_seized_eur": (120_000, 1.6),
    "drugs_cannabis_kg": (180, 1.5),
    "drugs_cocaine_kg": (90, 1.6),
    "drugs_heroin_kg": (15, 1.4),
    "drugs_synthetic_kg": (30, 1.4),
    "drugs_nps_kg": (5, 1.3),
    "drug_precursors_kg": (200, 1.5),
    "firearms_seized": (6, 1.1),
    "weapons_seized": (4, 1.1),
    "victims_identified": (8, 1.0),
    "victims_identified_minors": (2, 1.0),
}

# Short names of the plans, as used in the drivers' account names.
PLAN_SHORT_CODES = {
    "1": "NETWORKS",
    "2.1": "CYBER",
    "2.2": "CSE",
    "2.3": "ONLINE-FRAUD",
    "3.1": "CCH",
    "3.2": "SYNTHETIC",
    "4.1": "MIGRANT-SMUGGLING",
    "4.2": "THB",
    "5": "FIREARMS",
    "6": "ENVICRIME",
    "7.1": "MTIC-EXCISE",
    "7.2": "IPC",
    "7.3": "CRIMINAL-FINANCES",
    "7.4": "EURO-COUNTERFEITING",
}
DEMO_PASSWORD = "demo-password"

GOAL_WEIGHTS = {"1": 12, "2": 20, "3": 26, "4": 10, "5": 5, "6": 12, "7": 8, "8": 7}
TITLES: dict[str, list[str]] = {
    "1": [
        "Strategic intelligence picture of {topic}",
        "Joint threat analysis on {topic}",
        "Identification of high-value targets in {topic}",
    ],
    "2": [
        "Operational task force on {topic}",
        "Coordinated investigations into {topic} networks",
        "Joint investigation teams against {topic}",
    ],
    "3": [
        "Joint action days on {topic}",
        "Coordinated controls at EU external borders against {topic}",
        "Online patrolling and takedowns: {topic}",
        "Hotspot operations against {topic}",
    ],
    "4": [
        "Financial investigations and asset recovery in {topic} cases",
        "Follow the money: {topic}",
    ],
    "5": ["Detection of fraudulent documents used in {topic}"],
    "6": [
        "Training of specialised investigators in {topic}",
        "Expert network and exchange of best practice on {topic}",
        "Innovation and new investigative tools for {topic}",
    ],
    "7": [
        "Awareness-raising campaign on {topic}",
        "Prevention and harm reduction: {topic}",
    ],
    "8": [
        "Cooperation with Western Balkan partners on {topic}",
        "Operational cooperation with source and transit countries on {topic}",
    ],
}


@dataclass
class Plan:
    code: str
    short_code: str
    name: str
    priority_code: str
    sub_priority_code: str | None
    topic_code: str
    driver: str
    co_drivers: list[str]
    actions: list["Action"] = field(default_factory=list)


@dataclass
class Action:
    code: str
    title: str
    goal_code: str
    leader: str
    start_date: dt.date
    end_date: dt.date
    state: ActionState
    budget_eur: Decimal | None
    grant_reference: str
    participants: dict[str, ParticipationRole]


def _weighted_sample(rng: random.Random, weights: Mapping[str, float], k: int) -> list[str]:
    """k distinct items, each drawn with its weight (Efraimidis-Spirakis keys)."""
    keyed = sorted(weights, key=lambda item: rng.random() ** (1.0 / weights[item]), reverse=True)
    return keyed[:k]


def _action_counts(rng: random.Random, plans: int) -> list[int]:
    """15 to 30 actions a plan, adding up to TOTAL_ACTIONS where that many plans allow it."""
    target = min(max(TOTAL_ACTIONS, 15 * plans), 30 * plans)
    counts = [rng.randint(15, 30) for _ in range(plans)]
    while sum(counts) != target:
        index = rng.randrange(plans)
        step = 1 if sum(counts) < target else -1
        if 15 <= counts[index] + step <= 30:
            counts[index] += step
    return counts


def generate_plans(topics: Sequence[tuple[str, str | None, str]]) -> list[Plan]:
    """The demo OAPs, from (priority code, sub-priority code, topic name) triples."""
    rng = random.Random(RANDOM_SEED)
    countries = dict(COUNTRY_WEIGHT)
    plans: list[Plan] = []
    for (priority_code, sub_code, topic), count in zip(
        topics, _action_counts(rng, len(topics)), strict=True
    ):
        topic_code = sub_code or priority_code
        drivers = _weighted_sample(rng, countries, 1 + rng.randint(0, 2))
        plan = Plan(
            code=f"OAP {PERIOD} {topic_code}",
            short_code=PLAN_SHORT_CODES.get(topic_code, f"P{topic_code}"),
            name=f"{topic}: operational action plan {PERIOD}",
            priority_code=priority_code,
            sub_priority_code=sub_code,
            topic_code=topic_code,
            driver=drivers[0],
            co_drivers=drivers[1:],
        )
        per_goal: Counter[str] = Counter()
        for _ in range(count):
            goal = rng.choices(list(GOAL_WEIGHTS), weights=list(GOAL_WEIGHTS.values()))[0]
            per_goal[goal] += 1
            plan.actions.append(_generate_action(rng, plan, topic, goal, per_goal[goal]))
        plans.append(plan)
    return plans


def _generate_action(rng: random.Random, plan: Plan, topic: str, goal: str, number: int) -> Action:
    if goal == "6" and rng.random() < 0.4:
        leader = "CEPOL"
    elif rng.random() < 0.08:
        leader = rng.choice(["EUROPOL", "FRONTEX" if plan.topic_code == "4.1" else "EUROPOL"])
    else:
        leader = _weighted_sample(rng, dict(COUNTRY_WEIGHT), 1)[0]
    # 3 to 20 taking part, the leader and Europol included; partners come on top.
    participant_count = rng.randint(3, 20)
    with_europol = leader != "EUROPOL" and rng.random() < 0.5
    others = {code: w for code, w in COUNTRY_WEIGHT.items() if code != leader}
    members = _weighted_sample(rng, others, participant_count - 1 - int(with_europol))
    participants: dict[str, ParticipationRole] = {leader: ParticipationRole.leader}
    co_leaders = rng.choice([0, 0, 1, 1, 2])
    for index, code in enumerate(members):
        participants[code] = (
            ParticipationRole.co_leader if index < co_leaders else ParticipationRole.participant
        )
    if with_europol:
        participants["EUROPOL"] = ParticipationRole.participant
    for partner in rng.sample(PARTNERS, rng.choice([0, 0, 1, 1, 2, 3])):
        participants[partner] = ParticipationRole.partner
    start = dt.date(2026, 1, 1) + dt.timedelta(days=rng.choice([0, 0, 0, 31, 59, 90, 181]))
    end = dt.date(2027, 12, 31) - dt.timedelta(days=rng.choice([0, 0, 0, 30, 91, 183]))
    state = rng.choices(
        [ActionState.ongoing, ActionState.planned, ActionState.completed, ActionState.cancelled],
        weights=[85, 6, 6, 3],
    )[0]
    funded = rng.random() < 0.45
    title = rng.choice(TITLES[goal]).format(topic=topic[0].lower() + topic[1:])
    return Action(
        code=f"OA {goal}.{number}",
        title=title,
        goal_code=goal,
        leader=leader,
        start_date=start,
        end_date=end,
        state=state,
        budget_eur=Decimal(rng.randrange(40, 900) * 1000) if funded else None,
        grant_reference=f"POL.{rng.randint(13000, 13999)}" if funded else "",
        participants=participants,
    )


@dataclass(frozen=True)
class CycleSpec:
    code: str
    period_start: dt.date
    period_end: dt.date
    opens_on: dt.date
    due_on: dt.date
    closes_on: dt.date
    state: CycleState
    # Chance that a report is accepted / submitted / draft; the rest is not started.
    report_mix: tuple[float, float, float]


CYCLES = [
    CycleSpec(
        "2026-H1",
        dt.date(2026, 1, 1),
        dt.date(2026, 6, 30),
        dt.date(2026, 6, 15),
        dt.date(2026, 7, 15),
        dt.date(2026, 7, 31),
        CycleState.closed,
        (0.70, 0.20, 0.05),
    ),
    CycleSpec(
        "2026-H2",
        dt.date(2026, 7, 1),
        dt.date(2026, 12, 31),
        dt.date(2026, 11, 16),
        dt.date(2027, 1, 15),
        dt.date(2027, 1, 31),
        CycleState.open,
        (0.0, 0.12, 0.28),
    ),
]


def _draw_state(rng: random.Random, mix: tuple[float, float, float]) -> ReportState:
    roll = rng.random()
    accepted, submitted, draft = mix
    if roll < accepted:
        return ReportState.accepted
    if roll < accepted + submitted:
        return ReportState.submitted
    if roll < accepted + submitted + draft:
        return ReportState.draft
    return ReportState.not_started


def _figure(rng: random.Random, indicator: str, participants: int) -> Decimal:
    median, spread = MAGNITUDE[indicator]
    raw = rng.lognormvariate(math.log(median), spread)
    if indicator.endswith("_kg"):
        return Decimal(str(round(raw, 1)))
    if indicator == "cash_assets_seized_eur":
        return Decimal(int(raw // 100 * 100))
    if indicator == "joint_action_days":
        return Decimal(max(1, min(30, int(raw))))
    del participants
    return Decimal(int(raw))


def load_demo(session: Session, report: SeedReport | None = None) -> SeedReport:
    """Load the reference data and the demo; running it again inserts nothing."""
    report = load_reference(session, report)
    ids = _ReferenceIds(session)
    topics = ids.topics()
    plans = generate_plans(topics)

    plan_ids = ensure_plans(session, report, ids, plans)
    count = ensure_links(
        session,
        ActionPlanCoDriver.__table__,  # type: ignore[attr-defined]
        (
            {"action_plan_id": plan_ids[(plan.code,)], "organisation_id": ids.organisation[code]}
            for plan in plans
            for code in plan.co_drivers
        ),
    )
    report.add("action_plan_co_drivers", count)

    action_rows = []
    for plan in plans:
        for action in plan.actions:
            action_rows.append(
                {
                    "action_plan_id": plan_ids[(plan.code,)],
                    "code": action.code,
                    "title": action.title,
                    "description": f"{action.title}, under the {plan.name}.",
                    "strategic_goal_id": ids.goal[action.goal_code],
                    "leader_id": ids.organisation[action.leader],
                    "start_date": action.start_date,
                    "end_date": action.end_date,
                    "state": action.state,
                    "expected_results": "Operational results reported each half-year; "
                    "figures as set out in the indicators.",
                    "budget_eur": action.budget_eur,
                    "grant_reference": action.grant_reference,
                }
            )
    action_ids, count = ensure(session, OperationalAction, ["action_plan_id", "code"], action_rows)
    report.add("operational_actions", count)

    def action_id(plan: Plan, action: Action) -> int:
        return action_ids[(plan_ids[(plan.code,)], action.code)]

    participation_ids, count = ensure(
        session,
        Participation,
        ["action_id", "organisation_id"],
        (
            {
                "action_id": action_id(plan, action),
                "organisation_id": ids.organisation[code],
                "role": role,
            }
            for plan in plans
            for action in plan.actions
            for code, role in action.participants.items()
        ),
    )
    report.add("participations", count)
    _load_reporting(session, report, ids, plans, action_id, participation_ids)
    _load_accounts(session, report, ids, plans, plan_ids)
    session.flush()
    return report


def demo_accounts(plans: Sequence[Plan]) -> list[dict[str, Any]]:
    """The demo's users: username, name, organisation code and grants."""
    accounts: list[dict[str, Any]] = [
        {
            "username": "admin",
            "name": "Account administrator",
            "organisation": "EUROPOL",
            "grants": [{"role": Role.admin}],
        },
        {
            "username": "europol",
            "name": "EMPACT support team",
            "organisation": "EUROPOL",
            "grants": [{"role": Role.europol}],
        },
    ]
    for country in ("DE", "FR", "IT"):
        accounts.append(
            {
                "username": f"nec-{country.lower()}",
                "name": f"National EMPACT coordinator {country}",
                "organisation": country,
                "grants": [{"role": Role.nec, "country_code": country}],
            }
        )
    for country in ("DE", "FR"):
        accounts.append(
            {
                "username": f"leader-{country.lower()}",
                "name": f"Action leader {country}",
                "organisation": country,
                "grants": [{"role": Role.leader, "organisation": country}],
            }
        )
    for plan in plans:
        accounts.append(
            {
                "username": f"driver-{plan.short_code.lower()}",
                "name": f"Driver of {plan.short_code}",
                "organisation": plan.driver,
                "grants": [{"role": Role.driver, "plan": plan.code}],
            }
        )
    return accounts


def _load_accounts(
    session: Session,
    report: SeedReport,
    ids: "_ReferenceIds",
    plans: list[Plan],
    plan_ids: dict[tuple[Any, ...], int],
) -> None:
    accounts = demo_accounts(plans)
    stored = existing_ids(session, User, ["username"])
    user_ids, count = ensure(
        session,
        User,
        ["username"],
        (
            {
                "username": account["username"],
                "full_name": account["name"],
                # A reserved domain (RFC 2606): the demo's mail goes to the outbox folder.
                "email": f"{account['username']}@example.org",
                "organisation_id": ids.organisation[account["organisation"]],
                # Hashed only for accounts still missing: a re-run changes nothing.
                "password_hash": hash_password(SecretStr(DEMO_PASSWORD)),
            }
            for account in accounts
            if (account["username"],) not in stored
        ),
    )
    report.add("users", count)
    grants = [
        {
            "user_id": user_ids[(account["username"],)],
            "role": grant["role"],
            "action_plan_id": plan_ids[(grant["plan"],)] if "plan" in grant else None,
            "country_code": grant.get("country_code"),
            "organisation_id": ids.organisation[grant["organisation"]]
            if "organisation" in grant
            else None,
        }
        for account in accounts
        for grant in account["grants"]
    ]
    _, count = ensure(
        session,
        RoleGrant,
        ["user_id", "role", "action_plan_id", "country_code", "organisation_id"],
        grants,
    )
    report.add("role_grants", count)


def _load_reporting(
    session: Session,
    report: SeedReport,
    ids: "_ReferenceIds",
    plans: list[Plan],
    action_id: Any,
    participation_ids: dict[tuple[Any, ...], int],
) -> None:
    rng = random.Random(RANDOM_SEED + 1)
    cycle_ids = ensure_cycles(session, report, ids, CYCLES)
    reports, contributions, values = [], [], []
    for spec in CYCLES:
        cycle_id = cycle_ids[(spec.code,)]
        submitted_at = dt.datetime.combine(spec.due_on, dt.time(12), tzinfo=dt.UTC)
        for plan in plans:
            for action in plan.actions:
                if action.start_date > spec.period_end or action.state == ActionState.cancelled:
                    continue
                the_action = action_id(plan, action)
                state = _draw_state(rng, spec.report_mix)
                written = state != ReportState.not_started
                reports.append(
                    {
                        "reporting_cycle_id": cycle_id,
                        "action_id": the_action,
                        "state": state,
                        "rag_status": rng.choice(
                            [RagStatus.green, RagStatus.green, RagStatus.amber, RagStatus.red]
                        )
                        if written
                        else None,
                        "progress": f"{action.title}: activities ran as planned in {spec.code}."
                        if written
                        else "",
                        "achievements": "Operational meetings held; joint action days carried "
                        "out with the participants."
                        if written
                        else "",
                        "obstacles": rng.choice(
                            ["", "", "Delays in the exchange of information with one partner."]
                        )
                        if written
                        else "",
                        "next_steps": "Continue the operational phase." if written else "",
                        "submitted_at": submitted_at
                        if state in (ReportState.submitted, ReportState.accepted)
                        else None,
                    }
                )
                indicators = COMMON_INDICATORS + TOPIC_INDICATORS[plan.topic_code]
                for code, role in action.participants.items():
                    participation = participation_ids[(the_action, ids.organisation[code])]
                    share = _draw_state(rng, spec.report_mix)
                    contributions.append(
                        {
                            "reporting_cycle_id": cycle_id,
                            "participation_id": participation,
                            "state": share,
                            "narrative": f"{code} contribution to {action.code} in {spec.code}."
                            if share != ReportState.not_started
                            else "",
                            "submitted_at": submitted_at
                            if share in (ReportState.submitted, ReportState.accepted)
                            else None,
                        }
                    )
                    if share == ReportState.not_started or role == ParticipationRole.partner:
                        continue
                    reported = list(indicators)
                    if role == ParticipationRole.leader:
                        reported += LEADER_INDICATORS
                    for indicator in reported:
                        if indicator == "countries_taking_part":
                            figure, text = Decimal(len(action.participants)), None
                        elif indicator == "joint_investigation_team":
                            figure, text = (
                                None,
                                rng.choice(["none", "none", "planned", "established"]),
                            )
                        elif rng.random() < 0.15:  # not every participant has every figure
                            continue
                        else:
                            figure, text = _figure(rng, indicator, len(action.participants)), None
                        values.append(
                            {
                                "reporting_cycle_id": cycle_id,
                                "action_id": the_action,
                                "organisation_id": ids.organisation[code],
                                "indicator_id": ids.indicator[indicator],
                                "value": figure,
                                "text_value": text,
                                "source": ValueSource.seed,
                                "source_ref": "demo",
                            }
                        )
    _, count = ensure(session, ActionReport, ["reporting_cycle_id", "action_id"], reports)
    report.add("action_reports", count)
    _, count = ensure(
        session, Contribution, ["reporting_cycle_id", "participation_id"], contributions
    )
    report.add("contributions", count)
    _, count = ensure(
        session,
        IndicatorValue,
        ["reporting_cycle_id", "action_id", "organisation_id", "indicator_id"],
        values,
    )
    report.add("indicator_values", count)


class _ReferenceIds:
    """Ids of the reference rows the demo refers to, by their codes."""

    def __init__(self, session: Session) -> None:
        self.session = session
        cycles = existing_ids(session, PolicyCycle, ["code"])
        self.policy_cycle = cycles[(POLICY_CYCLE,)]
        self.priority = {
            code: id_
            for (cycle, code), id_ in existing_ids(
                session, Priority, ["policy_cycle_id", "code"]
            ).items()
            if cycle == self.policy_cycle
        }
        priority_of = {id_: code for code, id_ in self.priority.items()}
        self.sub_priority = {
            code: id_
            for (priority, code), id_ in existing_ids(
                session, SubPriority, ["priority_id", "code"]
            ).items()
            if priority in priority_of
        }
        self.goal = {
            code: id_
            for (cycle, code), id_ in existing_ids(
                session, StrategicGoal, ["policy_cycle_id", "code"]
            ).items()
            if cycle == self.policy_cycle
        }
        self.indicator = {
            code: id_
            for (cycle, code), id_ in existing_ids(
                session, Indicator, ["policy_cycle_id", "code"]
            ).items()
            if cycle == self.policy_cycle
        }
        self.organisation = {
            code: id_ for (code,), id_ in existing_ids(session, Organisation, ["code"]).items()
        }

    def topics(self) -> list[tuple[str, str | None, str]]:
        """One (priority, sub-priority, name) per plan: sub-priorities get their own plan."""
        subs: dict[str, list[tuple[str, str]]] = defaultdict(list)
        rows = self.session.execute(
            sa.select(col(Priority.code), col(SubPriority.code), col(SubPriority.name))
            .join(SubPriority, col(SubPriority.priority_id) == col(Priority.id))
            .where(col(Priority.policy_cycle_id) == self.policy_cycle)
        )
        for priority_code, sub_code, sub_name in rows:
            subs[priority_code].append((sub_code, sub_name))
        names: dict[str, str] = dict(
            self.session.execute(
                sa.select(col(Priority.code), col(Priority.name)).where(
                    col(Priority.policy_cycle_id) == self.policy_cycle
                )
            ).all()
        )
        topics: list[tuple[str, str | None, str]] = []
        for priority_code in sorted(names, key=int):
            if subs[priority_code]:
                for sub_code, sub_name in sorted(subs[priority_code]):
                    topics.append((priority_code, sub_code, sub_name))
            else:
                topics.append((priority_code, None, names[priority_code]))
        return topics


class PlanRow(Protocol):
    """What an action plan's row is made of, in the demo's and the stress data set's plans."""

    @property
    def code(self) -> str: ...
    @property
    def short_code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def priority_code(self) -> str: ...
    @property
    def sub_priority_code(self) -> str | None: ...
    @property
    def driver(self) -> str: ...


def ensure_plans(
    session: Session, report: SeedReport, ids: "_ReferenceIds", plans: Sequence[PlanRow]
) -> dict[tuple[Any, ...], int]:
    """The action plans, inserted when missing; their ids by (code,)."""
    plan_ids, count = ensure(
        session,
        ActionPlan,
        ["code"],
        (
            {
                "priority_id": ids.priority[plan.priority_code],
                "sub_priority_id": ids.sub_priority.get(plan.sub_priority_code or ""),
                "code": plan.code,
                "short_code": plan.short_code,
                "name": plan.name,
                "period": PERIOD,
                "driver_id": ids.organisation[plan.driver],
            }
            for plan in plans
        ),
    )
    report.add("action_plans", count)
    return plan_ids


def ensure_cycles(
    session: Session, report: SeedReport, ids: "_ReferenceIds", cycles: Sequence[Any]
) -> dict[tuple[Any, ...], int]:
    """The reporting cycles, inserted when missing; their ids by (code,)."""
    cycle_ids, count = ensure(
        session,
        ReportingCycle,
        ["code"],
        (
            {
                "policy_cycle_id": ids.policy_cycle,
                "code": spec.code,
                "period_start": spec.period_start,
                "period_end": spec.period_end,
                "opens_on": spec.opens_on,
                "due_on": spec.due_on,
                "closes_on": spec.closes_on,
                "state": spec.state,
            }
            for spec in cycles
        ),
    )
    report.add("reporting_cycles", count)
    return cycle_ids
