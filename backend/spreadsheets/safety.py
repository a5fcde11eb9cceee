"""Checks an uploaded file before any parser sees it: size, zip structure, macros, entities.

Everything here reads the zip directory and streams bounded slices of entries; nothing is
decompressed whole, so a hostile file is refused in milliseconds with a message naming why.
"""

import io
import re
import zipfile
import zlib
from dataclasses import dataclass

import defusedxml.ElementTree as SafeElementTree
from defusedxml import DefusedXmlException
from fastapi import UploadFile
from openpyxl.utils import column_index_from_string, get_column_letter

from backend.errors import InvalidUpload, NotAWorkbook, UploadTooLarge
from backend.settings import get_settings

SPREADSHEET_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_MARKERS = ("vbaproject", "macroenabled", "vnd.ms-office.vbaproject", "activex")
ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")
CELL_COLUMN = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"([A-Z]{1,3})[0-9]+\"")
DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
CHUNK = 1 << 20


@dataclass(frozen=True)
class UploadLimits:
    max_bytes: int = 10 * 1024 * 1024
    max_entries: int = 500
    max_uncompressed_bytes: int = 200 * 1024 * 1024
    # Plain XML compresses about 10-20 times; far beyond that is a bomb, not a workbook.
    max_ratio: int = 100
    max_rows_per_sheet: int = 20_000
    # Italy's country workbook at ten times EMPACT's scale has about 90,000 cells.
    max_cells: int = 500_000
    # A country workbook has 10 columns and two per indicator.
    max_columns: int = 250

    @classmethod
    def configured(cls) -> "UploadLimits":
        """The limits with the size the deployment chose (EMPACT_MAX_UPLOAD_MB)."""
        return cls(max_bytes=int(get_settings().max_upload_mb * 1024 * 1024))


def read_bounded(file: UploadFile, limit: int) -> bytes:
    """At most `limit` bytes of an uploaded file; a larger file is refused, not read whole."""
    too_large = UploadTooLarge(f"The file is larger than the limit of {_megabytes(limit)}.")
    if file.size is not None and file.size > limit:
        raise too_large
    data = file.file.read(limit + 1)
    if len(data) > limit:
        raise too_large
    return data


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _looks_like_text(data: bytes) -> bool:
    sample = data[:4096]
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in sample


def open_checked(data: bytes, limits: UploadLimits | None = None) -> zipfile.ZipFile:
    """The upload as a zip archive once every check has passed; raises otherwise."""
    limits = limits or UploadLimits()
    if len(data) > limits.max_bytes:
        raise UploadTooLarge(
            f"The file is {_megabytes(len(data))}; the limit is {_megabytes(limits.max_bytes)}."
        )
    if not data.startswith(b"PK"):
        if _looks_like_text(data):
            raise NotAWorkbook(
                "The file is plain text (a CSV or similar), not an Excel workbook (.xlsx): "
                "download the workbook from the tool and fill it in."
            )
        raise NotAWorkbook("The file is not an Excel workbook (.xlsx).")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError) as error:
        raise NotAWorkbook(
            f"The file is damaged or incomplete and cannot be opened ({error})."
        ) from None
    _check_directory(entries, limits)
    _check_content_types(archive)
    cells = CellCount()
    for entry in entries:
        if entry.filename.lower().endswith((".xml", ".rels", ".vml")):
            try:
                _check_xml(archive, entry, limits, cells)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
                raise NotAWorkbook(
                    f"The part {entry.filename} is damaged and cannot be read ({error})."
                ) from None
    return archive


def _check_directory(entries: list[zipfile.ZipInfo], limits: UploadLimits) -> None:
    if len(entries) > limits.max_entries:
        raise InvalidUpload(
            f"The workbook holds {len(entries)} parts; a workbook of this tool has at most "
            f"{limits.max_entries}."
        )
    total = sum(entry.file_size for entry in entries)
    if total > limits.max_uncompressed_bytes:
        raise InvalidUpload(
            f"The workbook would unpack to {_megabytes(total)} (limit "
            f"{_megabytes(limits.max_uncompressed_bytes)}): refused as a zip bomb."
        )
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise InvalidUpload("The workbook is encrypted: save it without a password.")
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > 1024 * 1024 and ratio > limits.max_ratio:
            raise InvalidUpload(
                f"The part {entry.filename} unpacks {ratio:.0f} times its size: refused as a "
                "zip bomb."
            )
        name = entry.filename.lower()
        if any(marker in name for marker in MACRO_MARKERS) or name.endswith(".bin"):
            raise InvalidUpload(
                f"The workbook contains macros or embedded code ({entry.filename}): save it "
                "as a plain .xlsx workbook without macros."
            )


def _check_content_types(archive: zipfile.ZipFile) -> None:
    try:
        raw = archive.read("[Content_Types].xml")
    except KeyError:
        raise NotAWorkbook("The file is a zip archive but not an Excel workbook.") from None
    try:
        root = SafeElementTree.fromstring(raw)
    except (DefusedXmlException, SafeElementTree.ParseError) as error:
        raise InvalidUpload(f"The workbook's content list is not safe XML ({error}).") from None
    types = " ".join(element.attrib.get("ContentType", "") for element in root.iter()).lower()
    if any(marker in types for marker in MACRO_MARKERS):
        raise InvalidUpload(
            "The workbook is macro-enabled: save it as a plain .xlsx workbook without macros."
        )
    if SPREADSHEET_MAIN not in types:
        raise NotAWorkbook("The file is an Office document but not an Excel .xlsx workbook.")


def _check_columns(part: str, window: bytes, limits: UploadLimits) -> None:
    letters = max(CELL_COLUMN.findall(window), key=lambda c: (len(c), c), default=b"")
    if letters and column_index_from_string(letters.decode()) > limits.max_columns:
        raise InvalidUpload(
            f"The sheet {part} has a cell in column {letters.decode()}, beyond the "
            f"{get_column_letter(limits.max_columns)} that a workbook of this tool can have."
        )


@dataclass
class CellCount:
    """The cells of a workbook's sheets, counted as they stream by."""

    count: int = 0


def _check_xml(
    archive: zipfile.ZipFile, entry: zipfile.ZipInfo, limits: UploadLimits, cells: CellCount
) -> None:
    """Refuse DTDs and entity declarations, and sheets with more rows than allowed."""
    is_sheet = entry.filename.startswith("xl/worksheets/")
    rows = 0
    head = b""
    with archive.open(entry) as stream:
        while chunk := stream.read(CHUNK):
            window = head + chunk
            # Anywhere in the part: a declaration may follow a long comment.
            if DECLARATION.search(window):
                raise InvalidUpload(
                    f"The part {entry.filename} declares XML entities or a DTD, which a "
                    "workbook never needs: refused (entity expansion or external entity)."
                )
            if is_sheet:
                _check_columns(entry.filename, window, limits)
                rows += len(ROW_TAG.findall(window)) - len(ROW_TAG.findall(head))
                # Counted from the stream, whatever the rows and cells say of themselves.
                cells.count += len(CELL_TAG.findall(window)) - len(CELL_TAG.findall(head))
                if cells.count > limits.max_cells:
                    raise InvalidUpload(
                        f"The workbook has more than {limits.max_cells:,} cells (at "
                        f"{entry.filename}); a workbook of this tool has far fewer."
                    )
                if rows > limits.max_rows_per_sheet:
                    raise InvalidUpload(
                        f"The sheet {entry.filename} has more than "
                        f"{limits.max_rows_per_sheet:,} rows; a workbook of this tool has "
                        "far fewer."
                    )
            head = chunk[-64:]
