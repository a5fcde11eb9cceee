"""A schema-driven fuzz run over the whole API (schemathesis, from the OpenAPI document):
signed in as Europol and as Germany's coordinator, their sessions kept through the run, no
request of any operation may answer a 5xx. Bounded in examples so that it stays a test."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, settings

import backend.database
from backend.app import create_app
from backend.database import make_engine
from backend.deps import CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE
from backend.settings import get_settings
from tests.conftest import sign_in
from tests.flows import conftest as flows

# On a copy of the demo on SQLite, of the module's own.
pytestmark = pytest.mark.own_database

demo_database_file = flows.demo_database_file

APP = create_app()
SCHEMA = schemathesis.openapi.from_asgi("/api/openapi.json", APP)
EXAMPLES = 3
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def fuzzed(
    demo_database_file: Path | None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, dict[str, str]]]:
    """The app's database for the run, and a session for each of the two users."""
    if demo_database_file is None:
        pytest.fail("the fuzz run is on SQLite; the PostgreSQL pass leaves it out")
    folder = tmp_path_factory.mktemp("fuzz")
    shutil.copyfile(demo_database_file, folder / "empact.db")
    engine = make_engine(f"sqlite:///{(folder / 'empact.db').as_posix()}")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("EMPACT_DATA_DIR", str(folder))
        patch.setattr(backend.database, "_engine", engine)
        get_settings.cache_clear()
        sessions = {}
        for user in ("europol", "nec-de"):
            client = sign_in(TestClient(APP), user)
            sessions[user] = {
                SESSION_COOKIE: client.cookies[SESSION_COOKIE],
                CSRF_COOKIE: client.cookies[CSRF_COOKIE],
            }
        yield sessions
        engine.dispose()
    get_settings.cache_clear()


def _call(case: schemathesis.Case, session: dict[str, str]) -> None:
    if case.path == "/api/auth/logout":
        return  # would end the session the rest of the run uses
    response = case.call(headers={CSRF_HEADER: session[CSRF_COOKIE]}, cookies=session)
    if response.status_code == 503 and case.path.startswith("/api/reporting-cycles/"):
        return  # a cycle's step with no Prefect server to start it: said so, as it should
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text[:300]}"


@SCHEMA.parametrize()
@FUZZ
def test_no_5xx_as_europol(case: schemathesis.Case, fuzzed: dict[str, dict[str, str]]) -> None:
    _call(case, fuzzed["europol"])


@SCHEMA.parametrize()
@FUZZ
def test_no_5xx_as_a_coordinator(
    case: schemathesis.Case, fuzzed: dict[str, dict[str, str]]
) -> None:
    _call(case, fuzzed["nec-de"])
