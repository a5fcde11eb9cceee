"""The web UI's read models (my work, a cycle's matrix and results) and submitting a
contribution, through the API on the demo data."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from backend.access.models import Role, RoleGrant, User
from backend.audit.models import AuditAction, AuditEvent
from backend.catalog.models import Organisation, Priority
from backend.plans.models import OperationalAction, Participation, ParticipationRole
from backend.reporting.models import (
    ActionReport,
    Contribution,
    CycleState,
    IndicatorValue,
    Reopening,
    ReportingCycle,
    ReportState,
)
from backend.reporting.workflow import deadline
from tests.conftest import TESTER, TESTER_PASSWORD, sign_in
from tests.demo_cycles import CLOSED_CYCLE, OPEN_CYCLE
from tests.factories import (
    make_action,
    make_contribution,
    make_organisation,
    make_participation,
    make_plan,
    make_reporting_cycle,
)

NOT_SUBMITTED = {"not_started", "draft", "returned", "missing"}


def cycle(session: Session, code: str) -> ReportingCycle:
    return session.exec(select(ReportingCycle).where(col(ReportingCycle.code) == code)).one()


def open_cycle(session: Session) -> ReportingCycle:
    """The demo's open cycle (its code follows the day the demo was loaded)."""
    return session.exec(
        select(ReportingCycle).where(col(ReportingCycle.state) == CycleState.open)
    ).one()


def just_closed(session: Session) -> ReportingCycle:
    """The demo's last cycle as it was between its close and its consolidation (reopenings,
    and the refusal to write in a closed cycle, concern that state)."""
    last = session.exec(
        select(ReportingCycle).where(col(ReportingCycle.state) == CycleState.consolidated)
    ).one()
    last.state = CycleState.closed
    session.add(last)
    session.commit()
    return last


def organisation_id(session: Session, code: str) -> int:
    found = session.exec(select(col(Organisation.id)).where(col(Organisation.code) == code)).one()
    assert found is not None
    return found


def plan_of(session: Session, username: str) -> int:
    plan_id = session.exec(
        select(col(RoleGrant.action_plan_id))
        .join(User, col(User.id) == col(RoleGrant.user_id))
        .where(col(User.username) == username, col(RoleGrant.role) == Role.driver)
    ).one()
    assert plan_id is not None
    return plan_id


def led_by(session: Session, code: str) -> Any:
    return select(col(Participation.action_id)).where(
        col(Participation.organisation_id) == organisation_id(session, code),
        col(Participation.role).in_([ParticipationRole.leader, ParticipationRole.co_leader]),
    )


def german_contribution(session: Session, code: str, states: list[ReportState]) -> Contribution:
    contribution = session.exec(
        select(Contribution)
        .join(Participation, col(Participation.id) == col(Contribution.participation_id))
        .where(
            col(Contribution.reporting_cycle_id) == cycle(session, code).id,
            col(Participation.organisation_id) == organisation_id(session, "DE"),
            col(Contribution.state).in_(states),
        )
        .order_by(col(Contribution.id))
    ).first()
    assert contribution is not None
    return contribution


@pytest.fixture
def as_user(anonymous: TestClient) -> Any:
    def signed_in(username: str) -> TestClient:
        password = TESTER_PASSWORD if username == TESTER else "demo-password"
        return sign_in(TestClient(anonymous.app), username, password)

    return signed_in


def owed_first(items: list[dict[str, Any]]) -> bool:
    flags = [item["owed"] for item in items]
    return flags == sorted(flags, reverse=True)


class TestMyWork:
    def test_leader_sees_exactly_the_reports_of_the_actions_germany_leads(
        self, session: Session, as_user: Any
    ) -> None:
        body = as_user("leader-de").get("/api/my-work").json()
        second_half = cycle(session, OPEN_CYCLE)
        expected = set(
            session.exec(
                select(col(ActionReport.id)).where(
                    col(ActionReport.reporting_cycle_id) == second_half.id,
                    col(ActionReport.action_id).in_(led_by(session, "DE")),
                )
            ).all()
        )
        assert expected
        assert {item["report_id"] for item in body["led_reports"]} == expected
        assert [c["code"] for c in body["cycles"]] == [OPEN_CYCLE]
        assert (
            body["cycles"][0]["days_left"]
            == (second_half.due_on - dt.datetime.now(dt.UTC).date()).days
        )
        assert owed_first(body["led_reports"])
        assert body["countries"] == body["reports_to_review"] == body["cycle_counts"] == []

    def test_coordinator_sees_only_german_contributions_and_the_counts_add_up(
        self, session: Session, as_user: Any
    ) -> None:
        body = as_user("nec-de").get("/api/my-work").json()
        [germany] = body["countries"]
        second_half = cycle(session, OPEN_CYCLE)
        assert germany["country"] == "DE"
        assert germany["country_workbook"] == (
            f"/api/reporting-cycles/{second_half.id}/country-workbook?country=DE"
        )
        organisations = {item["organisation_id"] for item in germany["contributions"]}
        countries = session.exec(
            select(col(Organisation.country_code)).where(col(Organisation.id).in_(organisations))
        ).all()
        assert set(countries) == {"DE"}
        german = session.exec(
            select(sa.func.count())
            .select_from(Contribution)
            .join(Participation, col(Participation.id) == col(Contribution.participation_id))
            .join(Organisation, col(Organisation.id) == col(Participation.organisation_id))
            .where(
                col(Contribution.reporting_cycle_id) == second_half.id,
                col(Organisation.country_code) == "DE",
            )
        ).one()
        counts = germany["counts"]
        assert counts["total"] == len(germany["contributions"]) == german
        assert sum(counts[state] for state in ReportState) == counts["total"]
        assert germany["owed"] == sum(counts[state] for state in NOT_SUBMITTED)
        assert owed_first(germany["contributions"])

    def test_driver_sees_the_submitted_reports_of_its_plan(
        self, session: Session, as_user: Any
    ) -> None:
        body = as_user("driver-cyber").get("/api/my-work").json()
        plan_id = plan_of(session, "driver-cyber")
        expected = session.exec(
            select(col(ActionReport.id))
            .join(OperationalAction, col(OperationalAction.id) == col(ActionReport.action_id))
            .where(
                col(ActionReport.reporting_cycle_id) == cycle(session, OPEN_CYCLE).id,
                col(OperationalAction.action_plan_id) == plan_id,
                col(ActionReport.state) == ReportState.submitted,
            )
        ).all()
        review = body["reports_to_review"]
        assert {item["report_id"] for item in review} == set(expected)
        assert {item["plan_id"] for item in review} <= {plan_id}
        assert body["led_reports"] == []

    def test_europol_counts_add_up_to_the_open_cycle(self, session: Session, as_user: Any) -> None:
        body = as_user("europol").get("/api/my-work").json()
        second_half = cycle(session, OPEN_CYCLE)
        [counts] = body["cycle_counts"]
        assert counts["reporting_cycle_id"] == second_half.id
        for name, model in (("reports", ActionReport), ("contributions", Contribution)):
            stored = session.exec(
                select(sa.func.count()).where(col(model.reporting_cycle_id) == second_half.id)
            ).one()
            assert counts[name]["total"] == stored
            assert sum(counts[name][state] for state in ReportState) == stored
        assert len(body["reports_to_review"]) == counts["reports"]["submitted"]

    def test_a_leader_who_is_also_europol_still_sees_only_its_own_reports(
        self, as_user: Any
    ) -> None:
        """The tester leads for Germany and is Europol staff: its own list stays Germany's."""
        tester = as_user(TESTER).get("/api/my-work").json()
        leader = as_user("leader-de").get("/api/my-work").json()
        assert tester["led_reports"] == leader["led_reports"]
        assert tester["reports_to_review"] and tester["cycle_counts"]

    def test_the_administrator_has_nothing_to_do(self, as_user: Any) -> None:
        response = as_user("admin").get("/api/my-work")
        assert response.status_code == 200
        assert response.json()["cycles"] == []

    def test_a_closed_cycle_reopened_for_an_action_shows_only_that_action(
        self, session: Session, as_user: Any
    ) -> None:
        first_half = just_closed(session)
        italian = select(col(Participation.action_id)).where(
            col(Participation.organisation_id) == organisation_id(session, "IT")
        )
        report = session.exec(
            select(ActionReport).where(
                col(ActionReport.reporting_cycle_id) == first_half.id,
                col(ActionReport.action_id).in_(led_by(session, "DE")),
                col(ActionReport.action_id).not_in(italian),
            )
        ).first()
        assert report is not None
        session.add(
            Reopening(
                reporting_cycle_id=first_half.id or 0,
                action_id=report.action_id,
                reason="Late figures",
                until=dt.date(2099, 12, 31),
                granted_at=dt.datetime.now(dt.UTC),
            )
        )
        session.commit()
        body = as_user("leader-de").get("/api/my-work").json()
        reopened = next(c for c in body["cycles"] if c["code"] == first_half.code)
        assert reopened["state"] == "closed"
        assert reopened["reopened_until"] == "2099-12-31"
        earlier = [r for r in body["led_reports"] if r["reporting_cycle_id"] == first_half.id]
        assert [(r["report_id"], r["due_on"]) for r in earlier] == [(report.id, "2099-12-31")]
        # Italy takes no part in the action: the reopening reaches nothing of theirs.
        italy = as_user("nec-it").get("/api/my-work").json()
        assert [c["code"] for c in italy["cycles"]] == [open_cycle(session).code]

    def test_a_closed_cycle_reopened_for_a_country_reaches_its_figures_not_reports(
        self, session: Session, as_user: Any
    ) -> None:
        first_half = just_closed(session)
        session.add(
            Reopening(
                reporting_cycle_id=first_half.id or 0,
                country_code="DE",
                reason="Late figures",
                until=dt.date(2099, 12, 31),
                granted_at=dt.datetime.now(dt.UTC),
            )
        )
        session.commit()
        coordinator = as_user("nec-de").get("/api/my-work").json()
        assert [(g["country"], g["reporting_cycle_id"]) for g in coordinator["countries"]] == [
            ("DE", open_cycle(session).id),
            ("DE", first_half.id),
        ]
        # A report reopens with its action only (as submitting one checks).
        leader = as_user("leader-de").get("/api/my-work").json()
        assert [c["code"] for c in leader["cycles"]] == [open_cycle(session).code]


class TestMyWorkAfterAClose:
    @staticmethod
    def last_closed(session: Session) -> ReportingCycle:
        return session.exec(
            select(ReportingCycle)
            .where(col(ReportingCycle.state).in_([CycleState.closed, CycleState.consolidated]))
            .order_by(col(ReportingCycle.period_end).desc())
        ).first() or pytest.fail("the demo has a closed cycle")

    def test_a_leader_sees_its_missing_reports_of_the_closed_cycle(
        self, session: Session, as_user: Any
    ) -> None:
        closed = self.last_closed(session)
        reports = session.exec(
            select(ActionReport).where(
                col(ActionReport.reporting_cycle_id) == closed.id,
                col(ActionReport.action_id).in_(led_by(session, "DE")),
            )
        ).all()
        for report in reports[:3]:
            report.state = ReportState.missing
        session.commit()
        missing = set(
            session.exec(
                select(col(ActionReport.id)).where(
                    col(ActionReport.reporting_cycle_id) == closed.id,
                    col(ActionReport.action_id).in_(led_by(session, "DE")),
                    col(ActionReport.state) == ReportState.missing,
                )
            ).all()
        )
        body = as_user("leader-de").get("/api/my-work").json()
        [work] = body["missing"]
        assert work["cycle"]["code"] == closed.code
        assert {item["report_id"] for item in work["reports"]} == missing
        assert all(item["state"] == "missing" for item in work["reports"])
        assert work["contributions"] == []

    def test_a_coordinator_sees_its_countrys_missing_contributions(
        self, session: Session, as_user: Any
    ) -> None:
        closed = self.last_closed(session)
        contribution = german_contribution(session, closed.code, list(ReportState))
        contribution.state = ReportState.missing
        session.commit()
        body = as_user("nec-de").get("/api/my-work").json()
        [work] = body["missing"]
        assert contribution.id in {item["contribution_id"] for item in work["contributions"]}
        german = set(
            session.exec(
                select(col(Organisation.code)).where(col(Organisation.country_code) == "DE")
            )
        )
        assert {item["organisation_code"] for item in work["contributions"]} <= german

    def test_a_reopened_action_is_owed_again_not_missing(
        self, session: Session, as_user: Any
    ) -> None:
        closed = self.last_closed(session)
        report = session.exec(
            select(ActionReport).where(
                col(ActionReport.reporting_cycle_id) == closed.id,
                col(ActionReport.action_id).in_(led_by(session, "DE")),
            )
        ).first()
        assert report is not None
        report.state = ReportState.missing
        closed.state = CycleState.closed  # a consolidated cycle is reopened no more
        session.add(
            Reopening(
                reporting_cycle_id=closed.id or 0,
                action_id=report.action_id,
                reason="Late figures",
                until=dt.date(2099, 12, 31),
                granted_at=dt.datetime.now(dt.UTC),
            )
        )
        session.commit()
        body = as_user("leader-de").get("/api/my-work").json()
        listed = {item["report_id"] for work in body["missing"] for item in work["reports"]}
        assert report.id not in listed
        assert report.id in {item["report_id"] for item in body["led_reports"]}

    def test_europol_and_the_administrator_have_no_missing_list(self, as_user: Any) -> None:
        assert as_user("europol").get("/api/my-work").json()["missing"] == []
        assert as_user("admin").get("/api/my-work").json()["missing"] == []


def matrix_world(session: Session) -> dict[str, Any]:
    """An open cycle and one action with a contribution in every interesting state."""
    plan = make_plan(session)
    action = make_action(session, action_plan_id=plan.id)
    priority = session.get(Priority, plan.priority_id)
    assert priority is not None
    reporting_cycle = make_reporting_cycle(
        session,
        policy_cycle_id=priority.policy_cycle_id,
        state=CycleState.open,
        period_start=dt.date(2026, 7, 1),
        period_end=dt.date(2026, 12, 31),
        opens_on=dt.date(2026, 11, 16),
        due_on=dt.date(2027, 1, 15),
        closes_on=dt.date(2027, 1, 31),
    )
    late_from = deadline(reporting_cycle)
    second = dt.timedelta(microseconds=1)
    cases = {
        "just-in-time": (ReportState.submitted, late_from - second),
        "at-the-deadline": (ReportState.submitted, late_from),
        "accepted-late": (ReportState.accepted, late_from + dt.timedelta(days=1)),
        "returned": (ReportState.returned, None),
        "not-started": (ReportState.not_started, None),
        "missing": (ReportState.missing, None),
    }
    organisations = {}
    for name, (state, submitted_at) in cases.items():
        participant = make_organisation(session)
        participation = make_participation(
            session, action_id=action.id, organisation_id=participant.id
        )
        make_contribution(
            session,
            reporting_cycle_id=reporting_cycle.id,
            participation_id=participation.id,
            state=state,
            submitted_at=submitted_at,
        )
        organisations[participant.id] = name
    absent = make_organisation(session)
    make_participation(session, action_id=action.id, organisation_id=absent.id)
    organisations[absent.id] = "absent"
    # The leader's own participation has no contribution either.
    organisations[action.leader_id] = "leader"
    return {"cycle": reporting_cycle, "plan": plan, "action": action, "names": organisations}


class TestMatrix:
    def test_a_drivers_matrix_holds_only_its_plans_actions(
        self, session: Session, as_user: Any
    ) -> None:
        second_half = cycle(session, OPEN_CYCLE)
        response = as_user("driver-cyber").get(f"/api/reporting-cycles/{second_half.id}/matrix")
        assert response.status_code == 200, response.text
        rows = response.json()["rows"]
        plan_id = plan_of(session, "driver-cyber")
        expected = session.exec(
            select(col(ActionReport.action_id))
            .join(OperationalAction, col(OperationalAction.id) == col(ActionReport.action_id))
            .where(
                col(ActionReport.reporting_cycle_id) == second_half.id,
                col(OperationalAction.action_plan_id) == plan_id,
            )
        ).all()
        assert {row["action_id"] for row in rows} == set(expected)
        assert {row["plan_id"] for row in rows} == {plan_id}

    def test_a_coordinator_gets_404(self, session: Session, as_user: Any) -> None:
        second_half = cycle(session, OPEN_CYCLE)
        response = as_user("nec-de").get(f"/api/reporting-cycles/{second_half.id}/matrix")
        assert response.status_code == 404

    def test_a_driver_naming_another_plan_gets_404(self, session: Session, as_user: Any) -> None:
        second_half = cycle(session, OPEN_CYCLE)
        other = plan_of(session, "driver-cse")
        response = as_user("driver-cyber").get(
            f"/api/reporting-cycles/{second_half.id}/matrix", params={"plan": other}
        )
        assert response.status_code == 404

    def test_totals_count_every_cell_and_row(self, session: Session, as_user: Any) -> None:
        second_half = cycle(session, OPEN_CYCLE)
        body = as_user("europol").get(f"/api/reporting-cycles/{second_half.id}/matrix").json()
        cells = [cell for row in body["rows"] for cell in row["cells"]]
        participations = session.exec(
            select(sa.func.count()).where(
                col(Participation.action_id).in_([row["action_id"] for row in body["rows"]])
            )
        ).one()
        totals, reports = body["totals"], body["report_totals"]
        assert totals["total"] == len(cells) == participations
        assert sum(totals[s] for s in ("submitted", "late", "draft", "missing")) == len(cells)
        assert reports["total"] == len(body["rows"]) > 0
        for state in ("submitted", "late", "draft", "missing"):
            assert totals[state] == sum(cell["state"] == state for cell in cells)
        columns = [column["organisation_id"] for column in body["columns"]]
        assert {cell["organisation_id"] for cell in cells} == set(columns)
        for row in body["rows"][:20]:
            order = [columns.index(cell["organisation_id"]) for cell in row["cells"]]
            assert order == sorted(order)

    def test_a_country_keeps_its_actions_and_its_columns(
        self, session: Session, as_user: Any
    ) -> None:
        second_half = cycle(session, OPEN_CYCLE)
        body = (
            as_user("europol")
            .get(f"/api/reporting-cycles/{second_half.id}/matrix", params={"country": "de"})
            .json()
        )
        assert {column["country"] for column in body["columns"]} == {"DE"}
        assert body["rows"] and all(row["cells"] for row in body["rows"])

    def test_late_is_from_the_first_moment_after_the_due_date(
        self, session: Session, as_user: Any
    ) -> None:
        world = matrix_world(session)
        response = as_user("europol").get(
            f"/api/reporting-cycles/{world['cycle'].id}/matrix",
            params={"plan": world["plan"].id},
        )
        assert response.status_code == 200, response.text
        [row] = response.json()["rows"]
        states = {world["names"][cell["organisation_id"]]: cell["state"] for cell in row["cells"]}
        assert states == {
            "just-in-time": "submitted",
            "at-the-deadline": "late",
            "accepted-late": "late",
            "returned": "draft",
            "not-started": "missing",
            "missing": "missing",
            "absent": "missing",
            "leader": "missing",
        }
        assert row["report_id"] is None and row["report"] == "missing"
        assert response.json()["totals"] == {
            "submitted": 1,
            "late": 2,
            "draft": 1,
            "missing": 4,
            "total": 8,
        }


def direct_total(session: Session, cycle_id: Any, indicator_id: int, *where: Any) -> Decimal:
    """SUM of the cycle's figures of one indicator, straight from the table."""
    total = session.exec(
        select(sa.func.sum(col(IndicatorValue.value)))
        .join(OperationalAction, col(OperationalAction.id) == col(IndicatorValue.action_id))
        .where(
            col(IndicatorValue.reporting_cycle_id) == cycle_id,
            col(IndicatorValue.indicator_id) == indicator_id,
            *where,
        )
    ).one()
    return total if total is not None else Decimal(0)


class TestResults:
    def test_totals_equal_a_direct_sum_now_and_before(self, session: Session, as_user: Any) -> None:
        second_half, first_half = cycle(session, OPEN_CYCLE), cycle(session, CLOSED_CYCLE)
        body = as_user("europol").get(f"/api/reporting-cycles/{second_half.id}/results").json()
        assert body["previous_code"] == CLOSED_CYCLE
        summed = [i for i in body["indicators"] if i["aggregation"] == "sum" and i["total"]]
        assert summed
        for indicator in summed:
            now = direct_total(session, second_half.id, indicator["indicator_id"])
            before = direct_total(session, first_half.id, indicator["indicator_id"])
            assert indicator["total"] == pytest.approx(float(now))
            assert indicator["previous_total"] == pytest.approx(float(before))
            by_priority = sum(p["value"] or 0 for p in indicator["by_priority"])
            by_country = sum(c["value"] or 0 for c in indicator["by_country"])
            assert by_priority == pytest.approx(float(now))
            assert by_country == pytest.approx(float(now))

    def test_a_max_indicator_takes_the_largest_figure(self, session: Session, as_user: Any) -> None:
        second_half = cycle(session, OPEN_CYCLE)
        body = as_user("europol").get(f"/api/reporting-cycles/{second_half.id}/results").json()
        [largest] = [i for i in body["indicators"] if i["aggregation"] == "max"]
        stored = session.exec(
            select(sa.func.max(col(IndicatorValue.value))).where(
                col(IndicatorValue.reporting_cycle_id) == second_half.id,
                col(IndicatorValue.indicator_id) == largest["indicator_id"],
            )
        ).one()
        assert stored is not None
        assert largest["total"] == pytest.approx(float(stored))

    def test_a_driver_sees_its_plans_totals_only(self, session: Session, as_user: Any) -> None:
        second_half = cycle(session, OPEN_CYCLE)
        plan_id = plan_of(session, "driver-cyber")
        response = as_user("driver-cyber").get(f"/api/reporting-cycles/{second_half.id}/results")
        assert response.status_code == 200, response.text
        [arrests] = [i for i in response.json()["indicators"] if i["code"] == "arrests"]
        of_the_plan = col(OperationalAction.action_plan_id) == plan_id
        own = direct_total(session, second_half.id, arrests["indicator_id"], of_the_plan)
        assert arrests["total"] == pytest.approx(float(own))
        assert own < direct_total(session, second_half.id, arrests["indicator_id"])
        completeness = response.json()["completeness"]
        contributions = session.exec(
            select(sa.func.count())
            .select_from(Contribution)
            .join(Participation, col(Participation.id) == col(Contribution.participation_id))
            .join(OperationalAction, col(OperationalAction.id) == col(Participation.action_id))
            .where(
                col(Contribution.reporting_cycle_id) == second_half.id,
                col(OperationalAction.action_plan_id) == plan_id,
            )
        ).one()
        assert sum(line["total"] for line in completeness) == contributions

    def test_completeness_per_country_counts_this_cycles_contributions(
        self, session: Session, as_user: Any
    ) -> None:
        second_half = cycle(session, OPEN_CYCLE)
        body = as_user("europol").get(f"/api/reporting-cycles/{second_half.id}/results").json()
        germany = next(line for line in body["completeness"] if line["country"] == "DE")
        nec = as_user("nec-de").get("/api/my-work").json()["countries"][0]["counts"]
        assert germany["total"] == nec["total"]
        assert germany["submitted"] == nec["submitted"] + nec["accepted"]
        total = session.exec(
            select(sa.func.count()).where(col(Contribution.reporting_cycle_id) == second_half.id)
        ).one()
        assert sum(line["total"] for line in body["completeness"]) == total

    def test_a_leader_gets_404(self, session: Session, as_user: Any) -> None:
        second_half = cycle(session, OPEN_CYCLE)
        response = as_user("leader-de").get(f"/api/reporting-cycles/{second_half.id}/results")
        assert response.status_code == 404


class TestSubmitContribution:
    def test_submitting_moves_the_state_and_is_audited(
        self, session: Session, as_user: Any
    ) -> None:
        contribution = german_contribution(
            session, OPEN_CYCLE, [ReportState.not_started, ReportState.draft]
        )
        before = contribution.state
        coordinator = as_user("nec-de")
        response = coordinator.post(f"/api/contributions/{contribution.id}/submit")
        assert response.status_code == 200, response.text
        assert response.json()["state"] == "submitted"
        assert response.json()["submitted_at"]
        [event] = session.exec(
            select(AuditEvent).where(
                col(AuditEvent.resource) == "contributions",
                col(AuditEvent.record_id) == contribution.id,
                col(AuditEvent.action) == AuditAction.transition,
            )
        ).all()
        assert event.username == "nec-de"
        assert event.changes["state"] == [before, "submitted"]

        again = coordinator.post(f"/api/contributions/{contribution.id}/submit")
        assert again.status_code == 409
        assert "submitted" in again.json()["detail"]

    def test_a_french_contribution_is_404_for_the_german_coordinator(
        self, session: Session, as_user: Any
    ) -> None:
        french = session.exec(
            select(col(Contribution.id))
            .join(Participation, col(Participation.id) == col(Contribution.participation_id))
            .where(
                col(Contribution.reporting_cycle_id) == cycle(session, OPEN_CYCLE).id,
                col(Participation.organisation_id) == organisation_id(session, "FR"),
            )
        ).first()
        response = as_user("nec-de").post(f"/api/contributions/{french}/submit")
        assert response.status_code == 404

    def test_a_closed_cycle_refuses_with_409(self, session: Session, as_user: Any) -> None:
        # What was not handed in went missing when the cycle closed.
        contribution = german_contribution(
            session, just_closed(session).code, [ReportState.missing]
        )
        response = as_user("nec-de").post(f"/api/contributions/{contribution.id}/submit")
        assert response.status_code == 409
        assert "closed" in response.json()["detail"]

    def test_a_leader_submits_its_own_part_only(self, session: Session, as_user: Any) -> None:
        """leader-de reads every contribution to an action Germany leads, but submits only
        Germany's own."""
        someone_else = session.exec(
            select(col(Contribution.id))
            .join(Participation, col(Participation.id) == col(Contribution.participation_id))
            .where(
                col(Contribution.reporting_cycle_id) == cycle(session, OPEN_CYCLE).id,
                col(Participation.action_id).in_(led_by(session, "DE")),
                col(Participation.organisation_id) != organisation_id(session, "DE"),
            )
        ).first()
        response = as_user("leader-de").post(f"/api/contributions/{someone_else}/submit")
        assert response.status_code == 403
