"""Reference data and the demo: what they hold, and that loading them twice changes nothing."""

from collections import Counter
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, func, select

from backend.catalog.models import (
    Indicator,
    Organisation,
    OrganisationKind,
    PolicyCycle,
    Priority,
    StrategicGoal,
)
from backend.database import metadata
from backend.plans.models import ActionPlan, OperationalAction, Participation, ParticipationRole
from backend.reporting.models import (
    ActionReport,
    CycleState,
    IndicatorValue,
    ReportingCycle,
    ReportState,
)
from seed.demo import generate_plans, load_demo
from seed.reference import load_reference

DOMAIN_KPIS = {
    "arrests",
    "investigations_initiated",
    "migrant_smugglers_arrested",
    "cash_assets_seized_eur",
    "drugs_cocaine_kg",
    "firearms_seized",
    "victims_identified",
    "victims_identified_minors",
    "checks_persons",
    "checks_vehicles",
    "checks_parcels",
    "checks_premises",
    "officers_deployed",
    "countries_taking_part",
    "joint_action_days",
}


def _dump(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order."""
    dump = {}
    for table in metadata.sorted_tables:
        query = sa.select(table).order_by(*table.primary_key.columns)
        dump[table.name] = [tuple(row) for row in session.execute(query)]
    return dump


def _cycle_id(session: Session, code: str) -> int:
    return session.exec(select(PolicyCycle.id).where(PolicyCycle.code == code)).one()  # type: ignore[return-value]


class TestReferenceData:
    def test_priorities_of_both_policy_cycles(self, session: Session) -> None:
        for code, count in (("2022-2025", 10), ("2026-2029", 7)):
            cycle_id = _cycle_id(session, code)
            total = session.exec(
                select(func.count()).where(Priority.policy_cycle_id == cycle_id)
            ).one()
            assert total == count

    def test_every_member_state_and_schengen_associated_country(self, session: Session) -> None:
        kinds = Counter(session.exec(select(Organisation.kind)).all())
        assert kinds[OrganisationKind.member_state] == 27
        assert kinds[OrganisationKind.schengen_associated] == 4
        assert kinds[OrganisationKind.third_country] >= 30
        assert kinds[OrganisationKind.eu_agency] >= 8

    def test_countries_carry_iso_codes(self, session: Session) -> None:
        countries = session.exec(
            select(Organisation).where(
                Organisation.kind.in_(  # type: ignore[attr-defined]
                    [OrganisationKind.member_state, OrganisationKind.schengen_associated]
                )
            )
        ).all()
        assert all(c.country_code and len(c.country_code) == 2 for c in countries)
        assert {"DE", "GR", "IT", "NO"} <= {c.country_code for c in countries}

    def test_horizontal_goals_and_kpis_in_each_cycle(self, session: Session) -> None:
        for code in ("2022-2025", "2026-2029"):
            cycle_id = _cycle_id(session, code)
            goals = session.exec(
                select(StrategicGoal.name).where(StrategicGoal.policy_cycle_id == cycle_id)
            ).all()
            assert len(goals) == 8 and "Document fraud" in goals
            kpis = set(
                session.exec(select(Indicator.code).where(Indicator.policy_cycle_id == cycle_id))
            )
            assert DOMAIN_KPIS <= kpis

    def test_loading_again_inserts_nothing(self, session: Session) -> None:
        before = _dump(session)
        report = load_reference(session)
        assert report.total == 0
        assert _dump(session) == before


class TestDemo:
    def test_about_285_actions_in_the_2026_2027_plans(self, session: Session) -> None:
        plans = session.exec(select(ActionPlan)).all()
        assert len(plans) == 14
        assert {plan.period for plan in plans} == {"2026-2027"}
        per_plan = Counter(session.exec(select(OperationalAction.action_plan_id)).all())
        assert sum(per_plan.values()) == 285
        assert all(15 <= count <= 30 for count in per_plan.values())

    def test_each_action_has_its_leader_and_3_to_20_taking_part(self, session: Session) -> None:
        leaders = dict(
            session.exec(select(OperationalAction.id, OperationalAction.leader_id)).all()
        )
        taking_part: Counter[int | None] = Counter()
        leader_rows: dict[int | None, list[int]] = {}
        for action_id, organisation_id, role in session.exec(
            select(Participation.action_id, Participation.organisation_id, Participation.role)
        ):
            if role != ParticipationRole.partner:
                taking_part[action_id] += 1
            if role == ParticipationRole.leader:
                leader_rows.setdefault(action_id, []).append(organisation_id)
        assert leader_rows == {action_id: [leader] for action_id, leader in leaders.items()}
        assert all(3 <= taking_part[action_id] <= 20 for action_id in leaders)

    def test_last_cycle_closed_with_most_reports_in_and_one_open_with_some(
        self, session: Session
    ) -> None:
        cycles: dict[str, int | None] = dict(
            session.exec(select(ReportingCycle.state, ReportingCycle.id)).all()
        )
        assert set(cycles) == {CycleState.consolidated, CycleState.open}
        handed_in = (ReportState.submitted, ReportState.accepted)
        shares = {}
        for state, cycle_id in cycles.items():
            states = Counter(
                session.exec(
                    select(ActionReport.state).where(ActionReport.reporting_cycle_id == cycle_id)
                ).all()
            )
            shares[state] = sum(states[s] for s in handed_in) / sum(states.values())
        assert shares[CycleState.consolidated] > 0.8
        assert 0.02 < shares[CycleState.open] < 0.5
        figures: Counter[int | None] = Counter(
            session.exec(select(IndicatorValue.reporting_cycle_id)).all()
        )
        assert figures[cycles[CycleState.consolidated]] > 10_000
        assert 0 < figures[cycles[CycleState.open]] < figures[cycles[CycleState.consolidated]]

    def test_italy_takes_part_in_about_half_the_actions(self, session: Session) -> None:
        italy = session.exec(select(Organisation.id).where(Organisation.code == "IT")).one()
        count = session.exec(
            select(func.count()).where(Participation.organisation_id == italy)
        ).one()
        assert 100 <= count <= 200

    def test_generation_is_deterministic(self) -> None:
        topics = [("1", None, "Networks"), ("3", "3.1", "Cocaine"), ("3", "3.2", "Synthetic")]
        assert generate_plans(topics) == generate_plans(topics)

    def test_loading_twice_leaves_the_database_identical(self, session: Session) -> None:
        before = _dump(session)
        counts = {name: len(rows) for name, rows in before.items()}
        report = load_demo(session)
        after = _dump(session)
        assert report.total == 0
        assert {name: len(rows) for name, rows in after.items()} == counts
        assert after == before
