"""Reviewing reports and writing into closed cycles, through the API."""

import datetime as dt

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from backend.audit.models import AuditAction, AuditEvent
from backend.catalog.models import Organisation
from backend.plans.models import Participation, ParticipationRole
from backend.reporting.models import (
    ActionReport,
    CycleState,
    IndicatorValue,
    Reopening,
    ReportingCycle,
    ReportState,
)
from tests.conftest import sign_in


def in_state(session: Session, state: CycleState) -> ReportingCycle:
    """The demo's cycle in that state (codes follow the day the demo was loaded)."""
    return session.exec(select(ReportingCycle).where(col(ReportingCycle.state) == state)).one()


def just_closed(session: Session) -> ReportingCycle:
    """The demo's last cycle as it was between its close and its consolidation: only a
    closed cycle is reopened."""
    last = in_state(session, CycleState.consolidated)
    last.state = CycleState.closed
    session.add(last)
    session.commit()
    return last


def german_led_report(session: Session) -> ActionReport:
    """A not yet submitted report of the open cycle, of an action Germany leads."""
    germany = session.exec(select(Organisation).where(col(Organisation.code) == "DE")).one()
    led = select(col(Participation.action_id)).where(
        col(Participation.organisation_id) == germany.id,
        col(Participation.role) == ParticipationRole.leader,
    )
    report = session.exec(
        select(ActionReport).where(
            col(ActionReport.reporting_cycle_id) == in_state(session, CycleState.open).id,
            col(ActionReport.action_id).in_(led),
            col(ActionReport.state).in_([ReportState.not_started, ReportState.draft]),
        )
    ).first()
    assert report is not None
    return report


def client_of(anonymous: TestClient, username: str) -> TestClient:
    return sign_in(TestClient(anonymous.app), username)


class TestReview:
    def test_submit_then_another_person_accepts(
        self, anonymous: TestClient, session: Session
    ) -> None:
        report = german_led_report(session)
        leader = client_of(anonymous, "leader-de")
        submitted = leader.post(f"/api/action-reports/{report.id}/submit")
        assert submitted.status_code == 200, submitted.text
        assert submitted.json()["state"] == "submitted"
        assert submitted.json()["submitted_at"]

        refused = leader.post(f"/api/action-reports/{report.id}/accept")
        assert refused.status_code == 403

        europol = client_of(anonymous, "europol")
        accepted = europol.post(f"/api/action-reports/{report.id}/accept", json={"comment": "ok"})
        assert accepted.status_code == 200, accepted.text
        assert accepted.json()["state"] == "accepted"
        moves = session.exec(
            select(AuditEvent)
            .where(
                col(AuditEvent.resource) == "action-reports",
                col(AuditEvent.record_id) == report.id,
                col(AuditEvent.action) == AuditAction.transition,
            )
            .order_by(col(AuditEvent.id))
        ).all()
        assert [(e.username, e.changes["state"][1]) for e in moves] == [
            ("leader-de", "submitted"),
            ("europol", "accepted"),
        ]

    def test_a_submitter_cannot_accept_its_own_report(
        self, client: TestClient, session: Session
    ) -> None:
        """The tester leads German actions and is Europol staff: it still may not review
        what it submitted."""
        report = german_led_report(session)
        assert client.post(f"/api/action-reports/{report.id}/submit").status_code == 200
        refused = client.post(f"/api/action-reports/{report.id}/accept")
        assert refused.status_code == 403
        assert "submitted this report" in refused.json()["detail"]
        returned = client.post(f"/api/action-reports/{report.id}/return", json={"comment": "x"})
        assert returned.status_code == 403

    def test_returned_with_a_comment_then_edited_back_to_draft(
        self, anonymous: TestClient, session: Session
    ) -> None:
        report = german_led_report(session)
        leader = client_of(anonymous, "leader-de")
        leader.post(f"/api/action-reports/{report.id}/submit")
        europol = client_of(anonymous, "europol")
        no_comment = europol.post(f"/api/action-reports/{report.id}/return", json={})
        assert no_comment.status_code == 422
        assert no_comment.json()["fields"][0]["field"] == "comment"
        returned = europol.post(
            f"/api/action-reports/{report.id}/return", json={"comment": "Add the arrests."}
        )
        assert returned.json()["state"] == "returned"
        assert returned.json()["review_comment"] == "Add the arrests."

        stored = leader.get(f"/api/action-reports/{report.id}").json()
        edited = leader.put(
            f"/api/action-reports/{report.id}",
            json={**stored, "progress": "Twelve arrests on the joint action day."},
        )
        assert edited.status_code == 200, edited.text
        assert edited.json()["state"] == "draft"

    def test_a_submitted_report_is_not_edited_until_it_is_returned(
        self, anonymous: TestClient, session: Session
    ) -> None:
        report = german_led_report(session)
        leader = client_of(anonymous, "leader-de")
        submitted = leader.post(f"/api/action-reports/{report.id}/submit").json()
        edited = leader.put(
            f"/api/action-reports/{report.id}", json={**submitted, "progress": "changed"}
        )
        assert edited.status_code == 409
        assert "returns it" in edited.json()["detail"]

    def test_accepting_a_draft_is_refused_with_its_state(
        self, anonymous: TestClient, session: Session
    ) -> None:
        report = german_led_report(session)
        europol = client_of(anonymous, "europol")
        refused = europol.post(f"/api/action-reports/{report.id}/accept")
        assert refused.status_code == 409
        # The state as the screens name it, never the program's word for it.
        state = {"not_started": "Not started", "draft": "Draft"}[str(report.state)]
        assert f"This report is “{state}”: only a submitted" in refused.json()["detail"]


def closed_german_figure(session: Session) -> IndicatorValue:
    germany = session.exec(select(col(Organisation.id)).where(col(Organisation.code) == "DE"))
    value = session.exec(
        select(IndicatorValue).where(
            col(IndicatorValue.reporting_cycle_id) == just_closed(session).id,
            col(IndicatorValue.organisation_id).in_(germany.all()),
            col(IndicatorValue.value).is_not(None),
        )
    ).first()
    assert value is not None
    return value


class TestClosedCycle:
    def test_a_closed_cycle_refuses_writes_until_europol_reopens_it(
        self, anonymous: TestClient, session: Session
    ) -> None:
        value = closed_german_figure(session)
        nec = client_of(anonymous, "nec-de")
        stored = nec.get(f"/api/indicator-values/{value.id}").json()
        refused = nec.put(f"/api/indicator-values/{value.id}", json={**stored, "value": 4242})
        assert refused.status_code == 409
        code = session.exec(
            select(col(ReportingCycle.code)).where(
                col(ReportingCycle.id) == value.reporting_cycle_id
            )
        ).one()
        assert f"{code} closed" in refused.json()["detail"]
        assert "reopen" in refused.json()["detail"]

        europol = client_of(anonymous, "europol")
        tomorrow = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).date()
        granted = europol.post(
            "/api/reopenings",
            json={
                "reporting_cycle_id": value.reporting_cycle_id,
                "country_code": "DE",
                "reason": "Late figures of the joint action day",
                "until": tomorrow.isoformat(),
            },
        )
        assert granted.status_code == 201, granted.text
        allowed = nec.put(f"/api/indicator-values/{value.id}", json={**stored, "value": 4242})
        assert allowed.status_code == 200, allowed.text

        reopening = session.get(Reopening, granted.json()["id"])
        assert reopening is not None
        reopening.until = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).date()
        session.add(reopening)
        session.commit()
        again = nec.get(f"/api/indicator-values/{value.id}").json()
        closed = nec.put(f"/api/indicator-values/{value.id}", json={**again, "value": 1})
        assert closed.status_code == 409

    def test_only_europol_reopens(self, anonymous: TestClient, session: Session) -> None:
        nec = client_of(anonymous, "nec-de")
        refused = nec.post(
            "/api/reopenings",
            json={
                "reporting_cycle_id": just_closed(session).id,
                "country_code": "DE",
                "reason": "We would like to",
                "until": "2099-01-01",
            },
        )
        assert refused.status_code == 403

    def test_a_reopening_names_one_action_or_one_country(
        self, anonymous: TestClient, session: Session
    ) -> None:
        europol = client_of(anonymous, "europol")
        both = europol.post(
            "/api/reopenings",
            json={
                "reporting_cycle_id": just_closed(session).id,
                "reason": "Neither",
                "until": "2099-01-01",
            },
        )
        assert both.status_code == 422
        assert both.json()["fields"][0]["field"] == "action_id"
