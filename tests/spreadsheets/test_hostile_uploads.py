"""Hostile and broken uploads through the API: each is refused with a 4xx naming the problem,
and the database is left exactly as it was but for the one audit event of the refusal."""

import io
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import Session, col, func, select

from backend.audit.models import AuditAction, AuditEvent
from backend.audit.service import verify
from backend.catalog.models import Organisation
from backend.database import metadata
from backend.plans.models import Participation
from backend.spreadsheets.country_workbook import DATA_SHEET
from backend.spreadsheets.metadata import SHEET
from tests.conftest import sign_in
from tests.spreadsheets.hostile import CORPUS
from tests.spreadsheets.test_uploads_api import download, edit, editable_cells, upload


def table_counts(session: Session) -> dict[str, int]:
    return {
        name: session.exec(select(func.count()).select_from(table)).one()
        for name, table in metadata.tables.items()
    }


def last_event_id(session: Session) -> int:
    return session.exec(select(func.max(AuditEvent.id))).one() or 0


def formula_in_a_figure(session: Session, data: bytes) -> bytes:
    cell = editable_cells(session, data)["figures"][0]
    return edit(data, {cell.cell: "=SUM(1,2)"})


def french_row(session: Session, data: bytes) -> bytes:
    french = session.exec(
        select(col(Participation.id))
        .join(Organisation, col(Organisation.id) == col(Participation.organisation_id))
        .where(col(Organisation.country_code) == "FR")
    ).first()
    return edit(data, {"A4": french})


def tampered_key(_session: Session, data: bytes) -> bytes:
    return edit(data, {"A3": 987654})


def superscript_key(_session: Session, data: bytes) -> bytes:
    return edit(data, {"A3": "²"})  # a digit to str.isdigit, not to int()


def key_of_5000_digits(_session: Session, data: bytes) -> bytes:
    return edit(data, {"A3": "9" * 5000})  # beyond what Python reads as a number


def key_of_20_digits(_session: Session, data: bytes) -> bytes:
    return edit(data, {"A3": "12345678901234567890"})  # beyond 64 bits


def deeply_nested_metadata(_session: Session, data: bytes) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    workbook[SHEET]["B2"] = "[" * 30_000
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def tampered_metadata(_session: Session, data: bytes) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook[SHEET]
    for row in sheet.iter_rows():
        if row[0].value == '"country"' or row[0].value == "country":
            row[1].value = '"FR"'
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def added_rows(_session: Session, data: bytes) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook[DATA_SHEET]
    sheet.cell(row=sheet.max_row + 3, column=9, value=12)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# name: (makes the file from the German workbook, expected status, words of the message)
FROM_THE_COUNTRY_WORKBOOK: dict[str, tuple[Callable[[Session, bytes], bytes], int, str]] = {
    "formula cells in data columns": (formula_in_a_figure, 422, "formulas are not accepted"),
    "another country's rows": (french_row, 403, "row 4: these rows hold figures of FR"),
    "a tampered key column": (tampered_key, 422, "row 3: the key column"),
    "tampered metadata": (tampered_metadata, 422, "changed outside the tool"),
    "a key in superscript digits": (superscript_key, 422, "row 3: the key column"),
    "a key of 5,000 digits": (key_of_5000_digits, 422, "row 3: the key column"),
    "a key of 20 digits": (key_of_20_digits, 422, "row 3: the key column"),
    "metadata nesting 30,000 deep": (deeply_nested_metadata, 422, "metadata is damaged"),
    "rows added below the table": (added_rows, 422, "the key column A was changed, or rows"),
}


@pytest.fixture
def coordinator(anonymous: TestClient) -> TestClient:
    return sign_in(anonymous, "nec-de")


def assert_refused_and_nothing_kept(
    session: Session, coordinator: TestClient, data: bytes, status: int, words: str
) -> None:
    counts, last = table_counts(session), last_event_id(session)
    response = upload(coordinator, data, "hostile.xlsx")
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert words.lower() in body["detail"].lower()
    assert body["request_id"]

    after = table_counts(session)
    assert {name: n for name, n in after.items() if name != "audit_events"} == {
        name: n for name, n in counts.items() if name != "audit_events"
    }
    (event,) = session.exec(select(AuditEvent).where(col(AuditEvent.id) > last)).all()
    assert event.action == AuditAction.denied and event.resource == "uploads"
    assert event.username == "nec-de" and "hostile.xlsx" in event.detail
    assert verify(session).intact


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_a_hostile_file_is_refused(coordinator: TestClient, session: Session, name: str) -> None:
    build, status, words = CORPUS[name]
    assert_refused_and_nothing_kept(session, coordinator, build(), status, words)


@pytest.mark.parametrize("name", sorted(FROM_THE_COUNTRY_WORKBOOK))
def test_a_doctored_country_workbook_is_refused(
    coordinator: TestClient, session: Session, name: str
) -> None:
    make, status, words = FROM_THE_COUNTRY_WORKBOOK[name]
    data = make(session, download(coordinator, session))
    assert_refused_and_nothing_kept(session, coordinator, data, status, words)
