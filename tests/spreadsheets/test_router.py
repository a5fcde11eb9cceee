"""Downloading workbooks through the API."""

import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import Session, col, select

from backend.reporting.models import ReportingCycle
from backend.spreadsheets.country_workbook import DATA_SHEET
from backend.spreadsheets.metadata import read_metadata
from tests.conftest import sign_in
from tests.demo_cycles import OPEN_CYCLE


def _open_cycle(session: Session) -> int:
    return (
        session.exec(
            select(col(ReportingCycle.id)).where(col(ReportingCycle.code) == OPEN_CYCLE)
        ).one()
        or 0
    )


class TestCountryWorkbook:
    def test_coordinator_downloads_its_country(
        self, anonymous: TestClient, session: Session
    ) -> None:
        client = sign_in(anonymous, "nec-de")
        cycle = _open_cycle(session)
        response = client.get(
            f"/api/reporting-cycles/{cycle}/country-workbook", params={"country": "de"}
        )
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        assert (
            f'filename="empact-{OPEN_CYCLE}-DE-country-workbook.xlsx"'
            in response.headers["content-disposition"]
        )
        workbook = load_workbook(io.BytesIO(response.content))
        metadata = read_metadata(workbook)
        assert metadata.fields["country"] == "DE"
        assert metadata.fields["generated_by"] == "nec-de"
        assert workbook[DATA_SHEET].max_row > 50

    def test_another_countrys_workbook_is_404(
        self, anonymous: TestClient, session: Session
    ) -> None:
        client = sign_in(anonymous, "nec-de")
        cycle = _open_cycle(session)
        response = client.get(
            f"/api/reporting-cycles/{cycle}/country-workbook", params={"country": "FR"}
        )
        assert response.status_code == 404
        assert response.json()["error"] == "not_found"

    def test_country_must_be_two_letters(self, client: TestClient, session: Session) -> None:
        cycle = _open_cycle(session)
        response = client.get(
            f"/api/reporting-cycles/{cycle}/country-workbook", params={"country": "DEU"}
        )
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "country"

    def test_unknown_cycle_is_404(self, client: TestClient) -> None:
        response = client.get(
            "/api/reporting-cycles/987654/country-workbook", params={"country": "DE"}
        )
        assert response.status_code == 404
