"""The cycle flows as Prefect runs them: their tasks, retries, artifacts and cycle_runs rows.

What the services do to reports and messages is the workflow tests' business; these check the
Prefect side, on the demo's two cycles, the one closed and the one open.
"""

import datetime as dt
import time
import uuid
from typing import Any

import pytest
from prefect.artifacts import Artifact
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
from prefect.client.schemas.objects import Artifact as ArtifactResponse
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

import flows.cycles
from backend.reporting import workflow
from backend.reporting.models import CycleFlow
from flows.cycles import (
    close_cycle,
    consolidate_cycle,
    cycle_tick,
    open_cycle,
    send_reminders,
    summary_key,
)
from tests.demo_cycles import CLOSED_CYCLE, OPEN_CYCLE
from tests.flows.conftest import cycle_id_of, run_flow, runs_of

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _task_runs(flow_run_id: str, *, at_least: int = 0) -> list[Any]:
    """The flow run's task runs. The test server records them from events in the background,
    so a check right after the run waits (up to a minute) for `at_least` of them."""
    deadline = time.monotonic() + 60
    while True:
        with get_client(sync_client=True) as client:
            runs = list(
                client.read_task_runs(
                    flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[uuid.UUID(flow_run_id)]))
                )
            )
        if len(runs) >= at_least or time.monotonic() > deadline:
            return runs
        time.sleep(0.2)


class TestOpenCycle:
    def test_one_task_per_plan_and_a_completed_run(self, flow_database: Engine) -> None:
        cycle_id = cycle_id_of(flow_database, OPEN_CYCLE)
        state = run_flow(open_cycle, cycle_id, requested_by="europol")

        assert state.is_completed(), state.message
        (run,) = runs_of(flow_database, cycle_id)
        assert (run.flow, run.state, run.requested_by) == (
            CycleFlow.open_cycle,
            "COMPLETED",
            "europol",
        )
        assert run.finished_at is not None
        assert run.message.startswith("Opened: ")
        assert " expected in 14 plans; " in run.message
        assert run.outcome is not None and run.outcome[0]["key"] == "reporting.run.opened"
        names = sorted(task_run.name for task_run in _task_runs(run.flow_run_id, at_least=32))
        assert sum(name.startswith("create reports of plan ") for name in names) == 14
        assert sum(name.startswith("create contributions of plan ") for name in names) == 14

    def test_running_it_again_changes_nothing(self, flow_database: Engine) -> None:
        cycle_id = cycle_id_of(flow_database, OPEN_CYCLE)
        run_flow(open_cycle, cycle_id)
        again = run_flow(open_cycle, cycle_id)

        assert again.result() == {
            "plans": 14,
            "reports": 0,
            "contributions": 0,
            "messages": 0,
            "emails": 0,
        }
        assert [run.state for run in runs_of(flow_database, cycle_id)] == ["COMPLETED"] * 2


class TestFailures:
    def test_a_refusal_fails_the_run_at_once_without_retries(self, flow_database: Engine) -> None:
        cycle_id = cycle_id_of(flow_database, OPEN_CYCLE)
        state = run_flow(consolidate_cycle, cycle_id)

        assert state.is_failed()
        (run,) = runs_of(flow_database, cycle_id)
        assert run.state == "FAILED"
        assert run.message == f"The reporting cycle {OPEN_CYCLE} is “Open”: close it first."
        assert run.outcome is not None and run.outcome[0]["key"] == "reporting.close_first"
        (task_run,) = [
            t for t in _task_runs(run.flow_run_id, at_least=1) if t.name.startswith("consolidate")
        ]
        assert task_run.run_count == 1

    def test_a_passing_error_is_retried(
        self, flow_database: Engine, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        cycle_id = cycle_id_of(flow_database, OPEN_CYCLE)
        calls: list[dt.date] = []
        real = workflow.send_reminders

        def locked_once(session: Any, *, cycle_id: int, today: dt.date) -> int:
            calls.append(today)
            if len(calls) == 1:
                raise OperationalError("UPDATE", {}, Exception("database is locked"))
            return real(session, cycle_id=cycle_id, today=today)

        monkeypatch.setattr(workflow, "send_reminders", locked_once)
        monkeypatch.setattr(
            flows.cycles, "remind", flows.cycles.remind.with_options(retry_delay_seconds=0)
        )
        state = run_flow(send_reminders, cycle_id, today=dt.date(2026, 12, 1))

        assert state.is_completed(), state.message
        assert calls == [dt.date(2026, 12, 1)] * 2
        assert runs_of(flow_database, cycle_id)[0].state == "COMPLETED"

    @pytest.mark.usefixtures("flow_database")
    def test_an_unknown_cycle_fails_the_run(self) -> None:
        state = run_flow(close_cycle, 999_999)

        assert state.is_failed()
        assert "No reporting cycle with id 999999" in str(state.message)


class TestConsolidateCycle:
    def test_the_summary_is_published_as_an_artifact(self, flow_database: Engine) -> None:
        cycle_id = cycle_id_of(flow_database, CLOSED_CYCLE)
        state = run_flow(consolidate_cycle, cycle_id, requested_by="europol")

        assert state.is_completed(), state.message
        summary = state.result()
        assert summary.startswith("#")
        artifact = Artifact.get(summary_key(cycle_id))
        assert isinstance(artifact, ArtifactResponse)
        assert artifact.type == "markdown"
        assert artifact.data == summary
        (run,) = runs_of(flow_database, cycle_id)
        assert run.state == "COMPLETED"
        assert run.message.startswith("Consolidated: the totals of ")
        assert "the summary is published on the flow run" in run.message


class TestCycleTick:
    def test_due_flows_run_as_subflows_and_one_failure_fails_the_tick(
        self, flow_database: Engine, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        open_id = cycle_id_of(flow_database, OPEN_CYCLE)

        def due(session: Any, *, today: dt.date) -> list[tuple[int, CycleFlow]]:
            del session, today
            return [(999_999, CycleFlow.close_cycle), (open_id, CycleFlow.send_reminders)]

        monkeypatch.setattr(workflow, "due_steps", due)
        state = run_flow(cycle_tick, dt.date(2026, 12, 1))

        assert state.is_failed()
        assert "1 step(s) failed: close_cycle of cycle 999999" in str(state.message)
        (run,) = runs_of(flow_database, open_id)
        assert (run.flow, run.state, run.requested_by) == (
            CycleFlow.send_reminders,
            "COMPLETED",
            "daily tick",
        )
        with get_client(sync_client=True) as client:
            subflow = client.read_flow_run(uuid.UUID(run.flow_run_id))
        assert subflow.parent_task_run_id is not None
