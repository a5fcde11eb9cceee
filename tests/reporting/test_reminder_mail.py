"""Who gets which reminder on which day of the escalation ladder, by real email."""

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Session, col

from backend import i18n
from backend.access.models import User
from backend.catalog.models import Organisation
from backend.notifications.service import deliver_pending
from backend.plans.models import Participation
from backend.reporting import workflow
from backend.reporting.models import Contribution, ReportingCycle, ReportState
from tests.reporting.test_workflow import new_cycle, open_all
from tests.smtp import SmtpServer

DOMAIN = "@empact.test"


def mailed(session: Session, smtp: SmtpServer, cycle: ReportingCycle, day: dt.date) -> set[str]:
    """The people emailed by the reminder run of `day`, by user name."""
    smtp.handler.received.clear()
    workflow.send_reminders(session, cycle_id=cycle.id or 0, today=day)
    deliver_pending(session, settings=smtp.settings)
    session.commit()
    return {
        address.removesuffix(DOMAIN)
        for envelope in smtp.handler.received
        for address in envelope.rcpt_tos
    }


def subjects(smtp: SmtpServer) -> set[str]:
    return {str(message["Subject"]) for message in smtp.handler.messages()}


def test_the_escalation_ladder_by_email(session: Session, smtp_server: SmtpServer) -> None:
    session.execute(sa.update(User).values(email=sa.func.lower(User.username) + DOMAIN))
    cycle = new_cycle(session)
    open_all(session, cycle.id or 0)
    deliver_pending(session, settings=smtp_server.settings)  # the opening messages
    session.commit()
    due = cycle.due_on
    # As a reader writes it: "15 Jul 2027".
    due_words = i18n.date(due, "en")

    assert mailed(session, smtp_server, cycle, due - dt.timedelta(days=15)) == set()

    fortnight = mailed(session, smtp_server, cycle, due - dt.timedelta(days=14))
    assert {"nec-de", "nec-fr", "nec-it", "leader-de", "leader-fr"} <= fortnight
    assert "europol" not in fortnight and "admin" not in fortnight
    assert not {name for name in fortnight if name.startswith("driver-")}
    assert subjects(smtp_server) == {f"EMPACT {cycle.code}: due in 14 days ({due_words})"}
    # Same day again, and a day between two steps: nothing new.
    assert mailed(session, smtp_server, cycle, due - dt.timedelta(days=14)) == set()
    assert mailed(session, smtp_server, cycle, due - dt.timedelta(days=10)) == set()

    # France delivers every contribution: its coordinator is no longer reminded.
    french = (
        sa.select(col(Participation.id))
        .join(Organisation, col(Organisation.id) == col(Participation.organisation_id))
        .where(col(Organisation.country_code) == "FR")
    )
    session.execute(
        sa.update(Contribution)
        .where(
            col(Contribution.reporting_cycle_id) == cycle.id,
            col(Contribution.participation_id).in_(french),
        )
        .values(state=ReportState.submitted)
    )
    week = mailed(session, smtp_server, cycle, due - dt.timedelta(days=7))
    assert "nec-de" in week and "nec-fr" not in week

    eve = mailed(session, smtp_server, cycle, due - dt.timedelta(days=1))
    assert "nec-de" in eve and subjects(smtp_server) == {
        f"EMPACT {cycle.code}: due in 1 day ({due_words})"
    }

    overdue = mailed(session, smtp_server, cycle, due + dt.timedelta(days=3))
    assert {"nec-de", "leader-de"} <= overdue
    assert "europol" not in overdue
    assert subjects(smtp_server) == {f"EMPACT {cycle.code}: overdue since {due_words}"}

    escalated = mailed(session, smtp_server, cycle, due + dt.timedelta(days=7))
    drivers = {name for name in escalated if name.startswith("driver-")}
    assert "europol" in escalated and drivers
    assert "nec-de" not in escalated and "leader-de" not in escalated
    assert mailed(session, smtp_server, cycle, due + dt.timedelta(days=7)) == set()


def test_a_driver_hears_only_of_its_own_plan(session: Session, smtp_server: SmtpServer) -> None:
    session.execute(sa.update(User).values(email=sa.func.lower(User.username) + DOMAIN))
    cycle = new_cycle(session)
    open_all(session, cycle.id or 0)
    deliver_pending(session, settings=smtp_server.settings)
    session.commit()
    mailed(session, smtp_server, cycle, cycle.due_on + dt.timedelta(days=7))
    by_recipient = {
        address.removesuffix(DOMAIN): message
        for envelope, message in zip(
            smtp_server.handler.received, smtp_server.handler.messages(), strict=True
        )
        for address in envelope.rcpt_tos
    }
    cyber = by_recipient["driver-cyber"].get_content()
    assert "- CYBER · OA " in cyber
    assert "FIREARMS · OA" not in cyber
    europol = by_recipient["europol"].get_content()
    assert "- CYBER: " in europol and "- FIREARMS: " in europol
