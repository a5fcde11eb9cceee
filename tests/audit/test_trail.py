"""The audit trail: what each change records, who may read it, and `empact audit verify`."""

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import text
from sqlmodel import Session, col, select
from typer.testing import CliRunner, Result

import backend.database
from backend.access.models import Role, User, UserCreate, UserUpdate
from backend.access.service import create_user, users
from backend.audit import service as audit
from backend.audit.models import AuditAction, AuditEvent, AuditSource
from backend.audit.service import system_actor
from backend.catalog.models import Organisation
from backend.cli import app
from backend.database import get_engine, transaction
from backend.plans.models import OperationalAction, Participation, ParticipationRole
from backend.settings import get_settings
from tests.conftest import TESTER, sign_in

RECENT = dt.timedelta(minutes=1)


def _first_action(client: TestClient) -> dict[str, Any]:
    response = client.get("/api/operational-actions", params={"range": "[0,0]"})
    assert response.status_code == 200, response.text
    action: dict[str, Any] = response.json()[0]
    return action


def _history(client: TestClient, resource: str, record_id: int) -> list[dict[str, Any]]:
    response = client.get(f"/api/{resource}/{record_id}/history")
    assert response.status_code == 200, response.text
    events: list[dict[str, Any]] = response.json()
    return events


def _audit_events(client: TestClient, **filters: object) -> list[dict[str, Any]]:
    response = client.get(
        "/api/audit-events",
        params={"filter": json.dumps(filters), "range": "[0,999]", "sort": '["id","ASC"]'},
    )
    assert response.status_code == 200, response.text
    events: list[dict[str, Any]] = response.json()
    return events


def _is_recent(occurred_at: str) -> bool:
    moment = dt.datetime.fromisoformat(occurred_at)
    assert moment.tzinfo is not None, f"{occurred_at} has no time zone"
    return abs(dt.datetime.now(dt.UTC) - moment) < RECENT


def _latest(session: Session, **where: Any) -> AuditEvent | None:
    query = select(AuditEvent).order_by(col(AuditEvent.id).desc())
    for name, value in where.items():
        query = query.where(getattr(AuditEvent, name) == value)
    return session.exec(query).first()


def _create_organisation(client: TestClient, code: str) -> dict[str, Any]:
    payload = {"code": code, "name": f"Audited body {code}", "kind": "eu_agency"}
    response = client.post("/api/organisations", json=payload)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


class TestRecordHistory:
    def test_an_update_records_who_when_and_only_the_changed_field(
        self, client: TestClient
    ) -> None:
        action = _first_action(client)
        response = client.put(
            f"/api/operational-actions/{action['id']}",
            json={
                "title": "Retitled for the audit trail",
                # Sent but unchanged: it must not show up as a change.
                "description": action["description"],
                "version": action["version"],
            },
        )
        assert response.status_code == 200, response.text
        event = _history(client, "operational-actions", action["id"])[-1]
        assert event["action"] == "update"
        assert event["username"] == TESTER
        assert event["resource"] == "operational-actions"
        assert event["record_id"] == action["id"]
        assert _is_recent(event["occurred_at"])
        assert event["changes"] == {"title": [action["title"], "Retitled for the audit trail"]}

    def test_a_create_records_every_field_with_no_value_before(self, client: TestClient) -> None:
        created = _create_organisation(client, "AUDITC")
        events = _history(client, "organisations", created["id"])
        assert [event["action"] for event in events] == ["create"]
        changes = events[0]["changes"]
        stored = {k: v for k, v in created.items() if k != "version" and v is not None}
        assert changes == {name: [None, value] for name, value in stored.items()}
        assert _is_recent(events[0]["occurred_at"])

    def test_a_delete_records_the_values_before(self, client: TestClient) -> None:
        created = _create_organisation(client, "AUDITD")
        response = client.delete(f"/api/organisations/{created['id']}")
        assert response.status_code == 200, response.text
        events = _audit_events(client, resource="organisations", record_id=created["id"])
        assert [event["action"] for event in events] == ["create", "delete"]
        stored = {k: v for k, v in created.items() if k != "version" and v is not None}
        assert events[-1]["changes"] == {name: [value, None] for name, value in stored.items()}
        assert events[-1]["username"] == TESTER

    def test_a_password_change_is_recorded_without_the_password(
        self, anonymous: TestClient, session: Session
    ) -> None:
        admin = sign_in(anonymous, "admin")
        user = session.exec(select(User).where(col(User.username) == "nec-it")).one()
        response = admin.put(
            f"/api/users/{user.id}",
            json={"password": "a-brand-new-password", "version": user.version},
        )
        assert response.status_code == 200, response.text
        event = _history(admin, "users", user.id or 0)[-1]
        assert event["action"] == "update"
        assert event["changes"] == {"password": ["***", "***"]}
        assert "a-brand-new-password" not in json.dumps(event)


class TestListAuditEvents:
    def test_europol_lists_the_events_of_one_record(self, anonymous: TestClient) -> None:
        europol = sign_in(anonymous, "europol")
        action = _first_action(europol)
        response = europol.put(
            f"/api/operational-actions/{action['id']}",
            json={"title": "Retitled by the support team", "version": action["version"]},
        )
        assert response.status_code == 200, response.text
        events = _audit_events(europol, resource="operational-actions", record_id=action["id"])
        assert events
        assert {(e["resource"], e["record_id"]) for e in events} == {
            ("operational-actions", action["id"])
        }
        assert events[-1]["username"] == "europol"
        assert events[-1]["changes"]["title"][1] == "Retitled by the support team"

    def test_europol_filters_events_by_username(self, anonymous: TestClient) -> None:
        europol = sign_in(anonymous, "europol")
        events = _audit_events(europol, username="europol")
        assert events
        assert {event["username"] for event in events} == {"europol"}
        assert events[-1]["action"] == "login"

    def test_the_list_carries_its_total(self, anonymous: TestClient) -> None:
        europol = sign_in(anonymous, "europol")
        response = europol.get("/api/audit-events", params={"range": "[0,9]"})
        assert response.status_code == 200
        total = int(response.headers["Content-Range"].rsplit("/", 1)[1])
        assert total >= len(response.json()) > 0

    def test_nec_cannot_list_audit_events(self, anonymous: TestClient) -> None:
        nec = sign_in(anonymous, "nec-de")
        assert nec.get("/api/audit-events").status_code == 403

    @pytest.mark.parametrize("method", ["PUT", "DELETE"])
    def test_an_audit_event_cannot_be_changed_through_the_api(
        self, anonymous: TestClient, method: str
    ) -> None:
        europol = sign_in(anonymous, "europol")
        first = _audit_events(europol)[0]
        url = f"/api/audit-events/{first['id']}"
        response = europol.request(method, url, json={"detail": "rewritten"})
        assert response.status_code == 405
        assert europol.get(url).json() == first

    def test_no_audit_event_can_be_added_through_the_api(self, anonymous: TestClient) -> None:
        europol = sign_in(anonymous, "europol")
        response = europol.post("/api/audit-events", json={"detail": "invented"})
        assert response.status_code == 405


class TestRefusalsAreRecorded:
    def test_a_refused_update_is_recorded_although_the_request_failed(
        self, anonymous: TestClient, session: Session
    ) -> None:
        nec = sign_in(anonymous, "nec-de")
        germany = select(col(Organisation.id)).where(col(Organisation.country_code) == "DE")
        action = session.exec(
            select(OperationalAction)
            .join(Participation, col(Participation.action_id) == col(OperationalAction.id))
            .where(
                col(Participation.organisation_id).in_(germany),
                col(Participation.role) == ParticipationRole.participant,
            )
        ).first()
        assert action is not None
        assert nec.get(f"/api/operational-actions/{action.id}").status_code == 200
        response = nec.put(
            f"/api/operational-actions/{action.id}",
            json={"title": "Not the coordinator's to change", "version": action.version},
        )
        assert response.status_code == 403
        event = _latest(session, action="denied", username="nec-de")
        assert event is not None
        assert (event.resource, event.record_id) == ("operational-actions", action.id)
        assert "update" in event.detail

    def test_europol_reads_a_refusal_in_its_own_language(
        self, anonymous: TestClient, session: Session
    ) -> None:
        nec = sign_in(anonymous, "nec-de")
        assert nec.get("/api/audit-events").status_code == 403
        event = _latest(session, action="denied", username="nec-de")
        assert event is not None
        europol = sign_in(anonymous, "europol")
        assert europol.put("/api/auth/me/language", json={"language": "fr"}).status_code == 200
        shown = europol.get(f"/api/audit-events/{event.id}").json()
        # The English text stays in `detail`, sealed; the reader gets theirs.
        assert shown["detail"] == "list refused: the caller's roles do not read these"
        assert shown["description"] == (
            "liste refusée : les rôles de l'utilisateur ne permettent pas de la lire"
        )
        listed = _audit_events(europol, username="nec-de", action="denied")
        assert listed[-1]["description"].startswith("liste refusée")
        assert europol.put("/api/auth/me/language", json={"language": "en"}).status_code == 200
        again = europol.get(f"/api/audit-events/{event.id}").json()
        assert again["description"] == again["detail"]

    def test_a_refused_list_is_recorded(self, anonymous: TestClient, session: Session) -> None:
        nec = sign_in(anonymous, "nec-de")
        assert nec.get("/api/audit-events").status_code == 403
        event = _latest(session, action="denied", username="nec-de")
        assert event is not None
        assert event.resource == "audit-events"


class TestLoginEvents:
    def test_a_wrong_password_records_login_failed_with_the_username(
        self, anonymous: TestClient, session: Session
    ) -> None:
        response = anonymous.post(
            "/api/auth/login", json={"username": "nec-fr", "password": "not-the-password"}
        )
        assert response.status_code == 401
        event = _latest(session, action="login_failed")
        assert event is not None
        assert event.username == "nec-fr"
        assert event.client_address

    def test_an_unknown_username_records_login_failed_with_that_name(
        self, anonymous: TestClient, session: Session
    ) -> None:
        response = anonymous.post(
            "/api/auth/login", json={"username": "Nobody-Known", "password": "not-the-password"}
        )
        assert response.status_code == 401
        event = _latest(session, action="login_failed")
        assert event is not None
        assert event.username == "nobody-known"
        assert event.user_id is None

    def test_a_successful_login_records_login(
        self, anonymous: TestClient, session: Session
    ) -> None:
        user_id = sign_in(anonymous, "nec-fr").get("/api/auth/me").json()["id"]
        event = _latest(session, action="login")
        assert event is not None
        assert (event.username, event.user_id) == ("nec-fr", user_id)
        assert (event.resource, event.record_id) == ("users", user_id)
        assert event.roles == "nec"

    def test_a_logout_records_logout(self, anonymous: TestClient, session: Session) -> None:
        client = sign_in(anonymous, "nec-fr")
        assert client.post("/api/auth/logout").status_code == 204
        event = _latest(session, action="logout")
        assert event is not None
        assert event.username == "nec-fr"


# ---- empact audit verify ---------------------------------------------------------------


def _invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


@contextmanager
def _configured_database(path: Path) -> Iterator[None]:
    """The CLI and `transaction()` pointed at the SQLite file `path`, restored afterwards."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("EMPACT_DATABASE_URL", f"sqlite:///{path.as_posix()}")
        patch.setenv("EMPACT_DATA_DIR", str(path.parent))
        patch.setattr(backend.database, "_engine", None)
        get_settings.cache_clear()
        try:
            yield
        finally:
            if backend.database._engine is not None:
                backend.database._engine.dispose()
    get_settings.cache_clear()


def _make_audited_changes() -> None:
    """A few changes through the services, as the CLI and the flows make them."""
    actor = system_actor(AuditSource.cli)
    with transaction() as session:
        europol = session.exec(
            select(col(Organisation.id)).where(col(Organisation.code) == "EUROPOL")
        ).one()
        assert europol is not None
        for name in ("auditor-one", "auditor-two", "auditor-three"):
            create_user(
                session,
                data=UserCreate(
                    username=name,
                    full_name=f"Auditor {name}",
                    organisation_id=europol,
                    password=SecretStr("a-long-enough-password"),
                ),
                grants=[{"role": Role.europol}],
                actor=actor,
            )
    with transaction() as session:
        user = session.exec(select(User).where(col(User.username) == "auditor-two")).one()
        users.update(
            session,
            id=user.id or 0,
            data=UserUpdate(full_name="Auditor two, renamed", version=user.version),
            actor=actor,
        )


def _event_ids() -> list[int]:
    with get_engine().connect() as connection:
        return list(connection.execute(text("SELECT id FROM audit_events ORDER BY id")).scalars())


@pytest.fixture(scope="module")
def audited_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, seeded SQLite database with a few audited changes, built once."""
    path = tmp_path_factory.mktemp("audit-template") / "empact.db"
    with _configured_database(path):
        for args in (("db", "upgrade"), ("seed", "--demo")):
            result = _invoke(*args)
            assert result.exit_code == 0, f"{result.output}\n{result.exception!r}"
        # The demo's cycles move through the audited workflow services.
        (path.parent / "seeded-events").write_text(str(len(_event_ids())))
        _make_audited_changes()
    return path


@pytest.fixture
def audited_database(audited_template: Path, tmp_path: Path) -> Iterator[Path]:
    """A copy of the template for one test, configured as the CLI's database."""
    path = tmp_path / "empact.db"
    source, target = sqlite3.connect(audited_template), sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    with _configured_database(path):
        yield path


def _execute(statement: str, **values: Any) -> None:
    with get_engine().begin() as connection:
        connection.execute(text(statement), values)


@pytest.mark.usefixtures("audited_database")
class TestAuditVerify:
    def test_an_untouched_trail_is_intact(self, audited_template: Path) -> None:
        events = _event_ids()
        seeded = int((audited_template.parent / "seeded-events").read_text())
        assert seeded > 0
        assert len(events) == seeded + 7  # three users with one grant each, one rename
        result = _invoke("audit", "verify")
        assert result.exit_code == 0, result.output
        assert "intact" in result.output
        assert f"{len(events)} events checked" in result.output

    def test_a_batch_continues_the_chain_in_order_and_is_checked_like_single_events(
        self,
    ) -> None:
        before = _event_ids()
        actor = system_actor(AuditSource.upload, "upload:1")
        with transaction() as session:
            audit.record_many(
                session,
                actor=actor,
                events=[
                    audit.Event(AuditAction.update, "indicator-values", n, {"value": [n, n + 1]})
                    for n in (11, 12, 13)
                ],
            )
            audit.record(session, actor=actor, action=AuditAction.transition, detail="batch end")
        with transaction(write=False) as session:
            added = session.exec(
                select(AuditEvent)
                .where(col(AuditEvent.id) > before[-1])
                .order_by(col(AuditEvent.id))
            ).all()
        assert [e.record_id for e in added] == [11, 12, 13, None]
        assert [e.changes for e in added[:3]] == [{"value": [n, n + 1]} for n in (11, 12, 13)]
        assert all(b.previous_hash == a.hash for a, b in zip(added, added[1:], strict=False))
        result = _invoke("audit", "verify")
        assert result.exit_code == 0, result.output
        assert f"{len(before) + 4} events checked" in result.output

        _execute("UPDATE audit_events SET record_id = 99 WHERE id = :id", id=added[1].id)
        result = _invoke("audit", "verify")
        assert result.exit_code == 1
        assert f"Audit event {added[1].id}: its content was changed" in result.output

    def test_an_edited_detail_breaks_the_trail_at_that_event(self) -> None:
        events = _event_ids()
        edited = events[len(events) // 2]
        _execute("UPDATE audit_events SET detail = 'nothing happened' WHERE id = :id", id=edited)
        result = _invoke("audit", "verify")
        assert result.exit_code == 1
        assert f"Audit event {edited}: its content was changed" in result.output
        assert result.output.count("Audit event ") == 1
        assert "BROKEN" in result.output

    def test_an_edited_message_breaks_the_trail_at_that_event(self) -> None:
        """What each reader is shown is sealed as well as the English detail."""
        with get_engine().connect() as connection:
            keyed = (
                connection.execute(
                    text("SELECT id FROM audit_events WHERE detail_message IS NOT NULL ORDER BY id")
                )
                .scalars()
                .first()
            )
        assert keyed is not None, "the demo's workflow writes keyed messages"
        _execute(
            "UPDATE audit_events SET detail_message = :message WHERE id = :id",
            id=keyed,
            message=json.dumps({"key": "audit.refused.my_work", "params": {}}),
        )
        result = _invoke("audit", "verify")
        assert result.exit_code == 1
        assert f"Audit event {keyed}: its content was changed" in result.output
        assert result.output.count("Audit event ") == 1

    def test_edited_changes_break_the_trail_at_that_event(self) -> None:
        events = _event_ids()
        edited = events[-1]
        _execute(
            "UPDATE audit_events SET changes = :changes WHERE id = :id",
            id=edited,
            changes=json.dumps({"full_name": ["Auditor auditor-two", "Someone else"]}),
        )
        result = _invoke("audit", "verify")
        assert result.exit_code == 1
        assert f"Audit event {edited}: its content was changed" in result.output
        assert result.output.count("Audit event ") == 1

    def test_a_deleted_event_breaks_the_trail_at_the_one_after_it(self) -> None:
        events = _event_ids()
        removed, following = events[2], events[3]
        _execute("DELETE FROM audit_events WHERE id = :id", id=removed)
        result = _invoke("audit", "verify")
        assert result.exit_code == 1
        assert f"Audit event {following}: does not follow the event before it" in result.output
        assert result.output.count("Audit event ") == 1
        assert f"Audit event {removed}:" not in result.output

    def test_a_row_resealed_without_the_server_key_is_caught(self) -> None:
        """Recomputing a plain SHA-256 after an edit does not forge the keyed seal."""
        events = _event_ids()
        edited = events[-1]
        with get_engine().begin() as connection:
            row = connection.execute(
                text("SELECT previous_hash FROM audit_events WHERE id = :id"), {"id": edited}
            ).one()
            forged = hashlib.sha256(f"{row.previous_hash}forged".encode()).hexdigest()
            connection.execute(
                text("UPDATE audit_events SET detail = 'forged', hash = :hash WHERE id = :id"),
                {"hash": forged, "id": edited},
            )
        result = _invoke("audit", "verify")
        assert result.exit_code == 1
        assert f"Audit event {edited}: its content was changed" in result.output

    def test_events_cut_off_at_the_end_are_caught_with_the_noted_head(self) -> None:
        first = _invoke("audit", "verify")
        head = next(line for line in first.output.splitlines() if line.startswith("Head: "))
        noted = head.removeprefix("Head: ").split()[0]
        assert _invoke("audit", "verify", "--expect-head", noted).exit_code == 0
        last = _event_ids()[-1]
        _execute("DELETE FROM audit_events WHERE id = :id", id=last)
        without_head = _invoke("audit", "verify")
        assert without_head.exit_code == 0  # the shortened chain is consistent in itself
        result = _invoke("audit", "verify", "--expect-head", noted)
        assert result.exit_code == 1
        assert f"Audit event {last}: was noted as the head earlier and is gone" in result.output


class TestDeletedRecordHistory:
    def test_europol_still_sees_the_history_of_a_deleted_record(self, client: TestClient) -> None:
        created = _create_organisation(client, "AUDITH")
        assert client.delete(f"/api/organisations/{created['id']}").status_code == 200
        history = _history(client, "organisations", created["id"])
        assert [event["action"] for event in history] == ["create", "delete"]

    def test_others_get_404_for_a_deleted_record(
        self, client: TestClient, anonymous: TestClient
    ) -> None:
        created = _create_organisation(client, "AUDITN")
        assert client.delete(f"/api/organisations/{created['id']}").status_code == 200
        nec = sign_in(TestClient(anonymous.app), "nec-de")
        response = nec.get(f"/api/organisations/{created['id']}/history")
        assert response.status_code == 404


class TestAuditEventTimeFilter:
    def test_events_since_a_time_without_a_zone_are_read_as_utc(self, client: TestClient) -> None:
        response = client.get(
            "/api/audit-events", params={"filter": '{"occurred_at_gte": "2000-01-01T00:00:00"}'}
        )
        assert response.status_code == 200
        assert response.json()
        future = client.get(
            "/api/audit-events",
            params={"filter": '{"occurred_at_gte": "2999-01-01T00:00:00+00:00"}'},
        )
        assert future.status_code == 200
        assert future.json() == []
