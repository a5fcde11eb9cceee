"""Test databases built through the migrations, one rolled-back transaction per test.

SQLite (a temporary file) by default; PostgreSQL when EMPACT_TEST_DATABASE_URL is set, each
test run in schemas of its own so that nothing else in that database is touched.
"""

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlmodel import Session

from backend import migrations
from backend.app import create_app
from backend.database import make_engine
from backend.deps import read_session, write_session
from seed.demo import load_demo

POSTGRES_URL = os.environ.get("EMPACT_TEST_DATABASE_URL", "")


def pytest_report_header() -> str:
    return f"database: {'PostgreSQL ' + POSTGRES_URL if POSTGRES_URL else 'SQLite'}"


@pytest.fixture(scope="session")
def new_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[], Engine]]:
    """Makes empty databases of the kind under test; drops them at the end."""
    made: list[tuple[Engine, str | None]] = []

    def make() -> Engine:
        if not POSTGRES_URL:
            path = tmp_path_factory.mktemp("db") / "empact.db"
            engine = make_engine(f"sqlite:///{Path(path).as_posix()}")
            made.append((engine, None))
            return engine
        schema = f"empact_test_{uuid.uuid4().hex[:10]}"
        admin = make_engine(POSTGRES_URL)
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        admin.dispose()
        engine = make_engine(POSTGRES_URL, connect_args={"options": f"-csearch_path={schema}"})
        made.append((engine, schema))
        return engine

    yield make
    for engine, schema in made:
        engine.dispose()
        if schema:
            admin = make_engine(POSTGRES_URL)
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


@pytest.fixture(scope="session")
def engine(new_database: Callable[[], Engine]) -> Engine:
    """The shared test database: migrated, with the reference data and the demo loaded."""
    engine = new_database()
    with engine.begin() as connection:
        migrations.upgrade(connection)
    with Session(engine) as session:
        load_demo(session)
        session.commit()
    return engine


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session whose commits are savepoints inside a transaction rolled back afterwards."""
    with engine.connect() as connection:
        transaction = connection.begin()
        session = Session(
            connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        try:
            yield session
        finally:
            session.close()
            transaction.rollback()


@pytest.fixture
def client(session: Session) -> Iterator[TestClient]:
    app = create_app()

    def test_session() -> Iterator[Session]:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise

    app.dependency_overrides[read_session] = test_session
    app.dependency_overrides[write_session] = test_session
    with TestClient(app) as test_client:
        yield test_client
