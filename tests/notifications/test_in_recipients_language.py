"""Messages and emails are written in their recipient's language, name each action with its
plan, and write dates in words."""

import datetime as dt
import re

from sqlmodel import Session, col, select

from backend import i18n
from backend.access.models import User
from backend.i18n import Language
from backend.notifications import service
from backend.notifications.models import Notification
from backend.reporting import workflow
from backend.settings import get_settings
from tests.demo_cycles import FREE_HALF_YEAR
from tests.reporting.test_workflow import new_cycle, open_all

ACTION_WITH_PLAN = re.compile(r"^- [A-Z]+ · OA \d+\.\d+ : ", re.MULTILINE)


def _speaks(session: Session, username: str, language: Language) -> User:
    user = session.exec(select(User).where(col(User.username) == username)).one()
    user.language = language
    session.add(user)
    session.commit()
    return user


def _message(session: Session, user: User, cycle_id: int | None, key_part: str) -> Notification:
    return session.exec(
        select(Notification).where(
            col(Notification.user_id) == user.id,
            col(Notification.reporting_cycle_id) == cycle_id,
            col(Notification.key).contains(key_part),
        )
    ).one()


class TestReminderInFrench:
    def test_a_french_coordinators_reminder_is_in_french_and_names_actions_with_their_plan(
        self, session: Session
    ) -> None:
        coordinator = _speaks(session, "nec-de", Language.fr)
        cycle = new_cycle(session)
        open_all(session, cycle.id or 0)
        workflow.send_reminders(
            session, cycle_id=cycle.id or 0, today=cycle.due_on - dt.timedelta(days=7)
        )
        reminder = _message(session, coordinator, cycle.id, "reminder:due-in-7")
        due = i18n.date(FREE_HALF_YEAR.due_on, "fr")  # as in "15 juil. 2027"
        assert reminder.subject == f"EMPACT {cycle.code} : à remettre dans 7 jours ({due})"
        assert reminder.body.startswith(
            f"Rappel : les rapports et contributions du cycle de rapport {cycle.code} sont "
            f"attendus dans 7 jours, le {due}. Manque encore :"
        )
        assert "Les contributions de DE à " in reminder.body
        assert ACTION_WITH_PLAN.search(reminder.body), reminder.body
        email = service.compose(reminder, coordinator, get_settings())
        assert "Ce message a été envoyé par EMPACT" in email.get_content()

    def test_an_english_leader_gets_the_same_step_in_english(self, session: Session) -> None:
        leader = _speaks(session, "leader-de", Language.en)
        cycle = new_cycle(session)
        open_all(session, cycle.id or 0)
        workflow.send_reminders(
            session, cycle_id=cycle.id or 0, today=cycle.due_on - dt.timedelta(days=7)
        )
        reminder = _message(session, leader, cycle.id, "reminder:due-in-7")
        due = i18n.date(FREE_HALF_YEAR.due_on, "en")  # as in "15 Jul 2027"
        assert reminder.subject == f"EMPACT {cycle.code}: due in 7 days ({due})"
        assert "actions you lead are not submitted yet:\n- " in reminder.body
        assert re.search(r"^- [A-Z]+ · OA \d+\.\d+: ", reminder.body, re.MULTILINE)

    def test_the_opening_message_is_in_the_recipients_language(self, session: Session) -> None:
        coordinator = _speaks(session, "nec-fr", Language.fr)
        cycle = new_cycle(session)
        open_all(session, cycle.id or 0)
        opened = _message(session, coordinator, cycle.id, ":opened")
        half = FREE_HALF_YEAR
        assert opened.subject == (
            f"Le cycle de rapport EMPACT {cycle.code} est ouvert : à remettre avant le "
            f"{i18n.date(half.due_on, 'fr')}"
        )
        # As in "(période du 1 janv. 2027 au 30 juin 2027)".
        period = f"(période du {i18n.date(half.start, 'fr')} au {i18n.date(half.end, 'fr')})"
        assert period in opened.body
