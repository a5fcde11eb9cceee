"""The `empact` command: database, seed data, serving the tool and moving reporting cycles."""

import getpass
import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
import uvicorn
from sqlalchemy import inspect
from sqlmodel import col, select

from backend import migrations
from backend.database import get_engine, transaction
from backend.reporting.models import CycleFlow, ReportingCycle
from backend.settings import get_settings
from backend.spreadsheets.cli import export_app, import_workbook

app = typer.Typer(help="EMPACT operational action plans and their reporting cycles.")
db_app = typer.Typer(help="The application database.")
app.add_typer(db_app, name="db")
user_app = typer.Typer(help="User accounts.")
app.add_typer(user_app, name="user")
audit_app = typer.Typer(help="The audit trail.")
app.add_typer(audit_app, name="audit")
app.add_typer(export_app, name="export")
cycle_app = typer.Typer(
    help="Reporting cycles: open, remind, close and consolidate them through their flows."
)
app.add_typer(cycle_app, name="cycle")
app.command("import")(import_workbook)


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def _upgrade() -> None:
    engine = get_engine()
    migrations.upgrade(engine)
    typer.echo(f"Database {engine.url.render_as_string(hide_password=True)} is up to date.")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database to the latest schema."""
    _upgrade()


@db_app.command("downgrade")
def db_downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision, e.g. -1 or base")],
) -> None:
    """Migrate the database back to an earlier schema."""
    migrations.downgrade(get_engine(), revision)
    typer.echo(f"Database migrated down to {revision}.")


def _seed(demo: bool, stress_scale: float | None = None) -> None:
    from seed.demo import load_demo
    from seed.reference import load_reference
    from seed.stress import load_stress

    started = time.perf_counter()
    with _outbox_summed() as outbox, transaction() as session:
        report = load_demo(session) if demo else load_reference(session)
        if stress_scale is not None:
            report = load_stress(session, scale=stress_scale, report=report)
    elapsed = time.perf_counter() - started
    if report.total == 0:
        typer.echo("Nothing to add: the seed data is already loaded.")
    for table, count in report.inserted.items():
        if count:
            typer.echo(f"  {table}: {count} added")
    for folder, count in outbox.items():
        typer.echo(f"  mail: {count} messages written to {folder} (no SMTP server configured)")
    if stress_scale is not None:
        typer.echo(f"Took {elapsed:.1f} s.")


class _OutboxCount(logging.Filter):
    """Counts the messages that each step of the demo wrote to the outbox, instead of one
    log line per step."""

    def __init__(self) -> None:
        super().__init__()
        self.written: dict[str, int] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if str(record.msg).startswith("no SMTP configured") and isinstance(args, tuple):
            count, folder = args
            self.written[str(folder)] = self.written.get(str(folder), 0) + int(str(count))
            return False
        return True


@contextmanager
def _outbox_summed() -> Iterator[dict[str, int]]:
    counter = _OutboxCount()
    notifications = logging.getLogger("empact.notifications")
    notifications.addFilter(counter)
    try:
        yield counter.written
    finally:
        notifications.removeFilter(counter)


@app.command()
def seed(
    demo: Annotated[bool, typer.Option(help="Add the demo action plans and reports too.")] = False,
    stress: Annotated[
        bool,
        typer.Option(help="Add the stress data set for benchmarks (2028-H2 and 2029-H1)."),
    ] = False,
    scale: Annotated[
        float | None,
        typer.Option(
            help="Size of the stress data set: 1 is EMPACT's real size, 10 the default.",
            min=0.001,
            max=100.0,
        ),
    ] = None,
) -> None:
    """Load the reference data (and the demo, the stress data set); running it again adds
    nothing."""
    if scale is not None and not stress:
        raise typer.BadParameter("--scale sizes the stress data set: add --stress")
    _seed(demo, (10.0 if scale is None else scale) if stress else None)


def _grant(text: str, organisation: str) -> dict[str, Any]:
    """'europol', 'nec:DE', 'driver:CYBER', 'leader', 'participant' -> a grant's fields."""
    from backend.access.models import Role
    from backend.catalog.models import Organisation
    from backend.plans.models import ActionPlan

    role_name, _, scope = text.partition(":")
    try:
        role = Role(role_name)
    except ValueError:
        raise typer.BadParameter(
            f"unknown role {role_name!r}: one of {', '.join(Role)}", param_hint="--role"
        ) from None
    if role == Role.nec:
        if not scope:
            raise typer.BadParameter("nec needs a country: nec:DE", param_hint="--role")
        return {"role": role, "country_code": scope.upper()}
    if role == Role.driver:
        with transaction(write=False) as session:
            plan_id = session.exec(
                select(col(ActionPlan.id)).where(col(ActionPlan.short_code) == scope.upper())
            ).first()
        if plan_id is None:
            raise typer.BadParameter(
                f"driver needs a plan's short code: no plan {scope!r}", param_hint="--role"
            )
        return {"role": role, "action_plan_id": plan_id}
    if role in (Role.leader, Role.participant):
        with transaction(write=False) as session:
            organisation_id = session.exec(
                select(col(Organisation.id)).where(
                    col(Organisation.code) == (scope or organisation)
                )
            ).first()
        if organisation_id is None:
            raise typer.BadParameter(
                f"no organisation {scope or organisation!r}", param_hint="--role"
            )
        return {"role": role, "organisation_id": organisation_id}
    return {"role": role}


@user_app.command("create")
def user_create(
    username: Annotated[str, typer.Argument(help="Lower-case login name")],
    organisation: Annotated[str, typer.Option(help="Organisation code, e.g. DE or EUROPOL")],
    full_name: Annotated[str, typer.Option(help="The person's name")],
    role: Annotated[
        list[str],
        typer.Option(help="europol, admin, nec:DE, driver:CYBER, leader, participant; repeatable"),
    ],
    email: Annotated[str, typer.Option()] = "",
    password_stdin: Annotated[
        bool, typer.Option(help="Read the password from standard input instead of a prompt")
    ] = False,
) -> None:
    """Create a real account with its role grants (the password is asked, never an argument)."""
    from pydantic import SecretStr, ValidationError

    from backend.access.models import UserCreate
    from backend.access.service import create_user
    from backend.audit.models import AuditSource
    from backend.audit.service import system_actor
    from backend.catalog.models import Organisation
    from backend.errors import EmpactError, describe_validation_errors

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    grants = [_grant(text, organisation) for text in role]
    try:
        with transaction() as session:
            organisation_id = session.exec(
                select(col(Organisation.id)).where(col(Organisation.code) == organisation)
            ).first()
            if organisation_id is None:
                raise typer.BadParameter(
                    f"no organisation {organisation!r}", param_hint="--organisation"
                )
            data = UserCreate(
                username=username,
                full_name=full_name,
                email=email,
                organisation_id=organisation_id,
                password=SecretStr(password),
            )
            user = create_user(
                session, data=data, grants=grants, actor=system_actor(AuditSource.cli)
            )
    except ValidationError as error:
        fields = describe_validation_errors(error.errors())
        typer.echo(
            "Not created: " + "; ".join(f"{f['field']}: {f['message']}" for f in fields), err=True
        )
        raise typer.Exit(2) from None
    except EmpactError as error:
        typer.echo(f"Not created: {error.detail}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"User {user.username} created with {len(grants)} grant(s).")


@audit_app.command("verify")
def audit_verify(
    expect_head: Annotated[
        str | None,
        typer.Option(
            help="ID:HASH of the newest event noted from an earlier run, to detect "
            "events cut off at the end"
        ),
    ] = None,
) -> None:
    """Check that no audit event was changed, removed or inserted behind the application."""
    from backend.audit.service import verify

    expected = None
    if expect_head:
        head_id, _, head_hash = expect_head.partition(":")
        if not head_id.isdigit() or len(head_hash) != 64:
            raise typer.BadParameter("give ID:HASH as printed by an earlier run")
        expected = (int(head_id), head_hash)
    with transaction(write=False) as session:
        result = verify(session, expected_head=expected)
    if result.intact:
        typer.echo(f"Audit trail intact: {result.checked} events checked.")
        if result.head:
            typer.echo(f"Head: {result.head[0]}:{result.head[1]} (note it for --expect-head)")
        return
    for broken in result.broken:
        typer.echo(f"Audit event {broken.event_id}: {broken.reason}.", err=True)
    typer.echo(
        f"Audit trail BROKEN: {len(result.broken)} of {result.checked} events fail the check.",
        err=True,
    )
    raise typer.Exit(1)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Serve the API (and the web UI when it is built)."""
    settings = get_settings()
    if not logging.getLogger().isEnabledFor(logging.DEBUG):
        # Prefect's client logs each of its requests at INFO, when a flow run is started.
        logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        uvicorn.run(
            "backend.app:create_app",
            factory=True,
            host=host or settings.host,
            port=port or settings.port,
            # Behind a reverse proxy, its X-Forwarded-Proto and -For count (scheme for the
            # Origin check and Secure cookies, client address for the sign-in limits).
            proxy_headers=bool(settings.forwarded_allow_ips),
            forwarded_allow_ips=settings.forwarded_allow_ips or None,
        )
    finally:
        # Closing every connection checkpoints SQLite's write-ahead log into the file.
        get_engine().dispose()


def _is_first_start() -> bool:
    from backend.plans.models import ActionPlan

    engine = get_engine()
    if not inspect(engine).has_table("action_plans"):
        return True
    with transaction(engine, write=False) as session:
        return session.exec(select(ActionPlan.id).limit(1)).first() is None


@app.command()
def run(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    demo: Annotated[bool, typer.Option(help="Load the demo data on first start.")] = True,
) -> None:
    """Everything the embedded default runs: migrate, seed on first start, then the API, a
    Prefect server and the runner of the reporting-cycle flows, stopped together."""
    from backend.supervisor import StartFailed, check_ports, run_embedded

    settings = get_settings()
    host = host or settings.host
    port = port or settings.port
    try:
        # Before the migration and the demo, which take a while: a taken port says so at once.
        check_ports(host, port, settings)
    except StartFailed as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None
    first_start = _is_first_start()
    _upgrade()
    if first_start:
        typer.echo("First start: loading the reference data" + (" and the demo." if demo else "."))
        _seed(demo)
    else:
        _seed(False)
    # The API runs in a process of its own: checkpoint and close this one's connections.
    get_engine().dispose()
    raise typer.Exit(run_embedded(host=host, port=port, settings=settings))


@app.command()
def worker() -> None:
    """Only the Prefect runner serving the reporting-cycle deployments, for a Prefect server
    run elsewhere (EMPACT_PREFECT_API_URL)."""
    from backend.supervisor import StartFailed, run_worker

    try:
        code = run_worker()
    except StartFailed as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None
    raise typer.Exit(code)


def _requester() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in the environment nor the password database
        return "cli"


def _cycle_id(code: str) -> int:
    with transaction(write=False) as session:
        cycle_id = session.exec(
            select(col(ReportingCycle.id)).where(col(ReportingCycle.code) == code)
        ).first()
    if cycle_id is None:
        raise typer.BadParameter(f"no reporting cycle {code!r}", param_hint="CODE")
    return cycle_id


def _follow(flow_run_id: str, api_url: str) -> bool:
    """Print the flow run's states until it ends; whether it completed."""
    from backend import orchestration

    shown = ""
    waited = 0.0
    while True:
        state_type, state_name, message = orchestration.flow_run_state(flow_run_id, api_url)
        if state_name != shown:
            typer.echo(f"  {state_name}" + (f": {message}" if message else ""))
            shown = state_name
        if state_type in orchestration.FINAL_STATES:
            break
        if state_type == "SCHEDULED" and waited <= 30 < waited + 2:
            typer.echo("  Still scheduled: is a runner (`empact run`, `empact worker`) serving?")
        time.sleep(2)
        waited += 2
    with transaction(write=False) as session:
        run = orchestration.find_run(session, flow_run_id=flow_run_id)
    if run is not None and run.message:
        typer.echo(run.message)
    return state_type == "COMPLETED"


def _cycle_step(flow: CycleFlow, code: str, wait: bool) -> None:
    from backend import orchestration
    from backend.audit.models import AuditSource
    from backend.audit.service import Actor
    from backend.errors import OrchestratorUnavailable

    if not logging.getLogger().isEnabledFor(logging.DEBUG):
        # Prefect's client logs every HTTP request at INFO.
        logging.getLogger("httpx").setLevel(logging.WARNING)
    cycle_id = _cycle_id(code)
    requested_by = _requester()
    settings = get_settings()
    api_url = orchestration.prefect_api_url(settings)
    if orchestration.prefect_reachable(api_url):
        try:
            with transaction() as session:
                run = orchestration.start_cycle_flow(
                    session,
                    flow=flow,
                    cycle_id=cycle_id,
                    actor=Actor(source=AuditSource.cli, username=requested_by),
                )
        except OrchestratorUnavailable as error:
            typer.echo(error.detail, err=True)
            raise typer.Exit(1) from None
        typer.echo(
            f"Started {flow} of {code} on the Prefect server at {api_url}: flow run "
            f"{run.flow_run_id}\n  {api_url.removesuffix('/api')}/runs/flow-run/{run.flow_run_id}"
        )
        if wait and not _follow(run.flow_run_id, api_url):
            raise typer.Exit(1)
        return
    typer.echo(f"No Prefect server answers at {api_url}: running {flow} of {code} in this process.")
    from flows.cycles import CYCLE_FLOWS

    with orchestration.local_prefect(settings):
        state = CYCLE_FLOWS[flow](cycle_id, requested_by=requested_by, return_state=True)
        if not state.is_completed():
            typer.echo(f"{flow} of {code} {state.name}: {state.message}", err=True)
            raise typer.Exit(1)
        result = state.result()
    typer.echo(f"{flow} of {code} completed.")
    if isinstance(result, dict):
        for name, count in result.items():
            typer.echo(f"  {name}: {count}")
    else:
        typer.echo(str(result))


WaitOption = Annotated[
    bool, typer.Option("--wait/--no-wait", help="Follow the flow run until it ends.")
]
CycleCode = Annotated[str, typer.Argument(help="The reporting cycle's code, e.g. 2026-H2")]


@cycle_app.command("open")
def cycle_open(code: CycleCode, wait: WaitOption = True) -> None:
    """Open a planned cycle: its reports and contributions, and a message to everyone."""
    _cycle_step(CycleFlow.open_cycle, code, wait)


@cycle_app.command("remind")
def cycle_remind(code: CycleCode, wait: WaitOption = True) -> None:
    """Remind whoever still owes a report or a contribution of an open cycle."""
    _cycle_step(CycleFlow.send_reminders, code, wait)


@cycle_app.command("close")
def cycle_close(code: CycleCode, wait: WaitOption = True) -> None:
    """Close an open cycle: what was not submitted becomes missing."""
    _cycle_step(CycleFlow.close_cycle, code, wait)


@cycle_app.command("consolidate")
def cycle_consolidate(code: CycleCode, wait: WaitOption = True) -> None:
    """Consolidate a closed cycle and publish its summary."""
    _cycle_step(CycleFlow.consolidate_cycle, code, wait)


if __name__ == "__main__":
    # `python -m backend.cli serve`: how `empact run` starts the API in a process of its own.
    app(prog_name="empact")
