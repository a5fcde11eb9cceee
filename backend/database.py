"""The database engine, its SQLite tuning, the metadata naming convention and sessions."""

import enum
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import chain
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from psycopg import sql as psycopg_sql
from sqlalchemy import Engine, MetaData, event
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel, create_engine

from backend.settings import get_settings

# Constraint names must be stable for Alembic to alter them, above all on SQLite where
# batch mode rebuilds tables by name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION
metadata: MetaData = SQLModel.metadata

# Execution option that makes a SQLite transaction take the write lock at BEGIN. Without
# it, two read-modify-write transactions both read, then one write silently wins.
BEGIN_IMMEDIATE = {"sqlite_begin": "IMMEDIATE"}


def _tune_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module so that BEGIN is ours.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


SQLITE_POOL_SIZE = 40


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """Build an engine for `url` (default: the configured database)."""
    settings = get_settings()
    url = url or settings.database_url
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("connect_args", {"check_same_thread": False})
        # A connection to a file costs little: one for each of the server's worker threads
        # (40, AnyIO's default), so that requests never queue for a connection while
        # another request's connection waits for the file's one write lock.
        if parsed.database and parsed.database != ":memory:":
            kwargs.setdefault("pool_size", SQLITE_POOL_SIZE)
            kwargs.setdefault("max_overflow", SQLITE_POOL_SIZE)
        engine = create_engine(url, **kwargs)
        _tune_sqlite(engine, settings.sqlite_busy_timeout_ms)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


_engine: Engine | None = None


def get_engine() -> Engine:
    global _engine
    if _engine is None:
        _engine = make_engine()
    return _engine


def writer(engine: Engine) -> Engine:
    """The same engine (same pool) whose transactions take the write lock at once on SQLite."""
    return engine.execution_options(**BEGIN_IMMEDIATE)


@contextmanager
def transaction(engine: Engine | None = None, *, write: bool = True) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    engine = engine or get_engine()
    bind = writer(engine) if write else engine
    with Session(bind, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def bulk_insert(session: Session, table: sa.Table, rows: Iterable[dict[str, Any]]) -> int:
    """Insert many rows in the caller's transaction, in their order; how many went in.

    PostgreSQL gets them through COPY FROM STDIN, its own bulk load: several times faster
    than multi-row INSERTs, and each row is given the next id of its sequence in turn.
    SQLite gets multi-row INSERTs in batches. Every row has the keys of the first; values
    are those the ORM would bind (JSON columns as documents, enums by value).
    """
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return 0
    columns = list(first)
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        inserted = 0
        batch = [first]
        for row in iterator:
            batch.append(row)
            if len(batch) == BULK_BATCH:
                connection.execute(table.insert(), batch)
                inserted, batch = inserted + len(batch), []
        if batch:
            connection.execute(table.insert(), batch)
        return inserted + len(batch)
    as_json = {name for name in columns if isinstance(table.c[name].type, sa.JSON)}
    statement = psycopg_sql.SQL("COPY {} ({}) FROM STDIN").format(
        psycopg_sql.Identifier(table.name),
        psycopg_sql.SQL(", ").join(psycopg_sql.Identifier(name) for name in columns),
    )
    driver = connection.connection.driver_connection
    assert driver is not None
    inserted = 0
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in chain([first], iterator):
            copy.write_row([_copied(row[name], name in as_json) for name in columns])
            inserted += 1
    return inserted


BULK_BATCH = 10_000


def _copied(value: Any, as_json: bool) -> Any:
    if as_json:
        return json.dumps(value)
    if isinstance(value, enum.Enum):
        return value.value
    return value
