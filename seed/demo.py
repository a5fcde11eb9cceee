"""A deterministic demo that lives relative to the day it is loaded: the 2026-2027 OAPs with
about 285 actions, their accounts, and two reporting cycles (the last closed, one open).

The plans are drawn from one seeded random generator and keyed by natural keys (codes), so
the same demo comes out on every machine; the cycles' dates, the actions' states and every
timestamp follow the day it is loaded (the same day gives the same demo). A second run
inserts nothing and sends nothing.
"""

import datetime as dt

from sqlmodel import Session

from backend.plans.models import ActionPlanCoDriver, OperationalAction, Participation
from backend.settings import Settings
from seed.demo_accounts import DEMO_PASSWORD, demo_accounts, load_accounts
from seed.demo_cycles import cycle_specs, load_cycles
from seed.demo_plans import Action, Plan, generate_plans
from seed.reference import SeedReport, load_reference
from seed.shared import ReferenceIds, ensure_plans
from seed.store import ensure, ensure_links

__all__ = ["DEMO_PASSWORD", "cycle_specs", "demo_accounts", "generate_plans", "load_demo"]


def load_demo(
    session: Session,
    report: SeedReport | None = None,
    *,
    today: dt.date | None = None,
    settings: Settings | None = None,
) -> SeedReport:
    """Load the reference data and the demo as of `today` (by default the real date); its
    emails go out through `settings` (by default the configured SMTP server or outbox).
    Running it again inserts nothing and sends nothing."""
    today = today or dt.datetime.now(dt.UTC).date()
    report = load_reference(session, report)
    ids = ReferenceIds(session)
    plans = generate_plans(ids.topics(), today)

    plan_ids = ensure_plans(session, report, ids, plans)
    count = ensure_links(
        session,
        ActionPlanCoDriver.__table__,  # type: ignore[attr-defined]
        (
            {"action_plan_id": plan_ids[(plan.code,)], "organisation_id": ids.organisation[code]}
            for plan in plans
            for code in plan.co_drivers
        ),
    )
    report.add("action_plan_co_drivers", count)

    action_rows = []
    for plan in plans:
        for action in plan.actions:
            action_rows.append(
                {
                    "action_plan_id": plan_ids[(plan.code,)],
                    "code": action.code,
                    "title": action.title,
                    "description": f"{action.title}: an operational action of the "
                    f"{plan.short_code} operational action plan {plan.code.split()[1]}.",
                    "strategic_goal_id": ids.goal[action.goal_code],
                    "leader_id": ids.organisation[action.leader],
                    "start_date": action.start_date,
                    "end_date": action.end_date,
                    "state": action.state,
                    "expected_results": "Operational results reported each half-year; "
                    "figures as set out in the indicators.",
                    "budget_eur": action.budget_eur,
                    "grant_reference": action.grant_reference,
                }
            )
    action_ids, count = ensure(session, OperationalAction, ["action_plan_id", "code"], action_rows)
    report.add("operational_actions", count)

    def action_id(plan: Plan, action: Action) -> int:
        return action_ids[(plan_ids[(plan.code,)], action.code)]

    participation_ids, count = ensure(
        session,
        Participation,
        ["action_id", "organisation_id"],
        (
            {
                "action_id": action_id(plan, action),
                "organisation_id": ids.organisation[code],
                "role": role,
            }
            for plan in plans
            for action in plan.actions
            for code, role in action.participants.items()
        ),
    )
    report.add("participations", count)
    users = load_accounts(session, report, ids, plans, plan_ids)
    load_cycles(
        session,
        report,
        ids=ids,
        plans=plans,
        action_id=action_id,
        participation_ids=participation_ids,
        users=users,
        today=today,
        settings=settings,
    )
    session.flush()
    return report
