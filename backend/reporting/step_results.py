"""What each step of a reporting cycle did, as keyed messages that the cockpit writes in its
reader's language: why nothing was sent and when the next step is, the day a cycle really
closed, what became missing.

The flows build a step's result from these after the step's own work, keep it with the run
(`keep_outcome`), and the API renders it for whoever reads the run.
"""

import datetime as dt
from typing import Any

from sqlmodel import Session, col, select

from backend import i18n
from backend.reporting import texts
from backend.reporting.models import Consolidation, CycleRun, CycleState, ReportingCycle
from backend.reporting.workflow import LADDER, _owed, get_cycle, reminder_step


def _step_words(cycle: ReportingCycle, days_after_due: int) -> i18n.Message:
    """ "14 days before the due date 26 Jan 2027", "3 days after the due date 26 Jan 2027"."""
    side = "after" if days_after_due > 0 else "before"
    return i18n.message(f"reporting.step.{side}", count=abs(days_after_due), due=cycle.due_on)


def _step_day(cycle: ReportingCycle, days_after_due: int) -> dt.date:
    return cycle.due_on + dt.timedelta(days=days_after_due)


def opened(*, reports: int, contributions: int, plans: int, people: int) -> i18n.Message:
    return i18n.message(
        "reporting.run.opened",
        reports=texts.count("action_reports", reports),
        contributions=texts.count("contributions", contributions),
        plans=texts.count("plans", plans),
        people=texts.count("people", people),
    )


def reminded(session: Session, *, cycle_id: int, today: dt.date, sent: int) -> i18n.Message:
    """What sending the reminders did on `today`: to how many people at which step, or why
    nobody was reminded and when the next reminder goes out."""
    cycle = get_cycle(session, cycle_id)
    step = reminder_step(cycle, today)
    if sent and step is not None:
        return i18n.message(
            "reporting.run.reminded",
            people=texts.count("people", sent),
            step=_step_words(cycle, step[1]),
        )
    if cycle.state != CycleState.open:
        return i18n.message(
            "reporting.run.not_open", cycle=cycle.code, state=texts.cycle_state(cycle.state)
        )
    if today > cycle.closes_on:
        return i18n.message("reporting.run.past_closing", closes=cycle.closes_on)
    if step is None:
        first = LADDER[0][1]
        return i18n.message(
            "reporting.run.first_reminder_later",
            date=_step_day(cycle, first),
            step=_step_words(cycle, first),
        )
    owed = _owed(session, cycle)
    if not owed.reports and not any(owed.contributions.values()):
        return i18n.message("reporting.run.nothing_owed")
    later = [days for _, days, *_ in LADDER if _step_day(cycle, days) > today]
    if later:
        return i18n.message(
            "reporting.run.reminded_already",
            step=_step_words(cycle, step[1]),
            date=_step_day(cycle, later[0]),
            next=_step_words(cycle, later[0]),
        )
    return i18n.message(
        "reporting.run.reminded_already_last",
        step=_step_words(cycle, step[1]),
        closes=cycle.closes_on,
    )


def closed(
    session: Session, *, cycle_id: int, missing: dict[str, int], today: dt.date
) -> i18n.Message:
    """The day the cycle really closed (not its planned closing date) and what went missing."""
    cycle = get_cycle(session, cycle_id)
    day = cycle.closed_on or today
    reports, contributions = missing.get("action-reports", 0), missing.get("contributions", 0)
    if not reports and not contributions:
        return i18n.message("reporting.run.closed_complete", date=day)
    return i18n.message(
        "reporting.run.closed",
        date=day,
        reports=texts.count("action_reports", reports),
        contributions=texts.count("contributions", contributions),
    )


def consolidated(session: Session, *, cycle_id: int, workbook_bytes: int) -> i18n.Message:
    kept = session.get(Consolidation, cycle_id)
    indicators = len((kept.figures if kept else {}).get("totals", {}))
    return i18n.message(
        "reporting.run.consolidated",
        indicators=texts.count("indicators", indicators),
        size=max(1, round(workbook_bytes / 1024)),
    )


def emails(sent: int) -> i18n.Message:
    return i18n.message("reporting.run.emails", count=sent)


def nothing() -> i18n.Message:
    return i18n.message("reporting.run.nothing")


def failed(error: Exception) -> i18n.Message:
    """A refusal says itself (it is keyed); anything else is named as it is."""
    own = getattr(error, "message", None)
    if isinstance(own, i18n.Message):
        return own
    return i18n.message("reporting.run.failed", error=f"{type(error).__name__}: {error}")


def keep_outcome(session: Session, *, flow_run_id: str, outcome: list[i18n.Message]) -> None:
    """Keep what the run did with its row in cycle_runs, for each reader's language."""
    run = session.exec(select(CycleRun).where(col(CycleRun.flow_run_id) == flow_run_id)).first()
    if run is None:
        return
    run.outcome = [i18n.dump(part) for part in outcome]
    session.add(run)
    session.flush()


def english(outcome: list[i18n.Message]) -> str:
    """The outcome as the logs and the command line show it."""
    return " ".join(part.render(i18n.Language.en) for part in outcome)


def outcome_text(run: CycleRun, language: i18n.Language | str) -> str:
    """What a step did, in the reader's language; the English message for a run ended from
    outside its flow (a crash, a cancel)."""
    if not run.outcome:
        return run.message
    parts: list[Any] = run.outcome
    return " ".join(i18n.load(part).render(language) for part in parts)
