"""`empact run` in a real terminal: it asks nothing, Ctrl-C stops everything, and nothing it
started outlives it, not even when it is killed with SIGKILL.

One fresh data folder for the module, started twice under a pseudo-terminal: the first start
(a fresh Prefect server migrating its database) is stopped with Ctrl-C, the second is killed.
"""

import fcntl
import os
import pty
import signal
import socket
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx2
import psutil
import pytest
from typer.testing import CliRunner

from backend.cli import app
from backend.supervisor import port_is_free
from tests.live import STARTUP_SECONDS, STOP_SECONDS, Instance, wait_for

# `empact run` on a data folder of its own (SQLite).
pytestmark = pytest.mark.own_database

# What Prefect would print or ask on a terminal without a profile of its own.
NEVER_SHOWN = (
    "How would you like to proceed",
    "PREFECT_API_URL",
    "prefect config set",
    "anonymous usage",
    "csrf-token",
    "Traceback",
)
CTRL_C = b"\x03"


class Terminal:
    """`empact run` with a pseudo-terminal as its controlling terminal, its output read as
    it comes (a terminal that nobody reads would block the writers)."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.output = bytearray()
        self.master, slave = pty.openpty()
        empact = Path(sys.executable).parent / "empact"
        port = instance.api.split(":")[-1].removesuffix("/api")
        self.process = subprocess.Popen(
            # Without the demo: what is tested here is the processes, not the data.
            [str(empact), "run", "--port", port, "--no-demo"],
            cwd=instance.data_dir,
            env={**instance.env, "TERM": "xterm", "COLUMNS": "100"},
            stdin=slave,
            stdout=slave,
            stderr=slave,
            start_new_session=True,
            # The terminal becomes the new session's controlling terminal, so that Ctrl-C
            # typed into it is SIGINT to the foreground process group, as in a shell.
            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
        )
        os.close(slave)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # the last writer closed its end
                return
            if not chunk:
                return
            self.output.extend(chunk)

    def text(self) -> str:
        return self.output.decode(errors="replace")

    def descendants(self) -> list[psutil.Process]:
        return psutil.Process(self.process.pid).children(recursive=True)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=STOP_SECONDS)
        self.reader.join(timeout=5)
        os.close(self.master)


def _alive(processes: list[psutil.Process]) -> list[psutil.Process]:
    """The processes still running (a zombie waiting for its new parent is gone)."""
    running = []
    for process in processes:
        with suppress(psutil.NoSuchProcess):
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                running.append(process)
    return running


def _ports(instance: Instance) -> list[int]:
    return [
        int(url.split(":")[-1].removesuffix("/api")) for url in (instance.api, instance.prefect)
    ]


@contextmanager
def _in_a_terminal(instance: Instance) -> Iterator[Terminal]:
    terminal = Terminal(instance)
    try:
        yield terminal
    finally:
        # After a failed check: leave nothing behind.
        leftovers = terminal.descendants() if terminal.process.poll() is None else []
        terminal.close()
        for process in _alive(leftovers):
            with suppress(psutil.NoSuchProcess):
                process.kill()


def _healthy(terminal: Terminal) -> None:
    def answers() -> bool:
        if terminal.process.poll() is not None:
            pytest.fail(f"empact run exited with {terminal.process.returncode}:\n{terminal.text()}")
        return all(
            httpx2.get(f"{url}/health").status_code == 200
            for url in (terminal.instance.api, terminal.instance.prefect)
        )

    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        with suppress(httpx2.TransportError):
            if answers():
                return
        time.sleep(0.5)
    pytest.fail(f"empact run did not answer in {STARTUP_SECONDS} s:\n{terminal.text()}")


@pytest.fixture(scope="module")
def instance(tmp_path_factory: pytest.TempPathFactory) -> Instance:
    """A fresh data folder, for a user whose own Prefect profile and environment point
    elsewhere: a profile without an API URL (what made `prefect server start` ask), and a
    PREFECT_API_URL of a server that is not there."""
    instance = Instance(tmp_path_factory.mktemp("embedded-run"))
    home = tmp_path_factory.mktemp("home")
    (home / ".prefect").mkdir()
    (home / ".prefect" / "profiles.toml").write_text(
        'active = "mine"\n\n[profiles.mine]\nPREFECT_LOGGING_LEVEL = "INFO"\n'
    )
    instance.env.update(
        {"HOME": str(home), "PREFECT_PROFILE": "mine", "PREFECT_API_URL": "http://127.0.0.1:9/api"}
    )
    return instance


class TestInATerminal:
    def test_fresh_data_folder_serves_without_asking_and_ctrl_c_stops_everything(
        self, instance: Instance
    ) -> None:
        with _in_a_terminal(instance) as terminal:
            _healthy(terminal)
            children = terminal.descendants()
            assert len(children) >= 3, [c.cmdline() for c in children]
            # Nothing but `empact run` itself can read the terminal.
            for child in children:
                assert os.readlink(f"/proc/{child.pid}/fd/0") == "/dev/null", child.cmdline()
            for text in NEVER_SHOWN:
                assert text not in terminal.text(), terminal.text()

            os.write(terminal.master, CTRL_C)
            assert terminal.process.wait(timeout=STOP_SECONDS) == 0, terminal.text()
            assert _alive(children) == []
        assert all(port_is_free("127.0.0.1", port) for port in _ports(instance))
        profile = (instance.data_dir / "prefect" / "profiles.toml").read_text()
        assert f'PREFECT_API_URL = "{instance.prefect}"' in profile

    def test_runner_stops_within_seconds_when_the_prefect_server_dies(
        self, instance: Instance
    ) -> None:
        with _in_a_terminal(instance) as terminal:
            _healthy(terminal)
            children = terminal.descendants()
            server = next(c for c in children if "prefect.server.api" in " ".join(c.cmdline()))
            server.kill()
            started = time.monotonic()
            # The runner cannot pause its schedules on a server that is gone; Prefect's client
            # would retry for half a minute, past the 20 s after which it would be killed.
            assert terminal.process.wait(timeout=STOP_SECONDS) == 1, terminal.text()
            assert time.monotonic() - started < 15, terminal.text()
            assert "did not stop" not in terminal.text(), terminal.text()
            assert _alive(children) == []

    def test_sigkill_leaves_no_child_and_frees_the_ports(self, instance: Instance) -> None:
        with _in_a_terminal(instance) as terminal:
            _healthy(terminal)
            children = terminal.descendants()
            terminal.process.send_signal(signal.SIGKILL)
            terminal.process.wait(timeout=STOP_SECONDS)

            wait_for(
                "every child of the killed run ends", lambda: not _alive(children), 10, instance
            )
        assert all(port_is_free("127.0.0.1", port) for port in _ports(instance))


class TestLifeline:
    def test_child_and_its_subprocess_end_when_the_write_end_closes(self) -> None:
        read_end, write_end = os.pipe()
        # A child that starts a subprocess of its own, as the runner starts flow runs.
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "backend.lifeline",
                str(read_end),
                "-m",
                "tests.sleeper",
            ],
            stdout=subprocess.PIPE,
            pass_fds=(read_end,),
            start_new_session=True,
        )
        os.close(read_end)
        try:
            assert child.stdout is not None
            grandchild = psutil.Process(int(child.stdout.readline()))
            os.close(write_end)
            assert child.wait(timeout=10) == -signal.SIGKILL
            psutil.wait_procs([grandchild], timeout=10)
            assert _alive([grandchild]) == []
        finally:
            with suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)


class TestTakenPort:
    def test_run_names_the_process_holding_the_api_port_before_starting_anything(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("EMPACT_DATA_DIR", str(tmp_path))
        with socket.socket() as holder:
            holder.bind(("127.0.0.1", 0))
            holder.listen()
            port = holder.getsockname()[1]
            result = CliRunner().invoke(app, ["run", "--port", str(port)])

        assert result.exit_code == 1
        assert f"Port {port} is taken by process {os.getpid()} (" in result.output
        assert "set EMPACT_PORT (or --port) to another port" in result.output
        assert not (tmp_path / "empact.db").exists()

    def test_a_child_left_by_an_earlier_run_is_named_with_what_to_do(self) -> None:
        read_end, write_end = os.pipe()
        port = socket.socket()
        port.bind(("127.0.0.1", 0))
        number = port.getsockname()[1]
        port.close()
        stale = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "backend.lifeline",
                str(read_end),
                "-m",
                "http.server",
                "--bind",
                "127.0.0.1",
                str(number),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(read_end,),
            start_new_session=True,
        )
        os.close(read_end)
        try:
            from backend.supervisor import port_holder

            def listening() -> bool:
                return not port_is_free("127.0.0.1", number)

            deadline = time.monotonic() + 20
            while not listening() and time.monotonic() < deadline:
                time.sleep(0.1)
            told = port_holder(number)
        finally:
            os.close(write_end)
            stale.wait(timeout=10)
        assert f"by process {stale.pid} (" in told
        assert f"left behind by an earlier `empact run`: stop it with `kill {stale.pid}`" in told
