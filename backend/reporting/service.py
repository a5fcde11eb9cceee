"""Queries and rules of reporting cycles and of what is reported in them."""

from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from backend.catalog.models import Indicator, IndicatorKind, Organisation
from backend.errors import InvalidInput
from backend.plans.models import Participation
from backend.reporting.models import (
    ActionReport,
    Contribution,
    IndicatorValue,
    ReportingCycle,
    ReportingCycleCreate,
    ReportState,
    ValueSource,
)
from backend.resources import ResourceService, as_list

reporting_cycles = ResourceService(ReportingCycle, validator=ReportingCycleCreate, search=["code"])

REPORT_TEXT_FIELDS = ("rag_status", "progress", "achievements", "obstacles", "next_steps")


class ActionReportService(ResourceService[ActionReport]):
    def before_write(
        self, session: Session, *, record: ActionReport, values: dict[str, Any], is_new: bool
    ) -> None:
        del session, is_new
        # Writing anything into a report that was not started makes it a draft.
        if record.state == ReportState.not_started and any(
            values.get(field) for field in REPORT_TEXT_FIELDS
        ):
            record.state = ReportState.draft


action_reports = ActionReportService(
    ActionReport,
    search=["progress", "achievements"],
)


class ContributionService(ResourceService[Contribution]):
    def before_write(
        self, session: Session, *, record: Contribution, values: dict[str, Any], is_new: bool
    ) -> None:
        del session, is_new
        if record.state == ReportState.not_started and values.get("narrative"):
            record.state = ReportState.draft


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
    if indicator.kind == IndicatorKind.choice:
        if text_value is None:
            raise InvalidInput("text_value", f"{indicator.code} takes one of its choices")
        if text_value not in (indicator.choices or []):
            raise InvalidInput("text_value", f"must be one of {', '.join(indicator.choices or [])}")
        return
    if value is None:
        raise InvalidInput("value", f"{indicator.code} takes a number")
    if indicator.kind == IndicatorKind.integer and value != value.to_integral_value():
        raise InvalidInput("value", f"{indicator.code} counts whole {indicator.unit or 'items'}")
    if indicator.min_value is not None and value < indicator.min_value:
        raise InvalidInput("value", f"must be at least {indicator.min_value.normalize():f}")
    if indicator.max_value is not None and value > indicator.max_value:
        raise InvalidInput("value", f"must be at most {indicator.max_value.normalize():f}")


class IndicatorValueService(ResourceService[IndicatorValue]):
    def before_write(
        self, session: Session, *, record: IndicatorValue, values: dict[str, Any], is_new: bool
    ) -> None:
        del session
        figure_changed = is_new or any(
            key in values and values[key] != getattr(record, key) for key in ("value", "text_value")
        )
        if figure_changed:  # the figure now comes from whoever typed it in the web UI
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
                "indicator_id", f"{indicator.code} is not an indicator of this reporting cycle"
            )
        check_figure(indicator, value=record.value, text_value=record.text_value)


indicator_values = IndicatorValueService(
    IndicatorValue,
    filters={
        "country_code": lambda value: IndicatorValue.organisation_id.in_(  # type: ignore[attr-defined]
            select(Organisation.id).where(Organisation.country_code.in_(as_list(value)))  # type: ignore[union-attr]
        ),
    },
)
