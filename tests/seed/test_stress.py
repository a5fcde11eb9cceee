"""The stress data set: consistent counts, the same on every run, and loaded only once."""

from collections import Counter
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from pydantic import SecretStr
from sqlalchemy import Engine
from sqlmodel import Session, col, func, select
from typer.testing import CliRunner

from backend import migrations
from backend.access.models import User
from backend.access.service import check_password
from backend.catalog.models import Indicator, IndicatorKind, Organisation, PolicyCycle
from backend.cli import app
from backend.plans.models import ActionPlan, OperationalAction, Participation, ParticipationRole
from backend.reporting.models import ActionReport, Contribution, IndicatorValue, ReportingCycle
from seed.demo import DEMO_PASSWORD
from seed.stress import CYCLES, LARGEST_COUNTRY, load_stress

# 57 actions: big enough for shares to mean something, small enough for a second or so.
SCALE = 0.2
STRESS_TABLES = [
    ActionPlan,
    OperationalAction,
    Participation,
    ActionReport,
    Contribution,
    IndicatorValue,
    User,
]


def _stressed_database(new_database: Callable[[], Engine]) -> Engine:
    engine = new_database()
    migrations.upgrade(engine)
    with Session(engine) as session:
        load_stress(session, scale=SCALE)
        session.commit()
    return engine


def _counts(session: Session) -> dict[str, int]:
    counts = {}
    for model in STRESS_TABLES:
        table: sa.Table = model.__table__  # type: ignore[attr-defined]
        counts[table.name] = session.execute(
            sa.select(func.count()).select_from(table)
        ).scalar_one()
    return counts


def _sum_of_values(session: Session) -> Decimal:
    total = session.exec(select(func.sum(IndicatorValue.value))).one()
    return Decimal(str(total)).quantize(Decimal("0.1"))


@pytest.fixture(scope="module")
def stressed(new_database: Callable[[], Engine]) -> Engine:
    return _stressed_database(new_database)


@pytest.fixture
def session(stressed: Engine) -> Iterator[Session]:
    with Session(stressed) as session:
        yield session


def _numeric_indicators(session: Session) -> int:
    policy_cycle = select(PolicyCycle.id).where(PolicyCycle.code == "2026-2029")
    return session.exec(
        select(func.count()).where(
            col(Indicator.policy_cycle_id).in_(policy_cycle.scalar_subquery()),
            Indicator.kind != IndicatorKind.choice,
        )
    ).one()


class TestCounts:
    def test_one_plan_per_topic_and_actions_at_scale(self, session: Session) -> None:
        counts = _counts(session)
        assert counts["action_plans"] == 14
        assert counts["operational_actions"] == round(285 * SCALE)

    def test_one_leader_and_3_to_20_taking_part_per_action(self, session: Session) -> None:
        rows = session.exec(select(Participation.action_id, Participation.role)).all()
        taking_part = Counter(action_id for action_id, _ in rows)
        leaders = Counter(action_id for action_id, role in rows if role == ParticipationRole.leader)
        assert set(leaders.values()) == {1}
        assert len(leaders) == _counts(session)["operational_actions"]
        assert all(3 <= count <= 20 for count in taking_part.values())

    def test_one_report_per_action_per_cycle(self, session: Session) -> None:
        counts = _counts(session)
        pairs = session.exec(select(ActionReport.reporting_cycle_id, ActionReport.action_id)).all()
        assert len(set(pairs)) == counts["action_reports"]
        assert counts["action_reports"] == counts["operational_actions"] * len(CYCLES)

    def test_one_contribution_per_participation_per_cycle(self, session: Session) -> None:
        counts = _counts(session)
        assert counts["contributions"] == counts["participations"] * len(CYCLES)

    def test_every_numeric_indicator_filled_for_every_participation(self, session: Session) -> None:
        counts = _counts(session)
        numeric = _numeric_indicators(session)
        assert numeric >= 20
        assert counts["indicator_values"] == counts["participations"] * numeric * len(CYCLES)
        empty = session.exec(select(func.count()).where(col(IndicatorValue.value).is_(None))).one()
        assert empty == 0

    def test_in_the_stress_cycles_only(self, session: Session) -> None:
        codes = session.exec(
            select(ReportingCycle.code)
            .join(IndicatorValue, col(IndicatorValue.reporting_cycle_id) == ReportingCycle.id)
            .distinct()
        ).all()
        assert sorted(codes) == ["2028-H2", "2029-H1"]

    def test_45_organisations_take_part(self, session: Session) -> None:
        taking_part = session.exec(
            select(func.count(sa.distinct(col(Participation.organisation_id))))
        ).one()
        assert taking_part == 45

    def test_largest_country_takes_part_in_about_half_the_actions(self, session: Session) -> None:
        per_country = Counter(
            session.exec(
                select(Organisation.code).join(
                    Participation, col(Participation.organisation_id) == Organisation.id
                )
            ).all()
        )
        actions = _counts(session)["operational_actions"]
        assert per_country.most_common(1)[0][0] == LARGEST_COUNTRY
        assert 0.35 <= per_country[LARGEST_COUNTRY] / actions <= 0.65


class TestAccounts:
    def test_stress_accounts_sign_in_with_the_demo_password(self, session: Session) -> None:
        users = {user.username: user for user in session.exec(select(User)).all()}
        assert {"stress-europol", "stress-nec-de", "stress-driver-3-1"} <= set(users)
        assert check_password(users["stress-nec-de"].password_hash, SecretStr(DEMO_PASSWORD))


class TestRepeatability:
    def test_second_load_adds_nothing(self, session: Session) -> None:
        before = _counts(session)
        report = load_stress(session, scale=SCALE)
        assert report.total == 0
        assert _counts(session) == before
        session.rollback()

    def test_two_fresh_databases_hold_the_same_data(
        self, stressed: Engine, new_database: Callable[[], Engine]
    ) -> None:
        other = _stressed_database(new_database)
        with Session(stressed) as first, Session(other) as second:
            assert _counts(first) == _counts(second)
            assert _sum_of_values(first) == _sum_of_values(second)

    def test_scale_out_of_range_is_refused(self, session: Session) -> None:
        with pytest.raises(ValueError, match="scale"):
            load_stress(session, scale=0)


@pytest.mark.usefixtures("database_file")
class TestCommand:
    def test_seed_stress_at_a_tiny_scale(self) -> None:
        runner = CliRunner()
        assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
        first = runner.invoke(app, ["seed", "--stress", "--scale", "0.02"])
        second = runner.invoke(app, ["seed", "--stress", "--scale", "0.02"])
        assert first.exit_code == 0, first.output
        assert "operational_actions: 14 added" in first.output
        assert "indicator_values:" in first.output and "Took" in first.output
        assert second.exit_code == 0, second.output
        assert "Nothing to add" in second.output

    def test_scale_without_stress_is_refused(self, database_file: Path) -> None:
        result = CliRunner().invoke(app, ["seed", "--scale", "1"])
        assert result.exit_code == 2
        assert "--stress" in result.output
        assert not database_file.exists()
