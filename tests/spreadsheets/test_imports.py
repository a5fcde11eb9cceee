"""Planning an uploaded country workbook: exactly what changed, nothing else."""

import dataclasses
import io
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlmodel import Session, col, func, select

from backend.access.models import User
from backend.access.service import principal_of
from backend.audit.models import AuditEvent, AuditSource
from backend.audit.service import Actor
from backend.catalog.models import Indicator, IndicatorKind
from backend.errors import Conflict, Forbidden, InvalidUpload
from backend.plans.models import Participation
from backend.reporting.models import Contribution, IndicatorValue, ReportingCycle, ValueSource
from backend.spreadsheets.country_workbook import DATA_SHEET, build_country_workbook
from backend.spreadsheets.imports import apply_upload, plan_upload
from backend.spreadsheets.metadata import read_metadata
from backend.spreadsheets.models import CellOutcome, UploadCell, UploadStatus
from backend.spreadsheets.service import country_report
from tests.demo_cycles import OPEN_CYCLE


def _principal(session: Session, username: str) -> Any:
    user_id = session.exec(select(col(User.id)).where(col(User.username) == username)).one()
    return principal_of(session, user_id=user_id or 0)


def _actor(username: str) -> Actor:
    return Actor(source=AuditSource.web, username=username)


def _workbook(session: Session, country: str = "DE") -> bytes:
    cycle = session.exec(select(ReportingCycle).where(col(ReportingCycle.code) == OPEN_CYCLE)).one()
    report = country_report(session, cycle_id=cycle.id or 0, country=country)
    return build_country_workbook(report, generated_by="test")


def _edit(data: bytes, changes: dict[str, Any]) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    for coordinate, value in changes.items():
        workbook[DATA_SHEET][coordinate] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _integer_cells(session: Session, data: bytes) -> list[tuple[str, str]]:
    """(cell, base) of editable cells of whole-number indicators."""
    whole = set(
        session.exec(
            select(col(Indicator.code)).where(col(Indicator.kind) == IndicatorKind.integer)
        ).all()
    )
    metadata = read_metadata(load_workbook(io.BytesIO(data)))
    return [(c.cell, str(c.base)) for c in metadata.cells if c.field in whole]


def _indicator_of(session: Session, data: bytes, cell: str) -> Indicator:
    metadata = read_metadata(load_workbook(io.BytesIO(data)))
    code = next(c.field for c in metadata.cells if c.cell == cell)
    return session.exec(select(Indicator).where(col(Indicator.code) == code)).first()  # type: ignore[return-value]


class TestPlanUpload:
    def test_untouched_workbook_plans_nothing(self, session: Session) -> None:
        data = _workbook(session)
        upload = plan_upload(
            session,
            data=data,
            filename="de.xlsx",
            principal=_principal(session, "nec-de"),
            actor=_actor("nec-de"),
        )
        assert upload.status == UploadStatus.planned
        assert upload.counts["new"] + upload.counts["changed"] + upload.counts["conflict"] == 0
        assert upload.problems == []

    def test_20_figures_and_3_narratives_make_23_changes(self, session: Session) -> None:
        data = _workbook(session)
        figures = _integer_cells(session, data)[:20]
        narratives = [
            c.cell
            for c in read_metadata(load_workbook(io.BytesIO(data))).cells
            if c.field == "narrative"
        ][:3]
        edits: dict[str, Any] = {cell: (int(base) + 1 if base else 7) for cell, base in figures}
        edits |= {cell: f"Joint action day number {n}." for n, cell in enumerate(narratives)}
        upload = plan_upload(
            session,
            data=_edit(data, edits),
            filename="de.xlsx",
            principal=_principal(session, "nec-de"),
            actor=_actor("nec-de"),
        )
        assert upload.counts["new"] + upload.counts["changed"] == 23
        assert upload.counts["conflict"] == upload.counts["rejected"] == 0
        planned = session.exec(
            select(UploadCell).where(col(UploadCell.upload_id) == upload.id)
        ).all()
        assert {cell.cell for cell in planned} == set(edits)

    def test_bad_figures_are_rejected_with_sheet_row_column_and_field(
        self, session: Session
    ) -> None:
        data = _workbook(session)
        (first, _), (second, _) = _integer_cells(session, data)[:2]
        upload = plan_upload(
            session,
            data=_edit(data, {first: "a lot", second: 2.5}),
            filename="de.xlsx",
            principal=_principal(session, "nec-de"),
            actor=_actor("nec-de"),
        )
        assert upload.status == UploadStatus.rejected
        messages = {(p["sheet"], p["cell"]): p["message"] for p in upload.problems}
        first_name, second_name = (
            _indicator_of(session, data, cell).name for cell in (first, second)
        )
        assert messages[(DATA_SHEET, first)] == f"{first_name}: “a lot” is not a number."
        assert messages[(DATA_SHEET, second)] == f"{second_name}: 2.5 is not a whole number."
        assert all(p["row"] >= 2 and p["column"] for p in upload.problems)

    def test_a_french_coordinator_reads_the_problems_in_french(self, session: Session) -> None:
        data = _workbook(session)
        (cell, _), (negative, _) = _integer_cells(session, data)[:2]
        upload = plan_upload(
            session,
            data=_edit(data, {cell: "beaucoup", negative: -12000}),
            filename="de.xlsx",
            principal=dataclasses.replace(_principal(session, "nec-de"), language="fr"),
            actor=_actor("nec-de"),
        )
        messages = {p["cell"]: p["message"] for p in upload.problems}
        indicator = _indicator_of(session, data, cell)
        assert indicator.name_fr and indicator.name_fr != indicator.name
        # The indicator by its French name, as the French workbook names it.
        assert messages[cell] == f"{indicator.name_fr} : « beaucoup » n'est pas un nombre."
        # Numbers in the French way, with a narrow no-break space between thousands.
        assert "-12\u202f000 est inférieur à 0" in messages[negative]
        assert "_" not in messages[negative]

    def test_a_formula_refuses_the_file_naming_the_cell(self, session: Session) -> None:
        data = _workbook(session)
        cell, _ = _integer_cells(session, data)[0]
        with pytest.raises(InvalidUpload, match=f"Sheet 'Figures', cell {cell}: formulas"):
            plan_upload(
                session,
                data=_edit(data, {cell: "=1+1"}),
                filename="de.xlsx",
                principal=_principal(session, "nec-de"),
                actor=_actor("nec-de"),
            )

    def test_a_value_changed_since_the_download_and_in_the_file_is_a_conflict(
        self, session: Session
    ) -> None:
        data = _workbook(session)
        cell, base = _integer_cells(session, data)[0]
        workbook = load_workbook(io.BytesIO(data))
        editable = next(c for c in read_metadata(workbook).cells if c.cell == cell)
        participation = session.get(Participation, editable.key["participation_id"])
        cycle_id = read_metadata(workbook).fields["reporting_cycle_id"]
        cycle = session.get(ReportingCycle, cycle_id)
        assert cycle is not None
        indicator = session.exec(
            select(Indicator).where(
                col(Indicator.code) == editable.field,
                col(Indicator.policy_cycle_id) == cycle.policy_cycle_id,
            )
        ).first()
        assert participation is not None and indicator is not None
        stored = session.exec(
            select(IndicatorValue).where(
                col(IndicatorValue.reporting_cycle_id) == cycle_id,
                col(IndicatorValue.action_id) == participation.action_id,
                col(IndicatorValue.organisation_id) == participation.organisation_id,
                col(IndicatorValue.indicator_id) == indicator.id,
            )
        ).first()
        if stored is None:
            stored = IndicatorValue(
                reporting_cycle_id=cycle_id,
                action_id=participation.action_id,
                organisation_id=participation.organisation_id,
                indicator_id=indicator.id or 0,
                source=ValueSource.web,
            )
        stored.value = (stored.value or Decimal(0)) + Decimal(100)
        session.add(stored)
        session.commit()
        upload = plan_upload(
            session,
            data=_edit(data, {cell: (int(base) if base else 0) + 1}),
            filename="de.xlsx",
            principal=_principal(session, "nec-de"),
            actor=_actor("nec-de"),
        )
        assert upload.counts["conflict"] == 1
        conflict = session.exec(
            select(UploadCell).where(
                col(UploadCell.upload_id) == upload.id,
                col(UploadCell.outcome) == CellOutcome.conflict,
            )
        ).one()
        assert conflict.cell == cell
        assert conflict.stored != conflict.proposed != conflict.base

    def test_another_countrys_workbook_is_refused(self, session: Session) -> None:
        with pytest.raises(Forbidden) as refused:
            plan_upload(
                session,
                data=_workbook(session, "FR"),
                filename="fr.xlsx",
                principal=_principal(session, "nec-de"),
                actor=_actor("nec-de"),
            )
        assert "FR" in refused.value.detail

    def test_a_tampered_key_column_is_refused_naming_the_row(self, session: Session) -> None:
        data = _edit(_workbook(session), {"A5": 999999})
        with pytest.raises(InvalidUpload) as refused:
            plan_upload(
                session,
                data=data,
                filename="de.xlsx",
                principal=_principal(session, "nec-de"),
                actor=_actor("nec-de"),
            )
        assert "row 5:" in refused.value.detail
        assert "key column" in refused.value.detail


def _plan(session: Session, data: bytes) -> Any:
    return plan_upload(
        session,
        data=data,
        filename="de.xlsx",
        principal=_principal(session, "nec-de"),
        actor=_actor("nec-de"),
    )


def _apply(session: Session, upload_id: int, **choices: str) -> Any:
    return apply_upload(
        session,
        upload_id=upload_id,
        principal=_principal(session, "nec-de"),
        actor=_actor("nec-de"),
        choices=choices,
    )


def _edited_workbook(session: Session) -> tuple[bytes, dict[str, Any]]:
    data = _workbook(session)
    figures = _integer_cells(session, data)[:20]
    narratives = [
        c.cell
        for c in read_metadata(load_workbook(io.BytesIO(data))).cells
        if c.field == "narrative"
    ][:3]
    edits: dict[str, Any] = {cell: (int(base) + 1 if base else 7) for cell, base in figures}
    edits |= {cell: f"Joint action day number {n}." for n, cell in enumerate(narratives)}
    return _edit(data, edits), edits


class TestApplyUpload:
    def test_applied_values_are_stored_audited_and_a_second_upload_changes_nothing(
        self, session: Session
    ) -> None:
        data, edits = _edited_workbook(session)
        upload = _plan(session, data)
        applied = _apply(session, upload.id)
        assert applied.status == UploadStatus.applied
        again = _plan(session, data)
        assert again.counts["new"] + again.counts["changed"] + again.counts["conflict"] == 0
        assert again.counts["unchanged"] == upload.counts["unchanged"] + 23
        events = session.exec(
            select(AuditEvent).where(col(AuditEvent.source_ref) == f"upload:{upload.id}")
        ).all()
        edited = [
            e
            for e in events
            if e.resource == "indicator-values" or "narrative" in (e.changes or {})
        ]
        assert len(edited) == 23
        # Every other event of a contribution: one not started that received figures, a draft.
        drafts = [e for e in events if e.resource == "contributions" and e not in edited]
        assert all((e.changes or {})["state"][1] == "draft" for e in drafts)
        batch = next(e for e in events if e.resource == "uploads")
        assert upload.sha256 in batch.detail
        assert len(edits) == 23

    def test_a_plan_made_stale_by_a_later_change_writes_nothing(self, session: Session) -> None:
        data, edits = _edited_workbook(session)
        upload = _plan(session, data)
        narrative_cell = list(edits)[-1]
        planned = session.exec(
            select(UploadCell).where(
                col(UploadCell.upload_id) == upload.id, col(UploadCell.cell) == narrative_cell
            )
        ).one()
        contribution = session.exec(
            select(Contribution).where(
                col(Contribution.participation_id) == planned.participation_id,
                col(Contribution.reporting_cycle_id) == upload.reporting_cycle_id,
            )
        ).one()
        contribution.narrative = "Written in the web UI meanwhile."
        session.add(contribution)
        session.commit()
        before = session.exec(select(func.count()).select_from(AuditEvent)).one()
        with pytest.raises(Conflict) as refused:
            _apply(session, upload.id)
        assert narrative_cell in refused.value.detail
        assert session.exec(select(func.count()).select_from(AuditEvent)).one() == before

    def test_a_conflict_needs_a_choice_then_takes_the_file(self, session: Session) -> None:
        data = _workbook(session)
        cell, base = _integer_cells(session, data)[0]
        upload = _plan(session, _edit(data, {cell: (int(base) if base else 0) + 5}))
        planned = session.exec(
            select(UploadCell).where(col(UploadCell.upload_id) == upload.id)
        ).one()
        _set_stored(session, upload, planned, Decimal(planned.proposed) + 50)
        replanned = _plan(session, _edit(data, {cell: (int(base) if base else 0) + 5}))
        assert replanned.counts["conflict"] == 1
        with pytest.raises(Conflict) as refused:
            _apply(session, replanned.id)
        assert cell in refused.value.detail
        _apply(session, replanned.id, **{cell: "file"})
        assert _get_stored(session, upload, planned) == Decimal(planned.proposed)


def _value_row(session: Session, upload: Any, cell: UploadCell) -> Any:
    participation = session.get(Participation, cell.participation_id)
    cycle = session.get(ReportingCycle, upload.reporting_cycle_id)
    assert participation is not None and cycle is not None
    indicator = session.exec(
        select(Indicator).where(
            col(Indicator.code) == cell.field,
            col(Indicator.policy_cycle_id) == cycle.policy_cycle_id,
        )
    ).one()
    return participation, indicator


def _set_stored(session: Session, upload: Any, cell: UploadCell, value: Decimal) -> None:
    participation, indicator = _value_row(session, upload, cell)
    stored = session.exec(
        select(IndicatorValue).where(
            col(IndicatorValue.reporting_cycle_id) == upload.reporting_cycle_id,
            col(IndicatorValue.action_id) == participation.action_id,
            col(IndicatorValue.organisation_id) == participation.organisation_id,
            col(IndicatorValue.indicator_id) == indicator.id,
        )
    ).first() or IndicatorValue(
        reporting_cycle_id=upload.reporting_cycle_id,
        action_id=participation.action_id,
        organisation_id=participation.organisation_id,
        indicator_id=indicator.id,
        source=ValueSource.web,
    )
    stored.value = value
    session.add(stored)
    session.commit()


def _get_stored(session: Session, upload: Any, cell: UploadCell) -> Decimal | None:
    participation, indicator = _value_row(session, upload, cell)
    value: Decimal | None = session.exec(
        select(col(IndicatorValue.value)).where(
            col(IndicatorValue.reporting_cycle_id) == upload.reporting_cycle_id,
            col(IndicatorValue.action_id) == participation.action_id,
            col(IndicatorValue.organisation_id) == participation.organisation_id,
            col(IndicatorValue.indicator_id) == indicator.id,
        )
    ).one()
    return value


def _state_cells(data: bytes) -> list[tuple[str, str]]:
    """(cell, stored state) of each row's state cell."""
    metadata = read_metadata(load_workbook(io.BytesIO(data)))
    return [(c.cell, str(c.base)) for c in metadata.cells if c.field == "state"]


class TestStateColumn:
    def test_a_state_chosen_from_the_dropdown_is_planned_in_either_language(
        self, session: Session
    ) -> None:
        data = _workbook(session)
        not_started = [cell for cell, base in _state_cells(data) if base == "not_started"]
        english, french = not_started[:2]
        upload = plan_upload(
            session,
            data=_edit(data, {english: "Submitted", french: "Brouillon"}),
            filename="de.xlsx",
            principal=_principal(session, "nec-de"),
            actor=_actor("nec-de"),
        )
        assert upload.status == UploadStatus.planned, upload.problems
        planned = {
            cell.cell: cell.proposed
            for cell in session.exec(
                select(UploadCell).where(col(UploadCell.upload_id) == upload.id)
            ).all()
        }
        assert planned == {english: "submitted", french: "draft"}

    def test_a_state_outside_the_dropdown_is_rejected_naming_the_choices(
        self, session: Session
    ) -> None:
        data = _workbook(session)
        cell = next(cell for cell, base in _state_cells(data) if base == "not_started")
        upload = plan_upload(
            session,
            data=_edit(data, {cell: "done"}),
            filename="de.xlsx",
            principal=_principal(session, "nec-de"),
            actor=_actor("nec-de"),
        )
        assert upload.status == UploadStatus.rejected
        (problem,) = upload.problems
        assert problem["cell"] == cell
        assert problem["message"] == "State: “done” is not one of Not started, Draft, Submitted."


def _narrative_cells(data: bytes) -> list[str]:
    metadata = read_metadata(load_workbook(io.BytesIO(data)))
    return [c.cell for c in metadata.cells if c.field == "narrative"]


def _planned(session: Session, upload: Any, cell: str) -> UploadCell:
    return session.exec(
        select(UploadCell).where(col(UploadCell.upload_id) == upload.id, UploadCell.cell == cell)
    ).one()


def _without_references(data: bytes) -> bytes:
    """The same workbook with every row's and cell's `r` attribute left out, as the format
    allows (each is then the one after the one before)."""
    import re
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                content = re.sub(rb'(<(?:c|row)\b[^>]*?) r="[A-Z]*[0-9]+"', rb"\1", content)
            target.writestr(item, content)
    return buffer.getvalue()


def _with_cell_xml(data: bytes, cells: dict[str, str]) -> bytes:
    """The workbook with cells of its figures sheet written as raw XML: `cells` maps a
    coordinate to what follows `<c r="..."`, attributes and content ("t=\"b\"><v>1</v>")."""
    import re
    import zipfile

    part = (
        f"xl/worksheets/sheet{load_workbook(io.BytesIO(data)).sheetnames.index(DATA_SHEET) + 1}.xml"
    )
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == part:
                for coordinate, xml in cells.items():
                    pattern = rb'<c r="%s"[^>]*?(?:/>|>.*?</c>)' % coordinate.encode()
                    replacement = b'<c r="%s" %s</c>' % (coordinate.encode(), xml.encode())
                    content, found = re.subn(
                        pattern, replacement.replace(b"\\", b"\\\\"), content, count=1
                    )
                    assert found, coordinate
            target.writestr(item, content)
    return buffer.getvalue()


class TestCellsOfEveryKind:
    def test_an_error_cell_over_a_stored_figure_keeps_the_figure_and_says_why(
        self, session: Session
    ) -> None:
        data = _workbook(session)
        cell, base = next((c, b) for c, b in _integer_cells(session, data) if b)
        upload = _plan(session, _edit(data, {cell: "#DIV/0!"}))
        planned = _planned(session, upload, cell)
        assert planned.outcome == CellOutcome.rejected
        assert planned.proposed == base  # never "" (which would delete the figure)
        name = _indicator_of(session, data, cell).name
        assert planned.message.startswith(f"{name}: the cell shows the error #DIV/0!")
        participation = session.get(Participation, planned.participation_id)
        assert participation is not None
        figure = session.exec(
            select(IndicatorValue).where(
                col(IndicatorValue.action_id) == participation.action_id,
                col(IndicatorValue.organisation_id) == participation.organisation_id,
                col(IndicatorValue.indicator_id).in_(
                    select(col(Indicator.id)).where(col(Indicator.code) == planned.field)
                ),
                col(IndicatorValue.reporting_cycle_id) == upload.reporting_cycle_id,
            )
        ).one()
        # The file is refused until the cell holds a figure again; the stored one stays.
        assert upload.status == UploadStatus.rejected
        assert figure.value == Decimal(base)

    def test_a_soft_line_break_from_word_is_a_line_break(self, session: Session) -> None:
        data = _workbook(session)
        cell = _narrative_cells(data)[0]
        upload = _plan(session, _edit(data, {cell: "First_x000B_second"}))
        planned = _planned(session, upload, cell)
        assert (planned.outcome, planned.proposed) == (CellOutcome.new, "First\nsecond")

    @pytest.mark.parametrize(
        ("typed", "named"), [("Bell_x0007_here", "U+0007"), ("Nul_x0000_", "U+0000")]
    )
    def test_a_control_character_in_a_narrative_is_refused_naming_it(
        self, session: Session, typed: str, named: str
    ) -> None:
        data = _workbook(session)
        cell = _narrative_cells(data)[0]
        upload = _plan(session, _edit(data, {cell: typed}))
        planned = _planned(session, upload, cell)
        assert planned.outcome == CellOutcome.rejected
        assert f"{named} (character {typed.index('_x') + 1})" in planned.message
        # What was refused is kept to be shown, without what no database can hold.
        assert "\x00" not in planned.proposed and "\x07" not in planned.proposed

    def test_a_figure_is_read_from_every_kind_of_cell_that_holds_one(
        self, session: Session
    ) -> None:
        from openpyxl.cell.rich_text import CellRichText, TextBlock
        from openpyxl.cell.text import InlineFont

        data = _workbook(session)
        number, text, inline, rich, exponent = (c for c, _ in _integer_cells(session, data)[:5])
        narrative = _narrative_cells(data)[0]
        bold = CellRichText(["Seized ", TextBlock(InlineFont(b=True), "12 kg"), " in Hamburg."])
        # A number stored as text is a shared string, as Excel writes it.
        data = _edit(data, {text: "12", narrative: bold})
        data = _with_cell_xml(
            data,
            {
                number: "><v>12</v>",
                inline: 't="inlineStr"><is><t>12</t></is>',
                rich: 't="inlineStr"><is><r><t>1</t></r><r><rPr><b/></rPr><t>2</t></r></is>',
                exponent: 't="n"><v>1.2E+1</v>',
            },
        )
        upload = _plan(session, data)
        for cell in (number, text, inline, rich, exponent):
            planned = _planned(session, upload, cell)
            assert planned.outcome in (CellOutcome.new, CellOutcome.changed), planned.message
            assert planned.proposed == "12"
        planned = _planned(session, upload, narrative)
        assert (planned.outcome, planned.proposed) == (CellOutcome.new, "Seized 12 kg in Hamburg.")

    def test_a_cell_that_holds_no_figure_is_refused_and_the_stored_one_kept(
        self, session: Session
    ) -> None:
        import datetime as dt

        data = _workbook(session)
        cells = [(c, b) for c, b in _integer_cells(session, data) if b][:5]
        boolean, iso_date, error, words, day_number = (c for c, _ in cells)
        # "3-4" typed in a cell of the General format: Excel keeps 4 March as a day number
        # with a date format.
        data = _edit(data, {day_number: dt.datetime(2026, 3, 4)})
        data = _with_cell_xml(
            data,
            {
                boolean: 't="b"><v>1</v>',
                iso_date: 't="d"><v>2026-03-04T00:00:00</v>',
                error: 't="e"><v>#N/A</v>',
                words: 't="inlineStr"><is><t>twelve</t></is>',
            },
        )
        upload = _plan(session, data)
        says = {
            boolean: "“TRUE” is not a number",
            iso_date: "the date or time 4 Mar 2026, not a number",
            error: "the cell shows the error #N/A",
            words: "“twelve” is not a number",
            day_number: "the date or time 4 Mar 2026, not a number. Excel makes dates",
        }
        for cell, base in cells:
            planned = _planned(session, upload, cell)
            name = _indicator_of(session, data, cell).name
            assert planned.outcome == CellOutcome.rejected, cell
            assert planned.stored == base
            assert planned.message.startswith(f"{name}: ") and says[cell] in planned.message
        assert upload.status == UploadStatus.rejected
        with pytest.raises(Conflict):
            _apply(session, upload.id)

    def test_every_formula_is_refused_a_shared_one_and_one_giving_text_among_them(
        self, session: Session
    ) -> None:
        data = _workbook(session)
        (first, _), (second, _) = _integer_cells(session, data)[:2]
        narrative = _narrative_cells(data)[0]
        # Excel writes a formula filled down once, in the first cell; the others only point
        # at it and hold its result.
        formulas = _with_cell_xml(
            data,
            {
                first: f'><f t="shared" ref="{first}:{second}" si="0">1+1</f><v>2</v>',
                second: '><f t="shared" si="0"/><v>2</v>',
                narrative: 't="str"><f>"a"&amp;"b"</f><v>ab</v>',
            },
        )
        with pytest.raises(InvalidUpload) as refused:
            _plan(session, formulas)
        named = str(refused.value).split(":")[0]
        assert all(cell in named for cell in (first, second, narrative)), named
        assert "formulas are not accepted" in str(refused.value)

    def test_a_formula_is_found_in_a_sheet_without_cell_references(self, session: Session) -> None:
        data = _workbook(session)
        cell, _ = _integer_cells(session, data)[0]
        with pytest.raises(InvalidUpload, match="formulas"):
            _plan(session, _without_references(_edit(data, {cell: "=1+1"})))
