"""What each step of a cycle answers in the cockpit: in users' words, in the reader's language,
saying why nothing was sent and when the next step is, and the day a cycle really closed."""

import datetime as dt

import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session, col

from backend import i18n
from backend.reporting import step_results, workflow
from backend.reporting.models import (
    ActionReport,
    Contribution,
    CycleFlow,
    CycleRun,
    ReportState,
)
from tests.demo_cycles import FREE_HALF_YEAR
from tests.reporting.test_workflow import ACTOR, new_cycle, open_all


def _reminded(session: Session, cycle_id: int, day: dt.date) -> i18n.Message:
    sent = workflow.send_reminders(session, cycle_id=cycle_id, today=day)
    return step_results.reminded(session, cycle_id=cycle_id, today=day, sent=sent)


class TestSendReminders:
    def test_before_the_first_step_it_says_when_the_first_reminder_goes_out(
        self, session: Session
    ) -> None:
        # Due eleven days after the standard due date ("26 Jul 2027"): the first reminder
        # goes out two weeks before ("12 Jul 2027").
        due = FREE_HALF_YEAR.due_on + dt.timedelta(days=11)
        first = due - dt.timedelta(days=14)
        cycle = new_cycle(session, due_on=due)
        open_all(session, cycle.id or 0)
        said = _reminded(session, cycle.id or 0, cycle.due_on - dt.timedelta(days=44))
        assert said.render("en") == (
            f"No reminder due: the first reminder goes out on {i18n.date(first, 'en')}, 14 days "
            f"before the due date {i18n.date(due, 'en')}."
        )
        assert said.render("fr") == (
            f"Aucun rappel à envoyer : le premier rappel part le {i18n.date(first, 'fr')}, 14 "
            f"jours avant la date limite du {i18n.date(due, 'fr')}."
        )

    def test_at_a_step_it_says_how_many_people_were_reminded_and_at_which_step(
        self, session: Session
    ) -> None:
        cycle = new_cycle(session)
        open_all(session, cycle.id or 0)
        day = cycle.due_on - dt.timedelta(days=7)
        said = _reminded(session, cycle.id or 0, day)
        assert said.key == "reporting.run.reminded"
        due = i18n.date(FREE_HALF_YEAR.due_on, "en")
        assert said.render("en").endswith(f"(7 days before the due date {due}).")

    def test_a_second_run_at_the_same_step_says_when_the_next_reminder_goes_out(
        self, session: Session
    ) -> None:
        cycle = new_cycle(session)
        open_all(session, cycle.id or 0)
        day = cycle.due_on - dt.timedelta(days=7)
        _reminded(session, cycle.id or 0, day)
        again = _reminded(session, cycle.id or 0, day)
        due = i18n.date(FREE_HALF_YEAR.due_on, "en")
        eve = i18n.date(FREE_HALF_YEAR.due_on - dt.timedelta(days=1), "en")
        assert again.render("en") == (
            "No reminder to send: whoever still owes something was reminded at this step (7 "
            f"days before the due date {due}). The next reminder goes out on {eve}, "
            f"1 day before the due date {due}."
        )

    def test_with_everything_submitted_it_says_so(self, session: Session) -> None:
        cycle = new_cycle(session)
        open_all(session, cycle.id or 0)
        for model in (ActionReport, Contribution):
            session.execute(
                sa.update(model)
                .where(col(model.reporting_cycle_id) == cycle.id)
                .values(state=ReportState.submitted)
            )
        session.commit()
        said = _reminded(session, cycle.id or 0, cycle.due_on - dt.timedelta(days=1))
        assert said.render("en") == (
            "No reminder to send: every action report and contribution is submitted."
        )


class TestClose:
    def test_the_result_says_the_day_it_really_closed_and_what_is_now_missing(
        self, session: Session
    ) -> None:
        half = FREE_HALF_YEAR
        cycle = new_cycle(session, closes_on=half.closes_on)
        open_all(session, cycle.id or 0)
        # Closed by hand five days after the due date, eleven before its closing date; the
        # result is read the day after the closing date.
        closed_on = half.due_on + dt.timedelta(days=5)
        day = dt.datetime.combine(closed_on, dt.time(9, 30), tzinfo=dt.UTC)
        missing = workflow.close_cycle(session, cycle_id=cycle.id or 0, actor=ACTOR, now=day)
        said = step_results.closed(
            session,
            cycle_id=cycle.id or 0,
            missing=missing,
            today=half.closes_on + dt.timedelta(days=1),
        )
        reports, contributions = missing["action-reports"], missing["contributions"]
        assert reports > 1 and contributions > 1000
        assert said.render("en") == (
            f"Closed on {i18n.date(closed_on, 'en')}: {reports} action reports and "
            f"{contributions:,} contributions are now missing."
        )
        assert said.render("fr").startswith(
            f"Clos le {i18n.date(closed_on, 'fr')} : {reports} rapports d'action"
        )
        # Not the day it was to close ("31 Jul").
        assert i18n.date(half.closes_on, "en").rsplit(" ", 1)[0] not in said.render("en")


class TestRunsInTheCockpit:
    def test_a_runs_result_is_written_in_the_readers_language(
        self, client: TestClient, session: Session
    ) -> None:
        cycle = new_cycle(session)
        said = i18n.message(
            "reporting.run.closed",
            date=dt.date(2026, 12, 2),
            reports=i18n.message("reporting.count.action_reports", count=247),
            contributions=i18n.message("reporting.count.contributions", count=1804),
        )
        session.add(
            CycleRun(
                reporting_cycle_id=cycle.id or 0,
                flow=CycleFlow.close_cycle,
                flow_run_id="run-1",
                state="COMPLETED",
                created_at=dt.datetime(2026, 12, 2, tzinfo=dt.UTC),
                message=said.render("en"),
                outcome=[i18n.dump(said)],
            )
        )
        session.commit()
        english = client.get(f"/api/reporting-cycles/{cycle.id}/runs").json()
        assert english[0]["message"] == (
            "Closed on 2 Dec 2026: 247 action reports and 1,804 contributions are now missing."
        )
        client.put("/api/auth/me/language", json={"language": "fr"})
        french = client.get(f"/api/reporting-cycles/{cycle.id}/runs").json()
        assert french[0]["message"] == (
            "Clos le 2 déc. 2026 : 247 rapports d'action et 1\u202f804 contributions sont "
            "désormais manquants."
        )
