"""Prefect around the reporting cycles: where it is and with which settings, starting a cycle's
flow run and noting it in `cycle_runs`. The processes of `empact run` are backend.supervisor's.

Prefect is imported only inside the functions that talk to it: the API pays for the import
on the first flow it starts, not at every start-up.
"""

import datetime as dt
import json
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from backend import i18n
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
# The profile of the Prefect processes that `empact run` starts, in <data dir>/prefect.
EMBEDDED_PROFILE = "empact"

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


def prefect_home(settings: Settings) -> Path:
    home = settings.data_dir.resolve() / "prefect"
    home.mkdir(parents=True, exist_ok=True)
    return home


def local_prefect_settings(settings: Settings) -> dict[str, str]:
    """Prefect's own settings for the embedded default: its home and database in the data
    folder, a patient start-up, and nothing sent over the network."""
    home = prefect_home(settings)
    return {
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_DATABASE_CONNECTION_URL": (
            f"sqlite+aiosqlite:///{(home / 'prefect.db').as_posix()}"
        ),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": str(SERVER_START_SECONDS),
    }


def embedded_prefect_environment(
    settings: Settings, api_url: str, base: Mapping[str, str]
) -> dict[str, str]:
    """The environment of the Prefect processes that `empact run` starts (the server, the
    runner, the API): `base` with a Prefect profile of their own, written into the data folder,
    whatever the user's own profile (~/.prefect) or terminal holds.

    The profile must say where the API is: `prefect server start` asks on a terminal how to
    proceed whenever the *active profile* lacks PREFECT_API_URL, an environment variable does
    not count (prestart_check in prefect/cli/_server_utils.py). Prompts are off in case some
    other Prefect command would ask. The server keeps CSRF tokens off, Prefect's default, and
    the clients are told so: by default each new client asks GET /csrf-token before its first
    write, the server answers 422 "CSRF protection is disabled" and httpx logs it. Against
    requests from other sites, the server takes cross-origin calls from its own UI's origin
    only, instead of any. DO_NOT_TRACK is not a profile setting: it is the one switch of
    Prefect's client-side telemetry and of its notice.
    """
    home = prefect_home(settings)
    local = local_prefect_settings(settings)
    profile = {
        "PREFECT_API_URL": api_url,
        "PREFECT_CLI_PROMPT": "false",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_DATABASE_CONNECTION_URL": local["PREFECT_SERVER_DATABASE_CONNECTION_URL"],
        "PREFECT_SERVER_API_CSRF_PROTECTION_ENABLED": "false",
        "PREFECT_CLIENT_CSRF_SUPPORT_ENABLED": "false",
        "PREFECT_SERVER_API_CORS_ALLOWED_ORIGINS": api_url.removesuffix("/api"),
    }
    profiles_path = home / "profiles.toml"
    lines = [
        "# Written by `empact run` at every start: the Prefect processes it starts use it.",
        f"active = {json.dumps(EMBEDDED_PROFILE)}",
        "",
        f"[profiles.{EMBEDDED_PROFILE}]",
        # A JSON string is a TOML basic string.
        *(f"{name} = {json.dumps(value)}" for name, value in profile.items()),
    ]
    profiles_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # An environment variable would win over the profile: the user's own are left out.
    environment = {name: value for name, value in base.items() if name not in profile}
    environment.update(
        {
            "PREFECT_HOME": str(home),
            "PREFECT_PROFILES_PATH": str(profiles_path),
            "PREFECT_PROFILE": EMBEDDED_PROFILE,
            "DO_NOT_TRACK": "1",
        }
    )
    return environment


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
        detail=i18n.message(
            "audit.step_started",
            step=i18n.message(f"audit.step.{flow}"),
            cycle=cycle.code if (cycle := session.get(ReportingCycle, cycle_id)) else str(cycle_id),
            run=flow_run_id,
        ),
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
