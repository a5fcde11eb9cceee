"""`empact run` started as a subprocess on free ports with a fresh data folder: the whole
tool as a user gets it (the API and UI, a Prefect server, the runner)."""

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

# A fresh Prefect server migrates its database first (about 20 s, at most 120 s).
STARTUP_SECONDS = 180
STOP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class Instance:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.api = f"http://127.0.0.1:{free_port()}/api"
        self.prefect = f"http://127.0.0.1:{free_port()}/api"
        self.log = data_dir / "empact-run.log"
        self.run_starts_at = 0
        env = {k: v for k, v in os.environ.items() if not k.startswith(("EMPACT_", "PREFECT_"))}
        # Cheap password hashing, as in the rest of the suite.
        env.update(
            {
                k: v
                for k, v in os.environ.items()
                if k.startswith(("EMPACT_ARGON2_", "EMPACT_SECRET_KEY"))
            }
        )
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


def wait_for(what: str, check: Callable[[], Any], seconds: float, instance: Instance) -> Any:
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


def healthy(instance: Instance, process: subprocess.Popen[bytes]) -> None:
    def answers() -> bool:
        if process.poll() is not None:
            pytest.fail(f"empact run exited with {process.returncode}:\n{instance.output()}")
        return all(
            httpx2.get(f"{url}/health").status_code == 200
            for url in (instance.api, instance.prefect)
        )

    wait_for("the API and the Prefect server answer", answers, STARTUP_SECONDS, instance)
