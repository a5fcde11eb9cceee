"""Flow tests: one Prefect test server for the whole session, and the app's configured
database pointed at a database of the test's own.

Flow tasks do not run in the test's rolled-back transaction: each opens its own on
`get_engine()` and commits. So a test that runs a flow takes `flow_database`, a fresh
database with the demo (a copy of one built once, on SQLite) that `get_engine()` answers
for the duration of the test, and `prefect_harness` for the Prefect server:

    @pytest.mark.usefixtures("prefect_harness")
    def test_open_then_close(flow_database: Engine) -> None:
        cycle_id = cycle_id_of(flow_database, OPEN_CYCLE)
        state = run_flow(close_cycle, cycle_id, requested_by="europol")
        assert state.is_completed()
"""

import shutil
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prefect.states import State
from prefect.testing.utilities import prefect_test_harness
from sqlalchemy import Engine, make_url, text
from sqlmodel import Session, col, select

import backend.database
from backend import migrations
from backend.database import make_engine
from backend.reporting.models import CycleRun, ReportingCycle
from backend.settings import Settings, get_settings
from flows.serve import deployments
from seed.demo import load_demo
from tests.conftest import POSTGRES_URL


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """A Prefect server on a temporary database, for every flow test of the session (it
    takes seconds to start: never per test)."""
    with prefect_test_harness(server_startup_timeout=120):
        yield


def _migrate_and_load_demo(engine: Engine, mail: Path) -> None:
    """The demo's own emails go to `mail`, not to the outbox the test looks at."""
    migrations.upgrade(engine)
    with Session(engine) as session:
        load_demo(session, settings=Settings(data_dir=mail))
        session.commit()


@pytest.fixture(scope="session")
def demo_database_file(tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    """On SQLite, a migrated database with the demo, built once and copied for each test."""
    if POSTGRES_URL:
        return None
    path = tmp_path_factory.mktemp("flow-demo") / "empact.db"
    engine = make_engine(f"sqlite:///{path.as_posix()}")
    _migrate_and_load_demo(engine, path.parent)
    # Closing the last connection checkpoints the write-ahead log into the file.
    engine.dispose()
    return path


def _postgres_url(database: str) -> str:
    return make_url(POSTGRES_URL).set(database=database).render_as_string(hide_password=False)


def _postgres_admin() -> Engine:
    """Outside any transaction, as CREATE and DROP DATABASE must run."""
    return make_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")


def _postgres_database(name: str, template: str | None = None) -> None:
    admin = _postgres_admin()
    with admin.connect() as connection:
        copying = f' TEMPLATE "{template}"' if template else ""
        connection.execute(text(f'CREATE DATABASE "{name}"{copying}'))
    admin.dispose()


def _drop_postgres_database(name: str) -> None:
    admin = _postgres_admin()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def demo_template_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str | None]:
    """On PostgreSQL, a database with the demo, built once per test process: each test's own
    database is a copy of it (CREATE DATABASE ... TEMPLATE copies files, where migrating and
    loading the demo again takes seconds)."""
    if not POSTGRES_URL:
        yield None
        return
    name = f"empact_demo_{uuid.uuid4().hex[:10]}"
    _postgres_database(name)
    try:
        engine = make_engine(_postgres_url(name))
        _migrate_and_load_demo(engine, tmp_path_factory.mktemp("flow-demo"))
        # A template is copied only while no one is connected to it.
        engine.dispose()
        yield name
    finally:
        _drop_postgres_database(name)


@pytest.fixture
def flow_database(
    demo_database_file: Path | None,
    demo_template_database: str | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Engine]:
    """A database of this test's own, with the demo, as the app's configured database (what
    flows, the API and the command line open with `get_engine()`); the data folder (the
    email outbox) is tmp_path."""
    copy: str | None = None
    if demo_database_file is not None:
        path = tmp_path / "empact.db"
        shutil.copyfile(demo_database_file, path)
        engine = make_engine(f"sqlite:///{path.as_posix()}")
    else:
        copy = f"empact_flow_{uuid.uuid4().hex[:10]}"
        _postgres_database(copy, template=demo_template_database)
        engine = make_engine(_postgres_url(copy))
    monkeypatch.setenv("EMPACT_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("EMPACT_PREFECT_API_URL", raising=False)
    monkeypatch.setattr(backend.database, "_engine", engine)
    get_settings.cache_clear()
    try:
        yield engine
    finally:
        engine.dispose()
        get_settings.cache_clear()
        if copy is not None:
            _drop_postgres_database(copy)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture
def served(prefect_harness: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The cycle deployments registered on the test server, as the runner registers them
    (nothing runs them: their flow runs stay scheduled); the app finds that server."""
    del prefect_harness
    monkeypatch.delenv("EMPACT_PREFECT_API_URL", raising=False)
    get_settings.cache_clear()
    for deployment in deployments(get_settings()):
        deployment.apply()
    yield
    get_settings.cache_clear()


@pytest.fixture
def no_prefect(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """EMPACT_PREFECT_API_URL names a port where nothing listens; answers that URL."""
    url = f"http://127.0.0.1:{_closed_port()}/api"
    monkeypatch.setenv("EMPACT_PREFECT_API_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def run_flow(flow: Any, *args: Any, **kwargs: Any) -> State[Any]:
    """Run a flow in this process and answer its final state instead of raising."""
    state: State[Any] = flow(*args, return_state=True, **kwargs)
    return state


def cycle_id_of(engine: Engine, code: str) -> int:
    with Session(engine) as session:
        cycle_id = session.exec(
            select(col(ReportingCycle.id)).where(col(ReportingCycle.code) == code)
        ).one()
    assert cycle_id is not None
    return cycle_id


def runs_of(engine: Engine, cycle_id: int) -> list[CycleRun]:
    """The cycle's rows in cycle_runs, oldest first."""
    with Session(engine) as session:
        return list(
            session.exec(
                select(CycleRun)
                .where(col(CycleRun.reporting_cycle_id) == cycle_id)
                .order_by(col(CycleRun.id))
            ).all()
        )
