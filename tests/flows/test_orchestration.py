"""`empact run` as the embedded default: the API, a Prefect server and the runner together.

One fresh data folder, started twice: the first start migrates, loads the demo and starts a
fresh Prefect server; Europol asks for reminders through the API and the run is followed to
its end; SIGTERM stops everything; the second start serves the same deployments again
without a second schedule.
"""

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx2
import pytest

from backend.deps import CSRF_COOKIE, CSRF_HEADER
from seed.demo import DEMO_PASSWORD
from tests.demo_cycles import OPEN_CYCLE
from tests.live import STOP_SECONDS, Instance, healthy, wait_for

# `empact run` on a data folder of its own (SQLite).
pytestmark = pytest.mark.own_database

RUN_SECONDS = 180
CRON = "0 6 * * *"


def _served(instance: Instance) -> dict[str, dict[str, Any]]:
    """Every deployment by "flow/deployment", once the runner serves all five (a stopped
    runner leaves them paused until it serves them again)."""

    def serving() -> dict[str, dict[str, Any]] | None:
        flows = httpx2.post(f"{instance.prefect}/flows/filter", json={}).json()
        names = {flow["id"]: flow["name"] for flow in flows}
        found = httpx2.post(f"{instance.prefect}/deployments/filter", json={}).json()
        if any(d["flow_id"] not in names for d in found):
            return None  # a flow registered between the two reads: ask again
        named = {f"{names[d['flow_id']]}/{d['name']}": d for d in found}
        ready = len(named) == 5 and not any(d["paused"] for d in named.values())
        return named if ready else None

    found: dict[str, dict[str, Any]] = wait_for(
        "the runner serves the deployments", serving, 180, instance
    )
    return found


def _tick_schedules(instance: Instance) -> list[tuple[str, str, bool]]:
    schedules = _served(instance)["cycle-tick/daily"]["schedules"]
    return [(s["schedule"]["cron"], s["schedule"]["timezone"], s["active"]) for s in schedules]


def _stop(instance: Instance, process: subprocess.Popen[bytes]) -> None:
    children = instance.children()
    process.terminate()
    assert process.wait(timeout=STOP_SECONDS) == 0, instance.output()
    for pid in children:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


@contextmanager
def _europol(instance: Instance) -> Iterator[httpx2.Client]:
    with httpx2.Client(base_url=instance.api, timeout=30) as http:
        response = http.post("/auth/login", json={"username": "europol", "password": DEMO_PASSWORD})
        assert response.status_code == 200, response.text
        http.headers[CSRF_HEADER] = http.cookies[CSRF_COOKIE]
        yield http


def test_run_serves_the_cycle_flows_and_restarts_without_a_second_schedule(
    tmp_path: Path,
) -> None:
    instance = Instance(tmp_path)

    with instance.running() as process:
        healthy(instance, process)
        assert _tick_schedules(instance) == [(CRON, "UTC", True)]
        assert set(_served(instance)) == {
            "cycle-tick/daily",
            "open-cycle/on-request",
            "send-reminders/on-request",
            "close-cycle/on-request",
            "consolidate-cycle/on-request",
        }
        with _europol(instance) as europol:
            cycles = {c["code"]: c["id"] for c in europol.get("/reporting-cycles").json()}
            open_cycle = cycles[OPEN_CYCLE]
            started = europol.post(f"/reporting-cycles/{open_cycle}/remind")
            assert started.status_code == 202, started.text
            flow_run_id = started.json()["flow_run_id"]

            def finished() -> dict[str, Any] | None:
                runs = europol.get(f"/reporting-cycles/{open_cycle}/runs").json()
                run = next(r for r in runs if r["flow_run_id"] == flow_run_id)
                flow_run = httpx2.get(f"{instance.prefect}/flow_runs/{flow_run_id}").json()
                ended = run["finished_at"] and flow_run["state_type"] == "COMPLETED"
                return run if ended else None

            run = wait_for("the reminder run finishes", finished, RUN_SECONDS, instance)
        assert (run["flow"], run["state"], run["requested_by"]) == (
            "send_reminders",
            "COMPLETED",
            "europol",
        )
        _stop(instance, process)

    assert (tmp_path / "prefect" / "prefect.db").is_file()
    assert (tmp_path / "empact.db").is_file()

    with instance.running() as process:
        healthy(instance, process)
        assert _tick_schedules(instance) == [(CRON, "UTC", True)]
        _stop(instance, process)
