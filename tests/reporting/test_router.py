"""The endpoints of reporting cycles, action reports, contributions and indicator values."""

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from backend.catalog.models import IndicatorKind, StrategicGoal
from backend.reporting.models import IndicatorValue
from seed.demo import cycle_specs
from tests.factories import (
    make_action,
    make_contribution,
    make_indicator,
    make_organisation,
    make_participation,
    make_policy_cycle,
    make_report,
    make_reporting_cycle,
    make_value,
    organisation,
)


def _cycle_payload(session: Session, **overrides: Any) -> dict[str, Any]:
    payload = {
        "policy_cycle_id": make_policy_cycle(session).id,
        "code": "2031-H1",
        "period_start": "2031-01-01",
        "period_end": "2031-06-30",
        "opens_on": "2031-06-15",
        "due_on": "2031-07-15",
        "closes_on": "2031-07-31",
    }
    return {**payload, **overrides}


class TestListReportingCycles:
    def test_demo_cycles_the_last_consolidated_and_the_current_open(
        self, client: TestClient
    ) -> None:
        closed, current = cycle_specs(dt.datetime.now(dt.UTC).date())
        cycles = client.get("/api/reporting-cycles", params={"sort": '["code","ASC"]'}).json()
        assert [(c["code"], c["state"]) for c in cycles] == [
            (closed.code, "consolidated"),
            (current.code, "open"),
        ]

    def test_filter_by_state(self, client: TestClient) -> None:
        _, current = cycle_specs(dt.datetime.now(dt.UTC).date())
        response = client.get("/api/reporting-cycles", params={"filter": '{"state": "open"}'})
        assert [c["code"] for c in response.json()] == [current.code]


class TestCreateReportingCycle:
    def test_starts_planned(self, client: TestClient, session: Session) -> None:
        response = client.post("/api/reporting-cycles", json=_cycle_payload(session))
        assert response.status_code == 201
        assert response.json()["state"] == "planned"

    def test_client_cannot_open_a_cycle(self, client: TestClient, session: Session) -> None:
        response = client.post("/api/reporting-cycles", json=_cycle_payload(session, state="open"))
        assert response.status_code == 201
        assert response.json()["state"] == "planned"

    def test_due_before_opening_is_422_naming_due_on(
        self, client: TestClient, session: Session
    ) -> None:
        response = client.post(
            "/api/reporting-cycles", json=_cycle_payload(session, due_on="2031-06-01")
        )
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "due_on"

    def test_duplicate_code_is_409(self, client: TestClient, session: Session) -> None:
        closed, _ = cycle_specs(dt.datetime.now(dt.UTC).date())
        response = client.post(
            "/api/reporting-cycles", json=_cycle_payload(session, code=closed.code)
        )
        assert response.status_code == 409
        assert response.json()["fields"][0]["field"] == "code"

    def test_code_must_name_a_period(self, client: TestClient, session: Session) -> None:
        response = client.post("/api/reporting-cycles", json=_cycle_payload(session, code="spring"))
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "code"


class TestUpdateReportingCycle:
    def test_moving_the_due_date_keeps_the_state(
        self, client: TestClient, session: Session
    ) -> None:
        cycle = make_reporting_cycle(session)
        read = client.get(f"/api/reporting-cycles/{cycle.id}").json()
        due = read["due_on"].replace("07-15", "07-20")
        response = client.put(
            f"/api/reporting-cycles/{cycle.id}", json={**read, "due_on": due, "state": "closed"}
        )
        assert response.status_code == 200
        assert response.json()["due_on"] == due
        assert response.json()["state"] == "planned"


class TestCreateActionReport:
    def test_second_report_for_the_same_action_and_cycle_is_409(
        self, client: TestClient, session: Session
    ) -> None:
        report = make_report(session)
        response = client.post(
            "/api/action-reports",
            json={"reporting_cycle_id": report.reporting_cycle_id, "action_id": report.action_id},
        )
        assert response.status_code == 409

    def test_unknown_action_is_422_naming_action_id(
        self, client: TestClient, session: Session
    ) -> None:
        cycle = make_reporting_cycle(session)
        response = client.post(
            "/api/action-reports", json={"reporting_cycle_id": cycle.id, "action_id": 999999}
        )
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "action_id"


class TestUpdateActionReport:
    def test_first_words_make_it_a_draft(self, client: TestClient, session: Session) -> None:
        report = make_report(session)
        read = client.get(f"/api/action-reports/{report.id}").json()
        assert read["state"] == "not_started"
        response = client.put(
            f"/api/action-reports/{report.id}",
            json={**read, "progress": "Two joint action days held.", "rag_status": "green"},
        )
        assert response.status_code == 200
        assert response.json()["state"] == "draft"
        assert response.json()["rag_status"] == "green"

    def test_client_cannot_submit_by_setting_the_state(
        self, client: TestClient, session: Session
    ) -> None:
        report = make_report(session)
        read = client.get(f"/api/action-reports/{report.id}").json()
        response = client.put(
            f"/api/action-reports/{report.id}", json={**read, "state": "accepted"}
        )
        assert response.status_code == 200
        assert response.json()["state"] == "not_started"

    def test_unknown_rag_status_is_422(self, client: TestClient, session: Session) -> None:
        report = make_report(session)
        read = client.get(f"/api/action-reports/{report.id}").json()
        response = client.put(
            f"/api/action-reports/{report.id}", json={**read, "rag_status": "purple"}
        )
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "rag_status"


class TestContributions:
    def test_filter_by_action(self, client: TestClient, session: Session) -> None:
        contribution = make_contribution(session)
        participation = make_participation(session)
        make_contribution(
            session,
            reporting_cycle_id=contribution.reporting_cycle_id,
            participation_id=participation.id,
        )
        action_id = session.get(type(participation), contribution.participation_id).action_id  # type: ignore[union-attr]
        response = client.get(
            "/api/contributions", params={"filter": json.dumps({"action_id": action_id})}
        )
        assert [c["id"] for c in response.json()] == [contribution.id]

    def test_narrative_makes_it_a_draft(self, client: TestClient, session: Session) -> None:
        french_led = make_action(session, leader_id=organisation(session, "FR").id)
        german = make_participation(
            session, action_id=french_led.id, organisation_id=organisation(session, "DE").id
        )
        contribution = make_contribution(session, participation_id=german.id)
        read = client.get(f"/api/contributions/{contribution.id}").json()
        response = client.put(
            f"/api/contributions/{contribution.id}",
            json={**read, "narrative": "Took part in two action days."},
        )
        assert response.json()["state"] == "draft"


def _figure_context(session: Session, **indicator: Any) -> dict[str, Any]:
    """A reporting cycle, an action with its leader, and an indicator, all in one cycle."""
    action = make_action(session)
    goal = session.get(StrategicGoal, action.strategic_goal_id)
    assert goal is not None
    cycle = make_reporting_cycle(session, policy_cycle_id=goal.policy_cycle_id)
    kpi = make_indicator(session, policy_cycle_id=goal.policy_cycle_id, **indicator)
    return {
        "reporting_cycle_id": cycle.id,
        "action_id": action.id,
        "organisation_id": action.leader_id,
        "indicator_id": kpi.id,
    }


class TestCreateIndicatorValue:
    def test_figure_is_stored_exactly_and_comes_from_the_web(
        self, client: TestClient, session: Session
    ) -> None:
        context = _figure_context(session, kind=IndicatorKind.mass_kg)
        response = client.post("/api/indicator-values", json={**context, "value": 1234.567})
        assert response.status_code == 201, response.text
        created = response.json()
        assert created["value"] == 1234.567
        assert created["source"] == "web"
        stored = session.get(IndicatorValue, created["id"])
        assert stored is not None and stored.value == Decimal("1234.567")

    def test_same_cell_twice_is_409(self, client: TestClient, session: Session) -> None:
        context = _figure_context(session)
        assert client.post("/api/indicator-values", json={**context, "value": 3}).status_code == 201
        response = client.post("/api/indicator-values", json={**context, "value": 4})
        assert response.status_code == 409
        assert response.json()["fields"][0]["field"] == "indicator_id"

    def test_organisation_not_taking_part_is_422(
        self, client: TestClient, session: Session
    ) -> None:
        context = _figure_context(session)
        outsider = make_organisation(session)
        response = client.post(
            "/api/indicator-values",
            json={**context, "organisation_id": outsider.id, "value": 1},
        )
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "organisation_id"

    def test_fraction_for_a_count_is_422_naming_value(
        self, client: TestClient, session: Session
    ) -> None:
        context = _figure_context(session, kind=IndicatorKind.integer)
        response = client.post("/api/indicator-values", json={**context, "value": 2.5})
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "value"

    def test_negative_count_is_422(self, client: TestClient, session: Session) -> None:
        context = _figure_context(session)
        response = client.post("/api/indicator-values", json={**context, "value": -1})
        assert response.status_code == 422
        assert "at least 0" in response.json()["fields"][0]["message"]

    def test_choice_outside_the_list_is_422(self, client: TestClient, session: Session) -> None:
        context = _figure_context(
            session,
            kind=IndicatorKind.choice,
            choices=["none", "planned", "established"],
            aggregation="none",
            min_value=None,
        )
        bad = client.post("/api/indicator-values", json={**context, "text_value": "maybe"})
        assert bad.status_code == 422
        assert bad.json()["fields"][0]["field"] == "text_value"
        good = client.post("/api/indicator-values", json={**context, "text_value": "planned"})
        assert good.status_code == 201

    def test_value_and_text_together_is_422(self, client: TestClient, session: Session) -> None:
        context = _figure_context(session)
        response = client.post(
            "/api/indicator-values", json={**context, "value": 1, "text_value": "x"}
        )
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "value"

    def test_indicator_of_another_policy_cycle_is_422(
        self, client: TestClient, session: Session
    ) -> None:
        context = _figure_context(session)
        foreign = make_indicator(session)
        response = client.post(
            "/api/indicator-values", json={**context, "indicator_id": foreign.id, "value": 1}
        )
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "indicator_id"


class TestUpdateIndicatorValue:
    def test_stale_version_keeps_the_first_figure(
        self, client: TestClient, session: Session
    ) -> None:
        value = make_value(session)
        read = client.get(f"/api/indicator-values/{value.id}").json()
        assert (
            client.put(f"/api/indicator-values/{value.id}", json={**read, "value": 11}).status_code
            == 200
        )
        stale = client.put(f"/api/indicator-values/{value.id}", json={**read, "value": 12})
        assert stale.status_code == 409
        assert client.get(f"/api/indicator-values/{value.id}").json()["value"] == 11

    def test_cell_keys_cannot_be_moved(self, client: TestClient, session: Session) -> None:
        value = make_value(session)
        read = client.get(f"/api/indicator-values/{value.id}").json()
        response = client.put(
            f"/api/indicator-values/{value.id}", json={**read, "organisation_id": 1, "value": 8}
        )
        assert response.status_code == 200
        assert response.json()["organisation_id"] == value.organisation_id


class TestListIndicatorValues:
    def test_filter_by_action_and_country(self, client: TestClient, session: Session) -> None:
        value = make_value(session)
        response = client.get(
            "/api/indicator-values",
            params={"filter": json.dumps({"action_id": value.action_id, "country_code": "DE"})},
        )
        assert [v["id"] for v in response.json()] == [value.id]
