"""The consolidated workbook of a reporting cycle, as Europol downloads it."""

import datetime as dt
import io
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session, col, select

from backend.audit.models import AuditAction, AuditEvent
from backend.catalog.models import (
    Aggregation,
    Indicator,
    IndicatorKind,
    Organisation,
    OrganisationKind,
    Priority,
)
from backend.plans.models import ActionPlan, OperationalAction, Participation, ParticipationRole
from backend.reporting import workflow
from backend.reporting.models import IndicatorValue, ReportingCycle, ReportState
from backend.spreadsheets.consolidated_service import (
    Completeness,
    consolidated_report,
    source_lines,
)
from backend.spreadsheets.consolidated_workbook import (
    COMPLETENESS_SHEET,
    COUNTRY_SHEET,
    NARRATIVES_SHEET,
    PRIORITY_SHEET,
    SOURCES_SHEET,
    STATE_FILLS,
    build_consolidated_workbook,
)
from tests.conftest import sign_in
from tests.demo_cycles import CLOSED_CYCLE, OPEN_CYCLE
from tests.factories import (
    make_action,
    make_contribution,
    make_goal,
    make_indicator,
    make_organisation,
    make_participation,
    make_plan,
    make_policy_cycle,
    make_priority,
    make_reporting_cycle,
    make_value,
    organisation,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DUE_ON = dt.date(2027, 1, 15)


def _demo_cycle(session: Session) -> ReportingCycle:
    return session.exec(select(ReportingCycle).where(col(ReportingCycle.code) == OPEN_CYCLE)).one()


def _build(session: Session, cycle_id: Any) -> Workbook:
    report = consolidated_report(session, cycle_id=cycle_id)
    data = build_consolidated_workbook(
        report, source_lines(session, report=report), generated_by="europol"
    )
    return load_workbook(io.BytesIO(data))


def _table(sheet: Worksheet, header_row: int = 1) -> dict[str, dict[str, Any]]:
    """{first column: {header: value}} of a sheet."""
    headers = [cell.value for cell in sheet[header_row]]
    return {
        str(row[0]): dict(zip(headers, row, strict=False))
        for row in sheet.iter_rows(min_row=header_row + 1, values_only=True)
    }


def _indicator(session: Session, code: str) -> Indicator:
    cycle = _demo_cycle(session)
    return session.exec(
        select(Indicator).where(
            col(Indicator.code) == code, col(Indicator.policy_cycle_id) == cycle.policy_cycle_id
        )
    ).one()


def _title(indicator: Indicator) -> str:
    return f"{indicator.name} ({indicator.unit})"


@dataclass
class World:
    """A small policy cycle of its own: two priorities, two actions, one reporting cycle."""

    cycle: ReportingCycle
    first: Priority
    second: Priority
    action: OperationalAction
    other: OperationalAction
    agency: Organisation
    arrests: Indicator
    largest: Indicator
    team: Indicator
    ratio: Indicator
    values: list[IndicatorValue]


@pytest.fixture
def world(session: Session) -> World:
    policy = make_policy_cycle(session).id
    first = make_priority(session, policy_cycle_id=policy, code="2")
    second = make_priority(session, policy_cycle_id=policy, code="10")
    goal = make_goal(session, policy_cycle_id=policy).id
    germany, france, italy = (organisation(session, code) for code in ("DE", "FR", "IT"))
    spain, netherlands = organisation(session, "ES"), organisation(session, "NL")
    agency = make_organisation(session, kind=OrganisationKind.eu_agency)
    action = make_action(
        session,
        action_plan_id=make_plan(session, priority_id=first.id).id,
        strategic_goal_id=goal,
        leader_id=germany.id,
    )
    other = make_action(
        session,
        action_plan_id=make_plan(session, priority_id=second.id).id,
        strategic_goal_id=goal,
        leader_id=france.id,
    )
    cycle = make_reporting_cycle(
        session,
        policy_cycle_id=policy,
        period_start=dt.date(2026, 7, 1),
        period_end=dt.date(2026, 12, 31),
        opens_on=dt.date(2026, 11, 16),
        due_on=DUE_ON,
        closes_on=dt.date(2027, 1, 31),
    )
    parts = {
        (action.id, germany.id): _participation_of(session, action.id, germany.id),
        (other.id, france.id): _participation_of(session, other.id, france.id),
    }
    for action_id, member in [
        (action.id, france),
        (action.id, italy),
        (action.id, spain),
        (action.id, netherlands),
        (action.id, agency),
        (other.id, italy),
    ]:
        parts[(action_id, member.id)] = (
            make_participation(session, action_id=action_id, organisation_id=member.id).id or 0
        )
    on_time = dt.datetime(2027, 1, 15, 23, 59, tzinfo=dt.UTC)
    too_late = dt.datetime(2027, 1, 16, 0, 0, tzinfo=dt.UTC)
    for key, state, submitted_at, narrative in [
        ((action.id, germany.id), ReportState.accepted, on_time, "Germany led two days."),
        ((action.id, france.id), ReportState.submitted, too_late, "=SUM(A1:A9)"),
        ((action.id, italy.id), ReportState.draft, None, "Italy, draft."),
        ((action.id, spain.id), ReportState.not_started, None, ""),
        ((action.id, agency.id), ReportState.submitted, on_time, "Analysis shared."),
        ((other.id, italy.id), ReportState.returned, None, "Italy, to redo."),
    ]:
        make_contribution(
            session,
            reporting_cycle_id=cycle.id,
            participation_id=parts[key],
            state=state,
            submitted_at=submitted_at,
            narrative=narrative,
        )
    arrests = make_indicator(session, policy_cycle_id=policy, name="Arrests", unit="persons")
    largest = make_indicator(
        session,
        policy_cycle_id=policy,
        name="Countries",
        unit="countries",
        aggregation=Aggregation.max,
    )
    team = make_indicator(
        session,
        policy_cycle_id=policy,
        name="Team",
        unit="",
        kind=IndicatorKind.choice,
        aggregation=Aggregation.none,
        choices=["none", "planned", "established"],
        min_value=None,
    )
    ratio = make_indicator(
        session,
        policy_cycle_id=policy,
        name="Ratio",
        kind=IndicatorKind.decimal,
        aggregation=Aggregation.none,
    )
    values = [
        make_value(
            session,
            reporting_cycle_id=cycle.id,
            action_id=action_id,
            organisation_id=member.id,
            indicator_id=indicator.id,
            value=number,
            text_value=text,
        )
        for action_id, member, indicator, number, text in [
            (action.id, germany, arrests, Decimal(3), None),
            (action.id, france, arrests, Decimal(4), None),
            (action.id, agency, arrests, Decimal(5), None),
            (other.id, italy, arrests, Decimal(10), None),
            (action.id, germany, largest, Decimal(12), None),
            (action.id, france, largest, Decimal(30), None),
            (action.id, germany, team, None, "established"),
            (other.id, france, team, None, "established"),
            (other.id, italy, team, None, "planned"),
            (action.id, germany, ratio, Decimal("1.5"), None),
        ]
    ]
    return World(cycle, first, second, action, other, agency, arrests, largest, team, ratio, values)


def _participation_of(session: Session, action_id: Any, organisation_id: Any) -> int:
    found = session.exec(
        select(col(Participation.id)).where(
            col(Participation.action_id) == action_id,
            col(Participation.organisation_id) == organisation_id,
            col(Participation.role) == ParticipationRole.leader,
        )
    ).one()
    assert found is not None
    return found


class TestTotals:
    def test_totals_per_priority_follow_each_indicators_aggregation(
        self, session: Session, world: World
    ) -> None:
        rows = _table(_build(session, world.cycle.id)[PRIORITY_SHEET])
        assert list(rows) == ["2", "10", "All"]  # priorities in the Council's order
        first, second, every = rows["2"], rows["10"], rows["All"]
        assert first["Arrests (persons)"] == 3 + 4 + 5
        assert second["Arrests (persons)"] == 10
        assert every["Arrests (persons)"] == 22
        assert first["Countries (countries) (largest)"] == 30
        assert second["Countries (countries) (largest)"] is None
        assert first["Team: established (count)"] == 1
        assert second["Team: established (count)"] == 1
        assert second["Team: planned (count)"] == 1
        assert every["Team: established (count)"] == 2
        assert every["Team: none (count)"] is None
        assert not any(str(header).startswith("Ratio") for header in first)

    def test_totals_per_country_group_agencies_under_their_code(
        self, session: Session, world: World
    ) -> None:
        rows = _table(_build(session, world.cycle.id)[COUNTRY_SHEET])
        assert rows["DE"]["Arrests (persons)"] == 3
        assert rows["FR"]["Arrests (persons)"] == 4
        assert rows["IT"]["Arrests (persons)"] == 10
        assert rows[world.agency.code]["Arrests (persons)"] == 5
        assert rows[world.agency.code]["Kind"] == "organisation"
        assert rows["DE"]["Kind"] == "country"
        assert rows["ES"]["Arrests (persons)"] is None  # takes part, reported nothing
        assert rows["All"]["Arrests (persons)"] == 22

    def test_indicators_not_added_up_are_named_in_the_instructions(
        self, session: Session, world: World
    ) -> None:
        sheet = _build(session, world.cycle.id)["Instructions"]
        texts = [str(row[0]) for row in sheet.iter_rows(values_only=True) if row[0]]
        assert any(t.startswith("Not totalled") and "Ratio" in t for t in texts)
        assert any("counted per choice" in t and "Team" in t for t in texts)
        summary = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[1]}
        assert summary["Figures stored in the cycle"] == 10
        assert summary["Figures counted in the totals"] == 9
        assert summary["Contributions: Late"] == 1

    def test_demo_totals_equal_the_sum_of_the_stored_figures(self, session: Session) -> None:
        cycle = _demo_cycle(session)
        workbook = _build(session, cycle.id)
        by_priority = _table(workbook[PRIORITY_SHEET])
        for code in ("arrests", "drugs_cocaine_kg", "cash_assets_seized_eur"):
            indicator = _indicator(session, code)
            stored: dict[str, Decimal] = defaultdict(Decimal)
            for priority, value in session.exec(
                select(col(Priority.code), col(IndicatorValue.value))
                .join(OperationalAction, col(OperationalAction.id) == IndicatorValue.action_id)
                .join(ActionPlan, col(ActionPlan.id) == col(OperationalAction.action_plan_id))
                .join(Priority, col(Priority.id) == col(ActionPlan.priority_id))
                .where(
                    col(IndicatorValue.reporting_cycle_id) == cycle.id,
                    col(IndicatorValue.indicator_id) == indicator.id,
                )
            ).all():
                assert value is not None
                stored[priority] += value
            assert stored
            for priority, expected in stored.items():
                shown = by_priority[priority][_title(indicator)]
                assert Decimal(str(shown)) == expected, (code, priority)
            everything = by_priority["All"][_title(indicator)]
            assert Decimal(str(everything)) == sum(stored.values())
        german = session.exec(
            select(col(IndicatorValue.value))
            .join(Organisation, col(Organisation.id) == col(IndicatorValue.organisation_id))
            .where(
                col(IndicatorValue.reporting_cycle_id) == cycle.id,
                col(IndicatorValue.indicator_id) == _indicator(session, "arrests").id,
                col(Organisation.country_code) == "DE",
            )
        ).all()
        by_country = _table(workbook[COUNTRY_SHEET])
        assert by_country["DE"]["Arrests (persons)"] == sum(v for v in german if v is not None)


class TestSources:
    def test_every_counted_figure_is_listed_with_the_cells_it_is_counted_in(
        self, session: Session, world: World
    ) -> None:
        workbook = _build(session, world.cycle.id)
        listed = _table(workbook[SOURCES_SHEET])
        counted = {str(v.id) for v in world.values if v.indicator_id != world.ratio.id}
        assert set(listed) == counted
        added_up: dict[tuple[str, str], list[Any]] = defaultdict(list)
        for line in listed.values():
            added_up[(PRIORITY_SHEET, line["Cell in 'By priority'"])].append(line["Value"])
            added_up[(COUNTRY_SHEET, line["Cell in 'By country'"])].append(line["Value"])
        for (sheet, cell), figures in added_up.items():
            header = str(workbook[sheet][re.sub(r"\d+", "1", cell)].value)
            if header.endswith("(count)"):
                expected: Any = len(figures)
            elif header.endswith("(largest)"):
                expected = max(figures)
            else:
                expected = sum(figures)
            assert workbook[sheet][cell].value == expected, (sheet, cell, figures)
        french = next(line for line in listed.values() if line["Organisation"] == "FR")
        assert french["Action"] == world.action.code


class TestCompleteness:
    def test_states_per_action_and_organisation_with_late_and_fills(
        self, session: Session, world: World
    ) -> None:
        sheet = _build(session, world.cycle.id)[COMPLETENESS_SHEET]
        assert sheet["A1"].value == "Legend:"
        rows = _table(sheet, header_row=2)
        headers = [cell.value for cell in sheet[2]]
        by_action = {row["Action"]: row for row in rows.values()}
        action, other = by_action[world.action.code], by_action[world.other.code]
        assert action["DE"] == "Submitted"  # accepted, on the due date
        assert action["FR"] == "Late"  # submitted the day after
        assert action["IT"] == "Draft"
        assert action["ES"] == "Missing"  # not started
        assert action["NL"] == "Missing"  # no contribution at all
        assert action[world.agency.code] == "Submitted"
        assert action["Action report"] == "Missing"
        assert other["DE"] is None  # Germany does not take part
        assert other["FR"] == "Missing"
        assert other["IT"] == "Draft"  # returned for changes
        row = 3 + [r["Action"] for r in rows.values()].index(world.action.code)
        for code, state in [("FR", "late"), ("DE", "submitted"), ("IT", "draft")]:
            cell = sheet.cell(row=row, column=headers.index(code) + 1)
            assert cell.fill.fgColor.rgb == STATE_FILLS[Completeness(state)].fgColor.rgb
        assert sheet.freeze_panes == "F3"
        assert sheet.print_title_rows == "$1:$2"


class TestNarratives:
    def test_narratives_with_formula_like_text_stay_text(
        self, session: Session, world: World
    ) -> None:
        report = consolidated_report(session, cycle_id=world.cycle.id or 0)
        data = build_consolidated_workbook(report, [], generated_by="europol")
        archive = zipfile.ZipFile(io.BytesIO(data))
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name)
        sheet = load_workbook(io.BytesIO(data))[NARRATIVES_SHEET]
        lines = {
            row[3].value: row for row in sheet.iter_rows(min_row=2) if row[3].value is not None
        }
        assert set(lines) == {"DE", "FR", "IT", world.agency.code}
        french = lines["FR"]
        assert (french[5].value, french[5].data_type) == ("=SUM(A1:A9)", "s")
        assert french[4].value == "Late"
        assert french[1].value == world.action.code


class TestLayout:
    def test_sheets_are_styled_for_reading_and_printing(
        self, session: Session, world: World
    ) -> None:
        workbook = _build(session, world.cycle.id)
        assert workbook.sheetnames == [
            "Instructions",
            PRIORITY_SHEET,
            COUNTRY_SHEET,
            COMPLETENESS_SHEET,
            NARRATIVES_SHEET,
            SOURCES_SHEET,
        ]
        for name in (PRIORITY_SHEET, COUNTRY_SHEET, NARRATIVES_SHEET, SOURCES_SHEET):
            sheet = workbook[name]
            assert sheet["A1"].fill.fgColor.rgb == "001F3864"
            assert sheet.freeze_panes in ("A2", "C2")
            assert sheet.page_setup.orientation == "landscape"
            assert sheet.page_setup.fitToWidth == 1
            assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
            assert sheet.print_title_rows == "$1:$1"


class TestConsolidatedWorkbookRoute:
    def test_europol_downloads_it(self, anonymous: TestClient, session: Session) -> None:
        cycle = _demo_cycle(session)
        client = sign_in(anonymous, "europol")
        response = client.get(f"/api/reporting-cycles/{cycle.id}/consolidated-workbook")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(XLSX)
        assert (
            f'filename="empact-{OPEN_CYCLE}-consolidated-workbook.xlsx"'
            in response.headers["content-disposition"]
        )
        workbook = load_workbook(io.BytesIO(response.content))
        assert workbook[PRIORITY_SHEET].max_row == 2 + 7  # header, 7 priorities, All

    def test_a_consolidated_cycle_hands_out_the_workbook_its_consolidation_kept(
        self, anonymous: TestClient, session: Session
    ) -> None:
        cycle = session.exec(
            select(ReportingCycle).where(col(ReportingCycle.code) == CLOSED_CYCLE)
        ).one()
        now = dt.datetime(2026, 8, 15, tzinfo=dt.UTC)
        actor = workflow.flow_actor()
        kept = workflow.consolidate_cycle(session, cycle_id=cycle.id or 0, actor=actor, now=now)
        workflow.keep_consolidated_workbook(session, cycle_id=cycle.id or 0)
        session.commit()

        client = sign_in(anonymous, "europol")
        response = client.get(f"/api/reporting-cycles/{cycle.id}/consolidated-workbook")
        assert response.status_code == 200
        assert response.content == kept.workbook
        assert (
            f'filename="empact-{CLOSED_CYCLE}-consolidated-workbook.xlsx"'
            in (response.headers["content-disposition"])
        )

    @pytest.mark.parametrize("username", ["nec-de", "leader-de"])
    def test_others_get_404_and_are_audited(
        self, anonymous: TestClient, session: Session, username: str
    ) -> None:
        cycle = _demo_cycle(session)
        client = sign_in(anonymous, username)
        response = client.get(f"/api/reporting-cycles/{cycle.id}/consolidated-workbook")
        assert response.status_code == 404
        assert response.json()["error"] == "not_found"
        refusal = session.exec(
            select(AuditEvent)
            .where(col(AuditEvent.resource) == "consolidated-workbooks")
            .order_by(col(AuditEvent.id).desc())
        ).first()
        assert refusal is not None
        assert (refusal.action, refusal.username, refusal.record_id) == (
            AuditAction.denied,
            username,
            cycle.id,
        )

    def test_unknown_cycle_is_404(self, anonymous: TestClient) -> None:
        client = sign_in(anonymous, "europol")
        response = client.get("/api/reporting-cycles/987654/consolidated-workbook")
        assert response.status_code == 404


class TestFrench:
    def test_a_french_reader_gets_sheets_headers_and_states_in_french(
        self, session: Session, world: World
    ) -> None:
        report = consolidated_report(session, cycle_id=world.cycle.id or 0)
        data = build_consolidated_workbook(
            report, source_lines(session, report=report), generated_by="x", language="fr"
        )
        workbook = load_workbook(io.BytesIO(data))
        assert workbook.sheetnames == [
            "Instructions",
            "Par priorité",
            "Par pays",
            "Complétude",
            "Récits",
            "Sources",
        ]
        completeness = workbook["Complétude"]
        assert completeness["A1"].value == "Légende :"
        shown = {cell.value for row in completeness.iter_rows(min_row=3) for cell in row[5:]}
        assert shown - {None} <= {"Soumis", "En retard", "Brouillon", "Manquant"}
        lines = [row[0].value for row in workbook["Instructions"].iter_rows()]
        assert str(lines[0]).startswith("Classeur consolidé EMPACT : ")
        assert "(le plus grand)" in " ".join(
            str(cell.value) for cell in workbook["Par priorité"][1]
        )
