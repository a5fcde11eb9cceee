"""`empact cycle open|remind|close|consolidate` and `empact worker`."""

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from backend.audit.models import AuditEvent, AuditSource
from backend.cli import app
from backend.reporting.models import CycleFlow
from tests.demo_cycles import OPEN_CYCLE
from tests.flows.conftest import cycle_id_of, runs_of


class TestCycleStep:
    @pytest.mark.usefixtures("served")
    def test_with_a_prefect_server_it_starts_the_deployment(self, flow_database: Engine) -> None:
        result = CliRunner().invoke(app, ["cycle", "open", OPEN_CYCLE, "--no-wait"])

        assert result.exit_code == 0, result.output
        (run,) = runs_of(flow_database, cycle_id_of(flow_database, OPEN_CYCLE))
        assert (run.flow, run.state) == (CycleFlow.open_cycle, "SCHEDULED")
        assert run.requested_by.startswith("cli")
        assert f"Started open_cycle of {OPEN_CYCLE} on the Prefect server at http" in result.output
        assert f"flow run {run.flow_run_id}" in result.output
        with Session(flow_database) as session:
            event = session.exec(
                select(AuditEvent).where(
                    col(AuditEvent.resource) == "cycle-runs", col(AuditEvent.record_id) == run.id
                )
            ).one()
        assert (event.source, event.username) == (AuditSource.cli, run.requested_by)

    @pytest.mark.usefixtures("prefect_harness")
    def test_without_a_prefect_server_it_runs_the_flow_in_this_process(
        self, flow_database: Engine, no_prefect: str
    ) -> None:
        result = CliRunner().invoke(app, ["cycle", "remind", OPEN_CYCLE])

        assert result.exit_code == 0, result.output
        assert (
            f"No Prefect server answers at {no_prefect}: running send_reminders of {OPEN_CYCLE} in "
            "this process." in result.output
        )
        assert f"send_reminders of {OPEN_CYCLE} completed." in result.output
        (run,) = runs_of(flow_database, cycle_id_of(flow_database, OPEN_CYCLE))
        assert (run.flow, run.state) == (CycleFlow.send_reminders, "COMPLETED")

    @pytest.mark.usefixtures("flow_database")
    def test_an_unknown_cycle_code_is_refused(self) -> None:
        result = CliRunner().invoke(app, ["cycle", "close", "1999-H1"])

        assert result.exit_code == 2
        assert "no reporting cycle '1999-H1'" in result.output


def test_worker_needs_the_prefect_api_url(monkeypatch: pytest.MonkeyPatch) -> None:
    from backend.settings import get_settings

    monkeypatch.delenv("EMPACT_PREFECT_API_URL", raising=False)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["worker"])
    finally:
        get_settings.cache_clear()

    assert result.exit_code == 2
    assert "set EMPACT_PREFECT_API_URL" in result.output
