"""The `empact` command: database, seed data, and serving the tool."""

import logging
import sys
from typing import Annotated, Any

import typer
import uvicorn
from sqlalchemy import inspect
from sqlmodel import col, select

from backend import migrations
from backend.database import get_engine, transaction
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
app.command("import")(import_workbook)


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def _upgrade() -> None:
    engine = get_engine()
    with engine.begin() as connection:
        migrations.upgrade(connection)
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
    with get_engine().begin() as connection:
        migrations.downgrade(connection, revision)
    typer.echo(f"Database migrated down to {revision}.")


def _seed(demo: bool) -> None:
    from seed.demo import load_demo
    from seed.reference import load_reference

    with transaction() as session:
        report = load_demo(session) if demo else load_reference(session)
    if report.total == 0:
        typer.echo("Nothing to add: the seed data is already loaded.")
        return
    for table, count in report.inserted.items():
        if count:
            typer.echo(f"  {table}: {count} added")


@app.command()
def seed(
    demo: Annotated[bool, typer.Option(help="Add the demo action plans and reports too.")] = False,
) -> None:
    """Load the reference data (and the demo); running it again adds nothing."""
    _seed(demo)


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
    """Everything the embedded default runs: migrate, seed on first start, serve."""
    first_start = _is_first_start()
    _upgrade()
    if first_start:
        typer.echo("First start: loading the reference data" + (" and the demo." if demo else "."))
        _seed(demo)
    else:
        _seed(False)
    serve(host=host, port=port)
