"""Writers at the same moment, through the whole app on a database of the test's own (real
transactions, on SQLite and PostgreSQL): each gets 200 or 409 with the reason, never a 500,
and no change is lost."""

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.pool import QueuePool
from sqlmodel import Session, col, func, select

from backend.app import create_app
from backend.plans.models import OperationalAction
from backend.reporting.models import IndicatorValue
from backend.spreadsheets import imports
from backend.spreadsheets.reading import UploadedWorkbook
from tests.conftest import sign_in
from tests.flows import conftest as flows
from tests.spreadsheets.test_uploads_api import download, edit, editable_cells, upload

# The flow tests' database: the demo, of the test's own, as the app's configured database.
demo_database_file = flows.demo_database_file
demo_template_database = flows.demo_template_database
flow_database = flows.flow_database

WRITERS = 6


def _signed_in(username: str) -> TestClient:
    return sign_in(TestClient(create_app()), username)


def _at_once(work: list[Callable[[], Any]]) -> list[Any]:
    """Run each piece of work in a thread of its own, all released at the same moment."""
    start = threading.Barrier(len(work))
    results: list[Any] = [None] * len(work)

    def run(index: int) -> None:
        start.wait()
        results[index] = work[index]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(work))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _an_action(engine: Engine) -> OperationalAction:
    with Session(engine) as session:
        action = session.exec(select(OperationalAction).order_by(col(OperationalAction.id))).first()
        assert action is not None
        return action


def test_writers_with_the_same_version_get_one_200_and_409s(flow_database: Engine) -> None:
    action = _an_action(flow_database)
    clients = [_signed_in("europol") for _ in range(WRITERS)]

    def put(client: TestClient, n: int) -> Callable[[], Any]:
        body = {
            "title": f"Changed by writer {n}",
            "leader_id": action.leader_id,
            "version": action.version,
        }
        return lambda: client.put(f"/api/operational-actions/{action.id}", json=body)

    answers = _at_once([put(client, n) for n, client in enumerate(clients)])
    statuses = Counter(answer.status_code for answer in answers)
    assert set(statuses) <= {200, 409}, [
        a.text[:200] for a in answers if a.status_code not in (200, 409)
    ]
    assert statuses[200] == 1
    for answer in answers:
        if answer.status_code == 409:
            assert answer.json()["error"] == "stale_version"
            assert "someone else" in answer.json()["detail"].lower()
    assert _an_action(flow_database).version == action.version + 1


def test_read_modify_write_loops_lose_no_change(flow_database: Engine) -> None:
    action = _an_action(flow_database)
    clients = [_signed_in("europol") for _ in range(4)]
    rounds = 5

    def loop(client: TestClient, n: int) -> Callable[[], Counter[int]]:
        def work() -> Counter[int]:
            seen: Counter[int] = Counter()
            for round_ in range(rounds):
                current = client.get(f"/api/operational-actions/{action.id}").json()
                answer = client.put(
                    f"/api/operational-actions/{action.id}",
                    json={"title": f"Writer {n}, round {round_}", "version": current["version"]},
                )
                seen[answer.status_code] += 1
            return seen

        return work

    totals: Counter[int] = Counter()
    for seen in _at_once([loop(client, n) for n, client in enumerate(clients)]):
        totals.update(seen)
    assert set(totals) <= {200, 409}, totals
    # Every change that was answered 200 is there: the version counts them.
    assert _an_action(flow_database).version == action.version + totals[200]


def test_one_upload_applied_four_times_at_once_is_written_once(flow_database: Engine) -> None:
    """Four clicks on Apply of one plan that holds only new figures: one writes them, the
    others are told the plan was applied meanwhile (409), none gets a 500."""
    coordinators = [_signed_in("nec-de") for _ in range(4)]
    with Session(flow_database) as session:
        data = download(coordinators[0], session)
        empty = [c for c in editable_cells(session, data)["figures"] if c.base in (None, "")]
    assert len(empty) >= 3
    planned = upload(coordinators[0], edit(data, {c.cell: 7 for c in empty[:3]}))
    assert planned.status_code == 201, planned.text
    upload_id = planned.json()["id"]
    assert planned.json()["counts"]["new"] == 3

    def apply(client: TestClient) -> Callable[[], Any]:
        return lambda: client.post(f"/api/uploads/{upload_id}/apply", json={"choices": {}})

    answers = _at_once([apply(client) for client in coordinators])
    statuses = Counter(answer.status_code for answer in answers)
    unexpected = [a.text[:200] for a in answers if a.status_code not in (200, 409)]
    assert not unexpected, unexpected
    assert statuses[200] == 1, statuses
    with Session(flow_database) as session:
        written = session.exec(
            select(func.count()).select_from(IndicatorValue).where(col(IndicatorValue.value) == 7)
        ).one()
    assert written >= 3


def _checked_out(engine: Engine) -> int:
    """The engine's pooled connections in use."""
    pool = engine.pool
    assert isinstance(pool, QueuePool), pool
    return pool.checkedout()


def test_an_upload_holds_no_connection_while_its_workbook_is_read(
    flow_database: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parsing a large workbook takes seconds: meanwhile the upload holds no pooled
    connection, so neither the pool nor SQLite's one write lock waits on it. Both ways in:
    a workbook with its hidden metadata, and one that lost it (rebuilt from what is stored)."""
    held: list[int] = []
    rows, build = UploadedWorkbook.rows, imports.build_country_workbook

    def counting_rows(self: UploadedWorkbook, *args: Any, **kwargs: Any) -> Any:
        held.append(_checked_out(flow_database))
        return rows(self, *args, **kwargs)

    def counting_build(*args: Any, **kwargs: Any) -> bytes:
        held.append(_checked_out(flow_database))
        return build(*args, **kwargs)

    coordinator = _signed_in("nec-de")
    with Session(flow_database) as session:
        data = download(coordinator, session)
        cell = editable_cells(session, data)["figures"][0].cell
    monkeypatch.setattr(UploadedWorkbook, "rows", counting_rows)
    monkeypatch.setattr(imports, "build_country_workbook", counting_build)
    for workbook in (edit(data, {cell: 7}), edit(data, {cell: 8}, drop_metadata=True)):
        held.clear()
        answer = upload(coordinator, workbook)
        assert answer.status_code == 201, answer.text
        assert answer.json()["counts"]["new"] + answer.json()["counts"]["changed"] == 1
        assert held and set(held) == {0}, held
