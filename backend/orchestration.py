"""Prefect around the reporting cycles: where it is, starting a cycle's flow run and noting it
in `cycle_runs`, and the processes that `empact run` and `empact worker` keep running.

Prefect is imported only inside the functions that talk to it: the API pays for the import
on the first flow it starts, not at every start-up.
"""

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType
from typing import Any, TextIO

from sqlmodel import Session, col, select

from backend.audit import service as audit
from backend.audit.models import AuditAction
from backend.errors import NotFound, OrchestratorUnavailable
from backend.reporting.models import CycleFlow, CycleRun, ReportingCycle
from backend.settings import Settings, get_settings

# Deployments are named "<flow>/<deployment>": the four cycle flows are served without a
# schedule, for the API and the command line to start; the tick runs on its cron.
ON_REQUEST = "on-request"
TICK_FLOW = "cycle-tick"
TICK_DEPLOYMENT = "daily"

HEALTH_TIMEOUT_SECONDS = 3
# A request that starts a flow run answers at once, or something is wrong.
REQUEST_TIMEOUT_SECONDS = 10
# A fresh Prefect server migrates its database first: about 20 s, more on a slow disk.
SERVER_START_SECONDS = 120
STOP_SECONDS = 20

# Prefect's state types, as kept in cycle_runs.state.
RUNNING = "RUNNING"
COMPLETED = "COMPLETED"
FAILED = "FAILED"
FINAL_STATES = frozenset({"COMPLETED", "FAILED", "CRASHED", "CANCELLED"})


def flow_name(flow: CycleFlow) -> str:
    return flow.value.replace("_", "-")


def deployment_name(flow: CycleFlow) -> str:
    return f"{flow_name(flow)}/{ON_REQUEST}"


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# ---- where Prefect is ---------------------------------------------------------------------


def loopback_api_url(settings: Settings) -> str:
    """The API of the Prefect server that `empact run` starts."""
    return f"http://127.0.0.1:{settings.prefect_port}/api"


def prefect_api_url(settings: Settings | None = None) -> str:
    """The Prefect API to talk to: EMPACT_PREFECT_API_URL, else Prefect's own PREFECT_API_URL
    (a profile, or the test harness), else the server `empact run` starts on loopback."""
    settings = settings or get_settings()
    if settings.prefect_api_url:
        return settings.prefect_api_url.rstrip("/")
    from prefect.settings import get_current_settings

    return (get_current_settings().api.url or loopback_api_url(settings)).rstrip("/")


def prefect_reachable(api_url: str, timeout: float = HEALTH_TIMEOUT_SECONDS) -> bool:
    """Whether a Prefect server answers at `api_url`: one plain request with a short timeout,
    so that an absent server is known at once."""
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=timeout) as response:
            return bool(response.status == 200)
    except (OSError, ValueError):
        return False


@contextmanager
def talking_to(api_url: str, request_timeout: float | None = None) -> Iterator[None]:
    """Prefect's client in this block talks to `api_url`, never to a temporary server."""
    from prefect.settings import PREFECT_API_REQUEST_TIMEOUT, PREFECT_API_URL, temporary_settings

    updates: dict[Any, Any] = {PREFECT_API_URL: api_url}
    if request_timeout is not None:
        updates[PREFECT_API_REQUEST_TIMEOUT] = request_timeout
    with temporary_settings(updates=updates):
        yield


def local_prefect_settings(settings: Settings) -> dict[str, str]:
    """Prefect's own settings for the embedded default: its home and database in the data
    folder, a patient start-up, and nothing sent over the network."""
    home = settings.data_dir.resolve() / "prefect"
    home.mkdir(parents=True, exist_ok=True)
    return {
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_DATABASE_CONNECTION_URL": (
            f"sqlite+aiosqlite:///{(home / 'prefect.db').as_posix()}"
        ),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": str(SERVER_START_SECONDS),
    }


@contextmanager
def local_prefect(settings: Settings) -> Iterator[None]:
    """Run a flow in this process when no Prefect server answers: without an API URL,
    Prefect starts a temporary server of its own for the run, on the embedded default's
    database (that server runs no schedules, which a one-off run does not need)."""
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_HOME,
        PREFECT_SERVER_ANALYTICS_ENABLED,
        PREFECT_SERVER_DATABASE_CONNECTION_URL,
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
        temporary_settings,
    )

    local = local_prefect_settings(settings)
    with temporary_settings(
        updates={
            PREFECT_HOME: local["PREFECT_HOME"],
            PREFECT_SERVER_DATABASE_CONNECTION_URL: local["PREFECT_SERVER_DATABASE_CONNECTION_URL"],
            PREFECT_SERVER_ANALYTICS_ENABLED: False,
            PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS: SERVER_START_SECONDS,
        },
        restore_defaults={PREFECT_API_URL},
    ):
        yield


# ---- starting a cycle's flow run and noting it ----------------------------------------------


def start_flow_run(
    flow: CycleFlow, *, cycle_id: int, requested_by: str, api_url: str | None = None
) -> tuple[str, str]:
    """Ask the Prefect server for a run of the flow's deployment now, without waiting for
    it: (flow run id, state type). OrchestratorUnavailable when nothing would run it."""
    api_url = api_url or prefect_api_url()
    if not prefect_reachable(api_url):
        raise OrchestratorUnavailable(
            f"The Prefect server at {api_url} does not answer: start it (`empact run` "
            "does), or set EMPACT_PREFECT_API_URL."
        )
    import httpx
    from prefect.client.schemas.objects import FlowRun
    from prefect.deployments import run_deployment
    from prefect.exceptions import ObjectNotFound

    name = deployment_name(flow)
    try:
        with talking_to(api_url, request_timeout=REQUEST_TIMEOUT_SECONDS):
            flow_run = run_deployment(
                name=name,
                parameters={"cycle_id": cycle_id, "requested_by": requested_by},
                timeout=0,
                as_subflow=False,
            )
    except ObjectNotFound:
        raise OrchestratorUnavailable(
            f"The Prefect server at {api_url} has no deployment {name}: is `empact run` "
            "or `empact worker` running?"
        ) from None
    except httpx.HTTPError as error:
        raise OrchestratorUnavailable(
            f"The Prefect server at {api_url} refused the flow run: {error}"
        ) from None
    # Called from synchronous code, run_deployment answers the flow run, not a coroutine.
    assert isinstance(flow_run, FlowRun)
    state = flow_run.state.type.value if flow_run.state else "SCHEDULED"
    return str(flow_run.id), state


def start_cycle_flow(
    session: Session, *, flow: CycleFlow, cycle_id: int, actor: audit.Actor
) -> CycleRun:
    """Start the flow for the cycle through Prefect, for the actor, and note the run (and
    who asked for it) in the caller's transaction. Prefect is asked before the session
    is used: on SQLite, the first write takes the lock, which no one should wait for while
    Prefect answers. The caller checked that the cycle exists."""
    flow_run_id, state = start_flow_run(flow, cycle_id=cycle_id, requested_by=actor.username)
    run = note_run(
        session,
        flow=flow,
        cycle_id=cycle_id,
        flow_run_id=flow_run_id,
        requested_by=actor.username,
        state=state,
    )
    audit.record(
        session,
        actor=actor,
        action=AuditAction.create,
        resource="cycle-runs",
        record_id=run.id,
        changes={"flow": [None, flow], "flow_run_id": [None, flow_run_id]},
        detail=f"{flow} of reporting cycle {cycle_id} started: flow run {flow_run_id}",
    )
    return run


def flow_run_state(flow_run_id: str, api_url: str) -> tuple[str, str, str]:
    """A flow run's (state type, state name, state message), as Prefect knows it."""
    import uuid

    from prefect.client.orchestration import get_client

    with talking_to(api_url), get_client(sync_client=True) as client:
        flow_run = client.read_flow_run(uuid.UUID(flow_run_id))
    state = flow_run.state
    if state is None:
        return "SCHEDULED", "Scheduled", ""
    return state.type.value, state.name or state.type.value.title(), state.message or ""


def find_run(session: Session, *, flow_run_id: str) -> CycleRun | None:
    if not flow_run_id:
        return None
    return session.exec(select(CycleRun).where(col(CycleRun.flow_run_id) == flow_run_id)).first()


def note_run(
    session: Session,
    *,
    flow: CycleFlow,
    cycle_id: int,
    flow_run_id: str,
    requested_by: str,
    state: str = "SCHEDULED",
) -> CycleRun:
    """The cycle_runs row of a flow run, made by whoever hears of the run first: the API or
    the command line that started it, or the flow itself (the tick's subflows, a run
    started from the Prefect UI). A row that exists keeps its state."""
    run = find_run(session, flow_run_id=flow_run_id)
    if run is None:
        if session.get(ReportingCycle, cycle_id) is None:
            raise NotFound(f"No reporting cycle with id {cycle_id}.")
        run = CycleRun(
            reporting_cycle_id=cycle_id,
            flow=flow,
            flow_run_id=flow_run_id,
            state=state,
            requested_by=requested_by[:100],
            created_at=now(),
        )
        session.add(run)
        session.flush()
    return run


def run_started(
    session: Session, *, flow: CycleFlow, cycle_id: int, flow_run_id: str, requested_by: str
) -> CycleRun:
    run = note_run(
        session,
        flow=flow,
        cycle_id=cycle_id,
        flow_run_id=flow_run_id,
        requested_by=requested_by,
        state=RUNNING,
    )
    run.state = RUNNING
    run.finished_at = None
    run.message = ""
    session.add(run)
    session.flush()
    return run


def run_ended(
    session: Session, *, flow_run_id: str, state: str, message: str, unless_ended: bool = False
) -> None:
    run = find_run(session, flow_run_id=flow_run_id)
    if run is None or (unless_ended and run.finished_at is not None):
        return
    run.state = state
    run.finished_at = now()
    run.message = message[:2000]
    session.add(run)
    session.flush()


def cycle_runs(session: Session, *, cycle_id: int) -> Sequence[CycleRun]:
    """The cycle's flow runs, newest first."""
    return session.exec(
        select(CycleRun)
        .where(col(CycleRun.reporting_cycle_id) == cycle_id)
        .order_by(col(CycleRun.created_at).desc(), col(CycleRun.id).desc())
    ).all()


# ---- the processes of `empact run` and `empact worker` -------------------------------------


class StartFailed(Exception):
    """A part of the embedded default could not start; the message says which and why."""


@dataclass
class Child:
    name: str
    process: subprocess.Popen[bytes]


@dataclass
class Supervisor:
    """Child processes started in order, stopped in the reverse order, all or none.

    Each child gets a session of its own, so that Ctrl-C reaches only this process, which
    then stops the children one by one: the API first, the Prefect server last (the runner
    pauses its schedules on the server as it stops).
    """

    out: TextIO = field(default_factory=lambda: sys.stdout)
    children: list[Child] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)  # noqa: T201 - the command's own output

    def start(self, name: str, args: Sequence[str], env: Mapping[str, str]) -> Child:
        process = subprocess.Popen(list(args), env=dict(env), start_new_session=True)
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
            self.say(f"Stopped the {child.name}.")
        self.children.clear()

    @contextmanager
    def handling_signals(self) -> Iterator[None]:
        """Ctrl-C and SIGTERM ask for a clean stop instead of interrupting mid-step."""

        def ask_to_stop(_signum: int, _frame: FrameType | None) -> None:
            self.stopping.set()

        previous = {sig: signal.signal(sig, ask_to_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
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


def _port_is_free(port: int) -> bool:
    """Whether nothing listens on the loopback port (a port left in TIME_WAIT by a server
    that just stopped is free: servers bind with SO_REUSEADDR, and so does this probe)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _runner_command(*options: str) -> list[str]:
    return [sys.executable, "-m", "flows.serve", *options]


def run_embedded(*, host: str, port: int, settings: Settings | None = None) -> int:
    """`empact run`: a Prefect server on loopback (unless EMPACT_PREFECT_API_URL names one),
    the runner serving the cycle deployments, and the API; stops them all together."""
    settings = settings or get_settings()
    supervisor = Supervisor()
    env = {**os.environ, **local_prefect_settings(settings)}
    with supervisor.handling_signals():
        try:
            if settings.prefect_api_url:
                api_url = settings.prefect_api_url.rstrip("/")
                if not prefect_reachable(api_url):
                    raise StartFailed(f"No Prefect server answers at {api_url}.")
                supervisor.say(f"Using the Prefect server at {api_url}.")
            else:
                api_url = loopback_api_url(settings)
                if not _port_is_free(settings.prefect_port):
                    raise StartFailed(
                        f"Port {settings.prefect_port} is taken: stop what uses it, or set "
                        "EMPACT_PREFECT_PORT (or EMPACT_PREFECT_API_URL for a server of your own)."
                    )
                server = supervisor.start(
                    "Prefect server",
                    [
                        sys.executable,
                        "-m",
                        "prefect",
                        "server",
                        "start",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(settings.prefect_port),
                    ],
                    {**env, "PREFECT_API_URL": api_url},
                )
                supervisor.wait_until_healthy(server, api_url)
            env.update({"PREFECT_API_URL": api_url, "EMPACT_PREFECT_API_URL": api_url})
            if not supervisor.stopping.is_set():
                supervisor.start("Prefect runner", _runner_command(), env)
                supervisor.start(
                    "API",
                    [
                        sys.executable,
                        "-m",
                        "backend.cli",
                        "serve",
                        "--host",
                        host,
                        "--port",
                        str(port),
                    ],
                    env,
                )
                ui = api_url.removesuffix("/api")
                supervisor.say(
                    f"EMPACT serves http://{host}:{port}; the Prefect UI is at {ui}. "
                    "Ctrl-C stops everything."
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
            supervisor.start("Prefect runner", _runner_command("--keep-schedules"), env)
            return supervisor.watch()
        finally:
            supervisor.stop()
