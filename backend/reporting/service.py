"""Queries and rules of reporting cycles and of what is reported in them."""

from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from backend import i18n
from backend.catalog.models import Indicator, IndicatorKind, Organisation
from backend.catalog.texts import indicator_name, indicator_unit
from backend.errors import Conflict, InvalidInput
from backend.plans.models import Participation
from backend.reporting import texts
from backend.reporting.contributions import ensure_open as ensure_contribution_open
from backend.reporting.contributions import ensure_participation_writable
from backend.reporting.models import (
    ActionReport,
    Contribution,
    IndicatorValue,
    ReportingCycle,
    ReportingCycleCreate,
    ReportState,
    ValueSource,
)
from backend.reporting.workflow import ensure_writable
from backend.resources import ResourceService, as_list

reporting_cycles = ResourceService(ReportingCycle, validator=ReportingCycleCreate, search=["code"])

REPORT_TEXT_FIELDS = ("rag_status", "progress", "achievements", "obstacles", "next_steps")


class ActionReportService(ResourceService[ActionReport]):
    def before_write(
        self, session: Session, *, record: ActionReport, values: dict[str, Any], is_new: bool
    ) -> None:
        ensure_writable(session, cycle_id=record.reporting_cycle_id, action_id=record.action_id)
        edits = [
            field
            for field in REPORT_TEXT_FIELDS
            if field in values and (is_new or values[field] != getattr(record, field))
        ]
        if not edits:
            return
        if record.state in (ReportState.submitted, ReportState.accepted):
            raise Conflict(i18n.message("reporting.report_locked", state=texts.state(record.state)))
        # Writing into a report not started, returned for changes or missing makes it a draft.
        if any(values.get(field) for field in edits):
            record.state = ReportState.draft

    def before_delete(self, session: Session, *, record: ActionReport) -> None:
        ensure_writable(session, cycle_id=record.reporting_cycle_id, action_id=record.action_id)


action_reports = ActionReportService(
    ActionReport,
    search=["progress", "achievements"],
)


def _contribution_open(session: Session, record: Contribution) -> None:
    participation = session.get(Participation, record.participation_id)
    if participation is not None:
        ensure_contribution_open(
            session,
            cycle_id=record.reporting_cycle_id,
            action_id=participation.action_id,
            organisation_id=participation.organisation_id,
        )


class ContributionService(ResourceService[Contribution]):
    def before_write(
        self, session: Session, *, record: Contribution, values: dict[str, Any], is_new: bool
    ) -> None:
        ensure_participation_writable(session, record)
        if not is_new and "narrative" in values and values["narrative"] != record.narrative:
            _contribution_open(session, record)
        if record.state in (ReportState.not_started, ReportState.missing) and values.get(
            "narrative"
        ):
            record.state = ReportState.draft

    def before_delete(self, session: Session, *, record: Contribution) -> None:
        ensure_participation_writable(session, record)


contributions = ContributionService(
    Contribution,
    search=["narrative"],
    filters={
        "action_id": lambda value: Contribution.participation_id.in_(  # type: ignore[attr-defined]
            select(Participation.id).where(Participation.action_id.in_(as_list(value)))  # type: ignore[attr-defined]
        ),
        "organisation_id": lambda value: Contribution.participation_id.in_(  # type: ignore[attr-defined]
            select(Participation.id).where(Participation.organisation_id.in_(as_list(value)))  # type: ignore[attr-defined]
        ),
    },
)


def check_figure(indicator: Indicator, *, value: Decimal | None, text_value: str | None) -> None:
    """Say what is wrong with a figure for `indicator`, naming the field."""
    name = indicator_name(indicator.name, indicator.name_fr)
    if indicator.kind == IndicatorKind.choice:
        if text_value is None:
            raise InvalidInput(
                "text_value", i18n.message("reporting.takes_a_choice", indicator=name)
            )
        if text_value not in (indicator.choices or []):
            raise InvalidInput(
                "text_value",
                i18n.message(
                    "reporting.one_of_choices", choices=", ".join(indicator.choices or [])
                ),
            )
        return
    if value is None:
        raise InvalidInput("value", i18n.message("reporting.takes_a_number", indicator=name))
    if indicator.kind == IndicatorKind.integer and value != value.to_integral_value():
        raise InvalidInput(
            "value",
            i18n.message(
                "reporting.whole_units",
                indicator=name,
                unit=indicator_unit(indicator.unit, indicator.unit_fr),
            )
            if indicator.unit
            else i18n.message("reporting.whole_number", indicator=name),
        )
    if indicator.min_value is not None and value < indicator.min_value:
        raise InvalidInput(
            "value",
            i18n.message("errors.validation.at_least", limit=indicator.min_value.normalize()),
        )
    if indicator.max_value is not None and value > indicator.max_value:
        raise InvalidInput(
            "value",
            i18n.message("errors.validation.at_most", limit=indicator.max_value.normalize()),
        )


class IndicatorValueService(ResourceService[IndicatorValue]):
    def before_write(
        self, session: Session, *, record: IndicatorValue, values: dict[str, Any], is_new: bool
    ) -> None:
        ensure_writable(
            session,
            cycle_id=record.reporting_cycle_id,
            action_id=record.action_id,
            organisation_id=record.organisation_id,
        )
        figure_changed = is_new or any(
            key in values and values[key] != getattr(record, key) for key in ("value", "text_value")
        )
        if figure_changed:
            ensure_contribution_open(
                session,
                cycle_id=record.reporting_cycle_id,
                action_id=record.action_id,
                organisation_id=record.organisation_id,
            )
            # The figure now comes from whoever typed it in the web UI.
            record.source = ValueSource.web
            record.source_ref = ""

    def check_rules(
        self, session: Session, *, record: IndicatorValue, changed: set[str], is_new: bool
    ) -> None:
        del changed, is_new
        indicator = session.get(Indicator, record.indicator_id)
        cycle = session.get(ReportingCycle, record.reporting_cycle_id)
        assert indicator is not None and cycle is not None  # references were checked
        if indicator.policy_cycle_id != cycle.policy_cycle_id:
            raise InvalidInput(
                "indicator_id",
                i18n.message(
                    "reporting.indicator_of_other_cycle",
                    indicator=indicator_name(indicator.name, indicator.name_fr),
                ),
            )
        check_figure(indicator, value=record.value, text_value=record.text_value)

    def before_delete(self, session: Session, *, record: IndicatorValue) -> None:
        ensure_writable(
            session,
            cycle_id=record.reporting_cycle_id,
            action_id=record.action_id,
            organisation_id=record.organisation_id,
        )
        ensure_contribution_open(
            session,
            cycle_id=record.reporting_cycle_id,
            action_id=record.action_id,
            organisation_id=record.organisation_id,
        )


indicator_values = IndicatorValueService(
    IndicatorValue,
    filters={
        "country_code": lambda value: IndicatorValue.organisation_id.in_(  # type: ignore[attr-defined]
            select(Organisation.id).where(Organisation.country_code.in_(as_list(value)))  # type: ignore[union-attr]
        ),
    },
)
