"""Alembic migrations of the application database, runnable without an alembic.ini."""

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent


class BrokenReferences(RuntimeError):
    """A migration left rows that point at rows that do not exist; nothing of it was kept."""


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    # A given connection is used as is.
    config.attributes["connection"] = connection
    return config


def _migrate(engine: Engine, run: Callable[[Config], None]) -> None:
    """Run migrations in one transaction on a connection of `engine`.

    SQLite alters a table by building a new one, copying the rows, dropping the old one and
    renaming the new: with foreign keys enforced, dropping the old table would delete, by
    cascade, every row that refers to it (an account's role grants, say). So on SQLite the
    foreign keys are off while the migrations run, as SQLite's documentation prescribes for
    such alterations, and checked before the transaction commits.
    """
    with engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            with connection.begin():
                run(alembic_config(connection))
            return
        # PRAGMA foreign_keys has no effect inside a transaction: set on the raw connection,
        # before SQLAlchemy begins one.
        raw = connection.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                run(alembic_config(connection))
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    tables = sorted({str(row[0]) for row in broken})
                    raise BrokenReferences(
                        f"the migration left {len(broken)} rows referring to missing rows "
                        f"in {', '.join(tables)}; it was rolled back"
                    )
        finally:
            raw.execute("PRAGMA foreign_keys=ON")


def upgrade(engine: Engine, revision: str = "head") -> None:
    _migrate(engine, lambda config: command.upgrade(config, revision))


def downgrade(engine: Engine, revision: str = "base") -> None:
    _migrate(engine, lambda config: command.downgrade(config, revision))
