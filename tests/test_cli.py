"""The `empact` command: migrating, seeding, and `empact run` serving a fresh installation."""

import logging
import os
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx2
import pytest
from sqlalchemy import create_engine, inspect
from typer.testing import CliRunner, Result

from backend.cli import app
from backend.database import metadata

# Every command here runs on a SQLite file of its own.
pytestmark = pytest.mark.own_database

STARTUP_SECONDS = 60


def _invoke(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, f"{result.output}\n{result.exception!r}"
    return result


def _tables(path: Path) -> set[str]:
    engine = create_engine(f"sqlite:///{path.as_posix()}")
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class TestDbUpgrade:
    def test_upgrade_creates_every_table(self, database_file: Path) -> None:
        result = _invoke("db", "upgrade")
        assert "is up to date" in result.output
        assert _tables(database_file) == set(metadata.tables) | {"alembic_version"}


@pytest.mark.usefixtures("database_file")
class TestSeed:
    def test_second_seed_has_nothing_to_add(self) -> None:
        _invoke("db", "upgrade")
        first = _invoke("seed")
        second = _invoke("seed")
        assert "added" in first.output
        assert "Nothing to add" not in first.output
        assert "Nothing to add" in second.output

    def test_seed_demo_adds_285_operational_actions(self) -> None:
        _invoke("db", "upgrade")
        result = _invoke("seed", "--demo")
        assert "operational_actions: 285 added" in result.output

    def test_seed_demo_says_once_where_its_mail_went(
        self, caplog: pytest.LogCaptureFixture
    ) -> None:
        _invoke("db", "upgrade")
        with caplog.at_level(logging.INFO):
            result = _invoke("seed", "--demo")
        said = re.findall(r"mail: (\d+) messages written to (\S+) \(no SMTP", result.output)
        assert len(said) == 1, result.output
        count, folder = said[0]
        assert int(count) == len(list(Path(folder).glob("*.eml"))) > 0
        # One line for the whole demo, not one for each step that sent mail.
        assert not [r for r in caplog.records if "no SMTP configured" in r.getMessage()]


class TestRun:
    def test_run_migrates_loads_the_demo_and_serves_it(self, tmp_path: Path) -> None:
        port = _free_port()
        base = f"http://127.0.0.1:{port}/api"
        env = {key: value for key, value in os.environ.items() if not key.startswith("EMPACT_")}
        env["EMPACT_DATA_DIR"] = str(tmp_path)
        env["EMPACT_PREFECT_PORT"] = str(_free_port())
        log_path = tmp_path / "empact-run.log"
        empact = Path(sys.executable).parent / "empact"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [str(empact), "run", "--port", str(port)],
                cwd=tmp_path,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                with httpx2.Client(base_url=base, timeout=10) as http:
                    _wait_until_healthy(http, process, log_path)
                    anonymous = http.get("/operational-actions")
                    signed_in = http.post(
                        "/auth/login",
                        json={"username": "europol", "password": "demo-password"},
                    )
                    actions = http.get("/operational-actions", params={"range": "[0,0]"})
                    cycles = http.get("/policy-cycles", params={"range": "[0,99]"}).json()
                    priorities = http.get("/priorities", params={"range": "[0,99]"})
            finally:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=30)

        assert anonymous.status_code == 401
        assert signed_in.status_code == 200
        assert actions.status_code == 200
        assert actions.headers["Content-Range"].endswith("/285")
        assert priorities.status_code == 200
        assert priorities.headers["Content-Range"].endswith("/17")
        cycle_codes = {cycle["id"]: cycle["code"] for cycle in cycles}
        per_cycle = Counter(cycle_codes[p["policy_cycle_id"]] for p in priorities.json())
        assert per_cycle == {"2022-2025": 10, "2026-2029": 7}
        assert (tmp_path / "empact.db").is_file()


def _wait_until_healthy(http: httpx2.Client, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"empact run exited with {process.returncode}:\n{log.read_text()}")
        try:
            if http.get("/health").status_code == 200:
                return
        except httpx2.TransportError:
            pass
        time.sleep(0.25)
    pytest.fail(f"empact run did not answer /api/health in {STARTUP_SECONDS} s:\n{log.read_text()}")


@pytest.mark.usefixtures("database_file")
class TestUserCreate:
    def _create(self, *args: str, password: str = "a-long-password-1") -> Result:
        return CliRunner().invoke(
            app, ["user", "create", *args, "--password-stdin"], input=password + "\n"
        )

    def test_account_with_grants_can_sign_in(self) -> None:
        from fastapi.testclient import TestClient

        from backend.app import create_app

        _invoke("db", "upgrade")
        _invoke("seed")
        result = self._create(
            "jdoe",
            "--organisation",
            "NL",
            "--full-name",
            "Jan Doe",
            "--role",
            "nec:NL",
            "--role",
            "leader",
        )
        assert result.exit_code == 0, result.output
        assert "jdoe created with 2 grant(s)" in result.output
        with TestClient(create_app()) as client:
            response = client.post(
                "/api/auth/login", json={"username": "jdoe", "password": "a-long-password-1"}
            )
        assert response.status_code == 200
        roles = {grant["role"]: grant for grant in response.json()["grants"]}
        assert roles["nec"]["country_code"] == "NL"
        assert roles["leader"]["organisation_id"] == response.json()["organisation_id"]

    def test_short_password_is_refused_and_nothing_is_created(self) -> None:
        _invoke("db", "upgrade")
        _invoke("seed")
        result = self._create(
            "jdoe",
            "--organisation",
            "NL",
            "--full-name",
            "Jan Doe",
            "--role",
            "europol",
            password="short",
        )
        assert result.exit_code == 2
        assert "password: must be 12 to 256 characters long" in result.output
        again = self._create(
            "jdoe", "--organisation", "NL", "--full-name", "J", "--role", "europol"
        )
        assert again.exit_code == 0, again.output

    def test_unknown_plan_for_a_driver_is_refused(self) -> None:
        _invoke("db", "upgrade")
        _invoke("seed")
        result = self._create(
            "jdoe", "--organisation", "NL", "--full-name", "J", "--role", "driver:NOPE"
        )
        assert result.exit_code == 2
        assert "no plan 'NOPE'" in result.output
