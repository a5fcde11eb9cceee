"""The one policy: for each resource and operation, which role may act on which records.

`POLICY` is the table; `condition()` turns the caller's grants into one SQL condition on the
resource's table, so that lists, counts, reads and writes all apply the same rule. Deny by
default: a resource or operation missing from the table allows nobody.
"""

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select

from backend.access.models import Role
from backend.catalog.models import Organisation
from backend.plans.models import OperationalAction, Participation, ParticipationRole
from backend.reporting.models import Contribution


class Operation(enum.StrEnum):
    read = "read"
    create = "create"
    update = "update"
    delete = "delete"


class Scope(enum.StrEnum):
    """Which records of a resource a grant reaches."""

    everything = "everything"
    # Records of the grant's action plan.
    plan = "plan"
    # Records of the actions the grant's organisation leads or co-leads.
    led_actions = "led_actions"
    # Records of the grant's country: its own figures, or the actions it takes part in.
    country = "country"
    # Records of the grant's organisation: its own figures, or the actions it takes part in.
    organisation = "organisation"
    # The grant organisation's own figures, in the actions it leads or co-leads.
    own_part_of_led_actions = "own_part_of_led_actions"
    # Records addressed to the signed-in user (their inbox).
    own = "own"


@dataclass(frozen=True)
class Grant:
    role: Role
    action_plan_id: int | None = None
    country_code: str | None = None
    organisation_id: int | None = None


@dataclass(frozen=True)
class Principal:
    """A signed-in user as the policy sees them."""

    user_id: int
    username: str
    organisation_id: int
    grants: tuple[Grant, ...]
    # The language the tool answers this person in.
    language: str = "en"

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(sorted({str(grant.role) for grant in self.grants}))


Rules = dict[Operation, dict[Role, Scope]]

DOMAIN_ROLES = (Role.europol, Role.driver, Role.leader, Role.nec, Role.participant)
EVERYONE_READS = dict.fromkeys(DOMAIN_ROLES, Scope.everything)
REFERENCE_DATA: Rules = {
    Operation.read: EVERYONE_READS,
    Operation.create: {Role.europol: Scope.everything},
    Operation.update: {Role.europol: Scope.everything},
    Operation.delete: {Role.europol: Scope.everything},
}
ACTION_READERS = {
    Role.europol: Scope.everything,
    Role.driver: Scope.plan,
    Role.leader: Scope.led_actions,
    Role.nec: Scope.country,
    Role.participant: Scope.organisation,
}
FIGURE_WRITERS = {
    Role.nec: Scope.country,
    Role.participant: Scope.organisation,
    Role.leader: Scope.own_part_of_led_actions,
}
EUROPOL_ONLY = {Role.europol: Scope.everything}
ADMIN_ONLY = {Role.admin: Scope.everything}

POLICY: dict[str, Rules] = {
    "policy-cycles": REFERENCE_DATA,
    "priorities": REFERENCE_DATA,
    "sub-priorities": REFERENCE_DATA,
    "strategic-goals": REFERENCE_DATA,
    "indicators": REFERENCE_DATA,
    "reporting-cycles": REFERENCE_DATA,
    "organisations": {
        **REFERENCE_DATA,
        # Administrators pick a new user's organisation.
        Operation.read: {**EVERYONE_READS, Role.admin: Scope.everything},
    },
    "action-plans": {
        Operation.read: ACTION_READERS,
        Operation.create: EUROPOL_ONLY,
        Operation.update: EUROPOL_ONLY,
        Operation.delete: EUROPOL_ONLY,
    },
    "operational-actions": {
        Operation.read: ACTION_READERS,
        Operation.create: EUROPOL_ONLY,
        Operation.update: {Role.europol: Scope.everything, Role.leader: Scope.led_actions},
        Operation.delete: EUROPOL_ONLY,
    },
    "participations": {
        Operation.read: ACTION_READERS,
        Operation.create: {Role.europol: Scope.everything, Role.leader: Scope.led_actions},
        Operation.update: {Role.europol: Scope.everything, Role.leader: Scope.led_actions},
        Operation.delete: {Role.europol: Scope.everything, Role.leader: Scope.led_actions},
    },
    "action-reports": {
        Operation.read: ACTION_READERS,
        Operation.create: EUROPOL_ONLY,
        Operation.update: {Role.leader: Scope.led_actions},
        Operation.delete: EUROPOL_ONLY,
    },
    "contributions": {
        Operation.read: ACTION_READERS,
        Operation.create: EUROPOL_ONLY,
        Operation.update: FIGURE_WRITERS,
        Operation.delete: EUROPOL_ONLY,
    },
    "indicator-values": {
        Operation.read: ACTION_READERS,
        Operation.create: FIGURE_WRITERS,
        Operation.update: FIGURE_WRITERS,
        Operation.delete: FIGURE_WRITERS,
    },
    "users": dict.fromkeys(Operation, ADMIN_ONLY),
    "role-grants": dict.fromkeys(Operation, ADMIN_ONLY),
    "audit-events": {
        Operation.read: {Role.europol: Scope.everything, Role.admin: Scope.everything}
    },
    # A country's workbook of a reporting cycle: every figure and narrative of that country.
    "country-workbooks": {
        Operation.read: {Role.europol: Scope.everything, Role.nec: Scope.country}
    },
    # An action's workbook of a reporting cycle: its report and every participant's figures.
    "action-workbooks": {
        Operation.read: {
            Role.europol: Scope.everything,
            Role.driver: Scope.plan,
            Role.leader: Scope.led_actions,
        }
    },
    # The consolidated workbook of a reporting cycle: every total, every country.
    "consolidated-workbooks": {Operation.read: EUROPOL_ONLY},
    # An action plan as a workbook, and a new action plan loaded from one.
    "plan-workbooks": {
        Operation.read: {Role.europol: Scope.everything, Role.driver: Scope.plan},
        Operation.create: EUROPOL_ONLY,
    },
    # Uploaded country workbooks and their plans; a country's coordinators share them.
    "uploads": {
        Operation.read: {Role.europol: Scope.everything, Role.nec: Scope.country},
        Operation.create: {Role.nec: Scope.country},
        Operation.update: {Role.nec: Scope.country},
    },
    # Opening, reminding, closing and consolidating a cycle: flow runs Europol starts.
    "cycle-transitions": {Operation.read: EVERYONE_READS, Operation.update: EUROPOL_ONLY},
    # The flow runs of a cycle, for the cockpit of Europol and the drivers.
    "cycle-runs": {Operation.read: {Role.europol: Scope.everything, Role.driver: Scope.everything}},
    # Leave to write in a closed cycle, for one action or one country.
    "reopenings": {
        Operation.read: {Role.europol: Scope.everything},
        Operation.create: EUROPOL_ONLY,
        Operation.delete: EUROPOL_ONLY,
    },
    # A leader submits its action's report; the driver or Europol returns or accepts it.
    "report-submissions": {
        Operation.read: ACTION_READERS,
        Operation.update: {Role.leader: Scope.led_actions},
    },
    "report-reviews": {
        Operation.read: ACTION_READERS,
        Operation.update: {Role.europol: Scope.everything, Role.driver: Scope.plan},
    },
    # A contributor hands in its contribution: who may write its figures may submit it.
    "contribution-submissions": {
        Operation.read: ACTION_READERS,
        Operation.update: FIGURE_WRITERS,
    },
    # The action's leader, the driver or Europol returns or accepts a submitted contribution.
    "contribution-reviews": {
        Operation.read: ACTION_READERS,
        Operation.update: {
            Role.europol: Scope.everything,
            Role.driver: Scope.plan,
            Role.leader: Scope.led_actions,
        },
    },
    # What the signed-in user has to do now: always about the caller, so every role reads it.
    "my-work": {Operation.read: dict.fromkeys(Role, Scope.everything)},
    # The cockpit's actions x participants matrix of a cycle, and its results charts.
    "cycle-matrix": {Operation.read: {Role.europol: Scope.everything, Role.driver: Scope.plan}},
    "cycle-results": {Operation.read: {Role.europol: Scope.everything, Role.driver: Scope.plan}},
    # The figures grid of a cycle: the figures of one action, plan or country, row by row.
    "figure-grids": {Operation.read: ACTION_READERS, Operation.update: FIGURE_WRITERS},
    # Each person's inbox.
    "notifications": {
        Operation.read: dict.fromkeys(Role, Scope.own),
        Operation.update: dict.fromkeys(Role, Scope.own),
    },
}

# Endpoints below a resource that the policy knows as resources of their own.
ROUTE_RESOURCES = {
    "/api/reporting-cycles/{id}/country-workbook": "country-workbooks",
    "/api/reporting-cycles/{id}/action-workbook": "action-workbooks",
    "/api/reporting-cycles/{id}/consolidated-workbook": "consolidated-workbooks",
    "/api/action-plans/{id}/workbook": "plan-workbooks",
    "/api/action-plans/workbook": "plan-workbooks",
    "/api/reporting-cycles/{id}/runs": "cycle-runs",
    **{
        f"/api/reporting-cycles/{{id}}/{step}": "cycle-transitions"
        for step in ("open", "remind", "close", "consolidate")
    },
    "/api/action-reports/{id}/submit": "report-submissions",
    "/api/action-reports/{id}/return": "report-reviews",
    "/api/action-reports/{id}/accept": "report-reviews",
    "/api/contributions/{id}/submit": "contribution-submissions",
    "/api/contributions/{id}/return": "contribution-reviews",
    "/api/contributions/{id}/accept": "contribution-reviews",
    "/api/my-work": "my-work",
    "/api/reporting-cycles/{id}/matrix": "cycle-matrix",
    "/api/reporting-cycles/{id}/results": "cycle-results",
    "/api/reporting-cycles/{id}/figures": "figure-grids",
}


# ---- how each resource reaches its action plan, action and organisation ------------------

ActionIds = sa.Select[Any]


def _plan_actions(plan_id: int | None) -> ActionIds:
    return select(col(OperationalAction.id)).where(col(OperationalAction.action_plan_id) == plan_id)


def _led_actions(organisation_id: int | None) -> ActionIds:
    return select(col(Participation.action_id)).where(
        col(Participation.organisation_id) == organisation_id,
        col(Participation.role).in_([ParticipationRole.leader, ParticipationRole.co_leader]),
    )


def _organisation_actions(organisation_id: int | None) -> ActionIds:
    return select(col(Participation.action_id)).where(
        col(Participation.organisation_id) == organisation_id
    )


def _country_organisations(country_code: str | None) -> sa.Select[Any]:
    return select(col(Organisation.id)).where(col(Organisation.country_code) == country_code)


def _country_actions(country_code: str | None) -> ActionIds:
    return select(col(Participation.action_id)).where(
        col(Participation.organisation_id).in_(_country_organisations(country_code))
    )


@dataclass(frozen=True)
class Anchor:
    """The columns of a resource's table that scopes are expressed on."""

    action: Callable[[], sa.ColumnElement[int]] | None = None
    organisation: Callable[[], sa.ColumnElement[int]] | None = None
    plan: Callable[[], sa.ColumnElement[int]] | None = None
    country: Callable[[], sa.ColumnElement[str]] | None = None
    user: Callable[[], sa.ColumnElement[int]] | None = None


def _contribution_action() -> sa.ColumnElement[int]:
    return (
        select(col(Participation.action_id))
        .where(col(Participation.id) == col(Contribution.participation_id))
        .scalar_subquery()
    )


def _contribution_organisation() -> sa.ColumnElement[int]:
    return (
        select(col(Participation.organisation_id))
        .where(col(Participation.id) == col(Contribution.participation_id))
        .scalar_subquery()
    )


def _table_column(table: str, column: str) -> Callable[[], sa.ColumnElement[Any]]:
    from backend.database import metadata

    return lambda: metadata.tables[table].c[column]


ANCHORS: dict[str, Anchor] = {
    "action-plans": Anchor(plan=_table_column("action_plans", "id")),
    "operational-actions": Anchor(action=_table_column("operational_actions", "id")),
    "participations": Anchor(action=_table_column("participations", "action_id")),
    "action-reports": Anchor(action=_table_column("action_reports", "action_id")),
    "contributions": Anchor(action=_contribution_action, organisation=_contribution_organisation),
    "indicator-values": Anchor(
        action=_table_column("indicator_values", "action_id"),
        organisation=_table_column("indicator_values", "organisation_id"),
    ),
    "action-workbooks": Anchor(action=_table_column("operational_actions", "id")),
    "plan-workbooks": Anchor(plan=_table_column("action_plans", "id")),
    "uploads": Anchor(country=_table_column("uploads", "country")),
    "report-submissions": Anchor(action=_table_column("action_reports", "action_id")),
    "report-reviews": Anchor(action=_table_column("action_reports", "action_id")),
    "notifications": Anchor(user=_table_column("notifications", "user_id")),
    "contribution-submissions": Anchor(
        action=_contribution_action, organisation=_contribution_organisation
    ),
    "contribution-reviews": Anchor(
        action=_contribution_action, organisation=_contribution_organisation
    ),
    # Both read models join the operational actions whose rows they show or add up.
    "cycle-matrix": Anchor(
        action=_table_column("operational_actions", "id"),
        plan=_table_column("operational_actions", "action_plan_id"),
    ),
    "cycle-results": Anchor(
        action=_table_column("operational_actions", "id"),
        plan=_table_column("operational_actions", "action_plan_id"),
    ),
    # The grid's rows are participations: their action and organisation.
    "figure-grids": Anchor(
        action=_table_column("participations", "action_id"),
        organisation=_table_column("participations", "organisation_id"),
    ),
}


def _plans_of(actions: ActionIds) -> sa.Select[Any]:
    return select(col(OperationalAction.action_plan_id)).where(
        col(OperationalAction.id).in_(actions)
    )


def _scoped(
    resource: str, scope: Scope, grant: Grant, principal: Principal
) -> sa.ColumnElement[bool]:
    if scope == Scope.everything:
        return sa.true()
    anchor = ANCHORS.get(resource)
    if anchor is None:  # a scope on a resource that has none reaches nothing
        return sa.false()
    if scope == Scope.own:
        return anchor.user() == principal.user_id if anchor.user is not None else sa.false()
    actions: ActionIds
    if scope == Scope.plan:
        if anchor.plan is not None:
            return anchor.plan() == grant.action_plan_id
        actions = _plan_actions(grant.action_plan_id)
    elif scope == Scope.led_actions:
        actions = _led_actions(grant.organisation_id)
    elif scope == Scope.own_part_of_led_actions:
        if anchor.organisation is None or anchor.action is None:
            return sa.false()
        return sa.and_(
            anchor.action().in_(_led_actions(grant.organisation_id)),
            anchor.organisation() == grant.organisation_id,
        )
    elif scope == Scope.country:
        if anchor.country is not None:
            return anchor.country() == grant.country_code
        if anchor.organisation is not None:
            return anchor.organisation().in_(_country_organisations(grant.country_code))
        actions = _country_actions(grant.country_code)
    elif scope == Scope.organisation:
        if anchor.organisation is not None:
            return anchor.organisation() == grant.organisation_id
        actions = _organisation_actions(grant.organisation_id)
    else:  # pragma: no cover - every Scope member is handled above
        raise ValueError(scope)
    if anchor.action is not None:
        return anchor.action().in_(actions)
    assert anchor.plan is not None
    return anchor.plan().in_(_plans_of(actions))


def condition(principal: Principal, resource: str, operation: Operation) -> sa.ColumnElement[bool]:
    """The records of `resource` that `principal` may `operation`; false() when none."""
    rules = POLICY.get(resource, {}).get(operation, {})
    parts = [
        _scoped(resource, rules[grant.role], grant, principal)
        for grant in principal.grants
        if grant.role in rules
    ]
    if any(part is sa.true() or isinstance(part, sa.sql.elements.True_) for part in parts):
        return sa.true()
    return sa.or_(*parts) if parts else sa.false()


def may_for_country(
    principal: Principal, resource: str, operation: Operation, *, country: str
) -> bool:
    """Whether a grant reaches everything of `country` (for documents made per country)."""
    rules = POLICY.get(resource, {}).get(operation, {})
    for grant in principal.grants:
        scope = rules.get(grant.role)
        if scope == Scope.everything:
            return True
        if scope == Scope.country and grant.country_code == country:
            return True
    return False


def may(principal: Principal, resource: str, operation: Operation) -> bool:
    """Whether any of the principal's grants allows `operation` on some `resource` record."""
    rules = POLICY.get(resource, {}).get(operation, {})
    return any(grant.role in rules for grant in principal.grants)
