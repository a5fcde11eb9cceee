"""Contributions move like reports: handed in by the contributor, then returned with a comment
or accepted by the action's leader, the driver or Europol, never by whoever handed it in; a
submitted or accepted contribution is locked, on the web and in the workbook alike."""

import io
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from backend.access.models import User
from backend.audit.models import AuditAction, AuditEvent
from backend.catalog.models import Indicator, IndicatorKind, Organisation
from backend.notifications.models import Notification
from backend.plans.models import ActionPlan, OperationalAction, Participation, ParticipationRole
from backend.reporting.models import (
    Contribution,
    CycleState,
    IndicatorValue,
    ReportState,
)
from backend.spreadsheets.country_workbook import DATA_SHEET
from tests.conftest import sign_in
from tests.reporting.test_review_api import german_led_report, in_state
from tests.spreadsheets.test_uploads_api import download, edit, editable_cells, upload


def _contribution(session: Session) -> Contribution:
    """A contribution of the open cycle, not handed in, that Germany makes to an action that
    France leads: Germany's coordinator writes it, France's leader reviews it."""
    contributor, leading = aliased(Organisation), aliased(Organisation)
    led_by_france = (
        select(col(Participation.action_id))
        .join(leading, col(leading.id) == col(Participation.organisation_id))
        .where(col(leading.code) == "FR", col(Participation.role) == ParticipationRole.leader)
    )
    found = session.exec(
        select(Contribution)
        .join(Participation, col(Participation.id) == col(Contribution.participation_id))
        .join(contributor, col(contributor.id) == col(Participation.organisation_id))
        .where(
            col(Contribution.reporting_cycle_id) == in_state(session, CycleState.open).id,
            col(contributor.country_code) == "DE",
            col(Participation.role) != ParticipationRole.leader,
            col(Participation.action_id).in_(led_by_france),
            col(Contribution.state).in_([ReportState.not_started, ReportState.draft]),
        )
        .order_by(col(Contribution.id))
    ).first()
    assert found is not None, "the demo has German contributions to French-led actions"
    return found


def _figure(session: Session, contribution: Contribution) -> IndicatorValue:
    """A numeric figure of the contribution, stored for the test if the demo has none."""
    participation = session.get(Participation, contribution.participation_id)
    assert participation is not None
    found = session.exec(
        select(IndicatorValue)
        .join(Indicator, col(Indicator.id) == col(IndicatorValue.indicator_id))
        .where(
            col(IndicatorValue.reporting_cycle_id) == contribution.reporting_cycle_id,
            col(IndicatorValue.action_id) == participation.action_id,
            col(IndicatorValue.organisation_id) == participation.organisation_id,
            col(Indicator.kind) == IndicatorKind.integer,
        )
    ).first()
    if found is not None:
        return found
    indicator = session.exec(
        select(Indicator).where(
            col(Indicator.kind) == IndicatorKind.integer, col(Indicator.code) == "arrests"
        )
    ).first()
    assert indicator is not None
    value = IndicatorValue(
        reporting_cycle_id=contribution.reporting_cycle_id,
        action_id=participation.action_id,
        organisation_id=participation.organisation_id,
        indicator_id=indicator.id or 0,
        value=Decimal(4),
    )
    session.add(value)
    session.commit()
    return value


def _as(anonymous: TestClient, username: str) -> TestClient:
    return sign_in(TestClient(anonymous.app), username)


@pytest.fixture
def submitted(anonymous: TestClient, session: Session) -> dict[str, Any]:
    """Germany's contribution with one figure, handed in by Germany's coordinator."""
    contribution = _contribution(session)
    figure = _figure(session, contribution)
    coordinator = _as(anonymous, "nec-de")
    answer = coordinator.post(f"/api/contributions/{contribution.id}/submit")
    assert answer.status_code == 200, answer.text
    assert answer.json()["state"] == "submitted"
    return {
        "contribution": contribution,
        "figure": figure,
        "coordinator": coordinator,
        "leader": _as(anonymous, "leader-fr"),
    }


def _put_figure(client: TestClient, session: Session, figure: IndicatorValue, value: int) -> Any:
    session.refresh(figure)
    return client.put(
        f"/api/indicator-values/{figure.id}",
        json={"value": value, "version": figure.version},
    )


class TestLocked:
    def test_a_figure_of_a_submitted_contribution_is_409_and_unchanged(
        self, submitted: dict[str, Any], session: Session
    ) -> None:
        figure = submitted["figure"]
        before = (figure.value, figure.version)
        answer = _put_figure(submitted["coordinator"], session, figure, 99)
        assert answer.status_code == 409, answer.text
        detail = answer.json()["detail"]
        assert "is “Submitted”" in detail and "returns it" in detail
        assert "Germany" in detail or "DE" in detail
        deleted = submitted["coordinator"].delete(f"/api/indicator-values/{figure.id}")
        assert deleted.status_code == 409
        session.refresh(figure)
        assert (figure.value, figure.version) == before

    def test_its_narrative_is_locked_too(self, submitted: dict[str, Any], session: Session) -> None:
        contribution = submitted["contribution"]
        session.refresh(contribution)
        answer = submitted["coordinator"].put(
            f"/api/contributions/{contribution.id}",
            json={"narrative": "Changed after submitting", "version": contribution.version},
        )
        assert answer.status_code == 409, answer.text
        session.refresh(contribution)
        assert contribution.narrative != "Changed after submitting"

    def test_a_workbook_made_before_it_was_handed_in_is_refused_cell_by_cell(
        self, anonymous: TestClient, session: Session
    ) -> None:
        contribution = _contribution(session)
        _figure(session, contribution)
        coordinator = _as(anonymous, "nec-de")
        data = download(coordinator, session)
        mine = [
            cell
            for cell in editable_cells(session, data)["figures"]
            if cell.key["participation_id"] == contribution.participation_id
        ]
        assert mine
        assert coordinator.post(f"/api/contributions/{contribution.id}/submit").status_code == 200
        planned = upload(coordinator, edit(data, {mine[0].cell: 77}))
        assert planned.status_code == 201, planned.text
        assert planned.json()["status"] == "rejected"
        (cell,) = [c for c in planned.json()["cells"] if c["cell"] == mine[0].cell]
        assert cell["outcome"] == "rejected"
        assert "the contribution is “Submitted”" in cell["message"]

    def test_the_workbook_made_after_shows_its_row_greyed_and_offers_no_cell_of_it(
        self, submitted: dict[str, Any], session: Session
    ) -> None:
        contribution = submitted["contribution"]
        data = download(submitted["coordinator"], session)
        cells = editable_cells(session, data)
        assert cells["figures"]  # the rows not handed in stay open
        assert not [
            cell
            for kind in ("figures", "narratives")
            for cell in cells[kind]
            if cell.key["participation_id"] == contribution.participation_id
        ]
        sheet = load_workbook(io.BytesIO(data))[DATA_SHEET]
        (row,) = [r for r in sheet.iter_rows() if r[0].value == contribution.participation_id]
        assert all(cell.protection.locked for cell in row)
        assert "is greyed and cannot change" in " ".join(
            str(c.value) for c in load_workbook(io.BytesIO(data))["Instructions"]["A"]
        )


class TestReview:
    def test_returned_with_a_comment_then_corrected_submitted_and_accepted(
        self, submitted: dict[str, Any], session: Session
    ) -> None:
        contribution, figure = submitted["contribution"], submitted["figure"]
        leader, coordinator = submitted["leader"], submitted["coordinator"]
        silent = leader.post(f"/api/contributions/{contribution.id}/return", json={})
        assert silent.status_code == 422
        assert silent.json()["fields"][0]["field"] == "comment"
        returned = leader.post(
            f"/api/contributions/{contribution.id}/return",
            json={"comment": "The arrests count twice the joint action day."},
        )
        assert returned.status_code == 200, returned.text
        body = returned.json()
        assert body["state"] == "returned"
        assert body["review_comment"] == "The arrests count twice the joint action day."
        assert body["reviewed_by_id"] is not None

        assert _put_figure(coordinator, session, figure, 2).status_code == 200
        assert coordinator.post(f"/api/contributions/{contribution.id}/submit").status_code == 200
        accepted = leader.post(f"/api/contributions/{contribution.id}/accept", json={})
        assert accepted.status_code == 200, accepted.text
        assert accepted.json()["state"] == "accepted"
        # Accepted for good: the figure stays as accepted, and no second review.
        assert _put_figure(coordinator, session, figure, 3).status_code == 409
        again = leader.post(f"/api/contributions/{contribution.id}/accept", json={})
        assert again.status_code == 409
        session.refresh(figure)
        assert figure.value == 2
        moves = session.exec(
            select(AuditEvent).where(
                col(AuditEvent.resource) == "contributions",
                col(AuditEvent.record_id) == contribution.id,
                col(AuditEvent.action) == AuditAction.transition,
            )
        ).all()
        states = [event.changes["state"][1] for event in moves]
        assert states == ["submitted", "returned", "submitted", "accepted"]

    def test_the_submitter_never_reviews_its_own_contribution(
        self, anonymous: TestClient, session: Session
    ) -> None:
        france = session.exec(select(Organisation).where(col(Organisation.code) == "FR")).one()
        own_part = session.exec(
            select(Contribution, ActionPlan)
            .join(Participation, col(Participation.id) == col(Contribution.participation_id))
            .join(OperationalAction, col(OperationalAction.id) == col(Participation.action_id))
            .join(ActionPlan, col(ActionPlan.id) == col(OperationalAction.action_plan_id))
            .where(
                col(Contribution.reporting_cycle_id) == in_state(session, CycleState.open).id,
                col(Participation.organisation_id) == france.id,
                col(Participation.role) == ParticipationRole.leader,
                col(Contribution.state).in_([ReportState.not_started, ReportState.draft]),
            )
        ).first()
        assert own_part is not None
        contribution, plan = own_part
        # The leader hands in its own part of the action it leads; then it may not also be
        # the one to accept it: the plan's driver does.
        leader = _as(anonymous, "leader-fr")
        assert leader.post(f"/api/contributions/{contribution.id}/submit").status_code == 200
        answer = leader.post(f"/api/contributions/{contribution.id}/accept", json={})
        assert answer.status_code == 403, answer.text
        assert "You submitted this contribution" in answer.json()["detail"]
        driver = _as(anonymous, f"driver-{plan.short_code.lower()}")
        accepted = driver.post(f"/api/contributions/{contribution.id}/accept", json={})
        assert accepted.status_code == 200, accepted.text
        assert accepted.json()["state"] == "accepted"

    def test_a_coordinator_does_not_review_and_the_refusal_is_audited(
        self, submitted: dict[str, Any], session: Session
    ) -> None:
        contribution = submitted["contribution"]
        answer = submitted["coordinator"].post(
            f"/api/contributions/{contribution.id}/return", json={"comment": "Mine"}
        )
        assert answer.status_code == 403
        assert "leader, the plan's driver or Europol" in answer.json()["detail"]
        refusal = session.exec(
            select(AuditEvent)
            .where(
                col(AuditEvent.action) == AuditAction.denied,
                col(AuditEvent.record_id) == contribution.id,
            )
            .order_by(col(AuditEvent.id).desc())
        ).first()
        assert refusal is not None and refusal.username == "nec-de"

    def test_only_a_submitted_contribution_is_reviewed(
        self, anonymous: TestClient, session: Session
    ) -> None:
        contribution = _contribution(session)
        answer = _as(anonymous, "leader-fr").post(
            f"/api/contributions/{contribution.id}/accept", json={}
        )
        assert answer.status_code == 409
        assert "only a submitted contribution can be accepted" in answer.json()["detail"]


def _inbox(session: Session, username: str) -> list[Notification]:
    user = session.exec(select(User).where(col(User.username) == username)).one()
    return list(
        session.exec(
            select(Notification)
            .where(col(Notification.user_id) == user.id)
            .order_by(col(Notification.id))
        ).all()
    )


class TestDecisionsAreTold:
    def test_the_coordinator_reads_the_return_with_its_comment_then_the_acceptance(
        self, submitted: dict[str, Any], session: Session
    ) -> None:
        contribution, leader = submitted["contribution"], submitted["leader"]
        before = len(_inbox(session, "nec-de"))
        leader.post(
            f"/api/contributions/{contribution.id}/return",
            json={"comment": "Arrests are counted twice."},
        )
        returned = _inbox(session, "nec-de")[before:]
        assert len(returned) == 1
        assert returned[0].subject.startswith("Contribution returned: ")
        assert "Arrests are counted twice." in returned[0].body
        assert "Action leader FR returned the contribution" in returned[0].body
        submitted["coordinator"].post(f"/api/contributions/{contribution.id}/submit")
        leader.post(f"/api/contributions/{contribution.id}/accept", json={})
        accepted = _inbox(session, "nec-de")[before + 1 :]
        assert [message.subject.split(":")[0] for message in accepted] == ["Contribution accepted"]
        # The reviewer is not told of its own decisions.
        assert not [m for m in _inbox(session, "leader-fr") if "Contribution" in m.subject]

    def test_a_leader_reads_in_french_that_its_report_was_returned(
        self, anonymous: TestClient, session: Session
    ) -> None:
        report = german_led_report(session)
        leader = _as(anonymous, "leader-de")
        leader.put("/api/auth/me/language", json={"language": "fr"})
        assert leader.post(f"/api/action-reports/{report.id}/submit").status_code == 200
        answer = _as(anonymous, "europol").post(
            f"/api/action-reports/{report.id}/return", json={"comment": "Il manque les saisies."}
        )
        assert answer.status_code == 200, answer.text
        (message,) = [m for m in _inbox(session, "leader-de") if "renvoyé" in m.subject]
        assert message.subject.startswith("Rapport renvoyé : ")
        assert "Il manque les saisies." in message.body and "a renvoyé le rapport" in message.body
