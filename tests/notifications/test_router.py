"""The inbox endpoints: everyone sees, reads and marks only the notifications addressed to them."""

import datetime as dt
import itertools
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlmodel import Session, col, select

from backend.access.models import Role, User, UserCreate
from backend.access.service import create_user
from backend.audit.models import AuditEvent, AuditSource
from backend.audit.service import system_actor
from backend.notifications.models import Notification
from tests.conftest import sign_in
from tests.demo_cycles import OPEN_CYCLE
from tests.factories import make_plan, organisation

PASSWORD = "inbox-password-1"
_unique = itertools.count(1)


def user_named(session: Session, username: str) -> User:
    return session.exec(select(User).where(col(User.username) == username)).one()


def make_notification(session: Session, user: User, **overrides: Any) -> int:
    values: dict[str, Any] = {
        "user_id": user.id,
        "key": f"test-{next(_unique)}",
        "subject": f"Reporting cycle {OPEN_CYCLE} is open",
        "body": "Please enter your figures by 15 July.",
        "created_at": dt.datetime(2026, 6, 15, 8, 0, tzinfo=dt.UTC),
    }
    notification = Notification(**{**values, **overrides})
    session.add(notification)
    session.commit()
    assert notification.id is not None
    return notification.id


def last_audit_event(session: Session) -> int | None:
    return session.exec(select(col(AuditEvent.id)).order_by(col(AuditEvent.id).desc())).first()


def ids_of(session: Session, username: str) -> set[int | None]:
    """Everything in the user's inbox: the demo's messages and the test's own."""
    return set(
        session.exec(
            select(col(Notification.id))
            .join(User, col(User.id) == col(Notification.user_id))
            .where(col(User.username) == username)
        ).all()
    )


def listed(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    response = client.get("/api/notifications", params=params)
    assert response.status_code == 200, response.text
    records: list[dict[str, Any]] = response.json()
    return records


@pytest.fixture
def nec_de(anonymous: TestClient) -> TestClient:
    return sign_in(anonymous, "nec-de")


class TestListNotifications:
    def test_lists_only_the_callers_own(self, nec_de: TestClient, session: Session) -> None:
        own = make_notification(session, user_named(session, "nec-de"))
        foreign = make_notification(session, user_named(session, "nec-fr"))

        ids = {n["id"] for n in listed(nec_de, range="[0,999]")}
        assert ids == ids_of(session, "nec-de")
        assert own in ids and foreign not in ids

    def test_total_counts_only_the_callers_own(self, nec_de: TestClient, session: Session) -> None:
        make_notification(session, user_named(session, "nec-de"))
        make_notification(session, user_named(session, "nec-fr"))

        response = nec_de.get("/api/notifications")
        assert response.headers["Content-Range"].endswith(f"/{len(ids_of(session, 'nec-de'))}")

    def test_newest_first_when_sorted_by_created_at(
        self, nec_de: TestClient, session: Session
    ) -> None:
        me = user_named(session, "nec-de")
        older = make_notification(session, me, created_at=dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
        newer = make_notification(session, me, created_at=dt.datetime(2026, 7, 1, tzinfo=dt.UTC))

        records = listed(nec_de, sort='["created_at","DESC"]', range="[0,999]")
        times = [n["created_at"] for n in records]
        assert times == sorted(times, reverse=True)
        assert [n["id"] for n in records if n["id"] in (newer, older)] == [newer, older]

    def test_unread_filter(self, nec_de: TestClient, session: Session) -> None:
        me = user_named(session, "nec-de")
        unread = make_notification(session, me)
        read = make_notification(session, me, read_at=dt.datetime(2026, 6, 16, tzinfo=dt.UTC))

        records = listed(nec_de, filter=json.dumps({"read_at": None}), range="[0,999]")
        ids = {n["id"] for n in records}
        assert unread in ids and read not in ids
        assert all(n["read_at"] is None for n in records)

    def test_search_in_subject_and_body(self, nec_de: TestClient, session: Session) -> None:
        me = user_named(session, "nec-de")
        returned = make_notification(session, me, subject="Report returned", body="See remarks.")
        make_notification(session, me)

        records = listed(nec_de, filter=json.dumps({"q": "returned"}))
        assert [n["id"] for n in records] == [returned]

    def test_shows_no_owner_key_or_email_state(self, nec_de: TestClient, session: Session) -> None:
        make_notification(session, user_named(session, "nec-de"))

        for record in listed(nec_de):
            assert set(record) == {"id", "reporting_cycle_id", "subject", "body"} | {
                "created_at",
                "read_at",
            }

    def test_signed_out_gets_401(self, anonymous: TestClient) -> None:
        assert anonymous.get("/api/notifications").status_code == 401


class TestGetNotification:
    def test_own(self, nec_de: TestClient, session: Session) -> None:
        own = make_notification(session, user_named(session, "nec-de"), subject="Hello")

        response = nec_de.get(f"/api/notifications/{own}")
        assert response.status_code == 200
        assert response.json()["subject"] == "Hello"

    def test_someone_elses_is_404(self, nec_de: TestClient, session: Session) -> None:
        foreign = make_notification(session, user_named(session, "nec-fr"))

        assert nec_de.get(f"/api/notifications/{foreign}").status_code == 404


class TestMarkRead:
    def test_sets_read_at(self, nec_de: TestClient, session: Session) -> None:
        own = make_notification(session, user_named(session, "nec-de"))

        response = nec_de.post(f"/api/notifications/{own}/read")
        assert response.status_code == 200
        assert response.json()["read_at"] is not None
        notification = session.get(Notification, own)
        assert notification is not None and notification.read_at is not None

    def test_twice_keeps_the_first_time(self, nec_de: TestClient, session: Session) -> None:
        own = make_notification(session, user_named(session, "nec-de"))
        first = nec_de.post(f"/api/notifications/{own}/read").json()["read_at"]

        again = nec_de.post(f"/api/notifications/{own}/read")
        assert again.status_code == 200
        assert again.json()["read_at"] == first

    def test_someone_elses_is_404_and_stays_unread(
        self, nec_de: TestClient, session: Session
    ) -> None:
        foreign = make_notification(session, user_named(session, "nec-fr"))

        assert nec_de.post(f"/api/notifications/{foreign}/read").status_code == 404
        notification = session.get(Notification, foreign)
        assert notification is not None
        session.refresh(notification)
        assert notification.read_at is None

    def test_unknown_id_is_404(self, nec_de: TestClient) -> None:
        assert nec_de.post(f"/api/notifications/{2**31 - 1}/read").status_code == 404

    def test_writes_no_audit_event(self, nec_de: TestClient, session: Session) -> None:
        own = make_notification(session, user_named(session, "nec-de"))
        before = last_audit_event(session)

        nec_de.post(f"/api/notifications/{own}/read")
        assert last_audit_event(session) == before

    def test_without_csrf_token_is_403(self, nec_de: TestClient, session: Session) -> None:
        own = make_notification(session, user_named(session, "nec-de"))
        del nec_de.headers["X-CSRF-Token"]

        assert nec_de.post(f"/api/notifications/{own}/read").status_code == 403


class TestNoWritesThroughTheResource:
    """Notifications are made by the server: nobody creates, edits or deletes them."""

    def test_no_create_update_or_delete(self, nec_de: TestClient, session: Session) -> None:
        own = make_notification(session, user_named(session, "nec-de"))

        assert nec_de.post("/api/notifications", json={"subject": "x"}).status_code == 405
        assert nec_de.put(f"/api/notifications/{own}", json={}).status_code == 405
        assert nec_de.delete(f"/api/notifications/{own}").status_code == 405


def _grant(session: Session, role: Role) -> dict[str, Any]:
    """A grant of `role` with the scope it needs (Germany, or a plan for a driver)."""
    if role == Role.driver:
        return {"role": role, "action_plan_id": make_plan(session).id}
    if role in (Role.leader, Role.participant):
        return {"role": role, "organisation_id": organisation(session, "DE").id}
    if role == Role.nec:
        return {"role": role, "country_code": "DE"}
    return {"role": role}


@pytest.mark.parametrize("role", list(Role))
def test_every_role_reaches_its_own_inbox_only(
    anonymous: TestClient, session: Session, role: Role
) -> None:
    """The policy matrix for `Scope.own`: an own and a foreign message, on every endpoint."""
    user = create_user(
        session,
        data=UserCreate(
            username=f"inbox-{role}-{next(_unique)}",
            full_name=f"Inbox {role}",
            organisation_id=organisation(session, "DE").id or 0,
            password=SecretStr(PASSWORD),
        ),
        grants=[_grant(session, role)],
        actor=system_actor(AuditSource.cli),
    )
    session.commit()
    client = sign_in(TestClient(anonymous.app), user.username, PASSWORD)
    own = make_notification(session, user)
    # Europol's own inbox: even the role that reads everything else cannot read it.
    foreign = make_notification(session, user_named(session, "europol"))

    assert [n["id"] for n in listed(client, filter=json.dumps({"id": [own, foreign]}))] == [own]
    answers = {
        (which, endpoint): call(f"/api/notifications/{record}{endpoint}").status_code
        for which, record in (("own", own), ("foreign", foreign))
        for endpoint, call in (("", client.get), ("/history", client.get), ("/read", client.post))
    }
    assert answers == {
        ("own", ""): 200,
        ("own", "/history"): 200,
        ("own", "/read"): 200,
        ("foreign", ""): 404,
        ("foreign", "/history"): 404,
        ("foreign", "/read"): 404,
    }
