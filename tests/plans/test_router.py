"""The endpoints of action plans, operational actions and participations."""

import datetime as dt
import json
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from backend.catalog.models import Priority
from backend.plans.models import OperationalAction, Participation
from tests.api import list_records
from tests.factories import (
    make_action,
    make_goal,
    make_organisation,
    make_participation,
    make_plan,
    make_policy_cycle,
    make_priority,
    make_value,
    organisation,
)


def _action_payload(session: Session, **overrides: Any) -> dict[str, Any]:
    plan = make_plan(session)
    goal = make_goal(session, policy_cycle_id=_policy_cycle_of(session, plan.priority_id))
    payload = {
        "action_plan_id": plan.id,
        "code": "OA 3.1",
        "title": "Joint action days on cocaine trafficking",
        "strategic_goal_id": goal.id,
        "leader_id": organisation(session, "ES").id,
        "start_date": "2026-01-01",
        "end_date": "2027-12-31",
        "budget_eur": 250000.5,
        "grant_reference": "POL.13405",
    }
    return {**payload, **overrides}


def _policy_cycle_of(session: Session, priority_id: int) -> int:
    priority = session.get(Priority, priority_id)
    assert priority is not None
    return priority.policy_cycle_id


class TestListOperationalActions:
    def test_demo_has_285_actions_in_the_2026_2027_plans(self, client: TestClient) -> None:
        cycle = next(c for c in list_records(client, "policy-cycles") if c["code"] == "2026-2029")
        plans = list_records(client, "action-plans", policy_cycle_id=cycle["id"])
        assert len(plans) == 14
        assert {plan["period"] for plan in plans} == {"2026-2027"}
        response = client.get(
            "/api/operational-actions",
            params={"filter": json.dumps({"policy_cycle_id": cycle["id"]}), "range": "[0,24]"},
        )
        assert response.headers["Content-Range"] == "operational-actions 0-24/285"

    def test_each_action_names_its_plan(self, client: TestClient, session: Session) -> None:
        plan = make_plan(session)
        action = make_action(session, action_plan_id=plan.id)
        listed = list_records(client, "operational-actions", id=[action.id])
        assert listed[0]["plan_short_code"] == plan.short_code
        one = client.get(f"/api/operational-actions/{action.id}").json()
        assert one["plan_short_code"] == plan.short_code

    def test_filter_by_participant_country(self, client: TestClient, session: Session) -> None:
        italy = organisation(session, "IT")
        listed = list_records(client, "operational-actions", participant_country="IT")
        taking_part = set(
            session.exec(
                select(Participation.action_id).where(Participation.organisation_id == italy.id)
            ).all()
        )
        assert {action["id"] for action in listed} == taking_part
        assert 60 < len(taking_part) < 285

    def test_filter_by_priority_and_leader(self, client: TestClient, session: Session) -> None:
        plan = make_plan(session)
        leader = make_organisation(session)
        action = make_action(session, action_plan_id=plan.id, leader_id=leader.id)
        make_action(session, action_plan_id=plan.id)
        found = list_records(
            client, "operational-actions", priority_id=plan.priority_id, leader_id=leader.id
        )
        assert [a["id"] for a in found] == [action.id]

    def test_free_text_matches_every_word(self, client: TestClient, session: Session) -> None:
        action = make_action(session, title="Hotspot operations against cannabis in ports")
        found = list_records(client, "operational-actions", q="cannabis PORTS hotspot")
        assert [a["id"] for a in found] == [action.id]

    def test_sort_by_code_within_a_plan(self, client: TestClient, session: Session) -> None:
        plan = make_plan(session)
        for code in ("OA 2.1", "OA 1.2", "OA 1.1"):
            make_action(session, action_plan_id=plan.id, code=code)
        response = client.get(
            "/api/operational-actions",
            params={
                "filter": json.dumps({"action_plan_id": plan.id}),
                "sort": '["code","DESC"]',
            },
        )
        assert [a["code"] for a in response.json()] == ["OA 2.1", "OA 1.2", "OA 1.1"]

    def test_date_range_filter(self, client: TestClient, session: Session) -> None:
        plan = make_plan(session)
        late = make_action(session, action_plan_id=plan.id, start_date=dt.date(2027, 3, 1))
        make_action(session, action_plan_id=plan.id, start_date=dt.date(2026, 1, 1))
        found = list_records(
            client, "operational-actions", action_plan_id=plan.id, start_date_gte="2027-01-01"
        )
        assert [a["id"] for a in found] == [late.id]


class TestCreateOperationalAction:
    def test_created_with_its_leader_taking_part(
        self, client: TestClient, session: Session
    ) -> None:
        payload = _action_payload(session)
        response = client.post("/api/operational-actions", json=payload)
        assert response.status_code == 201, response.text
        created = response.json()
        assert created["state"] == "planned"
        assert created["budget_eur"] == 250000.5
        participations = list_records(client, "participations", action_id=created["id"])
        assert [(p["organisation_id"], p["role"]) for p in participations] == [
            (payload["leader_id"], "leader")
        ]

    def test_duplicate_code_in_the_plan_is_409_naming_code(
        self, client: TestClient, session: Session
    ) -> None:
        payload = _action_payload(session)
        assert client.post("/api/operational-actions", json=payload).status_code == 201
        response = client.post("/api/operational-actions", json=payload)
        assert response.status_code == 409
        assert response.json()["fields"][0]["field"] == "code"

    def test_end_before_start_is_422_naming_end_date(
        self, client: TestClient, session: Session
    ) -> None:
        response = client.post(
            "/api/operational-actions", json=_action_payload(session, end_date="2025-12-31")
        )
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "end_date"

    def test_code_not_like_oa_n_n_is_422(self, client: TestClient, session: Session) -> None:
        response = client.post(
            "/api/operational-actions", json=_action_payload(session, code="Action 7")
        )
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "code"

    def test_unknown_leader_is_422_naming_leader_id(
        self, client: TestClient, session: Session
    ) -> None:
        response = client.post(
            "/api/operational-actions", json=_action_payload(session, leader_id=999999)
        )
        assert response.status_code == 422
        problem = response.json()["fields"][0]
        assert (problem["field"], problem["label"], problem["message"]) == (
            "leader_id",
            "Leader",
            "no organisation with id 999999",
        )

    def test_goal_of_another_policy_cycle_is_422(
        self, client: TestClient, session: Session
    ) -> None:
        other_goal = make_goal(session, policy_cycle_id=make_policy_cycle(session).id)
        response = client.post(
            "/api/operational-actions",
            json=_action_payload(session, strategic_goal_id=other_goal.id),
        )
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "strategic_goal_id"

    def test_negative_budget_is_422(self, client: TestClient, session: Session) -> None:
        response = client.post(
            "/api/operational-actions", json=_action_payload(session, budget_eur=-1)
        )
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "budget_eur"

    def test_client_cannot_choose_the_id_or_version(
        self, client: TestClient, session: Session
    ) -> None:
        response = client.post(
            "/api/operational-actions", json=_action_payload(session, id=424242, version=99)
        )
        assert response.status_code == 201
        assert response.json()["id"] != 424242
        assert response.json()["version"] == 1


class TestUpdateOperationalAction:
    def test_two_puts_with_the_same_version_the_second_is_409(
        self, client: TestClient, session: Session
    ) -> None:
        action = make_action(session)
        read = client.get(f"/api/operational-actions/{action.id}").json()
        first = client.put(
            f"/api/operational-actions/{action.id}", json={**read, "title": "First title"}
        )
        second = client.put(
            f"/api/operational-actions/{action.id}",
            json={**read, "title": "Second title", "state": "cancelled"},
        )
        assert first.status_code == 200
        assert second.status_code == 409
        assert "reload" in second.json()["detail"]
        kept = client.get(f"/api/operational-actions/{action.id}").json()
        assert kept["title"] == "First title"
        assert kept["state"] == "planned"
        assert kept["version"] == read["version"] + 1

    def test_changing_the_leader_moves_the_leader_role(
        self, client: TestClient, session: Session
    ) -> None:
        action = make_action(session)
        old_leader = action.leader_id
        new_leader = make_organisation(session)
        read = client.get(f"/api/operational-actions/{action.id}").json()
        response = client.put(
            f"/api/operational-actions/{action.id}", json={**read, "leader_id": new_leader.id}
        )
        assert response.status_code == 200
        roles = {
            p["organisation_id"]: p["role"]
            for p in list_records(client, "participations", action_id=action.id)
        }
        assert roles == {old_leader: "participant", new_leader.id: "leader"}

    def test_dates_out_of_order_after_merge_is_422(
        self, client: TestClient, session: Session
    ) -> None:
        action = make_action(session)
        read = client.get(f"/api/operational-actions/{action.id}").json()
        response = client.put(
            f"/api/operational-actions/{action.id}",
            json={"version": read["version"], "start_date": "2028-06-01"},
        )
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "end_date"
        stored = session.get(OperationalAction, action.id)
        assert stored is not None
        session.refresh(stored)
        assert str(stored.start_date) == read["start_date"]

    def test_unknown_id_is_404(self, client: TestClient) -> None:
        response = client.put("/api/operational-actions/987654", json={"version": 1})
        assert response.status_code == 404


class TestDeleteOperationalAction:
    def test_action_with_participants_is_409(self, client: TestClient, session: Session) -> None:
        action = make_action(session)
        response = client.delete(f"/api/operational-actions/{action.id}")
        assert response.status_code == 409
        assert "participation" in response.json()["detail"]


class TestCreateActionPlan:
    def test_with_co_drivers(self, client: TestClient, session: Session) -> None:
        priority = make_priority(session)
        payload = {
            "priority_id": priority.id,
            "code": "OAP 2026-2027 X",
            "short_code": "X",
            "name": "Test plan",
            "period": "2026-2027",
            "driver_id": organisation(session, "NL").id,
            "co_driver_ids": [organisation(session, "BE").id, organisation(session, "FR").id],
        }
        response = client.post("/api/action-plans", json=payload)
        assert response.status_code == 201, response.text
        belgium, france = organisation(session, "BE").id, organisation(session, "FR").id
        assert belgium is not None and france is not None
        assert response.json()["co_driver_ids"] == sorted([belgium, france])

    def test_driver_as_co_driver_is_422(self, client: TestClient, session: Session) -> None:
        priority = make_priority(session)
        netherlands = organisation(session, "NL").id
        response = client.post(
            "/api/action-plans",
            json={
                "priority_id": priority.id,
                "code": "OAP T",
                "short_code": "OAP T".replace("OAP ", ""),
                "name": "x",
                "period": "2026-2027",
                "driver_id": netherlands,
                "co_driver_ids": [netherlands],
            },
        )
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "co_driver_ids"

    def test_sub_priority_of_another_priority_is_422(
        self, client: TestClient, session: Session
    ) -> None:
        priority = make_priority(session)
        other = client.get("/api/sub-priorities", params={"range": "[0,0]"}).json()[0]
        response = client.post(
            "/api/action-plans",
            json={
                "priority_id": priority.id,
                "sub_priority_id": other["id"],
                "code": "OAP T2",
                "short_code": "OAP T2".replace("OAP ", ""),
                "name": "x",
                "period": "2026-2027",
                "driver_id": organisation(session, "NL").id,
            },
        )
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "sub_priority_id"

    def test_backwards_period_is_422(self, client: TestClient, session: Session) -> None:
        priority = make_priority(session)
        response = client.post(
            "/api/action-plans",
            json={
                "priority_id": priority.id,
                "code": "OAP T3",
                "short_code": "OAP T3".replace("OAP ", ""),
                "name": "x",
                "period": "2027-2026",
                "driver_id": organisation(session, "NL").id,
            },
        )
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "period"


class TestUpdateActionPlan:
    def test_replacing_co_drivers_bumps_the_version(
        self, client: TestClient, session: Session
    ) -> None:
        plan = make_plan(session)
        read = client.get(f"/api/action-plans/{plan.id}").json()
        spain = organisation(session, "ES").id
        response = client.put(
            f"/api/action-plans/{plan.id}", json={**read, "co_driver_ids": [spain]}
        )
        assert response.status_code == 200
        assert response.json()["co_driver_ids"] == [spain]
        assert response.json()["version"] == read["version"] + 1
        stale = client.put(f"/api/action-plans/{plan.id}", json={**read, "co_driver_ids": []})
        assert stale.status_code == 409
        assert client.get(f"/api/action-plans/{plan.id}").json()["co_driver_ids"] == [spain]


class TestCreateParticipation:
    def test_second_participation_of_the_same_organisation_is_409(
        self, client: TestClient, session: Session
    ) -> None:
        participation = make_participation(session)
        response = client.post(
            "/api/participations",
            json={
                "action_id": participation.action_id,
                "organisation_id": participation.organisation_id,
            },
        )
        assert response.status_code == 409
        assert response.json()["fields"][0]["field"] == "organisation_id"

    def test_leader_role_for_someone_else_is_422(
        self, client: TestClient, session: Session
    ) -> None:
        action = make_action(session)
        response = client.post(
            "/api/participations",
            json={
                "action_id": action.id,
                "organisation_id": make_organisation(session).id,
                "role": "leader",
            },
        )
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "role"

    def test_partner_joins(self, client: TestClient, session: Session) -> None:
        action = make_action(session)
        response = client.post(
            "/api/participations",
            json={
                "action_id": action.id,
                "organisation_id": organisation(session, "INTERPOL").id,
                "role": "partner",
            },
        )
        assert response.status_code == 201
        assert response.json()["role"] == "partner"


class TestUpdateParticipation:
    def test_leader_keeps_the_leader_role(self, client: TestClient, session: Session) -> None:
        action = make_action(session)
        leader = list_records(client, "participations", action_id=action.id)[0]
        response = client.put(
            f"/api/participations/{leader['id']}", json={**leader, "role": "participant"}
        )
        assert response.status_code == 422

    def test_participant_becomes_co_leader(self, client: TestClient, session: Session) -> None:
        participation = make_participation(session)
        read = client.get(f"/api/participations/{participation.id}").json()
        response = client.put(
            f"/api/participations/{participation.id}", json={**read, "role": "co_leader"}
        )
        assert response.status_code == 200
        assert response.json()["role"] == "co_leader"


class TestDeleteParticipation:
    def test_leader_participation_is_409(self, client: TestClient, session: Session) -> None:
        action = make_action(session)
        leader = list_records(client, "participations", action_id=action.id)[0]
        assert client.delete(f"/api/participations/{leader['id']}").status_code == 409

    def test_participant_leaves(self, client: TestClient, session: Session) -> None:
        participation = make_participation(session)
        assert client.delete(f"/api/participations/{participation.id}").status_code == 200
        assert client.get(f"/api/participations/{participation.id}").status_code == 404

    def test_participant_with_figures_is_409(self, client: TestClient, session: Session) -> None:
        participation = make_participation(session)
        make_value(
            session,
            action_id=participation.action_id,
            organisation_id=participation.organisation_id,
        )
        response = client.delete(f"/api/participations/{participation.id}")
        assert response.status_code == 409
        assert response.json()["detail"] == (
            "This participation is still used (figure: 1): remove those first."
        )


class TestUnstorableNumbers:
    def test_leader_id_beyond_the_database_range_is_422(
        self, client: TestClient, session: Session
    ) -> None:
        response = client.post(
            "/api/operational-actions", json=_action_payload(session, leader_id=99999999999)
        )
        assert response.status_code == 422
        assert "Traceback" not in response.text
