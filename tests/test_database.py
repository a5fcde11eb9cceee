"""The database engine: SQLite tuning, and no update lost between concurrent writers."""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from backend import migrations
from backend.catalog.models import PolicyCycle
from backend.database import make_engine, transaction

THREADS = 8
ITERATIONS = 25
FIRST_END_YEAR = 2000


def _migrated(new_database: Callable[[], Engine]) -> Engine:
    engine = new_database()
    migrations.upgrade(engine)
    return engine


def _store_cycle(engine: Engine) -> int:
    with transaction(engine) as session:
        cycle = PolicyCycle(
            code="2000-2000",
            name="Concurrency test cycle",
            start_year=FIRST_END_YEAR,
            end_year=FIRST_END_YEAR,
        )
        session.add(cycle)
        session.flush()
        assert cycle.id is not None
        return cycle.id


def _read_cycle(engine: Engine, cycle_id: int) -> PolicyCycle:
    with Session(engine) as session:
        cycle = session.get(PolicyCycle, cycle_id)
        assert cycle is not None
        session.expunge(cycle)
        return cycle


class TestSqliteConnection:
    """The embedded default is SQLite, so these run whatever database the suite is on."""

    def test_connection_uses_wal_busy_timeout_and_foreign_keys(self, tmp_path: Path) -> None:
        engine = make_engine(f"sqlite:///{(tmp_path / 'tuned.db').as_posix()}")
        try:
            with engine.connect() as connection:
                journal_mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
                busy_timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
                foreign_keys = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
        finally:
            engine.dispose()
        assert journal_mode == "wal"
        assert isinstance(busy_timeout, int) and busy_timeout > 0
        assert foreign_keys == 1


class TestConcurrentUpdates:
    def test_sqlite_concurrent_read_modify_write_loses_no_update(self, tmp_path: Path) -> None:
        engine = make_engine(f"sqlite:///{(tmp_path / 'concurrent.db').as_posix()}")
        migrations.upgrade(engine)
        cycle_id = _store_cycle(engine)

        def increment_repeatedly() -> None:
            for _ in range(ITERATIONS):
                with transaction(engine) as session:
                    cycle = session.get(PolicyCycle, cycle_id)
                    assert cycle is not None
                    cycle.end_year += 1

        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            futures = [pool.submit(increment_repeatedly) for _ in range(THREADS)]
        errors = [repr(error) for future in futures if (error := future.exception()) is not None]

        assert errors == []
        cycle = _read_cycle(engine, cycle_id)
        assert cycle.end_year == FIRST_END_YEAR + THREADS * ITERATIONS
        assert cycle.version == 1 + THREADS * ITERATIONS
        engine.dispose()

    def test_second_writer_of_the_same_version_gets_stale_data_error(
        self, new_database: Callable[[], Engine]
    ) -> None:
        """The database itself checks the version, on the database under test."""
        engine = _migrated(new_database)
        cycle_id = _store_cycle(engine)

        with (
            Session(engine, expire_on_commit=False) as first,
            Session(engine, expire_on_commit=False) as second,
        ):
            second_copy = second.get(PolicyCycle, cycle_id)
            second.commit()  # read, then the form stays open in a browser
            first_copy = first.get(PolicyCycle, cycle_id)
            assert first_copy is not None and second_copy is not None
            assert first_copy.version == second_copy.version == 1
            first_copy.name = "First writer"
            first.commit()
            second_copy.name = "Second writer"
            with pytest.raises(StaleDataError):
                second.flush()
            second.rollback()

        cycle = _read_cycle(engine, cycle_id)
        assert cycle.name == "First writer"
        assert cycle.version == 2
