"""How an indicator's figures add up: the one rule that the consolidation summary, the totals
kept with a cycle, the consolidated workbook and the Results page all follow, so that they
can never disagree.

An indicator says how (`Indicator.aggregation`): `sum` adds its figures up (arrests, seizures),
`max` takes the largest (countries taking part: each participant reports the action's number,
and adding them up would count each country once per participant), `none` is never totalled
(a figure only meaningful where it was reported). Both rules are decomposable: the total of a
priority is the rule applied to the totals of its countries, or of its actions, so a query may
group by anything and roll the groups up in Python.
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import col

from backend.catalog.models import Aggregation, Indicator, IndicatorKind
from backend.reporting.models import IndicatorValue

# Totals keep the figures' three decimals (SQLite sums doubles: 0.1 + 0.2 is 0.30000000000004).
PRECISION = Decimal("0.001")


def is_totalled(indicator: Indicator) -> bool:
    """Whether the indicator's numbers make totals (choices are counted, not totalled)."""
    return indicator.kind != IndicatorKind.choice and indicator.aggregation != Aggregation.none


def measures() -> tuple[sa.ColumnElement[Any], sa.ColumnElement[Any]]:
    """The SQL measures a group's total is taken from, whatever the rule: (sum, largest)."""
    return sa.func.sum(col(IndicatorValue.value)), sa.func.max(col(IndicatorValue.value))


def figure(value: Any) -> Decimal:
    """A measure read from the database, exact to the figures' decimals."""
    return Decimal(str(value)).quantize(PRECISION).normalize()


def group_total(aggregation: Aggregation, summed: Any, largest: Any) -> Decimal:
    """A group's total from its measures."""
    return figure(largest if aggregation == Aggregation.max else summed)


def combined(aggregation: Aggregation, totals: Iterable[Decimal]) -> Decimal | None:
    """The total of groups from their totals; None when there are none."""
    found = list(totals)
    if not found:
        return None
    if aggregation == Aggregation.max:
        return max(found).normalize()
    return sum(found, Decimal(0)).normalize()
