"""The import pipeline: check, parse, validate and plan an uploaded workbook, cell by cell.

Nothing here writes figures: a plan records, for every editable cell that differs from what
the workbook was made with or from what is stored, whether it is new, changed, a conflict or
rejected, with problems tied to sheet, row, column and field.
"""

import dataclasses
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_from_string
from sqlmodel import Session, col, select

from backend import i18n, text
from backend.access.policy import Operation, Principal, may_for_country
from backend.audit import service as audit
from backend.audit.models import AuditAction, AuditSource
from backend.catalog.models import Indicator, IndicatorKind, Organisation
from backend.database import bulk_insert
from backend.errors import Conflict, Forbidden, InvalidInput, InvalidUpload, NotFound
from backend.plans.models import Participation
from backend.records import MAX_FIGURE
from backend.reporting import figures
from backend.reporting.models import (
    ReportingCycle,
    ReportState,
    ValueSource,
)
from backend.reporting.workflow import ensure_writable
from backend.resources import MAX_ID
from backend.spreadsheets.country_workbook import (
    DATA_SHEET,
    TEMPLATE,
    bounds,
    build_country_workbook,
    plain,
    title_line,
)
from backend.spreadsheets.metadata import SHEET, EditableCell, Metadata, metadata_from_rows
from backend.spreadsheets.models import CellOutcome, Upload, UploadCell, UploadFile, UploadStatus
from backend.spreadsheets.reading import Reading, UploadedWorkbook
from backend.spreadsheets.safety import UploadLimits, open_checked
from backend.spreadsheets.service import CountryRow, country_report
from backend.spreadsheets.texts import STATES_TO_CHOOSE, Words, state_from_text

MAX_NARRATIVE = 20_000


def _text(value: Any) -> str:
    """A cell's text with its line breaks as "\n" (Word's soft line breaks among them); a
    logical value as Excel shows it, a date without the midnight that Excel gives it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    return text.normalized(str(value).replace("\r\n", "\n").replace("\r", "\n"))


def _as_date(value: Any, words: Words) -> str:
    """A date, a time of day or a duration, as the cell shows it to the uploader."""
    if isinstance(value, dt.datetime):
        return words.moment(value) if value.time() != dt.time() else words.date(value.date())
    if isinstance(value, dt.date):
        return words.date(value)
    return str(value)


def _unwritable(value: str, field: str, words: Words) -> str:
    """The problem with a text no workbook can hold, or ''."""
    found = text.forbidden(value)
    if found is None:
        return ""
    position, character = found
    return words("problem.control_character", field=field, character=character, position=position)


def _figure(value: Any, indicator: Indicator, words: Words) -> tuple[str, str]:
    """(normalised value, problem) for what a cell holds for `indicator`; the problem names
    the indicator and is written in the uploader's language."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "", ""
    field = words.indicator(indicator)
    typed = _text(value).strip()
    if problem := _unwritable(typed, field, words):
        return typed, problem
    if indicator.kind == IndicatorKind.choice:
        if typed not in (indicator.choices or []):
            choices = words.choices(indicator.choices or [])
            return typed, words("problem.not_a_choice", field=field, value=typed, choices=choices)
        return typed, ""
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        # Excel turns some figures as typed ("3-4", "1/5", "12:30") into dates and times.
        return typed, words("problem.a_date", field=field, value=_as_date(value, words))
    not_a_number = words("problem.not_a_number", field=field, value=typed)
    if isinstance(value, bool):
        return typed, not_a_number
    try:
        number = Decimal(typed.replace(" ", ""))
    except InvalidOperation:
        return typed, not_a_number
    if not number.is_finite():
        return typed, not_a_number
    # Excel stores doubles: 12.300000000000001 is what someone typed as 12.3.
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -3:
        number = number.quantize(Decimal("0.001"))
    text = plain(number)
    if indicator.kind == IndicatorKind.integer and number != number.to_integral_value():
        return text, words("problem.not_whole", field=field, value=number)
    low, high = bounds(indicator)
    if number < low and high == MAX_FIGURE:
        return text, words("problem.at_least", field=field, value=number, low=low)
    if not low <= number <= high:
        return text, words("problem.between", field=field, value=number, low=low, high=high)
    return text, ""


def _state(reading: Reading | None, *, base: str, words: Words) -> tuple[str, str]:
    """(state, problem) for a state cell: a label in either language, or the stored word of
    older workbooks; empty leaves the row's state as it was."""
    typed = _text(reading.value if reading else None).strip()
    if not typed:
        return base, ""
    state = state_from_text(typed)
    proposed = state.value if state else typed
    allowed = {*STATES_TO_CHOOSE, base}
    field = words("column.state")
    if proposed not in allowed:
        offered = [words.state(base)] if base not in STATES_TO_CHOOSE else []
        offered += [words.state(choosable) for choosable in STATES_TO_CHOOSE]
        return proposed, words(
            "problem.state", field=field, value=typed, choices=words.choices(offered)
        )
    return proposed, ""


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


def _header_row(workbook: UploadedWorkbook, name: str) -> list[str]:
    rows = workbook.rows(name, max_rows=1)
    return [_text(value).strip() for value in (rows[0] if rows else [])]


def _key_column(cells: dict[str, Reading]) -> dict[int, str]:
    """Row number -> what the locked key column (participation id) holds."""
    keys: dict[int, str] = {}
    for coordinate, reading in cells.items():
        letter, row_number = coordinate_from_string(coordinate)
        if letter == "A" and row_number > 1:
            keys[row_number] = _text(reading.value).strip()
    return keys


def _title_patterns() -> dict[i18n.Language, re.Pattern[str]]:
    """The Instructions title in each language, naming (country, cycle)."""
    patterns = {}
    for language in i18n.Language:
        line = title_line(Words(language), country="__country__", cycle="__cycle__")
        pattern = re.escape(line).replace("__country__", "([A-Z]{2})")
        patterns[language] = re.compile(pattern.replace("__cycle__", r"(\S+)"))
    return patterns


TITLES = _title_patterns()


def _recognise(session: Session, workbook: UploadedWorkbook) -> Metadata:
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
    first = workbook.rows("Instructions", max_rows=1)
    title = first[0][0] if first and first[0] else None
    found_title = _text(title).strip()
    language, match = next(
        (
            (language, pattern.fullmatch(found_title))
            for language, pattern in TITLES.items()
            if pattern.fullmatch(found_title)
        ),
        (i18n.DEFAULT_LANGUAGE, None),
    )
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
    # Nothing is written yet: the transaction ends before the country workbook is rebuilt
    # and read (seconds for a large country), so that it holds no connection meanwhile, nor
    # SQLite's one write lock.
    session.commit()
    fresh = UploadedWorkbook(build_country_workbook(report, generated_by="", language=language))
    try:
        expected = _header_row(fresh, DATA_SHEET)
        metadata = metadata_from_rows(fresh.rows(SHEET))
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
    metadata: Metadata, cells: dict[str, Reading], keys: dict[int, str], *, recognised: bool
) -> tuple[list[EditableCell], list[int]]:
    """The editable cells at the rows the file holds them, and the rows the metadata does not
    know. A signed workbook holds exactly the rows it was made with, in their order; one
    recognised from its header row may hold its rows in any order, and only some of them."""
    filled = {coordinate_from_string(coordinate)[1] for coordinate in cells} - {1}
    locked = _locked_rows(metadata)
    if not recognised:
        expected = {
            coordinate_from_string(cell.cell)[1]: str(cell.key["participation_id"])
            for cell in metadata.cells
        } | locked
        unknown = {row for row, key in expected.items() if keys.get(row) != key}
        unknown |= {row for row in filled if row not in expected}
        return metadata.cells, sorted(unknown)
    row_of = {key: row for row, key in keys.items() if key}
    known = {str(cell.key["participation_id"]) for cell in metadata.cells} | set(locked.values())
    placed = []
    for cell in metadata.cells:
        row = row_of.get(str(cell.key["participation_id"]))
        if row is not None:
            letter, _ = coordinate_from_string(cell.cell)
            placed.append(dataclasses.replace(cell, cell=f"{letter}{row}"))
    return placed, sorted(row for row in filled if keys.get(row, "") not in known)


def _locked_rows(metadata: Metadata) -> dict[int, str]:
    """Row number -> key of the rows handed in when the workbook was made (none of their
    cells is editable); nothing for workbooks made before rows could be."""
    found = metadata.fields.get("locked_rows")
    if not isinstance(found, list):
        return {}
    rows: dict[int, str] = {}
    for item in found:
        if (
            isinstance(item, list)
            and len(item) == 2
            and all(isinstance(part, int) and not isinstance(part, bool) for part in item)
        ):
            rows[item[0]] = str(item[1])
    return rows


def _key_id(key: str) -> int | None:
    """The id a key cell holds, or None for anything else: digits of other scripts ("²"),
    more digits than an id has, a number beyond any id."""
    if not (key.isascii() and key.isdecimal()) or len(key) > 10:
        return None
    number = int(key)
    return number if number <= MAX_ID else None


def _refuse_unknown_rows(
    session: Session, rows: list[int], keys: dict[int, str], country: str
) -> None:
    """Rows whose key is not this workbook's: another country's rows are named as such."""
    if not rows:
        return
    ids = {key for row in rows if (key := _key_id(keys.get(row, ""))) is not None}
    countries = dict(
        session.execute(
            sa.select(col(Participation.id), col(Organisation.country_code))
            .join(Organisation, col(Organisation.id) == col(Participation.organisation_id))
            .where(col(Participation.id).in_(ids))
        ).all()
    )
    foreign = [
        row for row in rows if countries.get(_key_id(keys.get(row, ""))) not in (None, country)
    ]
    if foreign:
        others = sorted({str(countries[_key_id(keys[row])]) for row in foreign})
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
    workbook = UploadedWorkbook(data)
    try:
        recognised = SHEET not in workbook.sheetnames
        metadata = (
            _recognise(session, workbook)
            if recognised
            else metadata_from_rows(workbook.rows(SHEET, limits.max_rows_per_sheet))
        )
        if metadata.template != TEMPLATE:
            raise InvalidUpload(f"This is a {metadata.template} workbook, not a country workbook.")
        if DATA_SHEET not in workbook.sheetnames:
            raise InvalidUpload(f"The sheet '{DATA_SHEET}' is missing: it was renamed or removed.")
        cells = workbook.cells(DATA_SHEET, limits.max_rows_per_sheet)
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

    words = Words(principal.language)
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
    planned: list[dict[str, Any]] = []
    counts = {outcome.value: 0 for outcome in CellOutcome}
    for editable in editables:
        reading = cells.get(editable.cell)
        row = rows[editable.key["participation_id"]]
        stored = _stored(row, editable.field, indicators)
        base = stored if recognised else _text(editable.base)
        problem = ""
        if reading is not None and reading.error is not None:
            # An error shown instead of a value changes nothing: the stored value is kept.
            name = (
                words(f"column.{editable.field}")
                if editable.field in ("narrative", "state")
                else words.indicator(indicators[editable.field])
            )
            proposed = stored
            problem = words("problem.error_value", field=name, value=reading.error)
        elif editable.field == "narrative":
            proposed = _text(reading.value if reading else None)
            if len(proposed) > MAX_NARRATIVE:
                problem = words(
                    "problem.too_long", field=words("column.narrative"), limit=MAX_NARRATIVE
                )
            else:
                problem = _unwritable(proposed, words("column.narrative"), words)
        elif editable.field == "state":
            proposed, problem = _state(reading, base=base, words=words)
        else:
            proposed, problem = _figure(
                reading.value if reading else None, indicators[editable.field], words
            )
        if not problem and proposed != stored and row.locked:
            name = (
                words(f"column.{editable.field}")
                if editable.field in ("narrative", "state")
                else words.indicator(indicators[editable.field])
            )
            key = "problem.accepted" if row.state == ReportState.accepted else "problem.locked"
            problem = words(key, field=name, state=words.state(row.state))
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
                    problem,
                )
            )
        planned.append(
            {
                "sheet": editable.sheet,
                "cell": editable.cell,
                "participation_id": row.participation_id,
                "field": editable.field,
                "base": base,
                "stored": stored,
                # A refused text is kept to be shown, without what no database or workbook
                # can hold (PostgreSQL refuses a NUL).
                "proposed": (text.for_workbook(proposed) if problem else proposed)[:MAX_NARRATIVE],
                "outcome": outcome,
                "message": problem,
                "written": False,
            }
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
        cell["upload_id"] = upload.id or 0
    # One multi-row INSERT: a plan can hold every figure of a country's cycle.
    bulk_insert(session, UploadCell.__table__, planned)  # type: ignore[attr-defined]
    audit.record(
        session,
        actor=actor,
        action=AuditAction.create,
        resource="uploads",
        record_id=upload.id,
        changes={"sha256": [None, upload.sha256], "counts": [None, counts]},
        detail=i18n.message("audit.upload_planned", filename=filename[:200]),
    )
    return upload


PLAN_LIFETIME = dt.timedelta(days=7)
# Per conflicting cell: "file" writes the uploaded value, "stored" keeps the database's.
CHOICES = ("file", "stored")


def _upload_to_change(session: Session, upload_id: int, principal: Principal) -> Upload:
    """The upload, once the caller may write its country's figures and its cycle is open.
    Its row is locked and read again: of two applies at the same moment, the second sees
    the first one's status (PostgreSQL; SQLite lets one writer in at a time anyway)."""
    upload = session.get(Upload, upload_id, with_for_update=True, populate_existing=True)
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
    planned = _cells_of(
        session,
        col(UploadCell.upload_id) == upload_id,
        col(UploadCell.outcome).in_([CellOutcome.new, CellOutcome.changed, CellOutcome.conflict]),
    )
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
    _write_cells(session, upload, rows, indicators, to_write, batch)
    ids = [cell.id for cell in to_write]
    for start in range(0, len(ids), ID_CHUNK):
        session.execute(
            sa.update(UploadCell)
            .where(col(UploadCell.id).in_(ids[start : start + ID_CHUNK]))
            .values(written=True)
        )
    _close_batch(session, upload, UploadStatus.applied, len(to_write), batch)
    return upload


# Ids per IN (...) list: well within every database's limit of bound parameters.
ID_CHUNK = 5_000


@dataclass(frozen=True)
class PlannedCell:
    """A cell of a plan, as apply and revert read it (plain rows, no ORM objects)."""

    id: int
    sheet: str
    cell: str
    participation_id: int
    field: str
    stored: str
    proposed: str
    outcome: CellOutcome


def _cells_of(session: Session, *conditions: Any) -> list[PlannedCell]:
    query = (
        sa.select(
            col(UploadCell.id),
            col(UploadCell.sheet),
            col(UploadCell.cell),
            col(UploadCell.participation_id),
            col(UploadCell.field),
            col(UploadCell.stored),
            col(UploadCell.proposed),
            col(UploadCell.outcome),
        )
        .where(*conditions)
        .order_by(col(UploadCell.id))
    )
    return [PlannedCell(*row) for row in session.execute(query)]


def _write_cells(
    session: Session,
    upload: Upload,
    rows: dict[int, CountryRow],
    indicators: dict[str, Indicator],
    cells: list[PlannedCell],
    actor: audit.Actor,
) -> None:
    """Write the cells' proposed values through reporting's one write service: figures in
    bulk, narratives and states one by one. Nothing is written when one of the contributions
    is locked (submitted or accepted since the plan was made)."""
    source_ref = f"upload:{upload.id}"
    writes = []
    for cell in cells:
        if cell.field in ("narrative", "state"):
            continue
        row = rows[cell.participation_id]
        indicator = indicators[cell.field]
        choice = indicator.kind == IndicatorKind.choice
        writes.append(
            figures.FigureWrite(
                action_id=row.action_id,
                organisation_id=row.organisation_id,
                indicator=indicator,
                value=None if choice or cell.proposed == "" else Decimal(cell.proposed),
                text_value=cell.proposed if choice and cell.proposed else None,
                # Apply compared each cell with what is stored; the write keeps each row at
                # the version it reads, so a writer in between still fails the upload.
                checked=False,
                where=i18n.message("sheets.where_cell", sheet=cell.sheet, cell=cell.cell),
                key=cell.cell,
            )
        )
    figures.write_figures(
        session,
        cycle_id=upload.reporting_cycle_id,
        writes=writes,
        actor=actor,
        source=ValueSource.upload,
        source_ref=source_ref,
    )
    for cell in cells:
        if cell.field in ("narrative", "state"):
            figures.write_contribution(
                session,
                cycle_id=upload.reporting_cycle_id,
                participation_id=cell.participation_id,
                field=cell.field,
                stored=cell.stored,
                proposed=cell.proposed,
                actor=actor,
            )


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
        detail=i18n.message(
            "audit.upload_done",
            status=i18n.message(f"audit.upload_status.{status}"),
            sha256=upload.sha256,
        ),
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
    written = _cells_of(
        session, col(UploadCell.upload_id) == upload_id, col(UploadCell.written).is_(True)
    )
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
    back = [
        dataclasses.replace(cell, stored=cell.proposed, proposed=cell.stored) for cell in written
    ]
    _write_cells(session, upload, rows, indicators, back, batch)
    _close_batch(session, upload, UploadStatus.reverted, len(written), batch)
    return upload
