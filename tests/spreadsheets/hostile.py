"""A corpus of hostile and broken uploads, built in memory so the repository stays small."""

import io
import random
import zipfile
from collections.abc import Callable

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
# Mostly zeros, as in a sheet of figures: it compresses as such a sheet does.
WEIGHTS = [85, *[15 / 9] * 9]


def valid_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Action", "Arrests"])
    sheet.append(["OA 1.1", 3])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite(replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> bytes:
    """The valid workbook with some parts replaced or added."""
    source = zipfile.ZipFile(io.BytesIO(valid_workbook()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(entry.filename, replace.get(entry.filename, source.read(entry)))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    return _rewrite({}, {"xl/media/padding.xml": b"<a>" + b" " * (60 * 1024 * 1024) + b"</a>"})


def billion_laughs() -> bytes:
    """Nine levels of entities, each ten of the one below: 10^9 "lol"s once expanded."""
    levels = [b'<!ENTITY e0 "lol">'] + [
        b'<!ENTITY e%d "' % level + (b"&e%d;" % (level - 1)) * 10 + b'">' for level in range(1, 10)
    ]
    document = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [' + b"".join(levels) + b"]>"
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e9;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    return _rewrite({SHEET: document})


def external_entity() -> bytes:
    document = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&secret;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    return _rewrite({SHEET: document})


def macro_renamed_xlsx() -> bytes:
    return _rewrite({}, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro code"})


def macro_content_type() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(valid_workbook()))
    types = source.read("[Content_Types].xml").replace(
        b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml"
    )
    return _rewrite({"[Content_Types].xml": types})


def million_rows_without_dimension() -> bytes:
    rows = b"".join(b'<row r="%d"/>' % number for number in range(1, 1_000_002))
    document = (
        b'<?xml version="1.0"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + rows + b"</sheetData></worksheet>"
    )
    return _rewrite({SHEET: document})


def cell_in_the_last_column() -> bytes:
    """One cell at XFD with a dimension claiming the whole grid: padding it would be huge."""
    rows = b"".join(b'<row r="%d"><c r="XFD%d"><v>1</v></c></row>' % (n, n) for n in range(1, 50))
    document = (
        b'<?xml version="1.0"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="A1:XFD20000"/><sheetData>' + rows + b"</sheetData></worksheet>"
    )
    return _rewrite({SHEET: document})


def doctype_after_a_long_comment() -> bytes:
    """A DTD is allowed anywhere in the prolog: after 70 KB of comment, say."""
    document = (
        b'<?xml version="1.0"?><!--' + b"x" * (70 * 1024) + b"--><!DOCTYPE worksheet [<!ENTITY"
        b' a "b">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData/></worksheet>"
    )
    return _rewrite({SHEET: document})


def dense_cells_without_references(rows: int = 2_100, columns: int = 250) -> bytes:
    """Rows packed with cells that say nothing of where they are (no `r`): by default 2,100
    rows of 250 cells, within the row and column limits, far beyond any workbook of the tool.
    The figures (one digit each) differ, so that it is no zip bomb: 19,999 rows of 630
    cells make a file of 4.4 MB that unpacks to 192 MB. The sheet is written as it is made,
    never whole."""
    numbers = random.Random(7)
    cells = [b"<c><v>%d</v></c>" % digit for digit in range(10)]
    source = zipfile.ZipFile(io.BytesIO(valid_workbook()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            if entry.filename != SHEET:
                target.writestr(entry.filename, source.read(entry))
                continue
            with target.open(SHEET, "w", force_zip64=True) as sheet:
                sheet.write(
                    b'<?xml version="1.0"?><worksheet '
                    b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    b"<sheetData>"
                )
                for _ in range(rows):
                    row = numbers.choices(cells, weights=WEIGHTS, k=columns)
                    sheet.write(b"<row>" + b"".join(row) + b"</row>")
                sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def truncated_zip() -> bytes:
    data = valid_workbook()
    return data[: len(data) // 2]


def csv_renamed() -> bytes:
    return b"Action,Arrests\nOA 1.1,3\nOA 1.2,5\n"


def random_binary() -> bytes:
    return bytes(range(256)) * 16


def word_document() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(valid_workbook()))
    types = source.read("[Content_Types].xml").replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    )
    return _rewrite({"[Content_Types].xml": types})


CORPUS: dict[str, tuple[Callable[[], bytes], int, str]] = {
    # name: (builder, expected status, words the message must contain)
    "zip bomb": (zip_bomb, 422, "zip bomb"),
    "billion laughs": (billion_laughs, 422, "entities"),
    "external entity": (external_entity, 422, "external entity"),
    "macro file renamed .xlsx": (macro_renamed_xlsx, 422, "macros"),
    "macro-enabled content type": (macro_content_type, 422, "macro-enabled"),
    "a million rows without a dimension": (million_rows_without_dimension, 422, "rows"),
    "a cell in the last column": (cell_in_the_last_column, 422, "column XFD"),
    "a DTD after a long comment": (doctype_after_a_long_comment, 422, "DTD"),
    "dense cells without references": (dense_cells_without_references, 422, "500,000 cells"),
    "truncated zip": (truncated_zip, 415, "damaged"),
    "CSV renamed .xlsx": (csv_renamed, 415, "plain text"),
    "random bytes": (random_binary, 415, "not an Excel workbook"),
    "another Office document": (word_document, 415, "not an Excel"),
}
