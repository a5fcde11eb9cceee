"""`empact run` as the embedded default: the API, a Prefect server and the runner together.

One fresh data folder, started twice: the first start migrates, loads the demo and starts a
fresh Prefect server; Europol asks for reminders through the API and the run is followed to
its end; SIGTERM stops everything; the second start serves the same deployments again
without a second schedule.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import httpx2
import pytest

from backend.deps import CSRF_COOKIE, CSRF_HEADER
from seed.demo import DEMO_PASSWORD

# A fresh Prefect server migrates its database first (about 20 s, at most 120 s).
STARTUP_SECONDS = 180
RUN_SECONDS = 60
STOP_SECONDS = 60
CRON = "0 6 * * *"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class Instance:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.api = f"http://127.0.0.1:{_free_port()}/api"
        self.prefect = f"http://127.0.0.1:{_free_port()}/api"
        self.log = data_dir / "empact-run.log"
        self.run_starts_at = 0
        env = {k: v for k, v in os.environ.items() if not k.startswith(("EMPACT_", "PREFECT_"))}
        # Cheap password hashing, as in the rest of the suite.
        env.update({k: v for k, v in os.environ.items() if k.startswith("EMPACT_ARGON2_")})
        env["EMPACT_DATA_DIR"] = str(data_dir)
        env["EMPACT_PREFECT_PORT"] = self.prefect.split(":")[-1].removesuffix("/api")
        # The runner looks for flow runs to start every second instead of every ten.
        env["PREFECT_RUNNER_POLL_FREQUENCY"] = "1"
        self.env = env

    @contextmanager
    def running(self) -> Iterator[subprocess.Popen[bytes]]:
        empact = Path(sys.executable).parent / "empact"
        port = self.api.split(":")[-1].removesuffix("/api")
        self.log.touch()
        self.run_starts_at = self.log.stat().st_size
        with self.log.open("ab") as log:
            process = subprocess.Popen(
                [str(empact), "run", "--port", port],
                cwd=self.data_dir,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                yield process
            finally:
                # After a failed check: stop it as Ctrl-C would, and leave no child behind.
                if process.poll() is None:
                    process.terminate()
                    try:
                        process.wait(timeout=STOP_SECONDS)
                    except subprocess.TimeoutExpired:
                        process.kill()
                        process.wait(timeout=STOP_SECONDS)
                    for pid in self.children():
                        with suppress(ProcessLookupError):
                            os.kill(pid, signal.SIGKILL)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def children(self) -> list[int]:
        """The pids of the children the current run started, as it printed them."""
        with self.log.open("rb") as log:
            log.seek(self.run_starts_at)
            printed = log.read().decode(errors="replace")
        return [int(pid) for pid in re.findall(r"Started the .+ \(pid (\d+)\)\.", printed)]


def _wait_for(what: str, check: Callable[[], Any], seconds: float, instance: Instance) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            found = check()
        except httpx2.TransportError:
            found = None
        if found:
            return found
        time.sleep(0.5)
    pytest.fail(f"{what}: not within {seconds} s.\n{instance.output()}")


def _healthy(instance: Instance, process: subprocess.Popen[bytes]) -> None:
    def answers() -> bool:
        if process.poll() is not None:
            pytest.fail(f"empact run exited with {process.returncode}:\n{instance.output()}")
        return all(
            httpx2.get(f"{url}/health").status_code == 200
            for url in (instance.api, instance.prefect)
        )

    _wait_for("the API and the Prefect server answer", answers, STARTUP_SECONDS, instance)


def _served(instance: Instance) -> dict[str, dict[str, Any]]:
    """Every deployment by "flow/deployment", once the runner serves all five (a stopped
    runner leaves them paused until it serves them again)."""

    def serving() -> dict[str, dict[str, Any]] | None:
        flows = httpx2.post(f"{instance.prefect}/flows/filter", json={}).json()
        names = {flow["id"]: flow["name"] for flow in flows}
        found = httpx2.post(f"{instance.prefect}/deployments/filter", json={}).json()
        named = {f"{names[d['flow_id']]}/{d['name']}": d for d in found}
        ready = len(named) == 5 and not any(d["paused"] for d in named.values())
        return named if ready else None

    found: dict[str, dict[str, Any]] = _wait_for(
        "the runner serves the deployments", serving, 60, instance
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
        _healthy(instance, process)
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
            open_cycle = cycles["2026-H2"]
            started = europol.post(f"/reporting-cycles/{open_cycle}/remind")
            assert started.status_code == 202, started.text
            flow_run_id = started.json()["flow_run_id"]

            def finished() -> dict[str, Any] | None:
                runs = europol.get(f"/reporting-cycles/{open_cycle}/runs").json()
                run = next(r for r in runs if r["flow_run_id"] == flow_run_id)
                flow_run = httpx2.get(f"{instance.prefect}/flow_runs/{flow_run_id}").json()
                ended = run["finished_at"] and flow_run["state_type"] == "COMPLETED"
                return run if ended else None

            run = _wait_for("the reminder run finishes", finished, RUN_SECONDS, instance)
        assert (run["flow"], run["state"], run["requested_by"]) == (
            "send_reminders",
            "COMPLETED",
            "europol",
        )
        _stop(instance, process)

    assert (tmp_path / "prefect" / "prefect.db").is_file()
    assert (tmp_path / "empact.db").is_file()

    with instance.running() as process:
        _healthy(instance, process)
        assert _tick_schedules(instance) == [(CRON, "UTC", True)]
        _stop(instance, process)
