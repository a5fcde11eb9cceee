"""Test databases built through the migrations, one rolled-back transaction per test.

SQLite (a temporary file) by default; PostgreSQL when EMPACT_TEST_DATABASE_URL is set, each
test run in schemas of its own so that nothing else in that database is touched.
"""

import os

# Cheap password hashing for the suite (set before any setting is read).
os.environ.setdefault("EMPACT_ARGON2_TIME_COST", "1")
os.environ.setdefault("EMPACT_ARGON2_MEMORY_KIB", "1024")
os.environ.setdefault("EMPACT_ARGON2_PARALLELISM", "1")
os.environ.setdefault("EMPACT_SECRET_KEY", "test-server-key-not-for-production")
# No test reaches a Prefect server by chance (one started by `empact run` on this machine,
# say): a closed port answers at once. Flow tests choose their server themselves.
os.environ.setdefault("EMPACT_PREFECT_API_URL", "http://127.0.0.1:9/api")

import uuid  # noqa: E402
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from pydantic import SecretStr  # noqa: E402
from sqlalchemy import Engine, text  # noqa: E402
from sqlmodel import Session, col, select  # noqa: E402

import backend.database  # noqa: E402
import backend.models  # noqa: E402, F401 - every table on the metadata
from backend import migrations  # noqa: E402
from backend.access.models import Role, UserCreate  # noqa: E402
from backend.access.service import create_user  # noqa: E402
from backend.app import create_app  # noqa: E402
from backend.audit.models import AuditSource  # noqa: E402
from backend.audit.service import system_actor  # noqa: E402
from backend.catalog.models import Organisation  # noqa: E402
from backend.database import make_engine  # noqa: E402
from backend.deps import CSRF_COOKIE, CSRF_HEADER, read_session, request_transaction, write_session  # noqa: E402
from backend.settings import Settings, get_settings  # noqa: E402
from seed.demo import DEMO_PASSWORD, load_demo  # noqa: E402
from tests.smtp import smtp_server  # noqa: E402, F401 - a fixture for every test package

# Signed in by the `client` fixture: Europol staff of the German authority who also
# leads and coordinates for Germany, so that most domain writes are theirs to make.
TESTER = "tester"
TESTER_PASSWORD = "tester-password-1"

POSTGRES_URL = os.environ.get("EMPACT_TEST_DATABASE_URL", "")


def pytest_report_header() -> str:
    return f"database: {'PostgreSQL ' + POSTGRES_URL if POSTGRES_URL else 'SQLite'}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On both cores (`make test` runs pytest-xdist with --dist loadgroup), each file's tests
    stay on one worker, so that what a module shares starts once; the browser tests share one
    running instance, so they go together.

    On PostgreSQL, leave out the tests that run the tool on a SQLite database of their own
    (`own_database`): their outcome does not depend on the database under test, and the
    SQLite pass of CI runs them."""
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        group = "browser" if path.startswith("tests/browser/") else path
        item.add_marker(pytest.mark.xdist_group(group))
    if not POSTGRES_URL:
        return
    own = [item for item in items if item.get_closest_marker("own_database")]
    if own:
        config.hook.pytest_deselected(items=own)
        items[:] = [item for item in items if not item.get_closest_marker("own_database")]


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
def engine(new_database: Callable[[], Engine], tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The shared test database: migrated, with the reference data and the demo loaded (its
    emails written to an outbox of its own, not the project's data folder)."""
    engine = new_database()
    migrations.upgrade(engine)
    with Session(engine) as session:
        load_demo(session, settings=Settings(data_dir=tmp_path_factory.mktemp("demo-mail")))
        germany = session.exec(
            select(col(Organisation.id)).where(col(Organisation.code) == "DE")
        ).one()
        assert germany is not None
        create_user(
            session,
            data=UserCreate(
                username=TESTER,
                full_name="Test user",
                organisation_id=germany,
                password=SecretStr(TESTER_PASSWORD),
            ),
            grants=[
                {"role": Role.europol},
                {"role": Role.leader, "organisation_id": germany},
                {"role": Role.nec, "country_code": "DE"},
            ],
            actor=system_actor(AuditSource.cli),
        )
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
def anonymous(session: Session) -> Iterator[TestClient]:
    """A browser that has not signed in, on an app bound to the test's transaction."""
    app = create_app()

    def test_session() -> Iterator[Session]:
        yield from request_transaction(session)

    app.dependency_overrides[read_session] = test_session
    app.dependency_overrides[write_session] = test_session
    with TestClient(app) as test_client:
        yield test_client


def sign_in(client: TestClient, username: str, password: str = DEMO_PASSWORD) -> TestClient:
    """Sign in as the web UI does: the session cookie, then the CSRF header on writes."""
    response = client.post("/api/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    client.headers[CSRF_HEADER] = client.cookies[CSRF_COOKIE]
    return client


@pytest.fixture
def client(anonymous: TestClient) -> TestClient:
    return sign_in(anonymous, TESTER, TESTER_PASSWORD)


@pytest.fixture
def database_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh SQLite file in tmp_path as the configured database, forgotten afterwards."""
    path = tmp_path / "cli.db"
    monkeypatch.setenv("EMPACT_DATABASE_URL", f"sqlite:///{path.as_posix()}")
    monkeypatch.setenv("EMPACT_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(backend.database, "_engine", None)
    get_settings.cache_clear()
    try:
        yield path
    finally:
        if backend.database._engine is not None:
            backend.database._engine.dispose()
        get_settings.cache_clear()
