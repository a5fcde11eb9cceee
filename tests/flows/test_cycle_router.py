"""POST /api/reporting-cycles/{id}/open|remind|close|consolidate and GET .../runs."""

import datetime as dt
import uuid

import pytest
from fastapi.testclient import TestClient
from prefect.client.orchestration import get_client
from sqlmodel import Session, col, select

from backend.audit.models import AuditAction, AuditEvent
from backend.reporting.models import CycleFlow, CycleRun
from tests.conftest import sign_in
from tests.factories import make_reporting_cycle


def _as(anonymous: TestClient, username: str) -> TestClient:
    return sign_in(TestClient(anonymous.app), username)


class TestStartAStep:
    @pytest.mark.usefixtures("served")
    def test_europol_starts_the_flow_run_and_it_is_listed(
        self, anonymous: TestClient, session: Session
    ) -> None:
        cycle = make_reporting_cycle(session)
        europol = _as(anonymous, "europol")

        response = europol.post(f"/api/reporting-cycles/{cycle.id}/remind")

        assert response.status_code == 202, response.text
        body = response.json()
        assert set(body) == {"id", "flow", "flow_run_id", "state"}
        assert (body["flow"], body["state"]) == ("send_reminders", "SCHEDULED")
        with get_client(sync_client=True) as client:
            flow_run = client.read_flow_run(uuid.UUID(body["flow_run_id"]))
        assert flow_run.parameters == {"cycle_id": cycle.id, "requested_by": "europol"}
        listed = europol.get(f"/api/reporting-cycles/{cycle.id}/runs").json()
        assert [(r["id"], r["requested_by"]) for r in listed] == [(body["id"], "europol")]
        event = session.exec(
            select(AuditEvent).where(
                col(AuditEvent.resource) == "cycle-runs", col(AuditEvent.record_id) == body["id"]
            )
        ).one()
        assert (event.action, event.username) == (AuditAction.create, "europol")

    def test_without_prefect_it_answers_503_and_notes_nothing(
        self, anonymous: TestClient, session: Session, no_prefect: str
    ) -> None:
        cycle = make_reporting_cycle(session)

        response = _as(anonymous, "europol").post(f"/api/reporting-cycles/{cycle.id}/open")

        assert response.status_code == 503
        body = response.json()
        assert body["error"] == "orchestrator_unavailable"
        assert no_prefect in body["detail"]
        assert (
            session.exec(select(CycleRun).where(col(CycleRun.reporting_cycle_id) == cycle.id)).all()
            == []
        )

    def test_a_coordinator_gets_403_and_the_refusal_is_audited(
        self, anonymous: TestClient, session: Session
    ) -> None:
        cycle = make_reporting_cycle(session)

        response = _as(anonymous, "nec-de").post(f"/api/reporting-cycles/{cycle.id}/close")

        assert response.status_code == 403
        denied = session.exec(
            select(AuditEvent).where(
                col(AuditEvent.action) == AuditAction.denied,
                col(AuditEvent.resource) == "cycle-transitions",
                col(AuditEvent.record_id) == cycle.id,
            )
        ).one()
        assert denied.username == "nec-de"

    def test_an_administrator_gets_404(self, anonymous: TestClient, session: Session) -> None:
        cycle = make_reporting_cycle(session)

        response = _as(anonymous, "admin").post(f"/api/reporting-cycles/{cycle.id}/consolidate")

        assert response.status_code == 404

    def test_an_unknown_cycle_gets_404_before_prefect_is_asked(
        self, anonymous: TestClient, no_prefect: str
    ) -> None:
        del no_prefect
        response = _as(anonymous, "europol").post("/api/reporting-cycles/999999/open")

        assert response.status_code == 404


class TestListRuns:
    def _runs(self, session: Session, cycle_id: int) -> list[int]:
        created = dt.datetime(2026, 12, 1, 6, tzinfo=dt.UTC)
        runs = [
            CycleRun(
                reporting_cycle_id=cycle_id,
                flow=flow,
                flow_run_id=str(uuid.uuid4()),
                state="COMPLETED",
                created_at=created + dt.timedelta(days=day),
            )
            for day, flow in enumerate([CycleFlow.open_cycle, CycleFlow.send_reminders])
        ]
        session.add_all(runs)
        session.flush()
        return [run.id or 0 for run in runs]

    def test_europol_and_drivers_see_them_newest_first(
        self, anonymous: TestClient, session: Session
    ) -> None:
        cycle = make_reporting_cycle(session)
        opened, reminded = self._runs(session, cycle.id or 0)
        other = make_reporting_cycle(session)
        self._runs(session, other.id or 0)

        for username in ("europol", "driver-cyber"):
            response = _as(anonymous, username).get(f"/api/reporting-cycles/{cycle.id}/runs")
            assert response.status_code == 200, username
            assert [run["id"] for run in response.json()] == [reminded, opened]
            assert response.json()[0]["flow"] == "send_reminders"

    def test_a_coordinator_gets_404(self, anonymous: TestClient, session: Session) -> None:
        cycle = make_reporting_cycle(session)

        response = _as(anonymous, "nec-de").get(f"/api/reporting-cycles/{cycle.id}/runs")

        assert response.status_code == 404

    def test_an_unknown_cycle_gets_404(self, anonymous: TestClient) -> None:
        response = _as(anonymous, "europol").get("/api/reporting-cycles/999999/runs")

        assert response.status_code == 404
