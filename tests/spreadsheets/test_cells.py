"""Exported text that looks like a formula opens as text."""

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from backend.spreadsheets.cells import write

TRICKY = ['=HYPERLINK("http://x","click")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"]


def _saved(values: list[str]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row, value in enumerate(values, start=1):
        write(sheet.cell(row=row, column=1), value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class TestWrite:
    def test_no_formula_element_in_the_saved_sheet(self) -> None:
        data = _saved(TRICKY)
        sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
        assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml

    @pytest.mark.parametrize("value", TRICKY)
    def test_reads_back_as_the_same_text(self, value: str) -> None:
        sheet = load_workbook(io.BytesIO(_saved([value]))).active
        assert sheet is not None
        cell = sheet.cell(row=1, column=1)
        # Written through lxml, a carriage return is kept as a character reference.
        assert cell.value == value
        assert cell.data_type == "s"

    def test_numbers_stay_numbers(self) -> None:
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        write(sheet.cell(row=1, column=1), 42)
        assert sheet.cell(row=1, column=1).data_type == "n"
