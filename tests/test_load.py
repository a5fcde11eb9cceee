"""A bounded load on `empact serve` over SQLite, as a busy afternoon of a reporting cycle
looks: 40 signed-in people whose sessions sat idle past the touch interval, 35 reading lists
and 5 writing narratives, for 15 seconds. None may get a 5xx or "database is locked"; the
latencies are reported (speed itself is measured by `make bench`)."""

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
from sqlmodel import Session, col, select

from backend.catalog.models import Organisation
from backend.database import make_engine
from backend.deps import CSRF_COOKIE, CSRF_HEADER, TOUCH_AFTER_SECONDS
from backend.plans.models import Participation
from backend.reporting.models import Contribution, ReportingCycle
from seed.demo import DEMO_PASSWORD
from tests.demo_cycles import OPEN_CYCLE
from tests.flows import conftest as flows
from tests.live import free_port

# The server runs on a SQLite file of its own.
pytestmark = pytest.mark.own_database

demo_database_file = flows.demo_database_file

READERS = 35
WRITERS = 5
SECONDS = 15.0
LISTS = [
    "/api/operational-actions?range=[0,24]",
    "/api/contributions?range=[0,24]",
    "/api/action-reports?range=[0,24]",
    "/api/indicator-values?range=[0,24]",
]


@pytest.fixture
def served(demo_database_file: Path | None, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    if demo_database_file is None:  # the PostgreSQL pass leaves this test out
        pytest.fail("the load test runs on SQLite")
    database = tmp_path / "empact.db"
    shutil.copyfile(demo_database_file, database)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EMPACT_", "PREFECT_"))}
    env.update(
        {k: v for k, v in os.environ.items() if k.startswith(("EMPACT_ARGON2_", "EMPACT_SECRET"))}
    )
    env["EMPACT_DATABASE_URL"] = f"sqlite:///{database.as_posix()}"
    env["EMPACT_DATA_DIR"] = str(tmp_path)
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "backend.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx2.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            except httpx2.TransportError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, (
                "the server did not start"
            )
            time.sleep(0.2)
        yield base, database
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _signed_in(base: str, username: str) -> httpx2.Client:
    client = httpx2.Client(base_url=base, timeout=60)
    response = client.post(
        "/api/auth/login", json={"username": username, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 200, response.text
    client.headers[CSRF_HEADER] = client.cookies[CSRF_COOKIE]
    return client


def _german_contributions(database: Path, count: int) -> list[int]:
    engine = make_engine(f"sqlite:///{database.as_posix()}")
    try:
        with Session(engine) as session:
            cycle = select(col(ReportingCycle.id)).where(col(ReportingCycle.code) == OPEN_CYCLE)
            germany = select(col(Organisation.id)).where(col(Organisation.code) == "DE")
            ids = session.exec(
                select(col(Contribution.id))
                .join(Participation, col(Participation.id) == col(Contribution.participation_id))
                .where(
                    col(Contribution.reporting_cycle_id).in_(cycle),
                    col(Participation.organisation_id).in_(germany),
                    col(Contribution.state).in_(["not_started", "draft"]),
                )
                .order_by(col(Contribution.id))
                .limit(count)
            ).all()
    finally:
        engine.dispose()
    assert len(ids) == count
    return [i or 0 for i in ids]


def test_forty_people_after_a_pause_get_no_5xx(
    served: tuple[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    base, database = served
    readers = [_signed_in(base, "europol") for _ in range(READERS)]
    writers = [_signed_in(base, "nec-de") for _ in range(WRITERS)]
    contributions = _german_contributions(database, WRITERS)
    # Every session sat idle past the touch interval: each one's next request marks it seen.
    with sqlite3.connect(database) as connection:
        connection.execute(
            "UPDATE auth_sessions SET last_seen_at = datetime(last_seen_at, ?)",
            (f"-{TOUCH_AFTER_SECONDS * 2} seconds",),
        )

    statuses: Counter[int] = Counter()
    failures: list[str] = []
    latencies: list[float] = []
    lock = threading.Lock()
    stop_at = [0.0]

    def released() -> None:  # once every client is ready: the load starts now
        stop_at[0] = time.monotonic() + SECONDS

    start = threading.Barrier(READERS + WRITERS, action=released)

    def timed(call: Callable[..., httpx2.Response], *args: Any, **kwargs: Any) -> httpx2.Response:
        began = time.perf_counter()
        response = call(*args, **kwargs)
        with lock:
            latencies.append(time.perf_counter() - began)
            statuses[response.status_code] += 1
            if response.status_code >= 500 or "database is locked" in response.text:
                failures.append(
                    f"{response.status_code} {response.request.url}: {response.text[:200]}"
                )
        return response

    def read(client: httpx2.Client, n: int) -> None:
        start.wait()
        turn = n
        while time.monotonic() < stop_at[0]:
            timed(client.get, LISTS[turn % len(LISTS)])
            turn += 1

    def write(client: httpx2.Client, contribution: int) -> None:
        start.wait()
        turn = 0
        while time.monotonic() < stop_at[0]:
            current = timed(client.get, f"/api/contributions/{contribution}")
            if current.status_code == 200:
                version = current.json()["version"]
                body = {"narrative": f"Joint action day, update {turn}.", "version": version}
                timed(client.put, f"/api/contributions/{contribution}", json=body)
            turn += 1

    threads = [threading.Thread(target=read, args=(c, n)) for n, c in enumerate(readers)]
    threads += [
        threading.Thread(target=write, args=(c, i))
        for c, i in zip(writers, contributions, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for client in [*readers, *writers]:
        client.close()

    assert not failures, "\n".join(failures[:10])
    assert set(statuses) <= {200, 409}, statuses
    ordered = sorted(latencies)
    p50, p95 = ordered[len(ordered) // 2], ordered[int(len(ordered) * 0.95)]
    with capsys.disabled():
        sys.stdout.write(
            f"\nload on SQLite: {len(ordered)} requests in about {SECONDS:g} s by "
            f"{READERS} readers and {WRITERS} writers; p50 {p50 * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms; answers {dict(statuses)}\n"
        )
