"""The import pipeline: check, parse, validate and plan an uploaded workbook, cell by cell.

Nothing here writes figures: a plan records, for every editable cell that differs from what
the workbook was made with or from what is stored, whether it is new, changed, a conflict or
rejected, with problems tied to sheet, row, column and field.
"""

import dataclasses
import datetime as dt
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_from_string
from sqlmodel import Session, col, select

from backend.access.policy import Operation, Principal, may_for_country
from backend.audit import service as audit
from backend.audit.models import AuditAction, AuditSource
from backend.catalog.models import Indicator, IndicatorKind, Organisation
from backend.errors import Conflict, Forbidden, InvalidInput, InvalidUpload, NotFound
from backend.plans.models import Participation
from backend.records import MAX_FIGURE
from backend.reporting.models import (
    Contribution,
    IndicatorValue,
    ReportingCycle,
    ReportState,
    ValueSource,
)
from backend.reporting.workflow import ensure_writable
from backend.spreadsheets.country_workbook import (
    DATA_SHEET,
    STATES_TO_CHOOSE,
    TEMPLATE,
    build_country_workbook,
    plain,
)
from backend.spreadsheets.metadata import SHEET, EditableCell, Metadata, read_metadata
from backend.spreadsheets.models import CellOutcome, Upload, UploadCell, UploadFile, UploadStatus
from backend.spreadsheets.safety import UploadLimits, open_checked
from backend.spreadsheets.service import CountryRow, country_report

MAX_NARRATIVE = 20_000


@dataclass
class CellReading:
    value: Any
    is_formula: bool


def _read_sheet(workbook: Any, name: str, limits: UploadLimits) -> dict[str, CellReading]:
    sheet = workbook[name]
    # The rows as they are, not padded to whatever grid the file's dimension element claims.
    sheet.reset_dimensions()
    cells: dict[str, CellReading] = {}
    for row in sheet.iter_rows(max_row=limits.max_rows_per_sheet):
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


def _problem(sheet: str, cell: str, field: str, severity: str, message: str) -> dict[str, Any]:
    column_letter, row_number = coordinate_from_string(cell)
    return {
        "sheet": sheet,
        "row": row_number,
        "column": column_letter,
        "cell": cell,
        "field": field,
        "severity": severity,
        "message": message,
    }


def _rows_named(row_numbers: list[int]) -> str:
    shown = ", ".join(map(str, row_numbers[:20]))
    more = f" and {len(row_numbers) - 20} more" if len(row_numbers) > 20 else ""
    return f"row{'s' if len(row_numbers) > 1 else ''} {shown}{more}"


def _header_row(workbook: Any, name: str) -> list[str]:
    rows = workbook[name].iter_rows(min_row=1, max_row=1, values_only=True)
    return [_text(value).strip() for value in next(iter(rows), ())]


def _key_column(cells: dict[str, CellReading]) -> dict[int, str]:
    """Row number -> what the locked key column (participation id) holds."""
    keys: dict[int, str] = {}
    for coordinate, reading in cells.items():
        letter, row_number = coordinate_from_string(coordinate)
        if letter == "A" and row_number > 1:
            keys[row_number] = _text(reading.value).strip()
    return keys


TITLE = re.compile(r"EMPACT country workbook: ([A-Z]{2}), reporting cycle (\S+)")


def _recognise(session: Session, workbook: Any) -> Metadata:
    """The metadata of a country workbook that lost its hidden sheet (copied into a new file,
    re-saved by another program), rebuilt from its title and header row and what is stored
    now. Conflicts with changes made since the download can no longer be seen."""
    sheets = workbook.sheetnames
    if "Instructions" not in sheets or DATA_SHEET not in sheets:
        raise InvalidUpload(
            "This workbook was not made by this tool: it has neither the tool's hidden metadata "
            f"nor the sheets 'Instructions' and '{DATA_SHEET}' of a country workbook. Download "
            "the country workbook from the tool and fill it in."
        )
    title = next(
        iter(workbook["Instructions"].iter_rows(max_row=1, max_col=1, values_only=True)), (None,)
    )[0]
    match = TITLE.fullmatch(_text(title).strip())
    if match is None:
        raise InvalidUpload(
            "Sheet 'Instructions', cell A1: the title that names the country and the reporting "
            "cycle was changed, and the workbook's hidden metadata is missing."
        )
    country, cycle_code = match.groups()
    cycle = session.exec(
        select(ReportingCycle).where(col(ReportingCycle.code) == cycle_code)
    ).first()
    if cycle is None:
        raise InvalidUpload(f"Sheet 'Instructions', cell A1: no reporting cycle {cycle_code}.")
    report = country_report(session, cycle_id=cycle.id or 0, country=country)
    fresh = load_workbook(io.BytesIO(build_country_workbook(report, generated_by="")))
    try:
        expected = _header_row(fresh, DATA_SHEET)
        metadata = read_metadata(fresh)
    finally:
        fresh.close()
    found = _header_row(workbook, DATA_SHEET)
    for index, title_expected in enumerate(expected):
        title_found = found[index] if index < len(found) else ""
        if title_found != title_expected:
            raise InvalidUpload(
                f"Sheet '{DATA_SHEET}', row 1, column {get_column_letter(index + 1)}: the header "
                f"is {title_found!r} where the country workbook of {cycle_code} has "
                f"{title_expected!r}. Columns were added, removed or moved."
            )
    metadata.fields["recognised_from"] = "header row"
    return metadata


def _place_rows(
    metadata: Metadata, cells: dict[str, CellReading], keys: dict[int, str], *, recognised: bool
) -> tuple[list[EditableCell], list[int]]:
    """The editable cells at the rows the file holds them, and the rows the metadata does not
    know. A signed workbook holds exactly the rows it was made with, in their order; one
    recognised from its header row may hold its rows in any order, and only some of them."""
    filled = {coordinate_from_string(coordinate)[1] for coordinate in cells} - {1}
    if not recognised:
        expected = {
            coordinate_from_string(cell.cell)[1]: str(cell.key["participation_id"])
            for cell in metadata.cells
        }
        unknown = {row for row, key in expected.items() if keys.get(row) != key}
        unknown |= {row for row in filled if row not in expected}
        return metadata.cells, sorted(unknown)
    row_of = {key: row for row, key in keys.items() if key}
    known = {str(cell.key["participation_id"]) for cell in metadata.cells}
    placed = []
    for cell in metadata.cells:
        row = row_of.get(str(cell.key["participation_id"]))
        if row is not None:
            letter, _ = coordinate_from_string(cell.cell)
            placed.append(dataclasses.replace(cell, cell=f"{letter}{row}"))
    return placed, sorted(row for row in filled if keys.get(row, "") not in known)


def _refuse_unknown_rows(
    session: Session, rows: list[int], keys: dict[int, str], country: str
) -> None:
    """Rows whose key is not this workbook's: another country's rows are named as such."""
    if not rows:
        return
    ids = {int(keys[row]) for row in rows if keys.get(row, "").isdigit()}
    countries = dict(
        session.execute(
            sa.select(col(Participation.id), col(Organisation.country_code))
            .join(Organisation, col(Organisation.id) == col(Participation.organisation_id))
            .where(col(Participation.id).in_(ids))
        ).all()
    )
    foreign = [
        row
        for row in rows
        if keys.get(row, "").isdigit() and countries.get(int(keys[row])) not in (None, country)
    ]
    if foreign:
        others = sorted({str(countries[int(keys[row])]) for row in foreign})
        raise Forbidden(
            f"Sheet '{DATA_SHEET}', {_rows_named(foreign)}: these rows hold figures of "
            f"{', '.join(others)}, not of {country}. A country workbook carries only its "
            "country's rows: remove them and upload again."
        )
    raise InvalidUpload(
        f"Sheet '{DATA_SHEET}', {_rows_named(rows)}: the key column A was changed, or rows were "
        "added or moved. Download a new workbook and copy your figures into it."
    )


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
    limits = limits or UploadLimits.configured()
    open_checked(data, limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as error:
        raise InvalidUpload(f"The workbook cannot be read ({error}).") from None
    try:
        recognised = SHEET not in workbook.sheetnames
        metadata = _recognise(session, workbook) if recognised else read_metadata(workbook)
        if metadata.template != TEMPLATE:
            raise InvalidUpload(f"This is a {metadata.template} workbook, not a country workbook.")
        if DATA_SHEET not in workbook.sheetnames:
            raise InvalidUpload(f"The sheet '{DATA_SHEET}' is missing: it was renamed or removed.")
        cells = _read_sheet(workbook, DATA_SHEET, limits)
    finally:
        workbook.close()
    country = str(metadata.fields.get("country", ""))
    cycle_id = int(metadata.fields.get("reporting_cycle_id", 0))
    if not may_for_country(principal, "uploads", Operation.create, country=country):
        raise Forbidden(
            f"Sheet '{DATA_SHEET}': every row holds figures of {country}, which you may not "
            "write. Upload your own country's workbook."
        )
    formulas = [coordinate for coordinate, reading in cells.items() if reading.is_formula]
    if formulas:
        raise InvalidUpload(
            f"Sheet '{DATA_SHEET}', cell{'s' if len(formulas) > 1 else ''} "
            f"{', '.join(formulas[:20])}: formulas are not accepted in a workbook of figures. "
            "Type the values instead (copy, then paste as values)."
        )
    report = country_report(session, cycle_id=cycle_id, country=country)
    ensure_writable(session, cycle_id=report.cycle.id or 0, country=country)
    rows = {row.participation_id: row for row in report.rows}
    indicators = {indicator.code: indicator for indicator in report.indicators}
    keys = _key_column(cells)
    editables, unknown = _place_rows(metadata, cells, keys, recognised=recognised)
    _refuse_unknown_rows(session, unknown, keys, country)
    gone = sorted(
        {
            coordinate_from_string(cell.cell)[1]
            for cell in editables
            if cell.key["participation_id"] not in rows
        }
    )
    if gone:
        raise Conflict(
            f"Sheet '{DATA_SHEET}', {_rows_named(gone)}: these actions or participations no "
            "longer report in this cycle. Download a new workbook and copy your figures into it."
        )

    problems: list[dict[str, Any]] = []
    if recognised:
        problems.append(
            {
                "sheet": SHEET,
                "row": None,
                "column": None,
                "cell": None,
                "field": None,
                "severity": "warning",
                "message": "The workbook lost its hidden metadata (it was copied into a new file "
                "or re-saved by another program) and was recognised from its header row: a "
                "figure changed by someone else since you downloaded it shows as a change, not "
                "as a conflict. Check the changes before you apply them.",
            }
        )
    planned: list[UploadCell] = []
    counts = {outcome.value: 0 for outcome in CellOutcome}
    for editable in editables:
        reading = cells.get(editable.cell)
        row = rows[editable.key["participation_id"]]
        stored = _stored(row, editable.field, indicators)
        base = stored if recognised else _text(editable.base)
        problem = ""
        if editable.field == "narrative":
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
        if problem:
            problems.append(
                _problem(
                    editable.sheet,
                    editable.cell,
                    editable.field,
                    "error",
                    f"{editable.field} {problem}",
                )
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
                proposed=proposed[:MAX_NARRATIVE],
                outcome=outcome,
                message=problem,
            )
        )
    errors = any(problem["severity"] != "warning" for problem in problems)
    upload = Upload(
        user_id=principal.user_id,
        filename=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        template=metadata.template,
        reporting_cycle_id=report.cycle.id or 0,
        country=country,
        status=UploadStatus.rejected if errors else UploadStatus.planned,
        created_at=dt.datetime.now(dt.UTC),
        counts=counts,
        problems=problems,
    )
    session.add(upload)
    session.flush()
    session.add(UploadFile(upload_id=upload.id or 0, content=data))
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


PLAN_LIFETIME = dt.timedelta(days=7)
# Per conflicting cell: "file" writes the uploaded value, "stored" keeps the database's.
CHOICES = ("file", "stored")


def _upload_to_change(session: Session, upload_id: int, principal: Principal) -> Upload:
    """The upload, once the caller may write its country's figures and its cycle is open."""
    upload = session.get(Upload, upload_id)
    if upload is None:
        raise NotFound(f"No upload with id {upload_id}.")
    if not may_for_country(principal, "uploads", Operation.update, country=upload.country):
        raise Forbidden(f"This upload holds figures of {upload.country}, which you may not write.")
    ensure_writable(session, cycle_id=upload.reporting_cycle_id, country=upload.country)
    return upload


def apply_upload(
    session: Session,
    *,
    upload_id: int,
    principal: Principal,
    actor: audit.Actor,
    choices: dict[str, str] | None = None,
) -> Upload:
    """Write exactly what the plan showed, all or nothing, as one audited import batch."""
    choices = choices or {}
    upload = _upload_to_change(session, upload_id, principal)
    if upload.status != UploadStatus.planned:
        raise Conflict(f"This upload is {upload.status}: only a planned upload can be applied.")
    created = upload.created_at
    if created.tzinfo is None:
        created = created.replace(tzinfo=dt.UTC)
    if dt.datetime.now(dt.UTC) - created > PLAN_LIFETIME:
        raise Conflict(
            f"This plan was made on {created:%Y-%m-%d %H:%M} UTC and has expired after "
            f"{PLAN_LIFETIME.days} days: upload the workbook again."
        )
    planned = session.exec(
        select(UploadCell).where(
            col(UploadCell.upload_id) == upload_id,
            col(UploadCell.outcome).in_(
                [CellOutcome.new, CellOutcome.changed, CellOutcome.conflict]
            ),
        )
    ).all()
    conflicts = {c.cell for c in planned if c.outcome == CellOutcome.conflict}
    unknown = sorted(set(choices) - conflicts)
    if unknown:
        raise InvalidInput(
            "choices",
            f"{', '.join(unknown[:20])} {'is' if len(unknown) == 1 else 'are'} not a "
            "conflict of this plan",
        )
    bad = sorted(cell for cell, choice in choices.items() if choice not in CHOICES)
    if bad:
        raise InvalidInput("choices", f"{', '.join(bad[:20])}: choose 'file' or 'stored'")
    undecided = sorted(conflicts - set(choices))
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
    for cell in to_write:
        _write(session, upload, rows[cell.participation_id], indicators, cell, batch)
        cell.written = True
        session.add(cell)
    _close_batch(session, upload, UploadStatus.applied, len(to_write), batch)
    return upload


def _write(
    session: Session,
    upload: Upload,
    row: CountryRow,
    indicators: dict[str, Indicator],
    cell: UploadCell,
    actor: audit.Actor,
) -> None:
    if cell.field in ("narrative", "state"):
        _write_contribution(session, upload, row, cell, actor)
    else:
        _write_figure(session, upload, row, indicators[cell.field], cell, actor)


def _close_batch(
    session: Session, upload: Upload, status: UploadStatus, cells: int, actor: audit.Actor
) -> None:
    """The upload's new status and the batch's one audit event, naming the file's SHA-256."""
    before = upload.status
    upload.status = status
    session.add(upload)
    audit.record(
        session,
        actor=actor,
        action=AuditAction.transition,
        resource="uploads",
        record_id=upload.id,
        changes={"status": [before, status], "cells": [None, cells]},
        detail=f"{status} workbook sha256 {upload.sha256}",
    )
    session.flush()


def plan_cells(session: Session, upload_id: int) -> list[UploadCell]:
    """The cells of an upload's plan that are not unchanged, in the file's order."""
    return list(
        session.exec(
            select(UploadCell)
            .where(
                col(UploadCell.upload_id) == upload_id,
                col(UploadCell.outcome) != CellOutcome.unchanged,
            )
            .order_by(col(UploadCell.id))
        ).all()
    )


def revert_upload(
    session: Session, *, upload_id: int, principal: Principal, actor: audit.Actor
) -> Upload:
    """Put back what an applied upload overwrote, all or nothing, while the cycle is open.

    A cell changed again since the upload was applied is not silently reverted: the revert
    is refused and names it."""
    upload = _upload_to_change(session, upload_id, principal)
    if upload.status != UploadStatus.applied:
        raise Conflict(f"This upload is {upload.status}: only an applied upload can be reverted.")
    written = session.exec(
        select(UploadCell)
        .where(col(UploadCell.upload_id) == upload_id, col(UploadCell.written).is_(True))
        .order_by(col(UploadCell.id))
    ).all()
    report = country_report(session, cycle_id=upload.reporting_cycle_id, country=upload.country)
    rows = {row.participation_id: row for row in report.rows}
    indicators = {indicator.code: indicator for indicator in report.indicators}
    moved = [
        cell.cell
        for cell in written
        if cell.participation_id not in rows
        or _stored(rows[cell.participation_id], cell.field, indicators) != cell.proposed
    ]
    if moved:
        raise Conflict(
            f"Sheet '{DATA_SHEET}', {', '.join(moved[:20])}: changed again since this upload "
            "was applied, so the upload can no longer be reverted as a whole. Change these "
            "values where they are now."
        )
    batch = dataclasses.replace(
        actor, source=AuditSource.upload, source_ref=f"upload:{upload_id}:revert"
    )
    for cell in written:
        back = UploadCell(
            upload_id=upload_id,
            sheet=cell.sheet,
            cell=cell.cell,
            participation_id=cell.participation_id,
            field=cell.field,
            stored=cell.proposed,
            proposed=cell.stored,
            outcome=cell.outcome,
        )
        _write(session, upload, rows[cell.participation_id], indicators, back, batch)
    _close_batch(session, upload, UploadStatus.reverted, len(written), batch)
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
        submitted = contribution.state == ReportState.submitted
        contribution.submitted_at = dt.datetime.now(dt.UTC) if submitted else None
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
