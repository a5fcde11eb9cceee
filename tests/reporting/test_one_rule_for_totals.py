"""The four places that show a consolidated cycle's totals — the summary, the totals kept with
the cycle, the consolidated workbook and the Results page — give the same value for every
indicator and priority, each by its indicator's rule: "Countries taking part" is the largest
figure reported, never their sum."""

import re
from decimal import Decimal

from sqlmodel import Session, col, select

from backend.access.models import User
from backend.access.service import principal_of
from backend.catalog.models import Aggregation, Indicator, IndicatorKind, Priority
from backend.plans.models import ActionPlan, OperationalAction
from backend.reporting.models import Consolidation, IndicatorValue, ReportingCycle
from backend.reporting.views import cycle_results
from tests.demo_cycles import CLOSED_CYCLE
from tests.spreadsheets.test_consolidated_workbook import PRIORITY_SHEET, _build, _table


def _cycle(session: Session) -> ReportingCycle:
    return session.exec(
        select(ReportingCycle).where(col(ReportingCycle.code) == CLOSED_CYCLE)
    ).one()


def _expected(session: Session, cycle: ReportingCycle) -> dict[str, dict[str, Decimal]]:
    """{indicator code: {priority code or "all": total}} from the stored figures, each by
    its rule, worked out here from every figure rather than by the code under test."""
    figures: dict[str, dict[str, list[Decimal]]] = {}
    rules: dict[str, Aggregation] = {}
    for code, rule, priority, value in session.exec(
        select(
            col(Indicator.code),
            col(Indicator.aggregation),
            col(Priority.code),
            col(IndicatorValue.value),
        )
        .join(Indicator, col(Indicator.id) == col(IndicatorValue.indicator_id))
        .join(OperationalAction, col(OperationalAction.id) == col(IndicatorValue.action_id))
        .join(ActionPlan, col(ActionPlan.id) == col(OperationalAction.action_plan_id))
        .join(Priority, col(Priority.id) == col(ActionPlan.priority_id))
        .where(
            col(IndicatorValue.reporting_cycle_id) == cycle.id,
            col(IndicatorValue.value).is_not(None),
            col(Indicator.kind) != IndicatorKind.choice,
            col(Indicator.aggregation) != Aggregation.none,
        )
    ).all():
        assert value is not None
        rules[code] = rule
        by_priority = figures.setdefault(code, {})
        by_priority.setdefault(priority, []).append(value)
        by_priority.setdefault("all", []).append(value)
    return {
        code: {
            group: (max(values) if rules[code] == Aggregation.max else sum(values, Decimal(0)))
            for group, values in groups.items()
        }
        for code, groups in figures.items()
    }


def _summary_totals(summary: str, names: dict[str, str]) -> dict[str, Decimal]:
    """The cycle's column of the summary's table of indicators, by indicator code."""
    codes = {name: code for code, name in names.items()}
    found: dict[str, Decimal] = {}
    for line in summary.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 4 and cells[0] in codes and re.fullmatch(r"[\d,.]+", cells[1]):
            found[codes[cells[0]]] = Decimal(cells[1].replace(",", ""))
    return found


def test_summary_stored_totals_workbook_and_results_agree_by_each_indicators_rule(
    session: Session,
) -> None:
    cycle = _cycle(session)
    expected = _expected(session, cycle)
    indicators = {
        indicator.code: indicator
        for indicator in session.exec(
            select(Indicator).where(col(Indicator.policy_cycle_id) == cycle.policy_cycle_id)
        ).all()
    }
    # The demo reports an indicator of each rule.
    rules = {indicators[code].aggregation for code in expected}
    assert rules == {Aggregation.sum, Aggregation.max}, rules
    assert "countries_taking_part" in expected

    kept = session.get(Consolidation, cycle.id)
    assert kept is not None
    stored_all = {code: Decimal(total) for code, total in kept.figures["totals"].items()}
    stored_by_priority = {
        (priority, code): Decimal(total)
        for priority, totals in kept.figures["by_priority"].items()
        for code, total in totals.items()
    }
    summary = _summary_totals(kept.summary, kept.figures["indicator_names"])

    workbook = _table(_build(session, cycle.id)[PRIORITY_SHEET])

    def in_workbook(priority: str, indicator: Indicator) -> Decimal:
        title = f"{indicator.name} ({indicator.unit})"
        # A column of largest figures says so.
        (header,) = [h for h in workbook[priority] if h in (title, f"{title} (largest)")]
        return Decimal(str(workbook[priority][header]))

    europol = session.exec(select(User).where(col(User.username) == "europol")).one()
    principal = principal_of(session, user_id=europol.id or 0)
    assert principal is not None
    results = {
        result.code: result
        for result in cycle_results(session, cycle_id=cycle.id or 0, principal=principal).indicators
    }

    for code, totals in expected.items():
        indicator = indicators[code]
        overall = totals["all"]
        shown = {
            "summary": summary.get(code),
            "stored totals": stored_all.get(code),
            "workbook": in_workbook("All", indicator),
            "results": results[code].total,
        }
        assert shown == dict.fromkeys(shown, overall), (code, shown)
        for priority, total in totals.items():
            if priority == "all":
                continue
            by_results = {p.code: p.value for p in results[code].by_priority}
            shown = {
                "stored totals": stored_by_priority.get((priority, code)),
                "workbook": in_workbook(priority, indicator),
                "results": by_results.get(priority),
            }
            assert shown == dict.fromkeys(shown, total), (code, priority, shown)

    # No more countries take part than there are countries in the EU and beyond it.
    assert expected["countries_taking_part"]["all"] <= 40
