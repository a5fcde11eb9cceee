"""The plan workbook: a plan downloaded as it is stored, and a new plan loaded from one."""

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook, load_workbook
from sqlmodel import Session, col, func, select

from backend.audit.models import AuditAction, AuditEvent, AuditSource
from backend.catalog.models import Organisation, StrategicGoal
from backend.plans.models import ActionPlan, OperationalAction, Participation
from backend.spreadsheets.plan_import import action_code
from backend.spreadsheets.plan_workbook import (
    ACTIONS_SHEET,
    CODES_SHEET,
    PARTICIPANTS_SHEET,
    PLAN_FIELDS,
    PLAN_SHEET,
)
from tests.conftest import sign_in

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LOAD = "/api/action-plans/workbook"


def _smallest_plan(session: Session) -> ActionPlan:
    """The demo plan with the fewest participations: the quickest to load again."""
    plan_id = session.exec(
        select(col(OperationalAction.action_plan_id))
        .join(Participation, col(Participation.action_id) == col(OperationalAction.id))
        .group_by(col(OperationalAction.action_plan_id))
        .order_by(func.count())
        .limit(1)
    ).one()
    plan = session.get(ActionPlan, plan_id)
    assert plan is not None
    return plan


def _other_plan(session: Session, plan: ActionPlan) -> ActionPlan:
    other = session.exec(select(ActionPlan).where(col(ActionPlan.id) != plan.id)).first()
    assert other is not None
    return other


def _download(client: TestClient, plan_id: int | None) -> bytes:
    response = client.get(f"/api/action-plans/{plan_id}/workbook")
    assert response.status_code == 200, response.text
    return response.content


def _rows(workbook: Workbook, sheet: str) -> list[tuple[Any, ...]]:
    return [row for row in workbook[sheet].iter_rows(min_row=2, values_only=True) if any(row)]


def _plan_values(workbook: Workbook) -> dict[str, Any]:
    labels = {column.field: index for index, column in enumerate(PLAN_FIELDS, start=2)}
    sheet = workbook[PLAN_SHEET]
    return {name: sheet.cell(row=row, column=2).value for name, row in labels.items()}


def _edit(data: bytes, change: Any) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    change(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _renumbered(code: str) -> str:
    goal, number = code.removeprefix("OA ").split(".")
    return f"OA {goal}.{int(number) + 500}"


def _as_new_plan(data: bytes, short_code: str = "NEWPLAN") -> bytes:
    """The workbook of a stored plan, changed into one of a new plan with new action codes."""

    def change(workbook: Workbook) -> None:
        plan = workbook[PLAN_SHEET]
        plan["B2"] = f"OAP 2026-2027 {short_code}"
        plan["B3"] = short_code
        for sheet in (ACTIONS_SHEET, PARTICIPANTS_SHEET):
            for (cell,) in workbook[sheet].iter_rows(min_row=2, max_col=1):
                if cell.value:
                    cell.value = _renumbered(cell.value)

    return _edit(data, change)


def _load(client: TestClient, data: bytes, *, dry_run: bool = False) -> Any:
    return client.post(
        LOAD,
        files={"file": ("plan.xlsx", data, XLSX)},
        params={"dry_run": "true"} if dry_run else None,
    )


def _counts(session: Session) -> tuple[int, ...]:
    return tuple(
        session.exec(select(func.count()).select_from(table)).one()
        for table in (ActionPlan, OperationalAction, Participation, AuditEvent)
    )


def _problems(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "invalid_upload"
    fields: list[dict[str, str]] = response.json()["fields"]
    return fields


def _where(problem: dict[str, str]) -> tuple[str, str, str, str]:
    return (problem["sheet"], problem["row"], problem["column"], problem["field"])


class TestPlanWorkbook:
    def test_europol_gets_the_plan_as_stored(self, anonymous: TestClient, session: Session) -> None:
        client = sign_in(anonymous, "europol")
        plan = _smallest_plan(session)
        response = client.get(f"/api/action-plans/{plan.id}/workbook")

        assert response.status_code == 200
        assert response.headers["content-type"].startswith(XLSX)
        assert (
            f'filename="empact-{plan.short_code}-plan-workbook.xlsx"'
            in response.headers["content-disposition"]
        )
        workbook = load_workbook(io.BytesIO(response.content))
        assert workbook.sheetnames[:5] == [
            "Instructions",
            PLAN_SHEET,
            ACTIONS_SHEET,
            PARTICIPANTS_SHEET,
            CODES_SHEET,
        ]
        codes = dict(session.exec(select(col(Organisation.id), col(Organisation.code))).all())
        values = _plan_values(workbook)
        assert values["code"] == plan.code
        assert values["short_code"] == plan.short_code
        assert values["driver"] == codes[plan.driver_id]
        assert values["co_drivers"] == ", ".join(sorted(o.code for o in plan.co_drivers))
        actions = session.exec(
            select(OperationalAction).where(col(OperationalAction.action_plan_id) == plan.id)
        ).all()
        goals = dict(session.exec(select(col(StrategicGoal.id), col(StrategicGoal.code))).all())
        assert {
            (code, title, goal, leader, start.date(), end.date(), state, budget, grant)
            for code, title, goal, leader, start, end, state, _, _, budget, grant in _rows(
                workbook, ACTIONS_SHEET
            )
        } == {
            (
                a.code,
                a.title,
                goals[a.strategic_goal_id],
                codes[a.leader_id],
                a.start_date,
                a.end_date,
                a.state,
                a.budget_eur,
                a.grant_reference or None,
            )
            for a in actions
        }
        by_action = {a.id: a.code for a in actions}
        participations = session.exec(
            select(Participation).where(col(Participation.action_id).in_(list(by_action)))
        ).all()
        assert sorted(_rows(workbook, PARTICIPANTS_SHEET)) == sorted(
            (by_action[p.action_id], codes[p.organisation_id], p.role) for p in participations
        )

    def test_driver_gets_its_own_plan(self, anonymous: TestClient, session: Session) -> None:
        plan = _smallest_plan(session)
        client = sign_in(anonymous, f"driver-{plan.short_code.lower()}")
        assert client.get(f"/api/action-plans/{plan.id}/workbook").status_code == 200

    def test_driver_gets_404_on_another_plan_and_it_is_audited(
        self, anonymous: TestClient, session: Session
    ) -> None:
        plan = _smallest_plan(session)
        other = _other_plan(session, plan)
        client = sign_in(anonymous, f"driver-{plan.short_code.lower()}")

        response = client.get(f"/api/action-plans/{other.id}/workbook")

        assert response.status_code == 404
        assert response.json()["error"] == "not_found"
        denied = session.exec(
            select(AuditEvent).where(
                col(AuditEvent.resource) == "plan-workbooks",
                col(AuditEvent.record_id) == other.id,
                col(AuditEvent.action) == AuditAction.denied,
            )
        ).all()
        assert len(denied) == 1

    def test_unknown_plan_is_404(self, client: TestClient) -> None:
        assert client.get("/api/action-plans/987654/workbook").status_code == 404


class TestTemplate:
    def test_template_has_the_sheets_and_no_rows(self, client: TestClient) -> None:
        response = client.get(LOAD)

        assert response.status_code == 200
        assert "empact-plan-workbook-template.xlsx" in response.headers["content-disposition"]
        workbook = load_workbook(io.BytesIO(response.content))
        assert set(_plan_values(workbook).values()) == {None}
        assert _rows(workbook, ACTIONS_SHEET) == []
        assert _rows(workbook, PARTICIPANTS_SHEET) == []
        assert workbook[ACTIONS_SHEET]["D1"].value == "Leader *"
        assert workbook[ACTIONS_SHEET].freeze_panes == "A2"
        validations = workbook[PARTICIPANTS_SHEET].data_validations.dataValidation
        assert any("co_leader" in (v.formula1 or "") for v in validations)

    def test_national_coordinator_gets_403(self, anonymous: TestClient) -> None:
        assert sign_in(anonymous, "nec-de").get(LOAD).status_code == 403


class TestLoadPlan:
    def test_changed_codes_load_as_a_new_audited_plan(
        self, anonymous: TestClient, session: Session
    ) -> None:
        client = sign_in(anonymous, "europol")
        plan = _smallest_plan(session)
        data = _as_new_plan(_download(client, plan.id))

        response = _load(client, data)

        assert response.status_code == 201, response.text
        summary = response.json()
        new = session.get(ActionPlan, summary["action_plan_id"])
        assert new is not None
        assert (new.code, new.short_code) == ("OAP 2026-2027 NEWPLAN", "NEWPLAN")
        assert (new.priority_id, new.sub_priority_id, new.driver_id, new.period) == (
            plan.priority_id,
            plan.sub_priority_id,
            plan.driver_id,
            plan.period,
        )
        assert new.co_driver_ids == plan.co_driver_ids

        def stored(plan_id: int | None) -> tuple[set[Any], set[Any]]:
            actions = session.exec(
                select(OperationalAction).where(col(OperationalAction.action_plan_id) == plan_id)
            ).all()
            codes = {a.id: a.code for a in actions}
            parts = session.exec(
                select(Participation).where(col(Participation.action_id).in_(list(codes)))
            ).all()
            return (
                {
                    (a.code, a.title, a.strategic_goal_id, a.leader_id, a.start_date, a.end_date)
                    + (a.state, a.description, a.expected_results, a.budget_eur, a.grant_reference)
                    for a in actions
                },
                {(codes[p.action_id], p.organisation_id, p.role) for p in parts},
            )

        old_actions, old_parts = stored(plan.id)
        new_actions, new_parts = stored(new.id)
        assert summary["actions"] == len(new_actions) == len(old_actions)
        assert summary["participations"] == len(new_parts) == len(old_parts)
        assert {(_renumbered(a[0]), *a[1:]) for a in old_actions} == new_actions
        assert {(_renumbered(p[0]), *p[1:]) for p in old_parts} == new_parts
        assert summary["problems"] == []

        events = session.exec(
            select(AuditEvent).where(
                col(AuditEvent.source) == AuditSource.upload,
                col(AuditEvent.source_ref).startswith("plan-workbook:"),
            )
        ).all()
        created = {(e.resource, e.action) for e in events}
        assert created == {
            ("action-plans", AuditAction.create),
            ("operational-actions", AuditAction.create),
            ("participations", AuditAction.create),
            ("plan-workbooks", AuditAction.create),
        }
        assert all(e.username == "europol" for e in events)

    def test_dry_run_creates_nothing(self, anonymous: TestClient, session: Session) -> None:
        client = sign_in(anonymous, "europol")
        plan = _smallest_plan(session)
        data = _as_new_plan(_download(client, plan.id))
        before = _counts(session)

        response = _load(client, data, dry_run=True)

        assert response.status_code == 200, response.text
        summary = response.json()
        assert summary["dry_run"] is True
        assert summary["action_plan_id"] is None
        actions = session.exec(
            select(func.count()).where(col(OperationalAction.action_plan_id) == plan.id)
        ).one()
        assert summary["actions"] == actions
        assert _counts(session) == before

    def test_every_problem_is_named_and_nothing_is_created(
        self, anonymous: TestClient, session: Session
    ) -> None:
        client = sign_in(anonymous, "europol")
        plan = _smallest_plan(session)

        def spoil(workbook: Workbook) -> None:
            actions = workbook[ACTIONS_SHEET]
            actions["D2"] = "XX"  # unknown leader
            actions["A4"] = actions["A3"].value  # duplicate code
            actions["B5"] = "=UPPER(B4)"  # a formula
            actions["F6"] = dt.date(2025, 1, 1)  # before its start
            actions["D7"] = None  # no leader
            workbook[PARTICIPANTS_SHEET]["A2"] = "OA 9.999"  # an action not on the sheet

        data = _edit(_download(client, plan.id), spoil)  # its codes exist already
        before = _counts(session)

        response = _load(client, data)

        problems = _problems(response)
        where = {_where(problem): problem["message"] for problem in problems}
        assert "already exists" in where[(PLAN_SHEET, "2", "B", "code")]
        assert "new plans only" in where[(PLAN_SHEET, "2", "B", "code")]
        assert (PLAN_SHEET, "3", "B", "short_code") in where
        assert where[(ACTIONS_SHEET, "2", "D", "leader")] == "no organisation with code 'XX'"
        assert "is also on row 3" in where[(ACTIONS_SHEET, "4", "A", "code")]
        assert "type the value" in where[(ACTIONS_SHEET, "5", "B", "title")]
        assert "out of order" in where[(ACTIONS_SHEET, "6", "F", "end_date")]
        assert "needs a leader" in where[(ACTIONS_SHEET, "7", "D", "leader")]
        assert "no action with code 'OA 9.999'" in where[(PARTICIPANTS_SHEET, "2", "A", "action")]
        detail = response.json()["detail"]
        assert "Actions, row 2, column D (leader): no organisation with code 'XX'" in detail
        assert "no plan was created" in detail
        assert _counts(session)[:3] == before[:3]

    def test_missing_sheet_is_named(self, anonymous: TestClient, session: Session) -> None:
        client = sign_in(anonymous, "europol")
        plan = _smallest_plan(session)
        data = _edit(
            _as_new_plan(_download(client, plan.id)),
            lambda workbook: workbook.remove(workbook[PARTICIPANTS_SHEET]),
        )
        before = _counts(session)

        problems = _problems(_load(client, data))

        assert [(p["sheet"], p["message"]) for p in problems] == [
            (
                PARTICIPANTS_SHEET,
                "the sheet 'Participants' is missing: a plan workbook has the sheets Plan, "
                "Actions, Participants",
            )
        ]
        assert _counts(session)[:3] == before[:3]

    def test_another_kind_of_file_is_refused(self, client: TestClient) -> None:
        response = _load(client, b"code,title\nOA 1.1,Something\n")
        assert response.status_code == 415

    def test_driver_cannot_load(self, anonymous: TestClient, session: Session) -> None:
        plan = _smallest_plan(session)
        client = sign_in(anonymous, f"driver-{plan.short_code.lower()}")
        data = _as_new_plan(_download(client, plan.id))

        response = _load(client, data)

        assert response.status_code == 403
        assert response.json()["error"] == "forbidden"
        assert (
            session.exec(select(ActionPlan).where(col(ActionPlan.short_code) == "NEWPLAN")).first()
            is None
        )
        denied = session.exec(
            select(AuditEvent).where(
                col(AuditEvent.resource) == "plan-workbooks",
                col(AuditEvent.action) == AuditAction.denied,
            )
        ).all()
        assert [event.username for event in denied] == [f"driver-{plan.short_code.lower()}"]
        # Refused before the body is looked at, whatever it is.
        assert client.post(LOAD, json={}).status_code == 403

    def test_blank_template_filled_in_loads(self, client: TestClient, session: Session) -> None:
        template = client.get(LOAD).content

        def fill(workbook: Workbook) -> None:
            plan = workbook[PLAN_SHEET]
            values = {
                "code": "OAP 2026-2027 FROM SCRATCH",
                "short_code": "scratch",  # capitals are made for it
                "name": "Firearms: a plan written from scratch",
                "period": "2026-2027",
                "policy_cycle": "2026-2029",
                "priority": 5,  # typed as a number
                "driver": "NL",
                "co_drivers": "DE; fr",
            }
            for row, column in enumerate(PLAN_FIELDS, start=2):
                if column.field in values:
                    plan.cell(row=row, column=2, value=values[column.field])
            actions = workbook[ACTIONS_SHEET]
            actions.append(
                ["oa 3.1", "Joint action days", "3", "DE", dt.date(2026, 3, 1), "2026-10-31"]
                + ["", "Checks at the borders", "", 125000.5, "POL.13405"]
            )
            actions.append(
                ["OA 6.1", "Training", 6, "CEPOL", dt.datetime(2026, 1, 1), dt.date(2027, 6, 30)]
            )
            participants = workbook[PARTICIPANTS_SHEET]
            participants.append(["OA 3.1", "FR", "co-leader"])
            participants.append(["OA 3.1", "EUROPOL", None])
            participants.append(["OA 3.1", "DE", None])
            participants.append(["OA 6.1", "NL", "participant"])

        response = _load(client, _edit(template, fill))

        assert response.status_code == 201, response.text
        summary = response.json()
        assert (summary["actions"], summary["participations"], summary["co_drivers"]) == (2, 5, 2)
        plan = session.get(ActionPlan, summary["action_plan_id"])
        assert plan is not None
        assert plan.short_code == "SCRATCH"
        assert sorted(o.code for o in plan.co_drivers) == ["DE", "FR"]
        actions = {
            a.code: a
            for a in session.exec(
                select(OperationalAction).where(col(OperationalAction.action_plan_id) == plan.id)
            ).all()
        }
        assert set(actions) == {"OA 3.1", "OA 6.1"}
        assert actions["OA 3.1"].end_date == dt.date(2026, 10, 31)
        assert actions["OA 3.1"].budget_eur == Decimal("125000.5")
        roles = {
            (code, org, str(role))
            for code, org, role in session.exec(
                select(OperationalAction.code, Organisation.code, Participation.role)
                .join(Participation, col(Participation.action_id) == col(OperationalAction.id))
                .join(Organisation, col(Organisation.id) == col(Participation.organisation_id))
                .where(col(OperationalAction.action_plan_id) == plan.id)
            ).all()
        }
        assert roles == {
            ("OA 3.1", "DE", "leader"),
            ("OA 3.1", "FR", "co_leader"),
            ("OA 3.1", "EUROPOL", "participant"),
            ("OA 6.1", "CEPOL", "leader"),
            ("OA 6.1", "NL", "participant"),
        }


@pytest.mark.parametrize(
    ("written", "code"),
    [("OA 3.2", "OA 3.2"), ("oa3.2 ", "OA 3.2"), ("OA 03.10", "OA 3.10"), ("3.2", None)],
)
def test_action_codes_are_read_leniently(written: str, code: str | None) -> None:
    assert action_code(written) == code
