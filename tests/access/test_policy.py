"""The authorization matrix, generated from the policy table and the app's routes.

Every role calls every endpoint on a record of its own and on a foreign one. "Own" records
hang off an action plan driven for the driver, an action led by Germany, and German
figures; "foreign" ones off a French-led action in another plan. The expected answer comes
from `POLICY` alone: 404 where the role may not read, 403 where it may read but not act.
"""

import datetime as dt
import hashlib
import io
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from pydantic import SecretStr
from sqlmodel import Session, col, select

from backend.access.models import Role, RoleGrant, User, UserCreate
from backend.access.policy import POLICY, ROUTE_RESOURCES, Operation, Scope
from backend.access.service import create_user
from backend.audit.models import AuditEvent, AuditSource
from backend.audit.service import system_actor
from backend.catalog.models import SubPriority
from backend.notifications.models import Notification
from backend.plans.models import Participation
from backend.reporting.models import CycleState, Reopening
from backend.spreadsheets.country_workbook import build_country_workbook
from backend.spreadsheets.metadata import read_metadata
from backend.spreadsheets.models import Upload, UploadFile, UploadStatus
from backend.spreadsheets.plan_workbook import build_plan_workbook, code_lists, plan_content
from backend.spreadsheets.service import country_report
from tests.conftest import sign_in
from tests.factories import (
    make_action,
    make_contribution,
    make_goal,
    make_indicator,
    make_organisation,
    make_participation,
    make_plan,
    make_policy_cycle,
    make_priority,
    make_report,
    make_reporting_cycle,
    make_value,
    organisation,
)

PASSWORD = "matrix-password-1"
_unique = itertools.count(1)


def route_operations(app: Any) -> list[tuple[str, str, str, Operation]]:
    """(method, path, resource, operation) for every policed /api endpoint.

    Read from the OpenAPI document, which lists every route the app serves.
    """
    found = []
    for path, methods in app.openapi()["paths"].items():
        parts = path.removeprefix("/api/").split("/")
        if not path.startswith("/api/") or parts[0] in ("health", "auth"):
            continue
        for method in sorted(methods):
            operation = {
                "get": Operation.read,
                # A POST on a record (/{id}/apply) changes that record.
                "post": Operation.update if "{id}" in path else Operation.create,
                "put": Operation.update,
                "delete": Operation.delete,
            }[method]
            resource = ROUTE_RESOURCES.get(path, parts[0])
            found.append((method.upper(), path, resource, operation))
    return found


def test_every_endpoint_has_a_policy_entry(anonymous: TestClient) -> None:
    missing = [
        f"{method} {path}"
        for method, path, resource, operation in route_operations(anonymous.app)
        if operation not in POLICY.get(resource, {})
    ]
    assert missing == []


@dataclass
class World:
    session: Session
    # Ids as the factories give them (typed optional by the models).
    cycle_id: Any
    priority_id: Any
    goal_id: Any
    indicator_id: Any
    plans: dict[str, Any] = field(default_factory=dict)
    actions: dict[str, Any] = field(default_factory=dict)
    leaders: dict[str, Any] = field(default_factory=dict)

    def org(self, which: str) -> Any:
        return self.leaders[which]

    def cycle(self, state: CycleState = CycleState.planned) -> Any:
        return make_reporting_cycle(self.session, policy_cycle_id=self.cycle_id, state=state).id

    def workbook(self, which: str) -> bytes:
        """The country workbook of an open cycle, of Germany (own) or France (foreign)."""
        report = country_report(
            self.session,
            cycle_id=self.cycle(CycleState.open),
            country="DE" if which == "own" else "FR",
        )
        return build_country_workbook(report, generated_by="matrix")

    def upload(self, which: str) -> Any:
        """A planned upload of the own or the foreign country's workbook."""
        data = self.workbook(which)
        metadata = read_metadata(load_workbook(io.BytesIO(data)))
        upload = Upload(
            user_id=self.user().id or 0,
            filename=f"{which}.xlsx",
            sha256=hashlib.sha256(data).hexdigest(),
            template=metadata.template,
            reporting_cycle_id=metadata.fields["reporting_cycle_id"],
            country=metadata.fields["country"],
            status=UploadStatus.planned,
            created_at=dt.datetime.now(dt.UTC),
        )
        upload_id = _store(self.session, upload)
        self.session.add(UploadFile(upload_id=upload_id, content=data))
        self.session.commit()
        return upload_id

    def plan_workbook(self, which: str) -> bytes:
        """The own or the foreign plan as a workbook, under new codes: a new plan to load."""
        content = plan_content(self.session, plan_id=self.plans[which], scope=sa.true())
        assert content is not None
        content.values["code"] = content.values["short_code"] = _code()
        return build_plan_workbook(content, code_lists(self.session), generated_by="matrix")

    def participation(self, which: str) -> Any:
        return self.session.exec(
            select(col(Participation.id)).where(
                col(Participation.action_id) == self.actions[which],
                col(Participation.organisation_id) == self.org(which),
            )
        ).one()

    def user(self) -> User:
        return create_user(
            self.session,
            data=UserCreate(
                username=f"matrix-user-{next(_unique)}",
                full_name="Someone",
                organisation_id=self.org("own"),
                password=SecretStr(PASSWORD),
            ),
            grants=[],
            actor=system_actor(AuditSource.cli),
        )


def build_world(session: Session) -> World:
    cycle = make_policy_cycle(session)
    world = World(
        session=session,
        cycle_id=cycle.id,
        priority_id=make_priority(session, policy_cycle_id=cycle.id).id,
        goal_id=make_goal(session, policy_cycle_id=cycle.id).id,
        indicator_id=make_indicator(session, policy_cycle_id=cycle.id).id,
    )
    for which, country in (("own", "DE"), ("foreign", "FR")):
        leader = organisation(session, country)
        plan = make_plan(session, priority_id=world.priority_id, driver_id=leader.id)
        action = make_action(
            session, action_plan_id=plan.id, strategic_goal_id=world.goal_id, leader_id=leader.id
        )
        world.plans[which] = plan.id
        world.actions[which] = action.id
        world.leaders[which] = leader.id
    return world


def _code() -> str:
    return f"M{next(_unique)}"


# A fresh stored record of each resource, on the own or the foreign side.
FRESH: dict[str, Callable[[World, str], Any]] = {
    "policy-cycles": lambda w, _: make_policy_cycle(w.session).id,
    "priorities": lambda w, _: make_priority(w.session).id,
    "sub-priorities": lambda w, _: _store(
        w.session, SubPriority(priority_id=w.priority_id, code=_code(), name="Part")
    ),
    "strategic-goals": lambda w, _: make_goal(w.session).id,
    "organisations": lambda w, _: make_organisation(w.session).id,
    "indicators": lambda w, _: make_indicator(w.session).id,
    "reporting-cycles": lambda w, _: make_reporting_cycle(w.session).id,
    "action-plans": lambda w, which: (
        make_plan(w.session, priority_id=w.priority_id, driver_id=w.org(which)).id
        if which == "foreign"
        else w.plans["own"]
    ),
    "operational-actions": lambda w, which: (
        make_action(
            w.session,
            action_plan_id=w.plans[which],
            strategic_goal_id=w.goal_id,
            leader_id=w.org(which),
        ).id
    ),
    "participations": lambda w, which: (
        make_participation(
            w.session,
            action_id=w.actions[which],
            organisation_id=make_organisation(
                w.session, kind="member_state", country_code="DE" if which == "own" else "FR"
            ).id,
        ).id
    ),
    "action-reports": lambda w, which: (
        make_report(w.session, reporting_cycle_id=w.cycle(), action_id=w.actions[which]).id
    ),
    "contributions": lambda w, which: (
        make_contribution(
            w.session, reporting_cycle_id=w.cycle(), participation_id=w.participation(which)
        ).id
    ),
    "indicator-values": lambda w, which: (
        make_value(
            w.session,
            reporting_cycle_id=w.cycle(),
            action_id=w.actions[which],
            organisation_id=w.org(which),
            indicator_id=w.indicator_id,
            value=Decimal(3),
        ).id
    ),
    "users": lambda w, _: w.user().id,
    "role-grants": lambda w, _: _store(
        w.session,
        RoleGrant(user_id=w.user().id or 0, role=Role.europol),
    ),
    "country-workbooks": lambda w, _: w.cycle(),
    "action-workbooks": lambda w, _: w.cycle(),
    "consolidated-workbooks": lambda w, _: w.cycle(),
    "uploads": lambda w, which: w.upload(which),
    "plan-workbooks": lambda w, which: FRESH["action-plans"](w, which),
    "reopenings": lambda w, which: _store(
        w.session,
        Reopening(
            reporting_cycle_id=w.cycle(CycleState.closed),
            country_code="DE" if which == "own" else "FR",
            reason="Late figures",
            until=dt.date(2099, 12, 31),
            granted_at=dt.datetime.now(dt.UTC),
        ),
    ),
    # Someone else's message: Scope.own reaches none of them (tests/notifications covers the
    # owner's own messages).
    "notifications": lambda w, _: _store(
        w.session,
        Notification(
            user_id=w.user().id or 0,
            key=_code(),
            subject="Matrix",
            body="Matrix",
            created_at=dt.datetime.now(dt.UTC),
        ),
    ),
    "cycle-transitions": lambda w, _: w.cycle(),
    "cycle-runs": lambda w, _: w.cycle(),
    "report-submissions": lambda w, which: FRESH["action-reports"](w, which),
    "report-reviews": lambda w, which: FRESH["action-reports"](w, which),
    "contribution-submissions": lambda w, which: FRESH["contributions"](w, which),
    "contribution-reviews": lambda w, which: FRESH["contributions"](w, which),
    "my-work": lambda w, _: w.cycle(),
    "cycle-matrix": lambda w, _: w.cycle(),
    "cycle-results": lambda w, _: w.cycle(),
    "figure-grids": lambda w, _: w.cycle(),
    "audit-events": lambda w, _: w.session.exec(
        select(col(AuditEvent.id)).order_by(col(AuditEvent.id).desc())
    ).first(),
}


# Query parameters that choose the own or the foreign part of a document endpoint.
QUERY: dict[str, Callable[[World, str], dict[str, Any]]] = {
    "country-workbooks": lambda _, which: {"country": "DE" if which == "own" else "FR"},
    "action-workbooks": lambda w, which: {"action": w.actions[which]},
    "cycle-matrix": lambda w, which: {"plan": w.plans[which]},
    "cycle-results": lambda w, which: {"plan": w.plans[which]},
    "figure-grids": lambda w, which: {"action": w.actions[which]},
}

# Resources created by uploading a file: NEW gives the file's bytes.
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOADED = {"uploads", "plan-workbooks"}
# Endpoints that answer a document, not a list, although they name no record.
DOCUMENTS = {"/api/action-plans/workbook", "/api/my-work"}
# Endpoints whose scope is each row they are sent: tests/reporting/test_figure_grid.py tries
# every role on own and foreign rows.
ROW_SCOPED = {("PUT", "/api/reporting-cycles/{id}/figures")}


def _store(session: Session, record: Any) -> Any:
    session.add(record)
    session.commit()
    return record.id


# A valid new record of each resource that can be created, own or foreign.
NEW: dict[str, Callable[[World, str], Any]] = {
    "policy-cycles": lambda _w, _: {
        "code": _code() + "-X",
        "name": "Cycle",
        "start_year": 2030,
        "end_year": 2033,
    },
    "priorities": lambda w, _: {"policy_cycle_id": w.cycle_id, "code": _code(), "name": "P"},
    "sub-priorities": lambda w, _: {"priority_id": w.priority_id, "code": _code(), "name": "S"},
    "strategic-goals": lambda w, _: {"policy_cycle_id": w.cycle_id, "code": _code(), "name": "G"},
    "organisations": lambda _w, _: {"code": _code(), "name": "Body", "kind": "eu_agency"},
    "indicators": lambda w, _: {
        "policy_cycle_id": w.cycle_id,
        "code": f"kpi_m{next(_unique)}",
        "name": "K",
        "kind": "integer",
    },
    "reporting-cycles": lambda w, _: {
        "policy_cycle_id": w.cycle_id,
        "code": f"{2100 + next(_unique) % 800}-Q1",
        "period_start": "2030-01-01",
        "period_end": "2030-03-31",
        "opens_on": "2030-04-01",
        "due_on": "2030-04-15",
        "closes_on": "2030-04-30",
    },
    "action-plans": lambda w, which: {
        "priority_id": w.priority_id,
        "code": _code(),
        "short_code": _code(),
        "name": "Plan",
        "period": "2026-2027",
        "driver_id": w.org(which),
    },
    "operational-actions": lambda w, which: {
        "action_plan_id": w.plans[which],
        "code": f"OA 9.{next(_unique) % 999}",
        "title": "New action",
        "strategic_goal_id": w.goal_id,
        "leader_id": w.org(which),
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
    },
    "participations": lambda w, which: {
        "action_id": w.actions[which],
        "organisation_id": make_organisation(w.session).id,
    },
    "action-reports": lambda w, which: {
        "reporting_cycle_id": w.cycle(),
        "action_id": w.actions[which],
    },
    "contributions": lambda w, which: {
        "reporting_cycle_id": w.cycle(),
        "participation_id": w.participation(which),
    },
    "indicator-values": lambda w, which: {
        "reporting_cycle_id": w.cycle(),
        "action_id": w.actions[which],
        "organisation_id": w.org(which),
        "indicator_id": w.indicator_id,
        "value": 5,
    },
    "users": lambda w, _: {
        "username": f"matrix-new-{next(_unique)}",
        "full_name": "New",
        "organisation_id": w.org("own"),
        "password": PASSWORD,
    },
    "role-grants": lambda w, _: {"user_id": w.user().id, "role": "europol"},
    "uploads": lambda w, which: w.workbook(which),
    "plan-workbooks": lambda w, which: w.plan_workbook(which),
    "reopenings": lambda w, which: {
        "reporting_cycle_id": w.cycle(CycleState.closed),
        "country_code": "DE" if which == "own" else "FR",
        "reason": "Late figures",
        "until": "2099-12-31",
    },
}

ROLE_GRANTS: dict[Role, Callable[[World], dict[str, Any]]] = {
    Role.admin: lambda _: {"role": Role.admin},
    Role.europol: lambda _: {"role": Role.europol},
    Role.driver: lambda w: {"role": Role.driver, "action_plan_id": w.plans["own"]},
    Role.leader: lambda w: {"role": Role.leader, "organisation_id": w.org("own")},
    Role.nec: lambda _: {"role": Role.nec, "country_code": "DE"},
    Role.participant: lambda w: {"role": Role.participant, "organisation_id": w.org("own")},
}


# The record a new one hangs off (its foreign key), for the resources whose records do.
PARENT = {
    "participations": "operational-actions",
    "contributions": "participations",
    "indicator-values": "participations",
}


def expected_allowed(resource: str, operation: Operation, role: Role, which: str) -> bool:
    scope = POLICY.get(resource, {}).get(operation, {}).get(role)
    # The matrix's records all belong to a third person, so "own" scopes reach none of them.
    return scope is not None and (
        scope == Scope.everything or (which == "own" and scope != Scope.own)
    )


def signed_in_as(anonymous: TestClient, world: World, role: Role) -> TestClient:
    user = create_user(
        world.session,
        data=UserCreate(
            username=f"matrix-{role}-{next(_unique)}",
            full_name=f"Matrix {role}",
            organisation_id=world.org("own"),
            password=SecretStr(PASSWORD),
        ),
        grants=[ROLE_GRANTS[role](world)],
        actor=system_actor(AuditSource.cli),
    )
    world.session.commit()
    return sign_in(TestClient(anonymous.app), user.username, PASSWORD)


@pytest.mark.parametrize("resource", sorted(POLICY))
def test_every_role_on_own_and_foreign_records(
    anonymous: TestClient, session: Session, resource: str
) -> None:
    world = build_world(session)
    records = {which: FRESH[resource](world, which) for which in ("own", "foreign")}
    routes = [
        r
        for r in route_operations(anonymous.app)
        if r[2] == resource and (r[0], r[1]) not in ROW_SCOPED
    ]
    assert routes, f"{resource} has a policy but no endpoint"
    clients = {role: signed_in_as(anonymous, world, role) for role in Role}
    reader = clients[Role.admin if resource in ("users", "role-grants") else Role.europol]
    mismatches = []
    for (method, path, _, operation), role, which in itertools.product(
        routes, list(Role), ("own", "foreign")
    ):
        client = clients[role]
        readable = expected_allowed(resource, Operation.read, role, which)
        allowed = expected_allowed(resource, operation, role, which)
        record_id = records[which]
        if method == "GET" and "{id}" in path:
            query = QUERY[resource](world, which) if resource in QUERY else None
            response = client.get(path.replace("{id}", str(record_id)), params=query)
            expected = {200} if readable else {404}
        elif method == "GET":
            response = client.get(path, params={"filter": f'{{"id": [{record_id}]}}'})
            expected = {200} if POLICY[resource][Operation.read].get(role) else {403}
            if response.status_code == 200 and path not in DOCUMENTS:
                listed = [record["id"] for record in response.json()]
                if listed != ([record_id] if readable else []):
                    mismatches.append(f"{role} lists {listed} of {resource} {which} {record_id}")
        elif method == "POST" and "{id}" in path:
            response = client.post(path.replace("{id}", str(FRESH[resource](world, which))))
            # 409 means the policy let it through and the record's state stopped it; a
            # cycle's flow run is accepted (202), or 503 without a Prefect server here.
            allowed_answers = {202, 503} if resource == "cycle-transitions" else {200, 409}
            expected = allowed_answers if allowed else ({403} if readable else {404})
        elif method == "POST" and resource in UPLOADED:
            data = NEW[resource](world, which)
            response = client.post(path, files={"file": ("matrix.xlsx", data, XLSX)})
            expected = {201} if allowed else {403}
        elif method == "POST":
            response = client.post(path, json=NEW[resource](world, which))
            # A record hanging off one the caller may not read names, to the caller, a record
            # that does not exist: the same 422 as for an unknown id, never a 403 that tells.
            # (A role that may create none of them is told so first: that names no record.)
            parent = PARENT.get(resource)
            creates = POLICY[resource][Operation.create].get(role) is not None
            hidden = (
                creates
                and parent is not None
                and not expected_allowed(parent, Operation.read, role, which)
            )
            expected = {201} if allowed else ({422} if hidden else {403})
        elif method == "PUT":
            body = reader.get(f"/api/{resource}/{record_id}").json()
            response = client.put(path.replace("{id}", str(record_id)), json=body)
            expected = {200} if allowed else ({403} if readable else {404})
        else:
            target = FRESH[resource](world, which) if resource != "audit-events" else record_id
            response = client.delete(path.replace("{id}", str(target)))
            # 409 means the policy let it through and a rule of the data stopped it.
            expected = {200, 409} if allowed else ({403} if readable else {404})
        if response.status_code not in expected:
            mismatches.append(
                f"{role} {method} {path} on {which}: {response.status_code}, expected "
                f"{sorted(expected)}: {response.text[:160]}"
            )
    assert mismatches == []
