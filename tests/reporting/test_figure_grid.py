"""The figures grid: a report's or a country's figures on the web, saved as one whole through
the same write service as an upload, each row within the reader's scope, each figure
checked against the version read."""

from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from backend.audit.models import AuditAction, AuditEvent, AuditSource
from backend.catalog.models import Indicator, IndicatorKind, Organisation
from backend.plans.models import Participation
from backend.reporting.models import Contribution, CycleState, IndicatorValue, ReportState
from tests.reporting.test_contribution_reviews import _as, _contribution
from tests.reporting.test_review_api import in_state


def _grid(client: TestClient, cycle_id: int, **params: Any) -> dict[str, Any]:
    answer = client.get(f"/api/reporting-cycles/{cycle_id}/figures", params=params)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _save(client: TestClient, cycle_id: int, cells: list[dict[str, Any]]) -> Any:
    return client.put(f"/api/reporting-cycles/{cycle_id}/figures", json={"cells": cells})


def _integer_indicators(grid: dict[str, Any]) -> list[dict[str, Any]]:
    return [i for i in grid["indicators"] if i["kind"] == "integer"]


def _row(grid: dict[str, Any], participation_id: int) -> dict[str, Any]:
    (row,) = [r for r in grid["rows"] if r["participation_id"] == participation_id]
    return row


def _stored(session: Session, participation_id: int, indicator_id: int) -> IndicatorValue | None:
    participation = session.get(Participation, participation_id)
    assert participation is not None
    session.expire_all()
    return session.exec(
        select(IndicatorValue).where(
            col(IndicatorValue.reporting_cycle_id) == in_state(session, CycleState.open).id,
            col(IndicatorValue.action_id) == participation.action_id,
            col(IndicatorValue.organisation_id) == participation.organisation_id,
            col(IndicatorValue.indicator_id) == indicator_id,
        )
    ).first()


def _empty_cells(row: dict[str, Any], indicators: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        i
        for i in indicators
        if i["id"] in row["indicator_ids"]
        and (row["cells"].get(str(i["id"])) or {}).get("value") is None
    ]


class TestReadFigures:
    def test_a_leaders_report_grid_has_every_participant_its_own_row_first_and_writable(
        self, anonymous: TestClient, session: Session
    ) -> None:
        contribution = _contribution(session)  # Germany's part of an action France leads
        participation = session.get(Participation, contribution.participation_id)
        assert participation is not None
        cycle = in_state(session, CycleState.open)
        grid = _grid(_as(anonymous, "leader-fr"), cycle.id or 0, action=participation.action_id)
        taking_part = session.exec(
            select(col(Participation.id)).where(
                col(Participation.action_id) == participation.action_id
            )
        ).all()
        assert {row["participation_id"] for row in grid["rows"]} == set(taking_part)
        first = grid["rows"][0]
        assert first["own"] and first["writable"] and first["country_code"] == "FR"
        german = _row(grid, participation.id or 0)
        assert not german["writable"] and not german["may_submit"] and german["may_review"]
        assert first["may_submit"]
        assert german["read_only_reason"] == f"Reported by {german['organisation']}"
        assert grid["indicators"] and all(i["name"] != i["code"] for i in grid["indicators"])
        closed = in_state(session, CycleState.consolidated)
        assert grid["previous_cycle_code"] == closed.code

    def test_a_coordinator_sees_its_countrys_rows_and_no_other(
        self, anonymous: TestClient, session: Session
    ) -> None:
        coordinator = _as(anonymous, "nec-de")
        cycle_id = in_state(session, CycleState.open).id or 0
        grid = _grid(coordinator, cycle_id, country="DE")
        assert len({row["action_id"] for row in grid["rows"]}) > 1
        assert {row["country_code"] for row in grid["rows"]} == {"DE"}
        assert all(
            row["writable"] == (row["contribution_state"] not in ("submitted", "accepted"))
            for row in grid["rows"]
        )
        assert grid["plans"] and all(plan["name"] for plan in grid["plans"])
        assert _grid(coordinator, cycle_id, country="FR")["rows"] == []

    def test_an_action_outside_the_readers_scope_is_404_and_noted(
        self, anonymous: TestClient, session: Session
    ) -> None:
        contribution = _contribution(session)
        participation = session.get(Participation, contribution.participation_id)
        assert participation is not None
        cycle_id = in_state(session, CycleState.open).id or 0
        outside = session.exec(
            select(col(Participation.action_id))
            .join(Organisation, col(Organisation.id) == col(Participation.organisation_id))
            .where(
                col(Participation.action_id).not_in(
                    select(col(Participation.action_id))
                    .join(Organisation, col(Organisation.id) == col(Participation.organisation_id))
                    .where(col(Organisation.country_code) == "DE")
                )
            )
        ).first()
        answer = _as(anonymous, "nec-de").get(
            f"/api/reporting-cycles/{cycle_id}/figures", params={"action": outside}
        )
        assert answer.status_code == 404
        assert answer.json()["detail"] == "These figures are not yours to see."
        noted = session.exec(
            select(AuditEvent).where(
                col(AuditEvent.resource) == "figure-grids",
                col(AuditEvent.action) == AuditAction.denied,
            )
        ).all()
        assert noted and noted[-1].username == "nec-de"

    def test_without_an_action_a_plan_or_a_country_it_says_what_to_choose(
        self, anonymous: TestClient, session: Session
    ) -> None:
        cycle_id = in_state(session, CycleState.open).id or 0
        answer = _as(anonymous, "nec-de").get(f"/api/reporting-cycles/{cycle_id}/figures")
        assert answer.status_code == 422
        assert "choose the figures to show" in answer.json()["detail"]


class TestSaveFigures:
    def test_a_pasted_block_is_saved_audited_read_back_and_the_contribution_is_a_draft(
        self, anonymous: TestClient, session: Session
    ) -> None:
        coordinator = _as(anonymous, "nec-de")
        cycle_id = in_state(session, CycleState.open).id or 0
        grid = _grid(coordinator, cycle_id, country="DE")
        row = next(
            r for r in grid["rows"] if r["writable"] and r["contribution_state"] == "not_started"
        )
        empty = _empty_cells(row, _integer_indicators(grid))[:3]
        assert len(empty) == 3
        typed = ["1 234", "5", "0"]
        answer = _save(
            coordinator,
            cycle_id,
            [
                {"participation_id": row["participation_id"], "indicator_id": i["id"], "value": v}
                for i, v in zip(empty, typed, strict=True)
            ],
        )
        assert answer.status_code == 200, answer.text
        assert answer.json() == {"created": 3, "updated": 0, "deleted": 0}
        again = _row(_grid(coordinator, cycle_id, country="DE"), row["participation_id"])
        assert [again["cells"][str(i["id"])]["value"] for i in empty] == ["1234", "5", "0"]
        assert again["contribution_state"] == "draft"
        stored = _stored(session, row["participation_id"], empty[0]["id"])
        assert stored is not None and stored.value == Decimal(1234) and stored.source == "web"
        events = session.exec(
            select(AuditEvent).where(
                col(AuditEvent.resource) == "indicator-values",
                col(AuditEvent.record_id) == stored.id,
            )
        ).all()
        assert [(e.action, e.username, e.source) for e in events] == [
            (AuditAction.create, "nec-de", AuditSource.web)
        ]

    def test_a_stale_figure_is_409_naming_its_row_and_nothing_is_saved(
        self, anonymous: TestClient, session: Session
    ) -> None:
        coordinator = _as(anonymous, "nec-de")
        cycle_id = in_state(session, CycleState.open).id or 0
        grid = _grid(coordinator, cycle_id, country="DE")
        row = next(r for r in grid["rows"] if r["writable"])
        first, second = _empty_cells(row, _integer_indicators(grid))[:2]
        cells = [
            {"participation_id": row["participation_id"], "indicator_id": i["id"], "value": "3"}
            for i in (first, second)
        ]
        assert _save(coordinator, cycle_id, cells[:1]).status_code == 200
        # Another session wrote the first figure since this grid was read.
        answer = _save(coordinator, cycle_id, [{**cells[0], "value": "4"}, cells[1]])
        assert answer.status_code == 409, answer.text
        body = answer.json()
        assert [f["field"] for f in body["fields"]] == [f"{row['participation_id']}:{first['id']}"]
        assert row["action"] in body["detail"] and row["organisation"] in body["detail"]
        assert first["name"] in body["detail"] and "changed this figure" in body["detail"]
        stored = _stored(session, row["participation_id"], first["id"])
        assert stored is not None and stored.value == Decimal(3)
        assert _stored(session, row["participation_id"], second["id"]) is None

    def test_figures_that_break_a_rule_are_422_each_named_and_nothing_is_saved(
        self, anonymous: TestClient, session: Session
    ) -> None:
        coordinator = _as(anonymous, "nec-de")
        cycle_id = in_state(session, CycleState.open).id or 0
        grid = _grid(coordinator, cycle_id, country="DE")
        row = next(r for r in grid["rows"] if r["writable"])
        good, words, halves = _empty_cells(row, _integer_indicators(grid))[:3]
        answer = _save(
            coordinator,
            cycle_id,
            [
                {"participation_id": row["participation_id"], "indicator_id": i["id"], "value": v}
                for i, v in ((good, "2"), (words, "many"), (halves, "2.5"))
            ],
        )
        assert answer.status_code == 422, answer.text
        problems = {f["field"]: f["message"] for f in answer.json()["fields"]}
        key = f"{row['participation_id']}:"
        assert set(problems) == {f"{key}{words['id']}", f"{key}{halves['id']}"}
        assert "“many” is not a number" in answer.json()["detail"]
        assert _stored(session, row["participation_id"], good["id"]) is None

    def test_a_row_of_another_organisation_is_403_and_nothing_is_saved(
        self, anonymous: TestClient, session: Session
    ) -> None:
        contribution = _contribution(session)
        participation = session.get(Participation, contribution.participation_id)
        assert participation is not None
        cycle_id = in_state(session, CycleState.open).id or 0
        indicator = session.exec(
            select(Indicator).where(
                col(Indicator.code) == "arrests", col(Indicator.kind) == IndicatorKind.integer
            )
        ).first()
        assert indicator is not None
        before = _stored(session, participation.id or 0, indicator.id or 0)
        answer = _save(
            _as(anonymous, "leader-fr"),
            cycle_id,
            [
                {
                    "participation_id": participation.id,
                    "indicator_id": indicator.id,
                    "value": "999",
                    "version": before.version if before else None,
                }
            ],
        )
        assert answer.status_code == 403, answer.text
        assert "You may not write the figures of" in answer.json()["detail"]
        after = _stored(session, participation.id or 0, indicator.id or 0)
        assert (after.value if after else None) == (before.value if before else None)

    def test_a_submitted_contributions_row_is_read_only_and_a_write_into_it_is_409(
        self, anonymous: TestClient, session: Session
    ) -> None:
        coordinator = _as(anonymous, "nec-de")
        cycle_id = in_state(session, CycleState.open).id or 0
        grid = _grid(coordinator, cycle_id, country="DE")
        row = next(r for r in grid["rows"] if r["writable"] and r["contribution_id"])
        (indicator, *_) = _empty_cells(row, _integer_indicators(grid))
        submitted = coordinator.post(f"/api/contributions/{row['contribution_id']}/submit")
        assert submitted.status_code == 200, submitted.text
        locked = _row(_grid(coordinator, cycle_id, country="DE"), row["participation_id"])
        assert not locked["writable"] and locked["read_only_reason"] == "Handed in: Submitted"
        # Its submitter may not review it.
        assert not locked["may_review"]
        answer = _save(
            coordinator,
            cycle_id,
            [
                {
                    "participation_id": row["participation_id"],
                    "indicator_id": indicator["id"],
                    "value": "8",
                }
            ],
        )
        assert answer.status_code == 409, answer.text
        assert "is “Submitted”" in answer.json()["detail"]
        assert _stored(session, row["participation_id"], indicator["id"]) is None
        session.expire_all()
        stays = session.get(Contribution, row["contribution_id"])
        assert stays is not None and stays.state == ReportState.submitted
