"""The workbook round trip through the API, as a national coordinator does it."""

import io
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import Session, col, select

from backend.audit.models import AuditAction, AuditEvent, AuditSource
from backend.catalog.models import Indicator, IndicatorKind
from backend.plans.models import Participation
from backend.reporting.models import (
    Contribution,
    CycleState,
    IndicatorValue,
    ReportingCycle,
)
from backend.spreadsheets.country_workbook import DATA_SHEET
from backend.spreadsheets.metadata import SHEET, read_metadata
from tests.conftest import sign_in
from tests.demo_cycles import OPEN_CYCLE

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def open_cycle(session: Session) -> ReportingCycle:
    return session.exec(select(ReportingCycle).where(col(ReportingCycle.code) == OPEN_CYCLE)).one()


def download(client: TestClient, session: Session, country: str = "DE") -> bytes:
    response = client.get(
        f"/api/reporting-cycles/{open_cycle(session).id}/country-workbook",
        params={"country": country},
    )
    assert response.status_code == 200, response.text
    return response.content


def upload(client: TestClient, data: bytes, name: str = "de.xlsx") -> Any:
    return client.post("/api/uploads", files={"file": (name, data, XLSX)})


def edit(data: bytes, changes: dict[str, Any], *, drop_metadata: bool = False) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    for coordinate, value in changes.items():
        workbook[DATA_SHEET][coordinate] = value
    if drop_metadata:
        del workbook[SHEET]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def editable_cells(session: Session, data: bytes) -> dict[str, list[Any]]:
    """The editable cells of a workbook by kind: whole-number figures and narratives."""
    whole = set(
        session.exec(
            select(col(Indicator.code)).where(col(Indicator.kind) == IndicatorKind.integer)
        ).all()
    )
    cells = read_metadata(load_workbook(io.BytesIO(data))).cells
    return {
        "figures": [c for c in cells if c.field in whole],
        "narratives": [c for c in cells if c.field == "narrative"],
    }


def stored_figure(session: Session, participation_id: int, code: str) -> Decimal | None:
    participation = session.get(Participation, participation_id)
    assert participation is not None
    session.expire_all()
    return session.exec(
        select(col(IndicatorValue.value))
        .join(Indicator, col(Indicator.id) == col(IndicatorValue.indicator_id))
        .where(
            col(IndicatorValue.reporting_cycle_id) == open_cycle(session).id,
            col(IndicatorValue.action_id) == participation.action_id,
            col(IndicatorValue.organisation_id) == participation.organisation_id,
            col(Indicator.code) == code,
        )
    ).first()


def changed(body: dict[str, Any]) -> int:
    return sum(body["counts"][outcome] for outcome in ("new", "changed", "conflict"))


@pytest.fixture
def coordinator(anonymous: TestClient) -> TestClient:
    return sign_in(anonymous, "nec-de")


def round_trip_changes(session: Session, data: bytes) -> dict[str, Any]:
    """20 figures and 3 narratives, each different from what the workbook holds."""
    cells = editable_cells(session, data)
    changes: dict[str, Any] = {}
    for number, cell in enumerate(cells["figures"][:20], start=1):
        changes[cell.cell] = int(Decimal(cell.base or "0")) + number
    for number, cell in enumerate(cells["narratives"][:3], start=1):
        changes[cell.cell] = f"Round trip narrative {number}: =not a formula"
    return changes


class TestRoundTrip:
    def test_23_changes_planned_applied_audited_then_nothing_left_to_change(
        self, coordinator: TestClient, session: Session
    ) -> None:
        data = download(coordinator, session)
        changes = round_trip_changes(session, data)
        filled = edit(data, changes)

        planned = upload(coordinator, filled)
        assert planned.status_code == 201, planned.text
        body = planned.json()
        assert body["status"] == "planned"
        assert changed(body) == 23
        assert body["counts"]["conflict"] == 0 and body["counts"]["rejected"] == 0
        assert {cell["cell"] for cell in body["cells"]} == set(changes)
        assert body["problems"] == []

        applied = coordinator.post(f"/api/uploads/{body['id']}/apply", json={})
        assert applied.status_code == 200, applied.text
        assert applied.json()["status"] == "applied"
        cells = {c.cell: c for c in editable_cells(session, data)["figures"]}
        for coordinate, value in changes.items():
            if coordinate in cells:
                cell = cells[coordinate]
                assert stored_figure(session, cell.key["participation_id"], cell.field) == Decimal(
                    value
                )
        narratives = session.exec(
            select(col(Contribution.narrative)).where(
                col(Contribution.reporting_cycle_id) == open_cycle(session).id,
                col(Contribution.narrative).startswith("Round trip narrative"),
            )
        ).all()
        assert len(narratives) == 3

        events = session.exec(
            select(AuditEvent).where(col(AuditEvent.source_ref) == f"upload:{body['id']}")
        ).all()
        assert sorted(e.resource for e in events).count("indicator-values") == 20
        contribution_changes = [e.changes or {} for e in events if e.resource == "contributions"]
        assert sum("narrative" in changes for changes in contribution_changes) == 3
        # The others: contributions not started that received figures, now drafts.
        drafts = [changes for changes in contribution_changes if "narrative" not in changes]
        assert drafts and all(changes["state"][1] == "draft" for changes in drafts)
        batch = [e for e in events if e.resource == "uploads"]
        assert len(batch) == 1 and body["sha256"] in batch[0].detail
        assert all(e.username == "nec-de" and e.source == AuditSource.upload for e in events)

        again = upload(coordinator, filled)
        assert again.status_code == 201
        assert changed(again.json()) == 0
        assert again.json()["cells"] == []

    def test_applying_twice_is_refused(self, coordinator: TestClient, session: Session) -> None:
        data = download(coordinator, session)
        body = upload(coordinator, edit(data, round_trip_changes(session, data))).json()
        assert coordinator.post(f"/api/uploads/{body['id']}/apply").status_code == 200
        second = coordinator.post(f"/api/uploads/{body['id']}/apply")
        assert second.status_code == 409
        assert "applied" in second.json()["detail"]

    def test_revert_puts_back_what_was_there(
        self, coordinator: TestClient, session: Session
    ) -> None:
        data = download(coordinator, session)
        cell = editable_cells(session, data)["figures"][0]
        before = stored_figure(session, cell.key["participation_id"], cell.field)
        body = upload(coordinator, edit(data, {cell.cell: 4321})).json()
        coordinator.post(f"/api/uploads/{body['id']}/apply")
        assert stored_figure(session, cell.key["participation_id"], cell.field) == 4321

        reverted = coordinator.post(f"/api/uploads/{body['id']}/revert")
        assert reverted.status_code == 200, reverted.text
        assert reverted.json()["status"] == "reverted"
        assert stored_figure(session, cell.key["participation_id"], cell.field) == before

    def test_a_new_a_changed_and_a_cleared_figure_are_written_audited_and_reverted(
        self, coordinator: TestClient, session: Session
    ) -> None:
        data = download(coordinator, session)
        figures = editable_cells(session, data)["figures"]

        def stored(cell: Any) -> Decimal | None:
            return stored_figure(session, cell.key["participation_id"], cell.field)

        filled = [cell for cell in figures if stored(cell) is not None]
        empty = next(cell for cell in figures if stored(cell) is None)
        changed_cell, cleared_cell = filled[0], filled[1]
        before = {cell.cell: stored(cell) for cell in (changed_cell, cleared_cell, empty)}
        body = upload(
            coordinator,
            edit(data, {changed_cell.cell: 9876, cleared_cell.cell: None, empty.cell: 5}),
        ).json()
        assert {c["cell"]: c["outcome"] for c in body["cells"]} == {
            changed_cell.cell: "changed",
            cleared_cell.cell: "changed",
            empty.cell: "new",
        }
        assert coordinator.post(f"/api/uploads/{body['id']}/apply").status_code == 200
        assert (stored(changed_cell), stored(cleared_cell), stored(empty)) == (9876, None, 5)
        events = session.exec(
            select(AuditEvent).where(
                col(AuditEvent.source_ref) == f"upload:{body['id']}",
                col(AuditEvent.resource) == "indicator-values",
            )
        ).all()
        assert sorted(e.action for e in events) == sorted(
            [AuditAction.update, AuditAction.delete, AuditAction.create]
        )

        reverted = coordinator.post(f"/api/uploads/{body['id']}/revert")
        assert reverted.status_code == 200, reverted.text
        assert {cell.cell: stored(cell) for cell in (changed_cell, cleared_cell, empty)} == before

    def test_revert_is_refused_once_the_value_changed_again(
        self, coordinator: TestClient, session: Session
    ) -> None:
        data = download(coordinator, session)
        cell = editable_cells(session, data)["figures"][0]
        first = upload(coordinator, edit(data, {cell.cell: 1111})).json()
        coordinator.post(f"/api/uploads/{first['id']}/apply")
        newer = download(coordinator, session)
        second = upload(coordinator, edit(newer, {cell.cell: 2222})).json()
        coordinator.post(f"/api/uploads/{second['id']}/apply")

        refused = coordinator.post(f"/api/uploads/{first['id']}/revert")
        assert refused.status_code == 409
        assert cell.cell in refused.json()["detail"]
        assert stored_figure(session, cell.key["participation_id"], cell.field) == 2222

    def test_nothing_is_written_while_the_cycle_is_closed(
        self, coordinator: TestClient, session: Session
    ) -> None:
        data = download(coordinator, session)
        cell = editable_cells(session, data)["figures"][0]
        body = upload(coordinator, edit(data, {cell.cell: 77})).json()
        cycle = open_cycle(session)
        cycle.state = CycleState.closed
        session.add(cycle)
        session.commit()
        refused = coordinator.post(f"/api/uploads/{body['id']}/apply")
        assert refused.status_code == 409
        assert "closed" in refused.json()["detail"]
        assert stored_figure(session, cell.key["participation_id"], cell.field) != 77


class TestConflict:
    def test_a_value_changed_in_the_web_and_in_the_file_waits_for_a_choice(
        self, coordinator: TestClient, session: Session
    ) -> None:
        data = download(coordinator, session)
        cell = next(
            c
            for c in editable_cells(session, data)["figures"]
            if stored_figure(session, c.key["participation_id"], c.field) is not None
        )
        participation = session.get(Participation, cell.key["participation_id"])
        assert participation is not None
        value = session.exec(
            select(IndicatorValue)
            .join(Indicator, col(Indicator.id) == col(IndicatorValue.indicator_id))
            .where(
                col(IndicatorValue.reporting_cycle_id) == open_cycle(session).id,
                col(IndicatorValue.action_id) == participation.action_id,
                col(IndicatorValue.organisation_id) == participation.organisation_id,
                col(Indicator.code) == cell.field,
            )
        ).one()
        web = coordinator.get(f"/api/indicator-values/{value.id}").json()
        saved = coordinator.put(f"/api/indicator-values/{value.id}", json={**web, "value": 555})
        assert saved.status_code == 200, saved.text

        planned = upload(coordinator, edit(data, {cell.cell: 666})).json()
        assert planned["counts"]["conflict"] == 1 and changed(planned) == 1
        (conflict,) = planned["cells"]
        assert conflict["outcome"] == "conflict"
        assert (conflict["base"], conflict["stored"], conflict["proposed"]) == (
            cell.base,
            "555",
            "666",
        )

        undecided = coordinator.post(f"/api/uploads/{planned['id']}/apply", json={})
        assert undecided.status_code == 409
        assert cell.cell in undecided.json()["detail"]
        assert stored_figure(session, cell.key["participation_id"], cell.field) == 555

        chosen = coordinator.post(
            f"/api/uploads/{planned['id']}/apply", json={"choices": {cell.cell: "file"}}
        )
        assert chosen.status_code == 200, chosen.text
        assert stored_figure(session, cell.key["participation_id"], cell.field) == 666

    def test_keeping_the_stored_value_writes_nothing_for_that_cell(
        self, coordinator: TestClient, session: Session
    ) -> None:
        data = download(coordinator, session)
        cell = editable_cells(session, data)["figures"][0]
        first = upload(coordinator, edit(data, {cell.cell: 901})).json()
        coordinator.post(f"/api/uploads/{first['id']}/apply")
        stale = upload(coordinator, edit(data, {cell.cell: 902})).json()
        assert stale["counts"]["conflict"] == 1
        kept = coordinator.post(
            f"/api/uploads/{stale['id']}/apply", json={"choices": {cell.cell: "stored"}}
        )
        assert kept.status_code == 200, kept.text
        assert stored_figure(session, cell.key["participation_id"], cell.field) == 901

    def test_a_choice_must_be_file_or_stored(
        self, coordinator: TestClient, session: Session
    ) -> None:
        data = download(coordinator, session)
        cell = editable_cells(session, data)["figures"][0]
        first = upload(coordinator, edit(data, {cell.cell: 801})).json()
        coordinator.post(f"/api/uploads/{first['id']}/apply")
        stale = upload(coordinator, edit(data, {cell.cell: 802})).json()
        refused = coordinator.post(
            f"/api/uploads/{stale['id']}/apply", json={"choices": {cell.cell: "both"}}
        )
        assert refused.status_code == 422
        assert refused.json()["fields"][0]["field"] == "choices"


class TestRejectedCells:
    def test_bad_cells_give_a_rejected_plan_and_an_error_workbook(
        self, coordinator: TestClient, session: Session
    ) -> None:
        data = download(coordinator, session)
        first, second = editable_cells(session, data)["figures"][:2]
        body = upload(coordinator, edit(data, {first.cell: "a lot", second.cell: -3.5})).json()
        assert body["status"] == "rejected"
        where = {(p["sheet"], p["row"], p["column"], p["field"]) for p in body["problems"]}
        for cell in (first, second):
            letter = "".join(c for c in cell.cell if c.isalpha())
            row = int("".join(c for c in cell.cell if c.isdigit()))
            assert (DATA_SHEET, row, letter, cell.field) in where
        assert coordinator.post(f"/api/uploads/{body['id']}/apply").status_code == 409

        response = coordinator.get(f"/api/uploads/{body['id']}/error-workbook")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(XLSX)
        workbook = load_workbook(io.BytesIO(response.content))
        assert workbook.sheetnames[0] == "Errors"
        figures = workbook[DATA_SHEET]
        for cell in (first, second):
            assert figures[cell.cell].fill.fgColor.rgb.endswith("FF9999")
        indicators = {i.code: i.name for i in session.exec(select(Indicator)).all()}
        for cell in (first, second):
            assert figures[cell.cell].comment.text.startswith(f"{indicators[cell.field]}: ")
        errors = list(workbook["Errors"].iter_rows(min_row=2, values_only=True))
        assert {row[1] for row in errors} == {first.cell, second.cell}
        # Each problem named by its indicator and severity as people say them.
        assert {row[2] for row in errors} == {indicators[first.field], indicators[second.field]}
        assert {row[3] for row in errors} == {"Error"}
        links = [c.hyperlink.location for c in workbook["Errors"]["B"][1:]]
        assert f"'{DATA_SHEET}'!{first.cell}" in links


class TestAccess:
    def test_another_coordinator_cannot_see_or_apply_an_upload(
        self, anonymous: TestClient, session: Session
    ) -> None:
        german = sign_in(TestClient(anonymous.app), "nec-de")
        data = download(german, session)
        cell = editable_cells(session, data)["figures"][0]
        body = upload(german, edit(data, {cell.cell: 5})).json()

        french = sign_in(TestClient(anonymous.app), "nec-fr")
        assert french.get(f"/api/uploads/{body['id']}").status_code == 404
        assert french.get(f"/api/uploads/{body['id']}/error-workbook").status_code == 404
        assert french.post(f"/api/uploads/{body['id']}/apply").status_code == 404
        listed = french.get("/api/uploads", params={"filter": f'{{"id": [{body["id"]}]}}'})
        assert listed.json() == []

        europol = sign_in(TestClient(anonymous.app), "europol")
        assert europol.get(f"/api/uploads/{body['id']}/plan").status_code == 200
        assert europol.post(f"/api/uploads/{body['id']}/apply").status_code == 403

    def test_the_plan_lists_every_cell_it_would_change(
        self, coordinator: TestClient, session: Session
    ) -> None:
        data = download(coordinator, session)
        cell = editable_cells(session, data)["figures"][0]
        body = upload(coordinator, edit(data, {cell.cell: 6})).json()
        plan = coordinator.get(f"/api/uploads/{body['id']}/plan").json()
        assert [(c["cell"], c["proposed"]) for c in plan["cells"]] == [(cell.cell, "6")]


class TestLostMetadata:
    def test_a_workbook_without_its_metadata_is_recognised_from_its_header_row(
        self, coordinator: TestClient, session: Session
    ) -> None:
        data = download(coordinator, session)
        cell = editable_cells(session, data)["figures"][0]
        body = upload(coordinator, edit(data, {cell.cell: 31}, drop_metadata=True)).json()
        assert body["status"] == "planned"
        assert changed(body) == 1
        assert [c["cell"] for c in body["cells"]] == [cell.cell]
        assert body["problems"][0]["severity"] == "warning"
        assert "header row" in body["problems"][0]["message"]

    def test_a_workbook_with_neither_metadata_nor_our_sheets_is_refused(
        self, coordinator: TestClient, session: Session
    ) -> None:
        data = download(coordinator, session)
        workbook = load_workbook(io.BytesIO(data))
        del workbook[SHEET]
        workbook[DATA_SHEET].title = "My figures"
        buffer = io.BytesIO()
        workbook.save(buffer)
        refused = upload(coordinator, buffer.getvalue())
        assert refused.status_code == 422
        assert "not made by this tool" in refused.json()["detail"]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    coordinator: TestClient,
) -> None:
    response = upload(coordinator, b"PK" + b"\0" * (11 * 1024 * 1024))
    assert response.status_code == 413
    assert "MB" in response.json()["detail"]


def test_europol_cannot_upload_figures(anonymous: TestClient, session: Session) -> None:
    europol = sign_in(anonymous, "europol")
    data = download(europol, session)
    refused = upload(europol, data)
    assert refused.status_code == 403
    assert "DE" in refused.json()["detail"]
    denied = session.exec(
        select(AuditEvent)
        .where(col(AuditEvent.action) == AuditAction.denied, col(AuditEvent.resource) == "uploads")
        .order_by(col(AuditEvent.id).desc())
    ).first()
    assert denied is not None and denied.username == "europol"


# Debian's LibreOffice, installed by `make test` (libreoffice-calc).
SOFFICE = "/usr/bin/soffice"


def resaved_by_libreoffice(data: bytes, directory: Path) -> bytes:
    """The workbook opened and saved again by LibreOffice Calc, as a coordinator who fills it
    there would: made at test time, since the demo's open cycle depends on the day."""
    source = directory / "filled.xlsx"
    source.write_bytes(data)
    converted = directory / "converted"
    subprocess.run(
        [
            SOFFICE,
            # A profile of its own: nothing of the machine's user, no first-start dialogue.
            f"-env:UserInstallation=file://{directory / 'profile'}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(converted),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (converted / "filled.xlsx").read_bytes()


def test_the_round_trip_holds_for_a_workbook_re_saved_by_libreoffice(
    coordinator: TestClient, session: Session, tmp_path: Path
) -> None:
    data = download(coordinator, session)
    expected = round_trip_changes(session, data)
    resaved = resaved_by_libreoffice(edit(data, expected), tmp_path)
    assert b"LibreOffice" in zipfile.ZipFile(io.BytesIO(resaved)).read("docProps/app.xml")

    planned = upload(coordinator, resaved, "de-libreoffice.xlsx")
    assert planned.status_code == 201, planned.text
    body = planned.json()
    assert body["status"] == "planned" and body["problems"] == []
    assert changed(body) == 23
    assert {c["cell"]: c["proposed"] for c in body["cells"]} == {
        cell: str(value) for cell, value in expected.items()
    }
    applied = coordinator.post(f"/api/uploads/{body['id']}/apply")
    assert applied.status_code == 200, applied.text
    assert changed(upload(coordinator, resaved, "de-libreoffice.xlsx").json()) == 0
