"""The processes of `empact run` and `empact worker`: started in order, stopped together, and
never outliving the command, however it ends.

Nothing here imports Prefect: the supervisor starts in a blink and only the children pay.
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from types import FrameType
from typing import TextIO

from backend.orchestration import (
    SERVER_START_SECONDS,
    embedded_prefect_environment,
    loopback_api_url,
    prefect_reachable,
)
from backend.settings import Settings, get_settings

STOP_SECONDS = 20
# How the children of `empact run` are started, for recognising one left by an earlier run.
CHILD_MARKERS = ("backend.lifeline", "flows.serve", "backend.cli serve", "prefect server start")


class StartFailed(Exception):
    """A part of the embedded default could not start; the message says which and why."""


@dataclass
class Child:
    name: str
    process: subprocess.Popen[bytes]


@dataclass
class Supervisor:
    """Child processes started in order, stopped in the reverse order, all or none.

    Each child leads a session of its own, so that Ctrl-C reaches only this process, which
    then stops the children one by one: the API first, the Prefect server last (the runner
    pauses its schedules on the server as it stops). Each child also holds the read end of
    the lifeline (backend.lifeline): should this process die without stopping them, SIGKILL
    included, every child ends itself and its own subprocesses at once. Children read nothing
    from the terminal: it is this command's.
    """

    out: TextIO = field(default_factory=lambda: sys.stdout)
    children: list[Child] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    # The write end is held here alone (os.pipe makes both ends non-inheritable).
    lifeline: tuple[int, int] = field(default_factory=os.pipe)

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)  # noqa: T201 - the command's own output

    def start(self, name: str, module_args: Sequence[str], env: Mapping[str, str]) -> Child:
        """Start `python -m MODULE ARGS...` on the lifeline."""
        read_end = self.lifeline[0]
        process = subprocess.Popen(
            [sys.executable, "-m", "backend.lifeline", str(read_end), "-m", *module_args],
            env=dict(env),
            stdin=subprocess.DEVNULL,
            pass_fds=(read_end,),
            start_new_session=True,
        )
        child = Child(name, process)
        self.children.append(child)
        self.say(f"Started the {name} (pid {process.pid}).")
        return child

    def dead_child(self) -> Child | None:
        return next((c for c in self.children if c.process.poll() is not None), None)

    def stop(self) -> None:
        for child in reversed(self.children):
            if child.process.poll() is None:
                child.process.terminate()
                try:
                    child.process.wait(timeout=STOP_SECONDS)
                except subprocess.TimeoutExpired:
                    self.say(f"The {child.name} did not stop in {STOP_SECONDS} s: killing it.")
                    child.process.kill()
                    child.process.wait()
            # Whatever the child left in its process group (a flow run, say) goes with it.
            with suppress(ProcessLookupError, PermissionError):
                os.killpg(child.process.pid, signal.SIGKILL)
            self.say(f"Stopped the {child.name}.")
        self.children.clear()

    @contextmanager
    def handling_signals(self) -> Iterator[None]:
        """Ctrl-C, SIGTERM and a closed terminal (SIGHUP) ask for a clean stop instead of
        interrupting mid-step."""

        def ask_to_stop(_signum: int, _frame: FrameType | None) -> None:
            self.stopping.set()

        signals = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
        previous = {sig: signal.signal(sig, ask_to_stop) for sig in signals}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def wait_until_healthy(self, child: Child, api_url: str) -> None:
        started = time.monotonic()
        next_note = 10.0
        while not prefect_reachable(api_url, timeout=1):
            waited = time.monotonic() - started
            if child.process.poll() is not None:
                raise StartFailed(
                    f"The {child.name} exited with code {child.process.returncode} "
                    "before answering."
                )
            if waited > SERVER_START_SECONDS:
                raise StartFailed(
                    f"The {child.name} did not answer at {api_url} in {SERVER_START_SECONDS} s."
                )
            if waited >= next_note:
                self.say(
                    f"Waiting for the {child.name} to answer ({int(waited)} s; a first start "
                    "migrates its database)..."
                )
                next_note += 10
            if self.stopping.wait(0.5):
                return
        self.say(f"The {child.name} answers at {api_url} ({time.monotonic() - started:.0f} s).")

    def watch(self) -> int:
        """Until a stop is asked (0) or a child dies (1), then stop every child."""
        while not self.stopping.wait(0.5):
            dead = self.dead_child()
            if dead is not None:
                self.say(
                    f"The {dead.name} stopped unexpectedly (exit code "
                    f"{dead.process.returncode}): stopping everything."
                )
                self.stop()
                return 1
        self.say("Stopping...")
        self.stop()
        return 0


# ---- ports ---------------------------------------------------------------------------------


def port_is_free(host: str, port: int) -> bool:
    """Whether nothing listens on the port (a port left in TIME_WAIT by a server that just
    stopped is free: servers bind with SO_REUSEADDR, and so does this probe)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def _is_empact_run(command: str) -> bool:
    return "empact run" in command or "backend.cli run" in command


def port_holder(port: int) -> str:
    """Who listens on the port and what to do about it, in a sentence."""
    import psutil

    try:
        listening = [
            c.pid
            for c in psutil.net_connections(kind="tcp")
            if c.status == psutil.CONN_LISTEN and c.laddr and c.laddr.port == port and c.pid
        ]
        holder = psutil.Process(listening[0]) if listening else None
        command = " ".join(holder.cmdline()) if holder else ""
        parent = holder.parent() if holder else None
        parent_command = " ".join(parent.cmdline()) if parent else ""
    except (psutil.Error, OSError):
        holder = None
    if holder is None:
        return "by a process this user may not see: stop it"
    described = f"by process {holder.pid} ({command})"
    if not any(marker in command for marker in CHILD_MARKERS):
        return f"{described}: stop it"
    if parent is not None and _is_empact_run(parent_command):
        return (
            f"{described}, a part of the `empact run` still running as process {parent.pid}: "
            f"use that one, or stop it (Ctrl-C in its terminal, or `kill {parent.pid}`)"
        )
    return f"{described}, left behind by an earlier `empact run`: stop it with `kill {holder.pid}`"


def check_ports(host: str, port: int, settings: Settings) -> None:
    """StartFailed unless the API's port and, when `empact run` starts it, the Prefect
    server's are free: before anything starts, so that nothing has to be undone."""
    wanted = [(host, port, "EMPACT_PORT (or --port)")]
    if not settings.prefect_api_url:
        wanted.append(("127.0.0.1", settings.prefect_port, "EMPACT_PREFECT_PORT"))
    for address, number, setting in wanted:
        if not port_is_free(address, number):
            raise StartFailed(
                f"Port {number} is taken {port_holder(number)}; or set {setting} to another port."
            )


# ---- `empact run` and `empact worker` ------------------------------------------------------


def _server_args(settings: Settings) -> list[str]:
    """The Prefect server as Prefect itself starts its background and temporary servers:
    `prefect server start` would print a banner telling the user to run `prefect config set
    PREFECT_API_URL=...`, which an EMPACT user never needs (the profile holds it)."""
    return [
        "uvicorn",
        "--factory",
        "prefect.server.api.server:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(settings.prefect_port),
        "--log-level",
        "warning",
    ]


def _api_args(host: str, port: int) -> list[str]:
    return ["backend.cli", "serve", "--host", host, "--port", str(port)]


def run_embedded(*, host: str, port: int, settings: Settings | None = None) -> int:
    """`empact run`: a Prefect server on loopback (unless EMPACT_PREFECT_API_URL names one),
    the runner serving the cycle deployments, and the API; stops them all together."""
    settings = settings or get_settings()
    supervisor = Supervisor()
    with supervisor.handling_signals():
        try:
            check_ports(host, port, settings)
            if settings.prefect_api_url:
                api_url = settings.prefect_api_url.rstrip("/")
                if not prefect_reachable(api_url):
                    raise StartFailed(f"No Prefect server answers at {api_url}.")
                supervisor.say(f"Using the Prefect server at {api_url}.")
                env = embedded_prefect_environment(settings, api_url, os.environ)
            else:
                api_url = loopback_api_url(settings)
                env = embedded_prefect_environment(settings, api_url, os.environ)
                # Prefect's own switch for a server that is the last app of its process.
                server_env = {**env, "PREFECT__SERVER_FINAL": "1"}
                server = supervisor.start("Prefect server", _server_args(settings), server_env)
                supervisor.wait_until_healthy(server, api_url)
            env["EMPACT_PREFECT_API_URL"] = api_url
            if not supervisor.stopping.is_set():
                supervisor.start("Prefect runner", ["flows.serve"], env)
                supervisor.start("API", _api_args(host, port), env)
                supervisor.say(
                    f"EMPACT serves http://{host}:{port}; the Prefect UI is at "
                    f"{api_url.removesuffix('/api')}. Ctrl-C stops everything."
                )
            return supervisor.watch()
        except StartFailed as error:
            supervisor.say(f"{error} Stopping.")
            return 1
        finally:
            # Whatever happened above, no child outlives this command.
            supervisor.stop()


def run_worker(settings: Settings | None = None) -> int:
    """`empact worker`: only the runner, for a Prefect server run elsewhere."""
    settings = settings or get_settings()
    if not settings.prefect_api_url:
        raise StartFailed(
            "empact worker needs the Prefect server's API: set EMPACT_PREFECT_API_URL."
        )
    api_url = settings.prefect_api_url.rstrip("/")
    supervisor = Supervisor()
    env = {**os.environ, "PREFECT_API_URL": api_url, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    with supervisor.handling_signals():
        try:
            supervisor.start("Prefect runner", ["flows.serve", "--keep-schedules"], env)
            return supervisor.watch()
        finally:
            supervisor.stop()
