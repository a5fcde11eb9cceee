"""The catalog's endpoints: policy cycles, priorities, goals, organisations, indicators."""

from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.api import list_records
from tests.factories import (
    make_action,
    make_indicator,
    make_organisation,
    make_policy_cycle,
    make_priority,
)


class TestListPriorities:
    def test_both_policy_cycles_with_their_council_priorities(self, client: TestClient) -> None:
        cycles = {c["code"]: c["id"] for c in list_records(client, "policy-cycles")}
        response = client.get("/api/priorities", params={"range": "[0,99]"})
        assert response.headers["Content-Range"] == "priorities 0-16/17"
        per_cycle = {
            code: [p["name"] for p in list_records(client, "priorities", policy_cycle_id=cycle_id)]
            for code, cycle_id in cycles.items()
        }
        assert len(per_cycle["2022-2025"]) == 10
        assert len(per_cycle["2026-2029"]) == 7
        assert "Firearms trafficking" in per_cycle["2022-2025"]
        assert "Firearms and explosives crime" in per_cycle["2026-2029"]

    def test_sorted_by_number_as_numbers(self, client: TestClient) -> None:
        cycle = next(c for c in list_records(client, "policy-cycles") if c["code"] == "2022-2025")
        response = client.get(
            "/api/priorities",
            params={
                "filter": f'{{"policy_cycle_id": {cycle["id"]}}}',
                "sort": '["code","ASC"]',
                "range": "[0,4]",
            },
        )
        assert [p["code"] for p in response.json()] == ["1", "2", "3", "4", "5"]
        assert response.headers["Content-Range"] == "priorities 0-4/10"
        backwards = client.get(
            "/api/priorities",
            params={
                "filter": f'{{"policy_cycle_id": {cycle["id"]}}}',
                "sort": '["code","DESC"]',
                "range": "[0,1]",
            },
        )
        assert [p["code"] for p in backwards.json()] == ["10", "9"]

    def test_sub_priorities_belong_to_their_priority(self, client: TestClient) -> None:
        drugs = list_records(client, "priorities", q="Drug trafficking")
        sub_priorities = list_records(
            client, "sub-priorities", priority_id=[p["id"] for p in drugs]
        )
        assert {s["code"] for s in sub_priorities} == {"6.1", "6.2", "3.1", "3.2"}


class TestCreatePriority:
    def test_duplicate_code_in_the_same_cycle_is_409_naming_code(
        self, client: TestClient, session: Session
    ) -> None:
        priority = make_priority(session)
        response = client.post(
            "/api/priorities",
            json={"policy_cycle_id": priority.policy_cycle_id, "code": priority.code, "name": "x"},
        )
        assert response.status_code == 409
        assert [
            (problem["field"], problem["label"], problem["message"])
            for problem in response.json()["fields"]
        ] == [("code", "Code", f"'{priority.code}' is already used")]

    def test_same_code_in_another_cycle_is_fine(self, client: TestClient, session: Session) -> None:
        priority = make_priority(session)
        other_cycle = make_policy_cycle(session)
        response = client.post(
            "/api/priorities",
            json={"policy_cycle_id": other_cycle.id, "code": priority.code, "name": "Same code"},
        )
        assert response.status_code == 201
        assert response.json()["version"] == 1

    def test_unknown_policy_cycle_is_422_naming_it(self, client: TestClient) -> None:
        response = client.post(
            "/api/priorities", json={"policy_cycle_id": 999999, "code": "1", "name": "x"}
        )
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "policy_cycle_id"


class TestCreatePolicyCycle:
    def test_end_before_start_is_422_naming_end_year(self, client: TestClient) -> None:
        response = client.post(
            "/api/policy-cycles",
            json={"code": "2031-2030", "name": "Backwards", "start_year": 2031, "end_year": 2030},
        )
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "end_year"


class TestUpdatePriority:
    def test_stale_version_is_409_and_keeps_the_first_change(
        self, client: TestClient, session: Session
    ) -> None:
        priority = make_priority(session)
        read = client.get(f"/api/priorities/{priority.id}").json()
        first = client.put(f"/api/priorities/{priority.id}", json={**read, "name": "First"})
        second = client.put(f"/api/priorities/{priority.id}", json={**read, "name": "Second"})
        assert first.status_code == 200 and first.json()["version"] == read["version"] + 1
        assert second.status_code == 409
        assert second.json()["error"] == "stale_version"
        assert client.get(f"/api/priorities/{priority.id}").json()["name"] == "First"

    def test_policy_cycle_cannot_be_moved_by_a_client(
        self, client: TestClient, session: Session
    ) -> None:
        priority = make_priority(session)
        other = make_policy_cycle(session)
        read = client.get(f"/api/priorities/{priority.id}").json()
        response = client.put(
            f"/api/priorities/{priority.id}", json={**read, "policy_cycle_id": other.id}
        )
        assert response.status_code == 200
        assert response.json()["policy_cycle_id"] == priority.policy_cycle_id


class TestDeletePolicyCycle:
    def test_cycle_in_use_is_409_and_stays(self, client: TestClient, session: Session) -> None:
        priority = make_priority(session)
        response = client.delete(f"/api/policy-cycles/{priority.policy_cycle_id}")
        assert response.status_code == 409
        assert "priority" in response.json()["detail"]
        assert client.get(f"/api/policy-cycles/{priority.policy_cycle_id}").status_code == 200

    def test_unused_cycle_is_deleted(self, client: TestClient, session: Session) -> None:
        cycle = make_policy_cycle(session)
        response = client.delete(f"/api/policy-cycles/{cycle.id}")
        assert response.status_code == 200
        assert response.json()["code"] == cycle.code
        assert client.get(f"/api/policy-cycles/{cycle.id}").status_code == 404


class TestCreateOrganisation:
    def test_country_is_created_with_its_iso_code(self, client: TestClient) -> None:
        response = client.post(
            "/api/organisations",
            json={
                "code": "SM",
                "name": "San Marino",
                "kind": "third_country",
                "country_code": "SM",
            },
        )
        assert response.status_code == 201
        created = response.json()
        assert client.get(f"/api/organisations/{created['id']}").json() == created

    def test_duplicate_code_is_409_naming_code(self, client: TestClient) -> None:
        response = client.post(
            "/api/organisations",
            json={"code": "DE", "name": "Again", "kind": "member_state", "country_code": "DE"},
        )
        assert response.status_code == 409
        assert response.json()["fields"][0]["field"] == "code"

    def test_country_without_iso_code_is_422(self, client: TestClient) -> None:
        response = client.post(
            "/api/organisations", json={"code": "XX", "name": "Nowhere", "kind": "member_state"}
        )
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "country_code"

    def test_lower_case_iso_code_is_422(self, client: TestClient) -> None:
        response = client.post(
            "/api/organisations",
            json={
                "code": "SM",
                "name": "San Marino",
                "kind": "third_country",
                "country_code": "sm",
            },
        )
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "country_code"

    def test_unknown_kind_is_422_naming_kind(self, client: TestClient) -> None:
        response = client.post(
            "/api/organisations", json={"code": "ACME", "name": "Acme", "kind": "company"}
        )
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "kind"


class TestListOrganisations:
    def test_member_states_and_schengen_associated(self, client: TestClient) -> None:
        assert len(list_records(client, "organisations", kind="member_state")) == 27
        assert {
            o["code"] for o in list_records(client, "organisations", kind="schengen_associated")
        } == {
            "IS",
            "LI",
            "NO",
            "CH",
        }

    def test_free_text_finds_by_name_or_code(self, client: TestClient) -> None:
        assert [o["code"] for o in list_records(client, "organisations", q="europol")] == [
            "EUROPOL"
        ]
        assert [o["code"] for o in list_records(client, "organisations", q="ital")] == ["IT"]

    def test_filter_on_an_unknown_kind_is_422(self, client: TestClient) -> None:
        response = client.get("/api/organisations", params={"filter": '{"kind": "company"}'})
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "filter.kind"

    def test_sorted_by_name(self, client: TestClient) -> None:
        response = client.get(
            "/api/organisations", params={"sort": '["name","ASC"]', "range": "[0,4]"}
        )
        names = [o["name"] for o in response.json()]
        assert names == sorted(names)


class TestDeleteOrganisation:
    def test_leader_of_an_action_is_409(self, client: TestClient, session: Session) -> None:
        leader = make_organisation(session)
        make_action(session, leader_id=leader.id)
        response = client.delete(f"/api/organisations/{leader.id}")
        assert response.status_code == 409
        assert client.get(f"/api/organisations/{leader.id}").status_code == 200

    def test_unused_organisation_is_deleted(self, client: TestClient, session: Session) -> None:
        organisation = make_organisation(session)
        assert client.delete(f"/api/organisations/{organisation.id}").status_code == 200
        assert client.get(f"/api/organisations/{organisation.id}").status_code == 404


class TestCreateIndicator:
    def test_choice_indicator_needs_its_choices(self, client: TestClient, session: Session) -> None:
        cycle = make_policy_cycle(session)
        response = client.post(
            "/api/indicators",
            json={
                "policy_cycle_id": cycle.id,
                "code": "jit",
                "name": "JIT",
                "kind": "choice",
                "aggregation": "none",
            },
        )
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "choices"

    def test_code_must_be_a_lower_case_identifier(
        self, client: TestClient, session: Session
    ) -> None:
        cycle = make_policy_cycle(session)
        response = client.post(
            "/api/indicators",
            json={"policy_cycle_id": cycle.id, "code": "Arrests!", "name": "x", "kind": "integer"},
        )
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "code"

    def test_figures_are_numbers_in_json(self, client: TestClient, session: Session) -> None:
        cycle = make_policy_cycle(session)
        response = client.post(
            "/api/indicators",
            json={
                "policy_cycle_id": cycle.id,
                "code": "cash_eur",
                "name": "Cash seized",
                "unit": "EUR",
                "kind": "amount_eur",
                "max_value": 1000000,
            },
        )
        assert response.status_code == 201
        assert response.json()["min_value"] == 0
        assert response.json()["max_value"] == 1000000

    def test_max_below_min_is_422_naming_max_value(
        self, client: TestClient, session: Session
    ) -> None:
        cycle = make_policy_cycle(session)
        response = client.post(
            "/api/indicators",
            json={
                "policy_cycle_id": cycle.id,
                "code": "officers",
                "name": "Officers",
                "kind": "integer",
                "min_value": 10,
                "max_value": 5,
            },
        )
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "max_value"


class TestUpdateIndicator:
    def test_name_and_active_change(self, client: TestClient, session: Session) -> None:
        indicator = make_indicator(session)
        read = client.get(f"/api/indicators/{indicator.id}").json()
        response = client.put(
            f"/api/indicators/{indicator.id}", json={**read, "name": "Renamed", "active": False}
        )
        assert response.status_code == 200
        assert response.json()["active"] is False
        assert response.json()["name"] == "Renamed"

    def test_kind_cannot_change_under_stored_values(
        self, client: TestClient, session: Session
    ) -> None:
        indicator = make_indicator(session)
        read = client.get(f"/api/indicators/{indicator.id}").json()
        response = client.put(f"/api/indicators/{indicator.id}", json={**read, "kind": "choice"})
        assert response.status_code == 200
        assert response.json()["kind"] == "integer"


class TestUnstorableText:
    def test_nul_character_in_a_name_is_422_naming_it(self, client: TestClient) -> None:
        response = client.post(
            "/api/organisations", json={"code": "NUL", "name": "Bad\u0000name", "kind": "eu_agency"}
        )
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "name"

    def test_text_where_a_custom_filter_takes_an_id_is_422(self, client: TestClient) -> None:
        response = client.get(
            "/api/operational-actions", params={"filter": '{"policy_cycle_id": "abc"}'}
        )
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "filter.policy_cycle_id"


class TestStructuredColumns:
    def test_filtering_on_a_json_column_is_422(self, client: TestClient) -> None:
        response = client.get("/api/indicators", params={"filter": '{"choices": "none"}'})
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "filter.choices"

    def test_filtering_on_a_decimal_column_works(self, client: TestClient) -> None:
        response = client.get("/api/indicators", params={"filter": '{"min_value": 0}'})
        assert response.status_code == 200
        assert response.json()
