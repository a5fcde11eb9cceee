"""The `empact` command: database, seed data, and serving the tool."""

import logging
from typing import Annotated

import typer
import uvicorn
from sqlalchemy import inspect, select

from backend import migrations
from backend.database import get_engine, transaction
from backend.settings import get_settings

app = typer.Typer(help="EMPACT operational action plans and their reporting cycles.")
db_app = typer.Typer(help="The application database.")
app.add_typer(db_app, name="db")


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
            proxy_headers=False,
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
        return session.exec(select(ActionPlan.id).limit(1)).first() is None  # type: ignore[call-overload]


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
