"""The demo's operational action plans: about 285 actions drawn from one seeded generator."""

import datetime as dt
import math
import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from backend.plans.models import ActionState, ParticipationRole
from backend.reporting.models import ReportState
from seed.demo_texts import TitleDeck, topic_phrase
from seed.shared import PERIOD

PERIOD_START = dt.date(2026, 1, 1)
PERIOD_END = dt.date(2027, 12, 31)
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
GOAL_WEIGHTS = {"1": 12, "2": 20, "3": 26, "4": 10, "5": 5, "6": 12, "7": 8, "8": 7}


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


def weighted_sample(rng: random.Random, weights: Mapping[str, float], k: int) -> list[str]:
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


def generate_plans(
    topics: Sequence[tuple[str, str | None, str]], today: dt.date | None = None
) -> list[Plan]:
    """The demo OAPs, from (priority code, sub-priority code, topic name) triples. Only the
    actions' states depend on `today` (by default the real date): planned until they start,
    completed once they ended."""
    today = today or dt.datetime.now(dt.UTC).date()
    rng = random.Random(RANDOM_SEED)
    countries = dict(COUNTRY_WEIGHT)
    plans: list[Plan] = []
    for (priority_code, sub_code, topic), count in zip(
        topics, _action_counts(rng, len(topics)), strict=True
    ):
        topic_code = sub_code or priority_code
        drivers = weighted_sample(rng, countries, 1 + rng.randint(0, 2))
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
        titles = TitleDeck(rng, topic_phrase(topic_code, topic))
        for _ in range(count):
            goal = rng.choices(list(GOAL_WEIGHTS), weights=list(GOAL_WEIGHTS.values()))[0]
            per_goal[goal] += 1
            action = _generate_action(rng, plan, titles.draw(goal), goal, per_goal[goal], today)
            plan.actions.append(action)
        plans.append(plan)
    return plans


def _generate_action(
    rng: random.Random, plan: Plan, title: str, goal: str, number: int, today: dt.date
) -> Action:
    if goal == "6" and rng.random() < 0.4:
        leader = "CEPOL"
    elif rng.random() < 0.08:
        leader = rng.choice(["EUROPOL", "FRONTEX" if plan.topic_code == "4.1" else "EUROPOL"])
    else:
        leader = weighted_sample(rng, dict(COUNTRY_WEIGHT), 1)[0]
    # 3 to 20 taking part, the leader and Europol included; partners come on top.
    participant_count = rng.randint(3, 20)
    with_europol = leader != "EUROPOL" and rng.random() < 0.5
    others = {code: w for code, w in COUNTRY_WEIGHT.items() if code != leader}
    members = weighted_sample(rng, others, participant_count - 1 - int(with_europol))
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
    start = PERIOD_START + dt.timedelta(days=rng.choice([0, 0, 0, 31, 59, 90, 181, 365]))
    # Most actions run to the end of the OAP; some are done in a year or eighteen months.
    end = rng.choice([PERIOD_END] * 6 + [dt.date(2026, 12, 31), dt.date(2027, 6, 30)])
    end -= dt.timedelta(days=rng.choice([0, 0, 0, 30, 91]))
    end = max(end, start + dt.timedelta(days=180))
    cancelled = rng.random() < 0.03
    funded = rng.random() < 0.45
    return Action(
        code=f"OA {goal}.{number}",
        title=title,
        goal_code=goal,
        leader=leader,
        start_date=start,
        end_date=end,
        state=ActionState.cancelled if cancelled else state_on(today, start, end),
        budget_eur=Decimal(rng.randrange(40, 900) * 1000) if funded else None,
        grant_reference=f"POL.{rng.randint(13000, 13999)}" if funded else "",
        participants=participants,
    )


def state_on(today: dt.date, start: dt.date, end: dt.date) -> ActionState:
    """What an action that was not cancelled is on `today`, by its dates."""
    if today < start:
        return ActionState.planned
    if today > end:
        return ActionState.completed
    return ActionState.ongoing


def draw_state(rng: random.Random, mix: tuple[float, float, float]) -> ReportState:
    roll = rng.random()
    accepted, submitted, draft = mix
    if roll < accepted:
        return ReportState.accepted
    if roll < accepted + submitted:
        return ReportState.submitted
    if roll < accepted + submitted + draft:
        return ReportState.draft
    return ReportState.not_started


def figure(rng: random.Random, indicator: str) -> Decimal:
    median, spread = MAGNITUDE[indicator]
    raw = rng.lognormvariate(math.log(median), spread)
    if indicator.endswith("_kg"):
        return Decimal(str(round(raw, 1)))
    if indicator == "cash_assets_seized_eur":
        return Decimal(int(raw // 100 * 100))
    if indicator == "joint_action_days":
        return Decimal(max(1, min(30, int(raw))))
    return Decimal(int(raw))
