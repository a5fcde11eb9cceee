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
from tests.reporting.test_workflow import ACTOR, new_cycle, open_all


def _reminded(session: Session, cycle_id: int, day: dt.date) -> i18n.Message:
    sent = workflow.send_reminders(session, cycle_id=cycle_id, today=day)
    return step_results.reminded(session, cycle_id=cycle_id, today=day, sent=sent)


class TestSendReminders:
    def test_before_the_first_step_it_says_when_the_first_reminder_goes_out(
        self, session: Session
    ) -> None:
        cycle = new_cycle(session, due_on=dt.date(2028, 7, 26))
        open_all(session, cycle.id or 0)
        said = _reminded(session, cycle.id or 0, cycle.due_on - dt.timedelta(days=44))
        assert said.render("en") == (
            "No reminder due: the first reminder goes out on 12 Jul 2028, 14 days before the "
            "due date 26 Jul 2028."
        )
        assert said.render("fr") == (
            "Aucun rappel à envoyer : le premier rappel part le 12 juil. 2028, 14 jours avant "
            "la date limite du 26 juil. 2028."
        )

    def test_at_a_step_it_says_how_many_people_were_reminded_and_at_which_step(
        self, session: Session
    ) -> None:
        cycle = new_cycle(session)
        open_all(session, cycle.id or 0)
        day = cycle.due_on - dt.timedelta(days=7)
        said = _reminded(session, cycle.id or 0, day)
        assert said.key == "reporting.run.reminded"
        assert said.render("en").endswith("(7 days before the due date 15 Jul 2028).")

    def test_a_second_run_at_the_same_step_says_when_the_next_reminder_goes_out(
        self, session: Session
    ) -> None:
        cycle = new_cycle(session)
        open_all(session, cycle.id or 0)
        day = cycle.due_on - dt.timedelta(days=7)
        _reminded(session, cycle.id or 0, day)
        again = _reminded(session, cycle.id or 0, day)
        assert again.render("en") == (
            "No reminder to send: whoever still owes something was reminded at this step (7 "
            "days before the due date 15 Jul 2028). The next reminder goes out on 14 Jul 2028, "
            "1 day before the due date 15 Jul 2028."
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
        cycle = new_cycle(session, closes_on=dt.date(2028, 7, 31))
        open_all(session, cycle.id or 0)
        day = dt.datetime(2028, 7, 20, 9, 30, tzinfo=dt.UTC)
        missing = workflow.close_cycle(session, cycle_id=cycle.id or 0, actor=ACTOR, now=day)
        said = step_results.closed(
            session, cycle_id=cycle.id or 0, missing=missing, today=dt.date(2028, 8, 1)
        )
        reports, contributions = missing["action-reports"], missing["contributions"]
        assert reports > 1 and contributions > 1000
        assert said.render("en") == (
            f"Closed on 20 Jul 2028: {reports} action reports and {contributions:,} "
            "contributions are now missing."
        )
        assert said.render("fr").startswith(f"Clos le 20 juil. 2028 : {reports} rapports d'action")
        assert "31 Jul" not in said.render("en")


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
