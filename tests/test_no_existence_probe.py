"""A write naming a record outside the caller's scope answers as if the record did not
exist: nothing in the answer tells a caller that an action it may not see is there."""

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from backend.catalog.models import Organisation
from backend.plans.models import OperationalAction, Participation
from tests.conftest import sign_in

UNKNOWN = 999_999


def _an_action_france_has_no_part_in(session: Session) -> tuple[int, int]:
    """(an action France neither leads nor takes part in, an organisation taking part)."""
    france = select(col(Organisation.id)).where(col(Organisation.country_code) == "FR")
    with_france = select(col(Participation.action_id)).where(
        col(Participation.organisation_id).in_(france)
    )
    row = session.exec(
        select(col(OperationalAction.id), col(Participation.organisation_id))
        .join(Participation, col(Participation.action_id) == col(OperationalAction.id))
        .where(col(OperationalAction.id).not_in(with_france))
        .order_by(col(OperationalAction.id))
    ).first()
    assert row is not None
    return row[0] or 0, row[1]


def _answer(client: TestClient, action_id: int, organisation_id: int) -> tuple[int, str, str]:
    response = client.post(
        "/api/participations",
        json={"action_id": action_id, "organisation_id": organisation_id, "role": "participant"},
    )
    body = response.json()
    message = body["fields"][0]["message"] if body.get("fields") else body["detail"]
    return response.status_code, body["error"], message.replace(str(action_id), "<id>")


def test_an_action_out_of_sight_answers_as_one_that_does_not_exist(
    anonymous: TestClient, session: Session
) -> None:
    hidden, taking_part = _an_action_france_has_no_part_in(session)
    leader = sign_in(anonymous, "leader-fr")
    assert leader.get(f"/api/operational-actions/{hidden}").status_code == 404
    # A participation that exists, in an action the leader may not see: no 409 "another
    # participation already has...", the same answer as for an action that is not there.
    seen = _answer(leader, hidden, taking_part)
    unknown = _answer(leader, UNKNOWN, taking_part)
    assert seen == unknown
    assert seen[0] == 422 and "no operational action with id <id>" in seen[2]
