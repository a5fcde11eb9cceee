"""Queries and rules of action plans, operational actions and participations."""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session, col, select

from backend import i18n
from backend.catalog.models import Organisation, Priority, StrategicGoal
from backend.errors import Conflict, InvalidInput, record_label
from backend.plans.models import (
    ActionPlan,
    ActionPlanCoDriver,
    ActionPlanCreate,
    OperationalAction,
    OperationalActionCreate,
    Participation,
    ParticipationCreate,
    ParticipationRole,
)
from backend.resources import ResourceService, as_list


def _plans_of_policy_cycle(value: Any) -> sa.ColumnElement[bool]:
    priority_ids = select(Priority.id).where(Priority.policy_cycle_id.in_(as_list(value)))  # type: ignore[attr-defined]
    return ActionPlan.priority_id.in_(priority_ids)  # type: ignore[attr-defined]


class ActionPlanService(ResourceService[ActionPlan]):
    def after_write(
        self, session: Session, *, record: ActionPlan, values: dict[str, Any], is_new: bool
    ) -> None:
        co_driver_ids = values.get("co_driver_ids")
        if co_driver_ids is None:
            return
        wanted = set(co_driver_ids)
        if record.driver_id in wanted:
            raise InvalidInput("co_driver_ids", i18n.message("plans.driver_not_co_driver"))
        found = set(session.exec(select(Organisation.id).where(Organisation.id.in_(wanted))).all())  # type: ignore[union-attr]
        missing = sorted(wanted - found)
        if missing:
            raise InvalidInput(
                "co_driver_ids",
                i18n.message(
                    "errors.no_record", record=record_label("organisations"), id=str(missing[0])
                ),
            )
        if not is_new and wanted == set(record.co_driver_ids):
            return
        record.co_drivers = list(
            session.exec(select(Organisation).where(Organisation.id.in_(wanted))).all()  # type: ignore[union-attr]
        )
        # The link rows are not versioned columns: bump the plan's version explicitly.
        if not is_new:
            flag_modified(record, "name")


action_plans = ActionPlanService(
    ActionPlan,
    validator=ActionPlanCreate,
    search=["code", "name"],
    filters={
        "policy_cycle_id": _plans_of_policy_cycle,
        "co_driver_id": lambda value: ActionPlan.id.in_(  # type: ignore[union-attr]
            select(ActionPlanCoDriver.action_plan_id).where(
                ActionPlanCoDriver.organisation_id.in_(as_list(value))  # type: ignore[attr-defined]
            )
        ),
    },
)


def _actions_where_plan(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[bool]:
    return OperationalAction.action_plan_id.in_(select(ActionPlan.id).where(condition))  # type: ignore[attr-defined]


def _actions_with_participant(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[bool]:
    participating = (
        select(Participation.action_id)
        .join(Organisation, Organisation.id == Participation.organisation_id)  # type: ignore[arg-type]
        .where(condition)
    )
    return OperationalAction.id.in_(participating)  # type: ignore[union-attr]


class OperationalActionService(ResourceService[OperationalAction]):
    def read_extras(
        self, session: Session, records: Sequence[OperationalAction], language: str
    ) -> dict[Any, dict[str, Any]]:
        del language  # codes read the same in every language
        # Every plan has its own OA 2.1: the plan's short code says which.
        plan_ids = {record.action_plan_id for record in records}
        if not plan_ids:
            return {}
        short_codes = dict(
            session.execute(
                sa.select(col(ActionPlan.id), col(ActionPlan.short_code)).where(
                    col(ActionPlan.id).in_(plan_ids)
                )
            ).all()
        )
        return {
            record.id: {"plan_short_code": short_codes.get(record.action_plan_id, "")}
            for record in records
        }

    def check_rules(
        self, session: Session, *, record: OperationalAction, changed: set[str], is_new: bool
    ) -> None:
        del is_new
        if not changed.intersection({"strategic_goal_id", "action_plan_id"}):
            return
        plan_cycle = session.exec(
            select(Priority.policy_cycle_id)
            .join(ActionPlan, ActionPlan.priority_id == Priority.id)  # type: ignore[arg-type]
            .where(ActionPlan.id == record.action_plan_id)
        ).one()
        goal_cycle = session.exec(
            select(StrategicGoal.policy_cycle_id).where(
                StrategicGoal.id == record.strategic_goal_id
            )
        ).one()
        if plan_cycle != goal_cycle:
            raise InvalidInput("strategic_goal_id", i18n.message("plans.goal_of_other_cycle"))

    def after_write(
        self,
        session: Session,
        *,
        record: OperationalAction,
        values: dict[str, Any],
        is_new: bool,
    ) -> None:
        # Only a new action or a new leader moves the leader role: no query otherwise.
        if not is_new and "leader_id" not in values:
            return
        if record.id is None:
            session.flush()
        assert record.id is not None
        _make_leader(session, action_id=record.id, leader_id=record.leader_id)


def _make_leader(session: Session, *, action_id: int, leader_id: int) -> None:
    """The leader takes part in its action with the leader role; a former leader stays on."""
    participations = session.exec(
        select(Participation).where(Participation.action_id == action_id)
    ).all()
    for participation in participations:
        if participation.role == ParticipationRole.leader and (
            participation.organisation_id != leader_id
        ):
            participation.role = ParticipationRole.participant
            session.add(participation)
    current = next((p for p in participations if p.organisation_id == leader_id), None)
    if current is None:
        session.add(
            Participation(
                action_id=action_id, organisation_id=leader_id, role=ParticipationRole.leader
            )
        )
    elif current.role != ParticipationRole.leader:
        current.role = ParticipationRole.leader
        session.add(current)
    session.flush()


operational_actions = OperationalActionService(
    OperationalAction,
    validator=OperationalActionCreate,
    search=["code", "title", "grant_reference"],
    filters={
        "policy_cycle_id": lambda value: _actions_where_plan(_plans_of_policy_cycle(value)),
        "priority_id": lambda value: _actions_where_plan(
            ActionPlan.priority_id.in_(as_list(value))  # type: ignore[attr-defined]
        ),
        "participant_id": lambda value: _actions_with_participant(
            Participation.organisation_id.in_(as_list(value))  # type: ignore[attr-defined]
        ),
        "participant_country": lambda value: _actions_with_participant(
            Organisation.country_code.in_(as_list(value))  # type: ignore[union-attr]
        ),
    },
)


class ParticipationService(ResourceService[Participation]):
    def check_rules(
        self, session: Session, *, record: Participation, changed: set[str], is_new: bool
    ) -> None:
        del is_new
        if not changed.intersection({"role", "organisation_id", "action_id"}):
            return
        leader_id = session.exec(
            select(OperationalAction.leader_id).where(OperationalAction.id == record.action_id)
        ).one()
        is_leader = record.organisation_id == leader_id
        if record.role == ParticipationRole.leader and not is_leader:
            raise InvalidInput("role", i18n.message("plans.leader_role_only_for_leader"))
        if is_leader and record.role != ParticipationRole.leader:
            raise InvalidInput("role", i18n.message("plans.leader_keeps_role"))

    def check_not_in_use(self, session: Session, *, record: Participation) -> None:
        if record.role == ParticipationRole.leader:
            raise Conflict(i18n.message("plans.leader_participation_stays"))
        super().check_not_in_use(session, record=record)


participations = ParticipationService(
    Participation,
    validator=ParticipationCreate,
    filters={
        "country_code": lambda value: Participation.organisation_id.in_(  # type: ignore[attr-defined]
            select(Organisation.id).where(Organisation.country_code.in_(as_list(value)))  # type: ignore[union-attr]
        ),
        "action_plan_id": lambda value: Participation.action_id.in_(  # type: ignore[attr-defined]
            select(OperationalAction.id).where(
                OperationalAction.action_plan_id.in_(as_list(value))  # type: ignore[attr-defined]
            )
        ),
    },
)
