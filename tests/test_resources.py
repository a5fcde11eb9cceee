"""The react-admin list contract and error shapes, checked on every resource."""

import json

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from backend.access.models import User
from backend.access.policy import Operation, condition
from backend.access.service import principal_of
from backend.database import metadata
from tests.conftest import TESTER

RESOURCES = {
    "policy-cycles": "policy_cycles",
    "priorities": "priorities",
    "sub-priorities": "sub_priorities",
    "strategic-goals": "strategic_goals",
    "organisations": "organisations",
    "indicators": "indicators",
    "action-plans": "action_plans",
    "operational-actions": "operational_actions",
    "participations": "participations",
    "reporting-cycles": "reporting_cycles",
    "action-reports": "action_reports",
    "contributions": "contributions",
    "indicator-values": "indicator_values",
}

pytestmark = pytest.mark.parametrize("resource", list(RESOURCES))


def _count(session: Session, resource: str) -> int:
    table = metadata.tables[RESOURCES[resource]]
    return session.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def _first_writable(session: Session, resource: str) -> int:
    """The first record the signed-in tester may update, by the policy itself."""
    tester = session.exec(select(col(User.id)).where(col(User.username) == TESTER)).one()
    assert tester is not None
    principal = principal_of(session, user_id=tester)
    assert principal is not None
    table = metadata.tables[RESOURCES[resource]]
    writable = [condition(principal, resource, Operation.update)]
    if "reporting_cycle_id" in table.c:  # closed cycles refuse writes
        cycles = metadata.tables["reporting_cycles"]
        open_cycles = sa.select(cycles.c.id).where(cycles.c.state == "open")
        writable.append(table.c.reporting_cycle_id.in_(open_cycles))
    return session.execute(
        sa.select(table.c.id).where(*writable).order_by(table.c.id).limit(1)
    ).scalar_one()


def _get(client: TestClient, resource: str, **params: object) -> object:
    query = {key: json.dumps(value) for key, value in params.items()}
    return client.get(f"/api/{resource}", params=query)


class TestList:
    def test_first_page_and_total_in_content_range(
        self, client: TestClient, session: Session, resource: str
    ) -> None:
        total = _count(session, resource)
        response = client.get(f"/api/{resource}", params={"range": "[0,9]"})
        assert response.status_code == 200
        shown = min(total, 10)
        assert len(response.json()) == shown
        assert response.headers["Content-Range"] == f"{resource} 0-{shown - 1}/{total}"

    def test_second_page_follows_the_first(self, client: TestClient, resource: str) -> None:
        first = client.get(f"/api/{resource}", params={"range": "[0,1]"}).json()
        second = client.get(f"/api/{resource}", params={"range": "[2,3]"}).json()
        both = client.get(f"/api/{resource}", params={"range": "[0,3]"}).json()
        assert [r["id"] for r in first + second] == [r["id"] for r in both]

    def test_sort_descending_by_id(self, client: TestClient, resource: str) -> None:
        records = client.get(
            f"/api/{resource}", params={"sort": '["id","DESC"]', "range": "[0,4]"}
        ).json()
        ids = [record["id"] for record in records]
        assert ids == sorted(ids, reverse=True)

    def test_filter_by_ids_returns_those_records(self, client: TestClient, resource: str) -> None:
        some = client.get(f"/api/{resource}", params={"range": "[0,2]"}).json()
        wanted = [some[0]["id"], some[-1]["id"]]
        response = client.get(f"/api/{resource}", params={"filter": json.dumps({"id": wanted})})
        assert sorted(record["id"] for record in response.json()) == sorted(set(wanted))
        assert response.headers["Content-Range"].endswith(f"/{len(set(wanted))}")

    def test_unknown_sort_field_is_422_naming_sort(self, client: TestClient, resource: str) -> None:
        response = client.get(f"/api/{resource}", params={"sort": '["nonsense","ASC"]'})
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "sort"

    def test_unknown_filter_is_422_naming_it(self, client: TestClient, resource: str) -> None:
        response = client.get(f"/api/{resource}", params={"filter": '{"nonsense": 1}'})
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "filter.nonsense"

    def test_malformed_range_is_422(self, client: TestClient, resource: str) -> None:
        response = client.get(f"/api/{resource}", params={"range": "[5,1]"})
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "range"


class TestGet:
    def test_one_record_matches_the_list(self, client: TestClient, resource: str) -> None:
        listed = client.get(f"/api/{resource}", params={"range": "[0,0]"}).json()[0]
        response = client.get(f"/api/{resource}/{listed['id']}")
        assert response.status_code == 200
        assert response.json() == listed
        assert "version" in listed

    def test_unknown_id_is_404_with_error_body(self, client: TestClient, resource: str) -> None:
        response = client.get(f"/api/{resource}/987654321")
        assert response.status_code == 404
        body = response.json()
        assert body["error"] == "not_found"
        assert "987654321" in body["detail"]
        assert body["request_id"] == response.headers["X-Request-ID"]


class TestCreate:
    def test_empty_body_is_422_naming_a_required_field(
        self, client: TestClient, resource: str
    ) -> None:
        response = client.post(f"/api/{resource}", json={})
        assert response.status_code == 422
        body = response.json()
        assert body["error"] == "invalid"
        assert body["fields"] and all(field["field"] != "body" for field in body["fields"])
        assert "Traceback" not in response.text


class TestUpdate:
    def test_without_version_is_422_naming_version(self, client: TestClient, resource: str) -> None:
        record = client.get(f"/api/{resource}", params={"range": "[0,0]"}).json()[0]
        record.pop("version")
        response = client.put(f"/api/{resource}/{record['id']}", json=record)
        assert response.status_code == 422
        assert "version" in [field["field"] for field in response.json()["fields"]]

    def test_resending_what_was_read_bumps_nothing_and_succeeds(
        self, client: TestClient, session: Session, resource: str
    ) -> None:
        record_id = _first_writable(session, resource)
        record = client.get(f"/api/{resource}/{record_id}").json()
        response = client.put(f"/api/{resource}/{record['id']}", json=record)
        assert response.status_code == 200
        assert response.json() == record


class TestOutOfRangeInput:
    """Input the database would refuse gets a 422 naming it, never a 500."""

    def test_id_beyond_the_database_range_is_422(self, client: TestClient, resource: str) -> None:
        response = client.get(f"/api/{resource}/99999999999")
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "id"

    def test_filter_id_beyond_the_database_range_is_422(
        self, client: TestClient, resource: str
    ) -> None:
        response = client.get(f"/api/{resource}", params={"filter": '{"id": 99999999999}'})
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "filter.id"
