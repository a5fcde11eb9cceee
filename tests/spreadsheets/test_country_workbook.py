"""The country workbook of the open demo cycle, as a coordinator downloads it."""

import io
import json
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlmodel import Session, col, func, select

from backend.catalog.models import Indicator, Organisation
from backend.errors import InvalidInput, InvalidUpload
from backend.plans.models import OperationalAction, Participation
from backend.reporting.models import IndicatorValue, ReportingCycle
from backend.spreadsheets.country_workbook import DATA_SHEET, build_country_workbook
from backend.spreadsheets.metadata import (
    SHEET,
    EditableCell,
    Metadata,
    metadata_from_rows,
    read_metadata,
    write_metadata,
)
from backend.spreadsheets.reading import UploadedWorkbook
from backend.spreadsheets.service import country_report
from tests.demo_cycles import OPEN_CYCLE


def _cycle(session: Session, code: str) -> ReportingCycle:
    return session.exec(select(ReportingCycle).where(col(ReportingCycle.code) == code)).one()


@pytest.fixture
def german_workbook(session: Session) -> tuple[bytes, ReportingCycle]:
    cycle = _cycle(session, OPEN_CYCLE)
    report = country_report(session, cycle_id=cycle.id or 0, country="de")
    return build_country_workbook(report, generated_by="tester"), cycle


class TestCountryWorkbook:
    def test_one_row_per_german_participation_in_the_cycle(
        self, session: Session, german_workbook: tuple[bytes, ReportingCycle]
    ) -> None:
        data, cycle = german_workbook
        expected = session.exec(
            select(func.count())
            .select_from(Participation)
            .join(OperationalAction, col(OperationalAction.id) == col(Participation.action_id))
            .join(Organisation, col(Organisation.id) == col(Participation.organisation_id))
            .where(
                col(Organisation.country_code) == "DE",
                col(OperationalAction.state) != "cancelled",
                col(OperationalAction.start_date) <= cycle.period_end,
                col(OperationalAction.end_date) >= cycle.period_start,
            )
        ).one()
        sheet = load_workbook(io.BytesIO(data))[DATA_SHEET]
        assert sheet.max_row - 1 == expected > 50
        assert {sheet.cell(row=r, column=7).value for r in range(2, sheet.max_row + 1)} == {"DE"}

    def test_stored_figures_are_in_place_and_are_the_base_values(
        self, session: Session, german_workbook: tuple[bytes, ReportingCycle]
    ) -> None:
        data, cycle = german_workbook
        workbook = load_workbook(io.BytesIO(data))
        metadata = read_metadata(workbook)
        sheet = workbook[DATA_SHEET]
        germany = session.exec(select(Organisation).where(col(Organisation.code) == "DE")).one()
        stored = session.exec(
            select(IndicatorValue).where(
                col(IndicatorValue.reporting_cycle_id) == cycle.id,
                col(IndicatorValue.organisation_id) == germany.id,
                col(IndicatorValue.value).is_not(None),
            )
        ).all()
        assert stored
        bases = {(c.key["participation_id"], c.field): (c.cell, c.base) for c in metadata.cells}
        participation_of: dict[Any, Any] = dict(
            session.exec(
                select(Participation.action_id, Participation.id).where(
                    col(Participation.organisation_id) == germany.id
                )
            ).all()
        )
        codes = dict(_indicator_codes(session))
        # A row handed in shows its figures too, but none of its cells is editable.
        row_of = {row[0].value: row[0].row for row in sheet.iter_rows(min_row=2)}
        column_of = {
            indicator.code: sheet.cell(row=1, column=column).column_letter
            for indicator in session.exec(select(Indicator)).all()
            for column in range(1, sheet.max_column + 1)
            if sheet.cell(row=1, column=column).value
            in (indicator.name, f"{indicator.name} ({indicator.unit})")
        }
        locked = {participation for _, participation in metadata.fields["locked_rows"]}
        assert locked, "the demo has contributions handed in"
        for figure in stored:
            participation = participation_of[figure.action_id]
            code = codes[figure.indicator_id]
            if participation in locked:
                assert (participation, code) not in bases
                cell = f"{column_of[code]}{row_of[participation]}"
            else:
                cell, base = bases[(participation, code)]
                assert Decimal(base) == figure.value
            assert Decimal(str(sheet[cell].value)) == figure.value

    def test_figures_are_typed_and_only_editable_cells_are_unlocked(
        self, german_workbook: tuple[bytes, ReportingCycle]
    ) -> None:
        workbook = load_workbook(io.BytesIO(german_workbook[0]))
        sheet = workbook[DATA_SHEET]
        assert sheet.protection.sheet is True
        kinds = {v.type for v in sheet.data_validations.dataValidation}
        assert {"whole", "decimal", "list"} <= kinds
        metadata = read_metadata(workbook)
        editable = {c.cell for c in metadata.cells}
        for row in sheet.iter_rows(min_row=2, max_row=4):
            for cell in row:
                assert cell.protection.locked is (cell.coordinate not in editable)

    def test_metadata_is_hidden_from_the_menu(
        self, german_workbook: tuple[bytes, ReportingCycle]
    ) -> None:
        workbook = load_workbook(io.BytesIO(german_workbook[0]))
        assert workbook[SHEET].sheet_state == "veryHidden"
        assert workbook.active.title == DATA_SHEET

    def test_altered_metadata_is_detected(
        self, german_workbook: tuple[bytes, ReportingCycle]
    ) -> None:
        workbook = load_workbook(io.BytesIO(german_workbook[0]))
        meta = workbook[SHEET]
        # The last row holds the cells of the last participation as JSON: change a base value.
        cell = meta.cell(row=meta.max_row, column=3)
        cells = json.loads(str(cell.value))
        cells[0][2] = "999"
        cell.value = json.dumps(cells)
        with pytest.raises(InvalidUpload) as refused:
            read_metadata(workbook)
        assert "changed outside the tool" in refused.value.detail

    def test_a_title_that_looks_like_a_formula_stays_text(self, session: Session) -> None:
        cycle = _cycle(session, OPEN_CYCLE)
        report = country_report(session, cycle_id=cycle.id or 0, country="DE")
        report.rows[0].title = '=HYPERLINK("http://evil.example","open")'
        data = build_country_workbook(report, generated_by="tester")
        archive = zipfile.ZipFile(io.BytesIO(data))
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name)

    def test_unknown_country_is_422_naming_country(self, session: Session) -> None:
        cycle = _cycle(session, OPEN_CYCLE)
        with pytest.raises(InvalidInput) as refused:
            country_report(session, cycle_id=cycle.id or 0, country="ZZ")
        assert refused.value.fields[0]["field"] == "country"


def _indicator_codes(session: Session) -> list[tuple[int, str]]:
    return [(i.id or 0, i.code) for i in session.exec(select(Indicator)).all()]


def test_metadata_longer_than_a_cell_holds_is_read_back_whole() -> None:
    """A base value past Excel's 32,767 characters per cell (a long narrative in a script
    whose JSON escapes would double it) is split over the row's columns and read back whole,
    by openpyxl and by the upload reader alike."""
    workbook = Workbook()
    narrative = "Ελληνικά " * 5_000  # 45,000 characters
    cells = [
        EditableCell(DATA_SHEET, "J2", {"participation_id": 7}, "narrative", narrative),
        EditableCell(DATA_SHEET, "K2", {"participation_id": 7}, "state", "draft"),
    ]
    write_metadata(workbook, Metadata("country", 1, {"country": "GR"}, cells))
    buffer = io.BytesIO()
    workbook.save(buffer)

    for metadata in (
        read_metadata(load_workbook(io.BytesIO(buffer.getvalue()), read_only=True)),
        metadata_from_rows(UploadedWorkbook(buffer.getvalue()).rows(SHEET)),
    ):
        assert [(c.cell, c.field, c.base) for c in metadata.cells] == [
            ("J2", "narrative", narrative),
            ("K2", "state", "draft"),
        ]


def _validations_of(sheet: Any, coordinate: str) -> list[Any]:
    return [v for v in sheet.data_validations.dataValidation if coordinate in v.sqref]


class TestStateColumn:
    def test_each_state_cell_shows_a_label_its_own_dropdown_offers(
        self, german_workbook: tuple[bytes, ReportingCycle]
    ) -> None:
        data, _ = german_workbook
        sheet = load_workbook(io.BytesIO(data))[DATA_SHEET]
        state_column = next(cell.column for cell in sheet[1] if cell.value == "State")
        shown = set()
        for row in range(2, sheet.max_row + 1):
            cell = sheet.cell(row=row, column=state_column)
            (validation,) = _validations_of(sheet, cell.coordinate)
            offered = validation.formula1.strip('"').split(",")
            assert cell.value in offered, (cell.coordinate, cell.value, offered)
            assert {"Draft", "Submitted"} <= set(offered)
            shown.add(cell.value)
        assert "_" not in "".join(shown)
        assert "Not started" in shown


class TestFrenchWorkbook:
    def test_a_french_reader_gets_headers_instructions_and_states_in_french(
        self, session: Session
    ) -> None:
        cycle = _cycle(session, OPEN_CYCLE)
        report = country_report(session, cycle_id=cycle.id or 0, country="fr")
        data = build_country_workbook(report, generated_by="nec-fr", language="fr")
        workbook = load_workbook(io.BytesIO(data))
        headers = [cell.value for cell in workbook[DATA_SHEET][1]]
        assert {"Intitulé", "Responsable", "Rôle", "Récit", "État"} <= set(headers)
        assert any(str(h).endswith(" : précédent") for h in headers)
        lines = [row[0].value for row in workbook["Instructions"].iter_rows()]
        assert lines[0] == f"Classeur pays EMPACT : FR, cycle de rapport {cycle.code}"
        assert str(lines[1]).startswith("À rendre le ")
        assert cycle.due_on.isoformat() not in str(lines[1])
        states = {row[-1].value for row in workbook[DATA_SHEET].iter_rows(min_row=2)}
        assert states <= {"Non commencé", "Brouillon", "Soumis", "Renvoyé", "Accepté"}
        assert read_metadata(workbook).fields["language"] == "fr"
