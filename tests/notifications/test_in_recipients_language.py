"""Messages and emails are written in their recipient's language, name each action with its
plan, and write dates in words."""

import datetime as dt
import re

from sqlmodel import Session, col, select

from backend.access.models import User
from backend.i18n import Language
from backend.notifications import service
from backend.notifications.models import Notification
from backend.reporting import workflow
from backend.settings import get_settings
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
        assert reminder.subject == f"EMPACT {cycle.code} : à remettre dans 7 jours (15 juil. 2028)"
        assert reminder.body.startswith(
            f"Rappel : les rapports et contributions du cycle de rapport {cycle.code} sont "
            "attendus dans 7 jours, le 15 juil. 2028. Manque encore :"
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
        assert reminder.subject == f"EMPACT {cycle.code}: due in 7 days (15 Jul 2028)"
        assert "actions you lead are not submitted yet:\n- " in reminder.body
        assert re.search(r"^- [A-Z]+ · OA \d+\.\d+: ", reminder.body, re.MULTILINE)

    def test_the_opening_message_is_in_the_recipients_language(self, session: Session) -> None:
        coordinator = _speaks(session, "nec-fr", Language.fr)
        cycle = new_cycle(session)
        open_all(session, cycle.id or 0)
        opened = _message(session, coordinator, cycle.id, ":opened")
        assert opened.subject == (
            f"Le cycle de rapport EMPACT {cycle.code} est ouvert : à remettre avant le 15 juil. "
            "2028"
        )
        assert "(période du 1 janv. 2028 au 30 juin 2028)" in opened.body
