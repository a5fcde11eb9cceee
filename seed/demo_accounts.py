"""The demo's accounts: Europol, coordinators, leaders and a driver per plan, with grants."""

from collections.abc import Sequence
from typing import Any

from pydantic import SecretStr
from sqlmodel import Session

from backend.access.models import Role, RoleGrant, User
from backend.access.service import hash_password
from seed.demo_plans import Plan
from seed.reference import SeedReport
from seed.shared import ReferenceIds
from seed.store import ensure, existing_ids

DEMO_PASSWORD = "demo-password"


def demo_accounts(plans: Sequence[Plan]) -> list[dict[str, Any]]:
    """The demo's users: username, name, organisation code and grants."""
    accounts: list[dict[str, Any]] = [
        {
            "username": "admin",
            "name": "Account administrator",
            "organisation": "EUROPOL",
            "grants": [{"role": Role.admin}],
        },
        {
            "username": "europol",
            "name": "EMPACT support team",
            "organisation": "EUROPOL",
            "grants": [{"role": Role.europol}],
        },
    ]
    for country in ("DE", "FR", "IT"):
        accounts.append(
            {
                "username": f"nec-{country.lower()}",
                "name": f"National EMPACT coordinator {country}",
                "organisation": country,
                "grants": [{"role": Role.nec, "country_code": country}],
            }
        )
    for country in ("DE", "FR"):
        accounts.append(
            {
                "username": f"leader-{country.lower()}",
                "name": f"Action leader {country}",
                "organisation": country,
                "grants": [{"role": Role.leader, "organisation": country}],
            }
        )
    for plan in plans:
        accounts.append(
            {
                "username": f"driver-{plan.short_code.lower()}",
                "name": f"Driver of {plan.short_code}",
                "organisation": plan.driver,
                "grants": [{"role": Role.driver, "plan": plan.code}],
            }
        )
    return accounts


def load_accounts(
    session: Session,
    report: SeedReport,
    ids: ReferenceIds,
    plans: list[Plan],
    plan_ids: dict[tuple[Any, ...], int],
) -> dict[str, int]:
    """The accounts and their grants, inserted when missing; user ids by username."""
    accounts = demo_accounts(plans)
    stored = existing_ids(session, User, ["username"])
    user_ids, count = ensure(
        session,
        User,
        ["username"],
        (
            {
                "username": account["username"],
                "full_name": account["name"],
                # A reserved domain (RFC 2606): the demo's mail goes to the outbox folder.
                "email": f"{account['username']}@example.org",
                "organisation_id": ids.organisation[account["organisation"]],
                # Hashed only for accounts still missing: a re-run changes nothing.
                "password_hash": hash_password(SecretStr(DEMO_PASSWORD)),
            }
            for account in accounts
            if (account["username"],) not in stored
        ),
    )
    report.add("users", count)
    grants = [
        {
            "user_id": user_ids[(account["username"],)],
            "role": grant["role"],
            "action_plan_id": plan_ids[(grant["plan"],)] if "plan" in grant else None,
            "country_code": grant.get("country_code"),
            "organisation_id": ids.organisation[grant["organisation"]]
            if "organisation" in grant
            else None,
        }
        for account in accounts
        for grant in account["grants"]
    ]
    _, count = ensure(
        session,
        RoleGrant,
        ["user_id", "role", "action_plan_id", "country_code", "organisation_id"],
        grants,
    )
    report.add("role_grants", count)
    return {username: user_id for (username,), user_id in user_ids.items()}
