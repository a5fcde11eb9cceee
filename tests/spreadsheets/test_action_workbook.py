"""The action workbook of a demo action, as its leader, its driver or Europol downloads it."""

import io
import re
import zipfile
from decimal import Decimal
from typing import Any

import httpx2
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session, col, select

from backend.audit.models import AuditAction, AuditEvent
from backend.catalog.models import Indicator, Organisation
from backend.errors import InvalidInput
from backend.plans.models import ActionPlan, OperationalAction, Participation, ParticipationRole
from backend.reporting.models import ActionReport, Contribution, IndicatorValue, ReportingCycle
from backend.spreadsheets.action_service import action_cycle_report
from backend.spreadsheets.action_workbook import (
    CONTRIBUTIONS_SHEET,
    REPORT_SHEET,
    build_action_workbook,
)
from tests.conftest import sign_in
from tests.demo_cycles import CLOSED_CYCLE, OPEN_CYCLE
from tests.factories import make_action, organisation

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cycle(session: Session, code: str) -> ReportingCycle:
    return session.exec(select(ReportingCycle).where(col(ReportingCycle.code) == code)).one()


def _led_by(session: Session, leader: str) -> OperationalAction:
    """A demo action led by `leader` with figures in the open cycle and in the closed one."""
    current, before = _cycle(session, OPEN_CYCLE), _cycle(session, CLOSED_CYCLE)
    with_figures = select(col(IndicatorValue.action_id)).where(
        col(IndicatorValue.reporting_cycle_id) == current.id, col(IndicatorValue.value).is_not(None)
    )
    with_previous = select(col(IndicatorValue.action_id)).where(
        col(IndicatorValue.reporting_cycle_id) == before.id
    )
    return session.exec(
        select(OperationalAction)
        .where(
            col(OperationalAction.leader_id) == organisation(session, leader).id,
            col(OperationalAction.id).in_(with_figures),
            col(OperationalAction.id).in_(with_previous),
        )
        .order_by(col(OperationalAction.id))
    ).first() or pytest.fail(f"no demo action led by {leader} with figures")


def _build(session: Session, action: OperationalAction) -> bytes:
    report = action_cycle_report(
        session, cycle_id=_cycle(session, OPEN_CYCLE).id or 0, action=action
    )
    return build_action_workbook(report, generated_by="tester")


def _headers(sheet: Worksheet) -> list[str]:
    return [str(cell.value) for cell in sheet[1]]


def _row_of(sheet: Worksheet, organisation_code: str) -> int:
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=1).value == organisation_code:
            return row
    raise AssertionError(f"no row of {organisation_code}")


def _report_field(sheet: Worksheet, label: str) -> object:
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=1).value == label:
            return sheet.cell(row=row, column=2).value
    raise AssertionError(f"no field {label}")


class TestActionWorkbook:
    def test_rows_are_exactly_the_actions_participations(self, session: Session) -> None:
        action = _led_by(session, "DE")
        sheet = load_workbook(io.BytesIO(_build(session, action)))[CONTRIBUTIONS_SHEET]
        expected = session.exec(
            select(Organisation.code)
            .join(Participation, col(Participation.organisation_id) == col(Organisation.id))
            .where(col(Participation.action_id) == action.id)
        ).all()
        shown = [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)]
        assert sorted(shown) == sorted(expected)
        assert len(shown) == len(expected) >= 3
        assert shown[0] == "DE"  # the leader first
        assert sheet.cell(row=2, column=4).value == "Leader"
        assert ParticipationRole.leader.value == "leader"

    def test_stored_figures_are_in_place_beside_the_previous_ones(self, session: Session) -> None:
        action = _led_by(session, "DE")
        sheet = load_workbook(io.BytesIO(_build(session, action)))[CONTRIBUTIONS_SHEET]
        headers = _headers(sheet)
        current, before = _cycle(session, OPEN_CYCLE), _cycle(session, CLOSED_CYCLE)
        stored = session.exec(
            select(IndicatorValue, Indicator, Organisation)
            .join(Indicator, col(Indicator.id) == col(IndicatorValue.indicator_id))
            .join(Organisation, col(Organisation.id) == col(IndicatorValue.organisation_id))
            .where(
                col(IndicatorValue.action_id) == action.id,
                col(IndicatorValue.reporting_cycle_id).in_([current.id, before.id]),
            )
        ).all()
        assert any(value.reporting_cycle_id == before.id for value, _, _ in stored)
        for value, indicator, member in stored:
            unit = f" ({indicator.unit})" if indicator.unit else ""
            title = f"{indicator.name}{unit}"
            if value.reporting_cycle_id == before.id:
                title = f"{indicator.name}: previous"
            cell = sheet.cell(row=_row_of(sheet, member.code), column=headers.index(title) + 1)
            if value.value is None:
                assert cell.value == value.text_value
            else:
                assert Decimal(str(cell.value)) == value.value

    def test_report_sheet_holds_the_stored_report(self, session: Session) -> None:
        action = _led_by(session, "DE")
        stored = session.exec(
            select(ActionReport).where(
                col(ActionReport.action_id) == action.id,
                col(ActionReport.reporting_cycle_id) == _cycle(session, OPEN_CYCLE).id,
            )
        ).one()
        stored.progress = "Two joint action days held."
        stored.obstacles = "One partner answered late."
        session.add(stored)
        session.commit()
        sheet = load_workbook(io.BytesIO(_build(session, action)))[REPORT_SHEET]
        plan = session.get(ActionPlan, action.action_plan_id)
        assert plan is not None
        assert _report_field(sheet, "Action") == f"{plan.short_code} · {action.code}"
        assert _report_field(sheet, "Title") == action.title
        assert _report_field(sheet, "Plan") == f"{plan.code}: {plan.name}"
        assert _report_field(sheet, "Leader") == f"DE: {organisation(session, 'DE').name}"
        assert _report_field(sheet, "Action state") == action.state.value.capitalize()
        assert (
            _report_field(sheet, "Report state")
            == {
                "not_started": "Not started",
                "draft": "Draft",
                "submitted": "Submitted",
                "returned": "Returned",
                "accepted": "Accepted",
            }[stored.state]
        )
        assert _report_field(sheet, "Progress") == "Two joint action days held."
        assert _report_field(sheet, "Obstacles") == "One partner answered late."
        rag = {"green": "Green: on track", "amber": "Amber: at risk", "red": "Red: off track"}
        assert _report_field(sheet, "RAG status") == (
            rag[stored.rag_status] if stored.rag_status else None
        )

    def test_a_french_leader_reads_the_workbook_in_french(self, session: Session) -> None:
        action = _led_by(session, "DE")
        report = action_cycle_report(
            session, cycle_id=_cycle(session, OPEN_CYCLE).id or 0, action=action
        )
        workbook = load_workbook(
            io.BytesIO(build_action_workbook(report, generated_by="x", language="fr"))
        )
        lines = [row[0].value for row in workbook["Instructions"].iter_rows()]
        assert str(lines[0]).startswith("Classeur d'action EMPACT : ")
        assert "Période de rapport du " in str(lines[2])
        contributions = workbook[CONTRIBUTIONS_SHEET]
        assert [c.value for c in contributions[1]][:5] == [
            "Organisation",
            "Nom",
            "Pays",
            "Rôle",
            "État",
        ]
        assert contributions.cell(row=2, column=4).value == "Responsable"
        report_sheet = workbook[REPORT_SHEET]
        labels = [row[0].value for row in report_sheet.iter_rows(min_row=2)]
        assert "Prochaines étapes" in labels and "Objectif stratégique" in labels

    def test_text_that_looks_like_a_formula_stays_text(self, session: Session) -> None:
        demo = _led_by(session, "DE")
        action = make_action(
            session,
            action_plan_id=demo.action_plan_id,
            strategic_goal_id=demo.strategic_goal_id,
            code="OA 99.901",
            title='=HYPERLINK("http://evil.example","open")',
        )
        participation = session.exec(
            select(Participation).where(col(Participation.action_id) == action.id)
        ).one()
        session.add(
            Contribution(
                reporting_cycle_id=_cycle(session, OPEN_CYCLE).id or 0,
                participation_id=participation.id or 0,
                narrative="=1+1",
            )
        )
        session.commit()
        data = _build(session, action)
        archive = zipfile.ZipFile(io.BytesIO(data))
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name)
        workbook = load_workbook(io.BytesIO(data))
        title = workbook[REPORT_SHEET]["B4"]
        assert title.value == '=HYPERLINK("http://evil.example","open")'
        assert title.data_type == "s"
        contributions = workbook[CONTRIBUTIONS_SHEET]
        narrative = contributions.cell(row=2, column=contributions.max_column)
        assert (narrative.value, narrative.data_type) == ("=1+1", "s")

    def test_action_of_another_policy_cycle_is_422_naming_action(self, session: Session) -> None:
        with pytest.raises(InvalidInput) as refused:
            action_cycle_report(
                session, cycle_id=_cycle(session, OPEN_CYCLE).id or 0, action=make_action(session)
            )
        assert refused.value.fields[0]["field"] == "action"

    def test_sheets_are_styled_for_reading_and_printing(self, session: Session) -> None:
        workbook = load_workbook(io.BytesIO(_build(session, _led_by(session, "DE"))))
        assert workbook.sheetnames == ["Instructions", REPORT_SHEET, CONTRIBUTIONS_SHEET]
        for name in (REPORT_SHEET, CONTRIBUTIONS_SHEET):
            sheet = workbook[name]
            assert sheet.freeze_panes in ("A2", "B2")
            assert sheet["A1"].fill.fgColor.rgb == "001F3864"
            assert sheet.page_setup.orientation == "landscape"
            assert sheet.page_setup.fitToWidth == 1
            assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
            assert sheet.print_title_rows == "$1:$1"


class TestActionWorkbookRoute:
    def _get(self, client: TestClient, session: Session, action_id: Any) -> httpx2.Response:
        cycle = _cycle(session, OPEN_CYCLE).id
        return client.get(
            f"/api/reporting-cycles/{cycle}/action-workbook", params={"action": action_id}
        )

    def test_leader_downloads_its_action_with_a_safe_name(
        self, anonymous: TestClient, session: Session
    ) -> None:
        action = _led_by(session, "DE")
        plan = session.get(ActionPlan, action.action_plan_id)
        assert plan is not None
        response = self._get(sign_in(anonymous, "leader-de"), session, action.id)
        assert response.status_code == 200
        headers = response.headers
        assert headers["content-type"].startswith(XLSX)
        filename = re.search(r'filename="([^"]+)"', headers["content-disposition"])
        assert filename is not None
        code = action.code.replace(" ", "-")
        assert filename[1] == f"empact-{OPEN_CYCLE}-{code}-{plan.short_code}-action-workbook.xlsx"
        assert re.fullmatch(r"[A-Za-z0-9._-]+", filename[1])
        workbook = load_workbook(io.BytesIO(response.content))
        assert workbook[CONTRIBUTIONS_SHEET].max_row >= 3

    def test_driver_of_the_plan_downloads_it(self, anonymous: TestClient, session: Session) -> None:
        action = _led_by(session, "FR")
        plan = session.get(ActionPlan, action.action_plan_id)
        assert plan is not None
        client = sign_in(anonymous, f"driver-{plan.short_code.lower()}")
        assert self._get(client, session, action.id).status_code == 200

    def test_leader_of_another_action_gets_404_and_is_audited(
        self, anonymous: TestClient, session: Session
    ) -> None:
        germany = organisation(session, "DE").id
        led_by_germany = select(col(Participation.action_id)).where(
            col(Participation.organisation_id) == germany,
            col(Participation.role).in_([ParticipationRole.leader, ParticipationRole.co_leader]),
        )
        foreign = session.exec(
            select(OperationalAction).where(
                col(OperationalAction.leader_id) == organisation(session, "FR").id,
                col(OperationalAction.id).not_in(led_by_germany),
            )
        ).first()
        assert foreign is not None
        response = self._get(sign_in(anonymous, "leader-de"), session, foreign.id)
        assert response.status_code == 404
        assert response.json()["error"] == "not_found"
        refusal = session.exec(
            select(AuditEvent)
            .where(col(AuditEvent.resource) == "action-workbooks")
            .order_by(col(AuditEvent.id).desc())
        ).first()
        assert refusal is not None
        assert refusal.action == AuditAction.denied
        assert refusal.username == "leader-de"
        assert str(foreign.id) in refusal.detail

    def test_coordinator_gets_404(self, anonymous: TestClient, session: Session) -> None:
        action = _led_by(session, "DE")
        response = self._get(sign_in(anonymous, "nec-de"), session, action.id)
        assert response.status_code == 404

    def test_unknown_action_is_404(self, client: TestClient, session: Session) -> None:
        assert self._get(client, session, 987654).status_code == 404

    def test_action_is_required(self, client: TestClient, session: Session) -> None:
        cycle = _cycle(session, OPEN_CYCLE).id
        response = client.get(f"/api/reporting-cycles/{cycle}/action-workbook")
        assert response.status_code == 422
