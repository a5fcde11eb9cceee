"""What the database itself refuses, whatever code writes to it."""

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from backend.plans.models import OperationalAction, Participation
from backend.reporting.models import IndicatorValue, ValueSource
from tests.factories import (
    make_action,
    make_organisation,
    make_participation,
    make_value,
)


def _refused(session: Session, record: object) -> None:
    with pytest.raises(IntegrityError), session.begin_nested():
        session.add(record)
        session.flush()


class TestDatabaseConstraints:
    def test_duplicate_action_code_in_a_plan(self, session: Session) -> None:
        action = make_action(session)
        copy = OperationalAction(
            **action.model_dump(exclude={"id", "version"}),
        )
        _refused(session, copy)

    def test_an_organisation_taking_part_twice(self, session: Session) -> None:
        participation = make_participation(session)
        _refused(
            session,
            Participation(
                action_id=participation.action_id,
                organisation_id=participation.organisation_id,
            ),
        )

    def test_a_figure_for_the_same_cell_twice(self, session: Session) -> None:
        value = make_value(session)
        _refused(
            session,
            IndicatorValue(**value.model_dump(exclude={"id", "version"}) | {"value": Decimal(8)}),
        )

    def test_a_figure_from_an_organisation_not_taking_part(self, session: Session) -> None:
        value = make_value(session)
        outsider = make_organisation(session)
        _refused(
            session,
            IndicatorValue(
                reporting_cycle_id=value.reporting_cycle_id,
                action_id=value.action_id,
                organisation_id=outsider.id or 0,
                indicator_id=value.indicator_id,
                value=Decimal(1),
                source=ValueSource.web,
            ),
        )

    def test_a_figure_with_both_a_number_and_a_choice(self, session: Session) -> None:
        value = make_value(session)
        record = session.get(IndicatorValue, value.id)
        assert record is not None
        record.text_value = "established"
        with pytest.raises(IntegrityError), session.begin_nested():
            session.flush()
        session.rollback()

    def test_an_action_ending_before_it_starts(self, session: Session) -> None:
        action = make_action(session)
        copy = OperationalAction(
            **action.model_dump(exclude={"id", "version", "code"})
            | {"code": "OA 9.99", "end_date": dt.date(2020, 1, 1)}
        )
        _refused(session, copy)
