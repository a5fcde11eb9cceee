"""The import pipeline: check, parse, validate and plan an uploaded workbook, cell by cell.

Nothing here writes figures: a plan records, for every editable cell that differs from what
the workbook was made with or from what is stored, whether it is new, changed, a conflict or
rejected, with problems tied to sheet, row, column and field.
"""

import dataclasses
import datetime as dt
import hashlib
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.cell import coordinate_from_string
from sqlmodel import Session, col, select

from backend.access.policy import Operation, Principal, may_for_country
from backend.audit import service as audit
from backend.audit.models import AuditAction, AuditSource
from backend.catalog.models import Indicator, IndicatorKind
from backend.errors import Conflict, Forbidden, InvalidUpload, NotFound
from backend.records import MAX_FIGURE
from backend.reporting.models import Contribution, IndicatorValue, ReportState, ValueSource
from backend.spreadsheets.country_workbook import DATA_SHEET, STATES_TO_CHOOSE, TEMPLATE, plain
from backend.spreadsheets.metadata import EditableCell, read_metadata
from backend.spreadsheets.models import CellOutcome, Upload, UploadCell, UploadStatus
from backend.spreadsheets.safety import UploadLimits, open_checked
from backend.spreadsheets.service import CountryRow, country_report

MAX_NARRATIVE = 20_000


@dataclass
class CellReading:
    value: Any
    is_formula: bool


def _read_sheet(workbook: Any, name: str) -> dict[str, CellReading]:
    sheet = workbook[name]
    cells: dict[str, CellReading] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if getattr(cell, "value", None) is None:
                continue
            cells[cell.coordinate] = CellReading(cell.value, cell.data_type == "f")
    return cells


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def _figure(value: Any, indicator: Indicator) -> tuple[str, str]:
    """(normalised value, problem) for what a cell holds for `indicator`."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "", ""
    if indicator.kind == IndicatorKind.choice:
        text = str(value).strip()
        if text not in (indicator.choices or []):
            return text, f"must be one of {', '.join(indicator.choices or [])}"
        return text, ""
    if isinstance(value, bool):
        return str(value), "must be a number"
    try:
        number = Decimal(str(value).strip().replace(" ", ""))
    except InvalidOperation:
        return str(value), "must be a number"
    if not number.is_finite():
        return str(value), "must be a number"
    # Excel stores doubles: 12.300000000000001 is what someone typed as 12.3.
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -3:
        number = number.quantize(Decimal("0.001"))
    text = plain(number)
    if indicator.kind == IndicatorKind.integer and number != number.to_integral_value():
        return text, "must be a whole number"
    low = indicator.min_value if indicator.min_value is not None else -MAX_FIGURE
    high = indicator.max_value if indicator.max_value is not None else MAX_FIGURE
    if not low <= number <= high:
        return text, f"must be between {plain(low)} and {plain(high)}"
    return text, ""


def _stored(row: CountryRow, field: str, indicators: dict[str, Indicator]) -> str:
    if field == "narrative":
        return row.narrative
    if field == "state":
        return row.state
    return plain(row.values.get(indicators[field].id or 0))


def _outcome(base: str, stored: str, proposed: str) -> CellOutcome:
    if proposed == base or proposed == stored:
        return CellOutcome.unchanged
    if stored != base:
        return CellOutcome.conflict
    return CellOutcome.new if not base else CellOutcome.changed


def plan_upload(
    session: Session,
    *,
    data: bytes,
    filename: str,
    principal: Principal,
    actor: audit.Actor,
    limits: UploadLimits | None = None,
) -> Upload:
    """Check and plan an uploaded country workbook; refuse it outright when it is unsafe,
    not ours, tampered with, or outside the uploader's scope."""
    open_checked(data, limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as error:
        raise InvalidUpload(f"The workbook cannot be read ({error}).") from None
    try:
        metadata = read_metadata(workbook)
        if metadata.template != TEMPLATE:
            raise InvalidUpload(f"This is a {metadata.template} workbook, not a country workbook.")
        if DATA_SHEET not in workbook.sheetnames:
            raise InvalidUpload(f"The sheet '{DATA_SHEET}' is missing: it was renamed or removed.")
        cells = _read_sheet(workbook, DATA_SHEET)
    finally:
        workbook.close()
    country = str(metadata.fields.get("country", ""))
    cycle_id = int(metadata.fields.get("reporting_cycle_id", 0))
    if not may_for_country(principal, "indicator-values", Operation.update, country=country):
        raise Forbidden(
            f"This workbook holds the figures of {country}, which you may not write: "
            "upload your own country's workbook."
        )
    report = country_report(session, cycle_id=cycle_id, country=country)
    rows = {row.participation_id: row for row in report.rows}
    indicators = {indicator.code: indicator for indicator in report.indicators}
    _check_keys(cells, metadata.cells, rows)

    problems: list[dict[str, Any]] = []
    planned: list[UploadCell] = []
    counts = {outcome.value: 0 for outcome in CellOutcome}
    for editable in metadata.cells:
        reading = cells.get(editable.cell)
        row = rows[editable.key["participation_id"]]
        stored = _stored(row, editable.field, indicators)
        base = _text(editable.base)
        problem = ""
        if reading is not None and reading.is_formula:
            proposed, problem = _text(reading.value), "formulas are not accepted: type the figure"
        elif editable.field == "narrative":
            proposed = _text(reading.value if reading else None)
            if len(proposed) > MAX_NARRATIVE:
                problem = f"is longer than {MAX_NARRATIVE:,} characters"
        elif editable.field == "state":
            proposed = _text(reading.value if reading else None).strip()
            allowed = {*STATES_TO_CHOOSE, base}
            if proposed not in allowed:
                problem = f"must be {' or '.join(STATES_TO_CHOOSE)}"
            if row.state == ReportState.accepted and proposed != stored:
                problem = "was accepted and can no longer change"
        else:
            proposed, problem = _figure(
                reading.value if reading else None, indicators[editable.field]
            )
        outcome = CellOutcome.rejected if problem else _outcome(base, stored, proposed)
        counts[outcome.value] += 1
        if outcome == CellOutcome.unchanged:
            continue
        column_letter, row_number = coordinate_from_string(editable.cell)
        if problem:
            problems.append(
                {
                    "sheet": editable.sheet,
                    "row": row_number,
                    "column": column_letter,
                    "cell": editable.cell,
                    "field": editable.field,
                    "severity": "error",
                    "message": f"{editable.field} {problem}",
                }
            )
        planned.append(
            UploadCell(
                upload_id=0,
                sheet=editable.sheet,
                cell=editable.cell,
                participation_id=row.participation_id,
                field=editable.field,
                base=base,
                stored=stored,
                proposed=proposed,
                outcome=outcome,
                message=problem,
            )
        )
    upload = Upload(
        user_id=principal.user_id,
        filename=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        template=metadata.template,
        reporting_cycle_id=report.cycle.id or 0,
        country=country,
        status=UploadStatus.rejected if problems else UploadStatus.planned,
        created_at=dt.datetime.now(dt.UTC),
        counts=counts,
        problems=problems,
    )
    session.add(upload)
    session.flush()
    for cell in planned:
        cell.upload_id = upload.id or 0
    session.add_all(planned)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action=AuditAction.create,
        resource="uploads",
        record_id=upload.id,
        changes={"sha256": [None, upload.sha256], "counts": [None, counts]},
        detail=f"planned {filename[:200]}",
    )
    return upload


def _check_keys(
    cells: dict[str, CellReading], editable: list[EditableCell], rows: dict[int, CountryRow]
) -> None:
    """The locked key column must still say which participation each row is."""
    expected: dict[int, int] = {}
    for cell in editable:
        _, row_number = coordinate_from_string(cell.cell)
        expected[row_number] = cell.key["participation_id"]
    tampered = []
    for row_number, participation_id in sorted(expected.items()):
        reading = cells.get(f"A{row_number}")
        if reading is None or str(reading.value) != str(participation_id):
            tampered.append(row_number)
        elif participation_id not in rows:
            tampered.append(row_number)
    extra = sorted(
        {
            coordinate_from_string(coordinate)[1]
            for coordinate in cells
            if coordinate_from_string(coordinate)[1] > max(expected, default=1)
        }
    )
    if tampered:
        raise InvalidUpload(
            f"Sheet '{DATA_SHEET}', rows {', '.join(map(str, tampered[:20]))}: the key column "
            "was changed, or the rows belong to another workbook. Download a new workbook."
        )
    if extra:
        raise InvalidUpload(
            f"Sheet '{DATA_SHEET}', rows {', '.join(map(str, extra[:20]))}: rows were added; "
            "a country workbook has exactly the rows it was made with."
        )


PLAN_LIFETIME = dt.timedelta(days=7)
Choice = str  # "file" keeps the uploaded value, "stored" keeps what is in the database


def apply_upload(
    session: Session,
    *,
    upload_id: int,
    principal: Principal,
    actor: audit.Actor,
    choices: dict[str, Choice] | None = None,
) -> Upload:
    """Write exactly what the plan showed, all or nothing, as one audited import batch."""
    choices = choices or {}
    upload = session.get(Upload, upload_id)
    if upload is None:
        raise NotFound(f"No upload with id {upload_id}.")
    if upload.user_id != principal.user_id:
        raise Forbidden("Only the person who uploaded a workbook applies its plan.")
    if upload.status != UploadStatus.planned:
        raise Conflict(f"This upload is {upload.status}: only a planned upload can be applied.")
    created = upload.created_at
    if created.tzinfo is None:
        created = created.replace(tzinfo=dt.UTC)
    if dt.datetime.now(dt.UTC) - created > PLAN_LIFETIME:
        raise Conflict("This plan has expired: upload the workbook again.")
    planned = session.exec(
        select(UploadCell).where(
            col(UploadCell.upload_id) == upload_id,
            col(UploadCell.outcome).in_(
                [CellOutcome.new, CellOutcome.changed, CellOutcome.conflict]
            ),
        )
    ).all()
    undecided = [
        c.cell for c in planned if c.outcome == CellOutcome.conflict and c.cell not in choices
    ]
    if undecided:
        raise Conflict(
            f"Choose the file's or the stored value for each conflict first: "
            f"{', '.join(undecided[:20])}."
        )
    report = country_report(session, cycle_id=upload.reporting_cycle_id, country=upload.country)
    rows = {row.participation_id: row for row in report.rows}
    indicators = {indicator.code: indicator for indicator in report.indicators}
    batch = dataclasses.replace(actor, source=AuditSource.upload, source_ref=f"upload:{upload_id}")
    to_write = [
        cell
        for cell in planned
        if cell.outcome != CellOutcome.conflict or choices.get(cell.cell) == "file"
    ]
    # Every cell is checked before any is written: a stale plan changes nothing.
    for cell in to_write:
        row = rows.get(cell.participation_id)
        if row is None or _stored(row, cell.field, indicators) != cell.stored:
            raise Conflict(
                f"Sheet '{cell.sheet}', cell {cell.cell} ({cell.field}) changed since the plan "
                "was made: upload the workbook again to see the new plan."
            )
    written = 0
    for cell in to_write:
        row = rows[cell.participation_id]
        if cell.field in ("narrative", "state"):
            _write_contribution(session, upload, row, cell, batch)
        else:
            _write_figure(session, upload, row, indicators[cell.field], cell, batch)
        written += 1
    upload.status = UploadStatus.applied
    session.add(upload)
    audit.record(
        session,
        actor=batch,
        action=AuditAction.transition,
        resource="uploads",
        record_id=upload_id,
        changes={"status": ["planned", "applied"], "written": [None, written]},
        detail=f"applied workbook sha256 {upload.sha256}",
    )
    session.flush()
    return upload


def _write_figure(
    session: Session,
    upload: Upload,
    row: CountryRow,
    indicator: Indicator,
    cell: UploadCell,
    actor: audit.Actor,
) -> None:
    stored = session.exec(
        select(IndicatorValue).where(
            col(IndicatorValue.reporting_cycle_id) == upload.reporting_cycle_id,
            col(IndicatorValue.action_id) == row.action_id,
            col(IndicatorValue.organisation_id) == row.organisation_id,
            col(IndicatorValue.indicator_id) == indicator.id,
        )
    ).first()
    choice = indicator.kind == IndicatorKind.choice
    if cell.proposed == "":
        if stored is not None:
            session.delete(stored)
            session.flush()
            audit.record(
                session,
                actor=actor,
                action=AuditAction.delete,
                resource="indicator-values",
                record_id=stored.id,
                changes={"value": [cell.stored, None]},
            )
        return
    if stored is None:
        stored = IndicatorValue(
            reporting_cycle_id=upload.reporting_cycle_id,
            action_id=row.action_id,
            organisation_id=row.organisation_id,
            indicator_id=indicator.id or 0,
        )
        action = AuditAction.create
    else:
        action = AuditAction.update
    stored.value = None if choice else Decimal(cell.proposed)
    stored.text_value = cell.proposed if choice else None
    stored.source = ValueSource.upload
    stored.source_ref = f"upload:{upload.id}"
    session.add(stored)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action=action,
        resource="indicator-values",
        record_id=stored.id,
        changes={"value": [cell.stored or None, cell.proposed]},
    )


def _write_contribution(
    session: Session, upload: Upload, row: CountryRow, cell: UploadCell, actor: audit.Actor
) -> None:
    contribution = session.exec(
        select(Contribution).where(
            col(Contribution.reporting_cycle_id) == upload.reporting_cycle_id,
            col(Contribution.participation_id) == row.participation_id,
        )
    ).first()
    action = AuditAction.update
    if contribution is None:
        contribution = Contribution(
            reporting_cycle_id=upload.reporting_cycle_id, participation_id=row.participation_id
        )
        action = AuditAction.create
    if cell.field == "narrative":
        contribution.narrative = cell.proposed
        if contribution.state == ReportState.not_started and cell.proposed:
            contribution.state = ReportState.draft
    else:
        contribution.state = ReportState(cell.proposed)
        if contribution.state == ReportState.submitted:
            contribution.submitted_at = dt.datetime.now(dt.UTC)
    session.add(contribution)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action=action,
        resource="contributions",
        record_id=contribution.id,
        changes={cell.field: [cell.stored or None, cell.proposed]},
    )
