"""A deterministic stress data set at ten times EMPACT's real scale, bulk-loaded for benchmarks.

One plan per priority or sub-priority of the 2026-2029 cycle with about 2,850 actions in all
(at scale 10), two reporting cycles of their own (2028-H2 closed, 2029-H1 open, beside the
demo's) and every numeric figure filled for every participation: about 1.4 million
indicator values. The big tables go in through bulk INSERTs of plain dicts, never ORM objects;
the database assigns the ids, read back by natural keys in one query per table.
"""

import datetime as dt
import math
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from typing import Any

import sqlalchemy as sa
from pydantic import SecretStr
from sqlmodel import Session, col

from backend.access.models import Role, RoleGrant, User
from backend.access.service import hash_password
from backend.catalog.models import Indicator, IndicatorKind, Organisation, OrganisationKind
from backend.database import bulk_insert
from backend.plans.models import (
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
    ReportState,
    ValueSource,
)
from seed.demo_accounts import DEMO_PASSWORD
from seed.demo_plans import COUNTRY_WEIGHT, GOAL_WEIGHTS, MAGNITUDE, weighted_sample
from seed.demo_texts import TITLES
from seed.reference import SeedReport, load_reference
from seed.shared import CycleSpec, ReferenceIds, ensure_cycles, ensure_plans
from seed.store import ensure, existing_ids

PERIOD = "2028-2029"
RANDOM_SEED = 20272027
# The demo has 285 actions, EMPACT's real size; scale 10 is what the tool must stay fast at.
REAL_ACTIONS = 285
# Beyond this, a strategic goal of one plan would need action numbers of four digits.
MAX_SCALE = 100.0
BATCH_ROWS = 10_000
SOURCE_REF = "stress"

# The busiest country: the demo's heaviest weight (Italy took part in 152 of 285 actions).
LARGEST_COUNTRY = max(COUNTRY_WEIGHT, key=COUNTRY_WEIGHT.__getitem__)
LARGEST_COUNTRY_SHARE = 0.5
# Besides the Member States, Schengen-associated countries and EU agencies of the reference
# data, these two international organisations take part: 45 organisations in all.
INTERNATIONAL_PARTICIPANTS = ["INTERPOL", "UNODC"]
AGENCY_WEIGHT = {"EUROPOL": 6, "EUROJUST": 3, "FRONTEX": 3, "CEPOL": 2}
LEADING_AGENCIES = ["EUROPOL", "CEPOL", "FRONTEX"]

# Half-years the demo never holds (its cycles run from 2026-H1 to 2027-H2 at the latest),
# so that the stress data can lie beside the demo on any day.
CYCLES = [
    CycleSpec(
        "2028-H2",
        dt.date(2028, 7, 1),
        dt.date(2028, 12, 31),
        dt.date(2028, 12, 15),
        dt.date(2029, 1, 15),
        dt.date(2029, 1, 31),
        CycleState.closed,
        (0.70, 0.20, 0.05),
    ),
    CycleSpec(
        "2029-H1",
        dt.date(2029, 1, 1),
        dt.date(2029, 6, 30),
        dt.date(2029, 5, 15),
        dt.date(2029, 7, 15),
        dt.date(2029, 7, 31),
        CycleState.open,
        (0.0, 0.12, 0.28),
    ),
]


@dataclass(frozen=True)
class StressPlan:
    code: str
    short_code: str
    name: str
    priority_code: str
    sub_priority_code: str | None
    topic_code: str
    driver: str


@dataclass(frozen=True)
class StressAction:
    plan_code: str
    code: str
    title: str
    goal_code: str
    leader: str
    start_date: dt.date
    end_date: dt.date
    budget_eur: Decimal | None
    # Organisation code -> role, the leader first.
    participants: dict[str, ParticipationRole]


def stress_plans(topics: Sequence[tuple[str, str | None, str]]) -> list[StressPlan]:
    """One plan per (priority code, sub-priority code, topic name), as the demo has."""
    rng = random.Random(RANDOM_SEED)
    plans = []
    for priority_code, sub_code, topic in topics:
        topic_code = sub_code or priority_code
        plans.append(
            StressPlan(
                code=f"OAP STRESS {PERIOD} {topic_code}",
                short_code=f"STRESS-{topic_code.replace('.', '-')}",
                name=f"{topic}: stress-test action plan {PERIOD}",
                priority_code=priority_code,
                sub_priority_code=sub_code,
                topic_code=topic_code,
                driver=weighted_sample(rng, COUNTRY_WEIGHT, 1)[0],
            )
        )
    return plans


def stress_actions(
    plans: Sequence[StressPlan],
    topics: dict[str, str],
    organisations: dict[str, float],
    scale: float,
) -> list[StressAction]:
    """round(285 x scale) actions (at least one a plan), spread evenly over the plans."""
    rng = random.Random(RANDOM_SEED + 1)
    total = max(len(plans), round(REAL_ACTIONS * scale))
    actions = []
    for index, plan in enumerate(plans):
        numbers: dict[str, int] = {}
        for _ in range(total // len(plans) + (index < total % len(plans))):
            goal = rng.choices(list(GOAL_WEIGHTS), weights=list(GOAL_WEIGHTS.values()))[0]
            numbers[goal] = numbers.get(goal, 0) + 1
            topic = topics[plan.topic_code]
            title = rng.choice(TITLES[goal]).format(topic=topic[0].lower() + topic[1:])
            start = dt.date(2028, 1, 1) + dt.timedelta(days=rng.choice([0, 59, 181]))
            end = dt.date(2029, 12, 31) - dt.timedelta(days=rng.choice([0, 0, 30]))
            funded = rng.random() < 0.45
            budget = Decimal(rng.randrange(40, 900) * 1000) if funded else None
            participants = _participants(rng, organisations)
            actions.append(
                StressAction(
                    plan_code=plan.code,
                    code=f"OA {goal}.{numbers[goal]}",
                    title=title,
                    goal_code=goal,
                    leader=next(iter(participants)),
                    start_date=start,
                    end_date=end,
                    budget_eur=budget,
                    participants=participants,
                )
            )
    return actions


def _participants(
    rng: random.Random, organisations: dict[str, float]
) -> dict[str, ParticipationRole]:
    """A leader and 3 to 20 taking part in all; the largest country in about half."""
    with_largest = rng.random() < LARGEST_COUNTRY_SHARE
    if with_largest and rng.random() < 0.1:
        leader = LARGEST_COUNTRY
    elif rng.random() < 0.08:
        leader = rng.choice(LEADING_AGENCIES)
    else:
        countries = {code: w for code, w in COUNTRY_WEIGHT.items() if code != LARGEST_COUNTRY}
        leader = weighted_sample(rng, countries, 1)[0]
    taking_part = rng.randint(3, 20)
    participants = {leader: ParticipationRole.leader}
    if with_largest and leader != LARGEST_COUNTRY:
        participants[LARGEST_COUNTRY] = ParticipationRole.participant
    others = {
        code: weight
        for code, weight in organisations.items()
        if code not in (leader, LARGEST_COUNTRY)
    }
    co_leaders = rng.choice([0, 0, 1, 1, 2])
    for index, code in enumerate(weighted_sample(rng, others, taking_part - len(participants))):
        participants[code] = (
            ParticipationRole.co_leader if index < co_leaders else ParticipationRole.participant
        )
    return participants


def participating_organisations(kinds: dict[str, OrganisationKind]) -> dict[str, float]:
    """The 45 organisations that take part, with how often each does, by code.

    The weights are flattened (square roots) so that the largest country, drawn apart in
    half of the actions, stays clearly the busiest: the next ones take part in about a third.
    """
    taking_part: dict[str, float] = {}
    for code, kind in kinds.items():
        if kind in (OrganisationKind.member_state, OrganisationKind.schengen_associated):
            taking_part[code] = math.sqrt(COUNTRY_WEIGHT.get(code, 1))
        elif kind == OrganisationKind.eu_agency:
            taking_part[code] = math.sqrt(AGENCY_WEIGHT.get(code, 1))
        elif code in INTERNATIONAL_PARTICIPANTS:
            taking_part[code] = math.sqrt(2)
    return taking_part


def stress_accounts(plans: Sequence[StressPlan]) -> list[dict[str, Any]]:
    """The accounts benchmarks sign in with: username, name, organisation code and grant."""
    accounts: list[dict[str, Any]] = [
        {
            "username": "stress-europol",
            "name": "EMPACT support team (stress)",
            "organisation": "EUROPOL",
            "grant": {"role": Role.europol},
        }
    ]
    for country in sorted({"DE", "FR", LARGEST_COUNTRY}):
        accounts.append(
            {
                "username": f"stress-nec-{country.lower()}",
                "name": f"National EMPACT coordinator {country} (stress)",
                "organisation": country,
                "grant": {"role": Role.nec, "country_code": country},
            }
        )
        accounts.append(
            {
                "username": f"stress-leader-{country.lower()}",
                "name": f"Action leader {country} (stress)",
                "organisation": country,
                "grant": {"role": Role.leader, "organisation": country},
            }
        )
    for plan in plans:
        accounts.append(
            {
                "username": f"stress-driver-{plan.topic_code.replace('.', '-')}",
                "name": f"Driver of {plan.short_code}",
                "organisation": plan.driver,
                "grant": {"role": Role.driver, "plan": plan.code},
            }
        )
    return accounts


def load_stress(
    session: Session, *, scale: float = 10.0, report: SeedReport | None = None
) -> SeedReport:
    """Load the reference data and the stress data set; running it again inserts nothing.

    The scale is fixed by the first run: once the stress plans have actions, a later run only
    checks the small tables and adds nothing to the big ones.
    """
    if not 0 < scale <= MAX_SCALE:
        raise ValueError(f"scale must be above 0 and at most {MAX_SCALE:g}, not {scale:g}")
    report = load_reference(session, report)
    ids = ReferenceIds(session)
    topics = ids.topics()
    plans = stress_plans(topics)
    plan_ids = ensure_plans(session, report, ids, plans, PERIOD)
    cycle_ids = ensure_cycles(session, report, ids, CYCLES)
    stress_plan_ids = {plan_ids[(plan.code,)] for plan in plans}
    already_loaded = session.execute(
        sa.select(sa.exists().where(col(OperationalAction.action_plan_id).in_(stress_plan_ids)))
    ).scalar_one()
    if not already_loaded:
        kinds: dict[str, OrganisationKind] = dict(
            session.execute(sa.select(col(Organisation.code), col(Organisation.kind))).all()
        )
        names = {sub_code or priority_code: name for priority_code, sub_code, name in topics}
        actions = stress_actions(plans, names, participating_organisations(kinds), scale)
        bulk = _BulkLoad(session, report, ids, plan_ids, cycle_ids, actions)
        bulk.load()
    _load_accounts(session, report, ids, plans, plan_ids)
    session.flush()
    return report


def _batches(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH_ROWS)):
        yield batch


def _insert(session: Session, table: sa.Table, rows: Iterable[dict[str, Any]]) -> int:
    """Insert rows in bulk (COPY on PostgreSQL); how many went in."""
    return bulk_insert(session, table, rows)


def _table(model: type[Any]) -> sa.Table:
    table: sa.Table = model.__table__
    return table


class _BulkLoad:
    """The actions, participations, reports, contributions and figures of one fresh load."""

    def __init__(
        self,
        session: Session,
        report: SeedReport,
        ids: ReferenceIds,
        plan_ids: dict[tuple[Any, ...], int],
        cycle_ids: dict[tuple[Any, ...], int],
        actions: list[StressAction],
    ) -> None:
        self.session = session
        self.report = report
        self.ids = ids
        self.plan_ids = plan_ids
        self.cycle_ids = cycle_ids
        self.actions = actions
        self.rng = random.Random(RANDOM_SEED + 2)
        self.action_ids: dict[tuple[Any, ...], int] = {}
        self.participation_ids: dict[tuple[Any, ...], int] = {}

    def load(self) -> None:
        self._load_actions()
        self._load_participations()
        self._load_reports()
        self._load_contributions()
        self._load_values()

    def _action_id(self, action: StressAction) -> int:
        return self.action_ids[(self.plan_ids[(action.plan_code,)], action.code)]

    def _load_actions(self) -> None:
        organisation = self.ids.organisation
        rows = (
            {
                "action_plan_id": self.plan_ids[(action.plan_code,)],
                "code": action.code,
                "title": action.title,
                "description": f"{action.title}: a stress-test action.",
                "strategic_goal_id": self.ids.goal[action.goal_code],
                "leader_id": organisation[action.leader],
                "start_date": action.start_date,
                "end_date": action.end_date,
                "state": ActionState.ongoing,
                "expected_results": "Operational results reported each half-year.",
                "budget_eur": action.budget_eur,
                "grant_reference": "POL.STRESS" if action.budget_eur is not None else "",
                "version": 1,
            }
            for action in self.actions
        )
        table = _table(OperationalAction)
        self.report.add("operational_actions", _insert(self.session, table, rows))
        self.action_ids = existing_ids(self.session, OperationalAction, ["action_plan_id", "code"])

    def _load_participations(self) -> None:
        organisation = self.ids.organisation
        rows = (
            {
                "action_id": self._action_id(action),
                "organisation_id": organisation[code],
                "role": role,
                "version": 1,
            }
            for action in self.actions
            for code, role in action.participants.items()
        )
        self.report.add("participations", _insert(self.session, _table(Participation), rows))
        self.participation_ids = existing_ids(
            self.session, Participation, ["action_id", "organisation_id"]
        )

    def _state(self, spec: CycleSpec) -> ReportState:
        accepted, submitted, draft = spec.report_mix
        return self.rng.choices(
            [
                ReportState.accepted,
                ReportState.submitted,
                ReportState.draft,
                ReportState.not_started,
            ],
            weights=[accepted, submitted, draft, 1 - accepted - submitted - draft],
        )[0]

    def _load_reports(self) -> None:
        def rows() -> Iterator[dict[str, Any]]:
            for spec in CYCLES:
                submitted_at = dt.datetime.combine(spec.due_on, dt.time(12), tzinfo=dt.UTC)
                for action in self.actions:
                    state = self._state(spec)
                    written = state != ReportState.not_started
                    yield {
                        "reporting_cycle_id": self.cycle_ids[(spec.code,)],
                        "action_id": self._action_id(action),
                        "state": state,
                        "rag_status": self.rng.choice(list(RagStatus)) if written else None,
                        "progress": f"{action.title}: activities ran as planned in {spec.code}."
                        if written
                        else "",
                        "achievements": "Joint action days carried out." if written else "",
                        "obstacles": "",
                        "next_steps": "Continue the operational phase." if written else "",
                        "submitted_at": submitted_at
                        if state in (ReportState.submitted, ReportState.accepted)
                        else None,
                        "review_comment": "",
                        "version": 1,
                    }

        self.report.add("action_reports", _insert(self.session, _table(ActionReport), rows()))

    def _load_contributions(self) -> None:
        organisation = self.ids.organisation

        def rows() -> Iterator[dict[str, Any]]:
            for spec in CYCLES:
                submitted_at = dt.datetime.combine(spec.due_on, dt.time(12), tzinfo=dt.UTC)
                for action in self.actions:
                    action_id = self._action_id(action)
                    for code in action.participants:
                        state = self._state(spec)
                        yield {
                            "reporting_cycle_id": self.cycle_ids[(spec.code,)],
                            "participation_id": self.participation_ids[
                                (action_id, organisation[code])
                            ],
                            "state": state,
                            "narrative": f"{code} contribution to {action.code} in {spec.code}."
                            if state != ReportState.not_started
                            else "",
                            "submitted_at": submitted_at
                            if state in (ReportState.submitted, ReportState.accepted)
                            else None,
                            "version": 1,
                        }

        self.report.add("contributions", _insert(self.session, _table(Contribution), rows()))

    def _load_values(self) -> None:
        numeric = self._numeric_indicators()
        organisation = self.ids.organisation
        rng = self.rng

        def rows() -> Iterator[dict[str, Any]]:
            for spec in CYCLES:
                cycle_id = self.cycle_ids[(spec.code,)]
                for action in self.actions:
                    action_id = self._action_id(action)
                    for code in action.participants:
                        organisation_id = organisation[code]
                        for indicator_code, indicator_id in numeric:
                            yield {
                                "reporting_cycle_id": cycle_id,
                                "action_id": action_id,
                                "organisation_id": organisation_id,
                                "indicator_id": indicator_id,
                                "value": _figure(rng, indicator_code, len(action.participants)),
                                "text_value": None,
                                "source": ValueSource.seed,
                                "source_ref": SOURCE_REF,
                                "version": 1,
                            }

        self.report.add("indicator_values", _insert(self.session, _table(IndicatorValue), rows()))

    def _numeric_indicators(self) -> list[tuple[str, int]]:
        """(code, id) of the policy cycle's indicators that hold a figure, in form order."""
        query = (
            sa.select(col(Indicator.code), col(Indicator.id))
            .where(col(Indicator.policy_cycle_id) == self.ids.policy_cycle)
            .where(col(Indicator.kind) != IndicatorKind.choice)
            .order_by(col(Indicator.position), col(Indicator.code))
        )
        return [(code, id_) for code, id_ in self.session.execute(query)]


def _figure(rng: random.Random, indicator: str, taking_part: int) -> Decimal | int:
    """One participant's half-year figure: lognormal around the indicator's usual size."""
    if indicator == "countries_taking_part":
        return taking_part
    median, spread = MAGNITUDE.get(indicator, (10, 1.0))
    raw = rng.lognormvariate(math.log(median), spread)
    if indicator.endswith("_kg"):
        return Decimal(round(raw * 10)) / 10
    if indicator == "cash_assets_seized_eur":
        return int(raw // 100 * 100)
    if indicator == "joint_action_days":
        return max(1, min(30, int(raw)))
    return int(raw)


def _load_accounts(
    session: Session,
    report: SeedReport,
    ids: ReferenceIds,
    plans: Sequence[StressPlan],
    plan_ids: dict[tuple[Any, ...], int],
) -> None:
    accounts = stress_accounts(plans)
    stored = existing_ids(session, User, ["username"])
    missing = [account for account in accounts if (account["username"],) not in stored]
    # One hash for all: the password is public, and a hash each would cost seconds of argon2.
    password_hash = hash_password(SecretStr(DEMO_PASSWORD)) if missing else ""
    user_ids, count = ensure(
        session,
        User,
        ["username"],
        (
            {
                "username": account["username"],
                "full_name": account["name"],
                "email": f"{account['username']}@example.org",
                "organisation_id": ids.organisation[account["organisation"]],
                "password_hash": password_hash,
            }
            for account in missing
        ),
    )
    report.add("users", count)
    grants = []
    for account in accounts:
        grant = account["grant"]
        grants.append(
            {
                "user_id": user_ids[(account["username"],)],
                "role": grant["role"],
                "action_plan_id": plan_ids[(grant["plan"],)] if "plan" in grant else None,
                "country_code": grant.get("country_code"),
                "organisation_id": ids.organisation[grant["organisation"]]
                if "organisation" in grant
                else None,
            }
        )
    _, count = ensure(
        session,
        RoleGrant,
        ["user_id", "role", "action_plan_id", "country_code", "organisation_id"],
        grants,
    )
    report.add("role_grants", count)
