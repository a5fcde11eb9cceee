"""Uploads are checked before any parser reads them; each hostile file is named and refused."""

import openpyxl.xml
import pytest

from backend.errors import InvalidUpload, UploadTooLarge
from backend.spreadsheets.safety import UploadLimits, open_checked
from tests.spreadsheets.hostile import CORPUS, valid_workbook


class TestOpenChecked:
    def test_a_plain_workbook_passes(self) -> None:
        archive = open_checked(valid_workbook())
        assert "xl/workbook.xml" in archive.namelist()

    @pytest.mark.parametrize("name", sorted(CORPUS))
    def test_hostile_file_is_refused_naming_the_problem(self, name: str) -> None:
        build, status, words = CORPUS[name]
        with pytest.raises(InvalidUpload) as refused:
            open_checked(build())
        assert refused.value.status_code == status
        assert words in refused.value.detail

    def test_a_file_over_the_size_limit_is_413(self) -> None:
        with pytest.raises(UploadTooLarge) as refused:
            open_checked(valid_workbook(), UploadLimits(max_bytes=1000))
        assert refused.value.status_code == 413
        assert "limit" in refused.value.detail

    def test_too_many_parts_is_refused(self) -> None:
        with pytest.raises(InvalidUpload) as refused:
            open_checked(valid_workbook(), UploadLimits(max_entries=3))
        assert "parts" in refused.value.detail


def test_openpyxl_parses_through_defusedxml() -> None:
    assert openpyxl.xml.DEFUSEDXML is True
