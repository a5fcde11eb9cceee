"""The reporting cycle's flows: open, remind, close, consolidate, and the daily tick.

Each task calls one workflow service in a transaction of its own, so that a crash halfway
keeps what the finished tasks committed and a rerun (every service is idempotent) does the
rest. Each flow notes its run in `cycle_runs`, for the API to list without Prefect.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from prefect import flow, get_run_logger, runtime, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import FlowRun, TaskRun
from prefect.states import State

from backend import i18n, orchestration
from backend.audit.models import AuditSource
from backend.audit.service import Actor, system_actor
from backend.database import get_engine, transaction
from backend.errors import EmpactError
from backend.notifications import service as notifications
from backend.reporting import step_results, workflow
from backend.reporting.models import CycleFlow

TICK = "daily tick"


def _worth_retrying(_task: Any, _task_run: TaskRun, state: State[Any]) -> bool:
    """Retry what may pass next time (a locked database, a lost connection, an SMTP server
    away), not a refusal of the rules such as closing a cycle that was never opened."""
    return not isinstance(state.data, EmpactError)


# Every task writes to the database: caching a result would skip the write.
RETRIED: dict[str, Any] = {
    "retries": 2,
    "retry_delay_seconds": 5,
    "retry_condition_fn": _worth_retrying,
    "cache_policy": NO_CACHE,
}


def _flow_run_id() -> str:
    return runtime.flow_run.get_id() or ""


def _actor(requested_by: str) -> Actor:
    """The flow run, as the audit trail names it, with whoever asked for it."""
    actor = system_actor(AuditSource.flow, source_ref=_flow_run_id())
    if requested_by:
        actor = replace(actor, username=f"{actor.username} for {requested_by}"[:255])
    return actor


# ---- the run's line in cycle_runs ---------------------------------------------------------


@dataclass
class Outcome:
    """What a flow did: its counts (the flow's result) and, for the people who read the run,
    what they mean in words (keyed messages, written in each reader's language)."""

    counts: dict[str, int] = field(default_factory=dict)
    said: list[i18n.Message] = field(default_factory=list)

    @property
    def messages(self) -> list[i18n.Message]:
        return self.said or [step_results.nothing()]


@contextmanager
def _recorded(flow: CycleFlow, cycle_id: int, requested_by: str) -> Iterator[Outcome]:
    """RUNNING when the flow starts; COMPLETED with what it did, or FAILED with why. A stop
    from outside (a signal, a cancel) is left to the hooks, which name it as such."""
    flow_run_id = _flow_run_id()
    with transaction(get_engine()) as session:
        orchestration.run_started(
            session,
            flow=flow,
            cycle_id=cycle_id,
            flow_run_id=flow_run_id,
            requested_by=requested_by,
        )
    outcome = Outcome()
    try:
        yield outcome
    except Exception as error:
        _end(flow_run_id, orchestration.FAILED, [step_results.failed(error)])
        raise
    _end(flow_run_id, orchestration.COMPLETED, outcome.messages)


def _describe(error: Exception) -> str:
    if isinstance(error, EmpactError):
        return error.detail
    return f"{type(error).__name__}: {error}"


def _end(flow_run_id: str, state: str, outcome: list[i18n.Message]) -> None:
    with transaction(get_engine()) as session:
        orchestration.run_ended(
            session, flow_run_id=flow_run_id, state=state, message=step_results.english(outcome)
        )
        step_results.keep_outcome(session, flow_run_id=flow_run_id, outcome=outcome)


def _end_from_outside(flow_run_id: str, state: str, message: str) -> None:
    with transaction(get_engine()) as session:
        orchestration.run_ended(
            session, flow_run_id=flow_run_id, state=state, message=message, unless_ended=True
        )


def _note_end(state_type: str) -> Callable[..., None]:
    """A hook for the ends the flow body never sees: a crash of its process, a cancel (as
    when the runner stops). A body that ended already said how it went."""

    def hook(flow: Any, flow_run: FlowRun, state: State[Any]) -> None:
        del flow
        message = state.message or state_type.lower()
        _end_from_outside(str(flow_run.id), state_type, message)

    return hook


HOOKS: dict[str, Any] = {
    "on_crashed": [_note_end("CRASHED")],
    "on_cancellation": [_note_end("CANCELLED")],
}


# ---- tasks: one service call, one transaction ----------------------------------------------


@task(name="start opening", **RETRIED)
def start_opening(cycle_id: int, requested_by: str) -> None:
    with transaction(get_engine()) as session:
        workflow.start_opening(session, cycle_id=cycle_id, actor=_actor(requested_by))


@task(name="plans to open", **RETRIED)
def plans_to_open(cycle_id: int) -> list[int]:
    with transaction(get_engine(), write=False) as session:
        return workflow.plans_to_open(session, cycle_id=cycle_id)


@task(name="create reports", task_run_name="create reports of plan {plan_id}", **RETRIED)
def create_reports(cycle_id: int, plan_id: int, requested_by: str) -> int:
    with transaction(get_engine()) as session:
        return workflow.create_reports(
            session, cycle_id=cycle_id, plan_id=plan_id, actor=_actor(requested_by)
        )


@task(
    name="create contributions", task_run_name="create contributions of plan {plan_id}", **RETRIED
)
def create_contributions(cycle_id: int, plan_id: int, requested_by: str) -> int:
    with transaction(get_engine()) as session:
        return workflow.create_contributions(
            session, cycle_id=cycle_id, plan_id=plan_id, actor=_actor(requested_by)
        )


@task(name="notify opening", **RETRIED)
def notify_opening(cycle_id: int) -> int:
    with transaction(get_engine()) as session:
        return workflow.notify_opening(session, cycle_id=cycle_id)


@task(name="send reminders", **RETRIED)
def remind(cycle_id: int, today: dt.date) -> int:
    with transaction(get_engine()) as session:
        return workflow.send_reminders(session, cycle_id=cycle_id, today=today)


@task(name="say what the reminders did", **RETRIED)
def reminders_said(cycle_id: int, today: dt.date, sent: int) -> i18n.Message:
    with transaction(get_engine(), write=False) as session:
        return step_results.reminded(session, cycle_id=cycle_id, today=today, sent=sent)


@task(name="say what closing did", **RETRIED)
def closing_said(cycle_id: int, missing: dict[str, int]) -> i18n.Message:
    with transaction(get_engine(), write=False) as session:
        return step_results.closed(session, cycle_id=cycle_id, missing=missing, today=_today())


@task(name="say what consolidating did", **RETRIED)
def consolidation_said(cycle_id: int, workbook_bytes: int) -> i18n.Message:
    with transaction(get_engine(), write=False) as session:
        return step_results.consolidated(session, cycle_id=cycle_id, workbook_bytes=workbook_bytes)


@task(name="deliver emails", **RETRIED)
def deliver_pending() -> int:
    with transaction(get_engine()) as session:
        return notifications.deliver_pending(session)


@task(name="close", **RETRIED)
def close(cycle_id: int, requested_by: str) -> dict[str, int]:
    with transaction(get_engine()) as session:
        return workflow.close_cycle(session, cycle_id=cycle_id, actor=_actor(requested_by))


@task(name="consolidate", **RETRIED)
def consolidate(cycle_id: int, requested_by: str) -> str:
    """The markdown summary of the consolidation kept with the cycle."""
    with transaction(get_engine()) as session:
        consolidation = workflow.consolidate_cycle(
            session,
            cycle_id=cycle_id,
            actor=_actor(requested_by),
            now=orchestration.now(),
        )
        return consolidation.summary


@task(name="keep consolidated workbook", **RETRIED)
def keep_workbook(cycle_id: int, requested_by: str) -> int:
    """The consolidated workbook rendered from the kept figures, in a transaction of its own:
    the consolidation is visible (and final) before its biggest file is written."""
    with transaction(get_engine()) as session:
        return workflow.keep_consolidated_workbook(
            session, cycle_id=cycle_id, generated_by=_actor(requested_by).username
        )


@task(name="publish summary", **RETRIED)
def publish_summary(cycle_id: int, summary: str) -> None:
    create_markdown_artifact(
        key=summary_key(cycle_id),
        markdown=summary,
        description=f"Consolidated summary of reporting cycle {cycle_id}",
    )


@task(name="due steps", **RETRIED)
def due_steps(today: dt.date) -> list[tuple[int, CycleFlow]]:
    with transaction(get_engine(), write=False) as session:
        return workflow.due_steps(session, today=today)


def summary_key(cycle_id: int) -> str:
    """Artifact keys take lowercase letters, digits and dashes only."""
    return f"cycle-{cycle_id}-summary"


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


# ---- flows --------------------------------------------------------------------------------


@flow(name=orchestration.flow_name(CycleFlow.open_cycle), **HOOKS)
def open_cycle(cycle_id: int, requested_by: str = "") -> dict[str, int]:
    """Open the cycle: its reports and contributions plan by plan, then tell everyone."""
    with _recorded(CycleFlow.open_cycle, cycle_id, requested_by) as outcome:
        start_opening(cycle_id, requested_by)
        plan_ids = plans_to_open(cycle_id)
        outcome.counts["plans"] = len(plan_ids)
        outcome.counts["reports"] = sum(
            create_reports(cycle_id, plan_id, requested_by) for plan_id in plan_ids
        )
        outcome.counts["contributions"] = sum(
            create_contributions(cycle_id, plan_id, requested_by) for plan_id in plan_ids
        )
        outcome.counts["messages"] = notify_opening(cycle_id)
        outcome.counts["emails"] = deliver_pending()
        outcome.said = [
            step_results.opened(
                reports=outcome.counts["reports"],
                contributions=outcome.counts["contributions"],
                plans=outcome.counts["plans"],
                people=outcome.counts["messages"],
            ),
            step_results.emails(outcome.counts["emails"]),
        ]
    return outcome.counts


@flow(name=orchestration.flow_name(CycleFlow.send_reminders), **HOOKS)
def send_reminders(
    cycle_id: int, today: dt.date | None = None, requested_by: str = ""
) -> dict[str, int]:
    """Remind whoever still owes a report or a contribution, by the step reached today."""
    with _recorded(CycleFlow.send_reminders, cycle_id, requested_by) as outcome:
        day = today or _today()
        outcome.counts["reminders"] = remind(cycle_id, day)
        outcome.counts["emails"] = deliver_pending()
        outcome.said = [reminders_said(cycle_id, day, outcome.counts["reminders"])]
        if outcome.counts["emails"]:
            outcome.said.append(step_results.emails(outcome.counts["emails"]))
    return outcome.counts


@flow(name=orchestration.flow_name(CycleFlow.close_cycle), **HOOKS)
def close_cycle(cycle_id: int, requested_by: str = "") -> dict[str, int]:
    """Close the cycle: what was not submitted becomes missing."""
    with _recorded(CycleFlow.close_cycle, cycle_id, requested_by) as outcome:
        missing = close(cycle_id, requested_by)
        outcome.counts.update({f"missing {name}": count for name, count in missing.items()})
        outcome.counts["emails"] = deliver_pending()
        outcome.said = [closing_said(cycle_id, missing)]
        if outcome.counts["emails"]:
            outcome.said.append(step_results.emails(outcome.counts["emails"]))
    return outcome.counts


@flow(name=orchestration.flow_name(CycleFlow.consolidate_cycle), **HOOKS)
def consolidate_cycle(cycle_id: int, requested_by: str = "") -> str:
    """Consolidate the closed cycle and publish its summary on the flow run."""
    with _recorded(CycleFlow.consolidate_cycle, cycle_id, requested_by) as outcome:
        summary = consolidate(cycle_id, requested_by)
        publish_summary(cycle_id, summary)
        outcome.counts["workbook bytes"] = keep_workbook(cycle_id, requested_by)
        outcome.counts["emails"] = deliver_pending()
        outcome.said = [consolidation_said(cycle_id, outcome.counts["workbook bytes"])]
        if outcome.counts["emails"]:
            outcome.said.append(step_results.emails(outcome.counts["emails"]))
    return summary


CYCLE_FLOWS: dict[CycleFlow, Any] = {
    CycleFlow.open_cycle: open_cycle,
    CycleFlow.send_reminders: send_reminders,
    CycleFlow.close_cycle: close_cycle,
    CycleFlow.consolidate_cycle: consolidate_cycle,
}


@flow(name=orchestration.TICK_FLOW)
def cycle_tick(today: dt.date | None = None) -> list[str]:
    """Run, as subflows, what each cycle needs today by its dates: one cycle failing does not
    keep the others from their step, but fails the tick."""
    today = today or _today()
    done: list[str] = []
    failed: list[str] = []
    for cycle_id, cycle_flow in due_steps(today):
        step = f"{cycle_flow} of cycle {cycle_id}"
        options: dict[str, Any] = {"today": today} if cycle_flow == CycleFlow.send_reminders else {}
        try:
            CYCLE_FLOWS[cycle_flow](cycle_id, requested_by=TICK, **options)
        except Exception as error:
            get_run_logger().error("%s failed: %s", step, _describe(error))
            failed.append(step)
        else:
            done.append(step)
    if failed:
        raise RuntimeError(f"{len(failed)} step(s) failed: {'; '.join(failed)}")
    return done
