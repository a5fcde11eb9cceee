"""Each person's language: chosen by themselves or by an administrator, and used to answer them."""

import json
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from backend.audit.models import AuditEvent
from backend.deps import CSRF_HEADER
from tests.conftest import sign_in
from tests.factories import organisation


def _choose(client: TestClient, language: str) -> Any:
    return client.put("/api/auth/me/language", json={"language": language})


def _user(admin: TestClient, username: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = admin.get(
        "/api/users", params={"filter": json.dumps({"username": username})}
    ).json()
    return found[0]


class TestMyLanguage:
    def test_a_new_session_reads_english_by_default(self, anonymous: TestClient) -> None:
        me = sign_in(anonymous, "nec-de").get("/api/auth/me")
        assert me.json()["language"] == "en"

    def test_choosing_french_is_kept_and_answered_by_me(self, anonymous: TestClient) -> None:
        nec = sign_in(anonymous, "nec-de")
        response = _choose(nec, "fr")
        assert response.status_code == 200, response.text
        assert response.json()["language"] == "fr"
        assert nec.get("/api/auth/me").json()["language"] == "fr"

    def test_the_choice_survives_signing_in_again(self, anonymous: TestClient) -> None:
        _choose(sign_in(anonymous, "nec-de"), "fr")
        anonymous.post("/api/auth/logout")
        again = sign_in(anonymous, "nec-de")
        assert again.get("/api/auth/me").json()["language"] == "fr"

    def test_the_choice_is_written_to_the_audit_trail(
        self, anonymous: TestClient, session: Session
    ) -> None:
        nec = sign_in(anonymous, "nec-de")
        user_id = nec.get("/api/auth/me").json()["id"]
        _choose(nec, "fr")
        events = session.exec(
            select(AuditEvent).where(
                col(AuditEvent.resource) == "users", col(AuditEvent.record_id) == user_id
            )
        ).all()
        assert [event.changes for event in events if event.action == "update"] == [
            {"language": ["en", "fr"]}
        ]

    def test_a_language_the_tool_does_not_speak_is_422(self, anonymous: TestClient) -> None:
        response = _choose(sign_in(anonymous, "nec-de"), "de")
        assert response.status_code == 422
        assert [field["field"] for field in response.json()["fields"]] == ["language"]

    def test_without_the_csrf_header_the_choice_is_refused(self, anonymous: TestClient) -> None:
        nec = sign_in(anonymous, "nec-de")
        del nec.headers[CSRF_HEADER]
        assert _choose(nec, "fr").status_code == 403
        nec.headers[CSRF_HEADER] = nec.cookies["csrftoken"]
        assert nec.get("/api/auth/me").json()["language"] == "en"

    def test_errors_come_back_in_the_chosen_language_whatever_the_browser_asks(
        self, anonymous: TestClient
    ) -> None:
        nec = sign_in(anonymous, "nec-de")
        _choose(nec, "fr")
        response = nec.get("/api/action-reports/999999", headers={"Accept-Language": "en"})
        assert response.status_code == 404
        assert response.json()["message"]["key"] == "errors.not_found"
        assert response.json()["detail"] == "Introuvable : rapport d'action n° 999999."


class TestUsersLanguage:
    def test_admin_creates_a_french_speaking_user(
        self, anonymous: TestClient, session: Session
    ) -> None:
        admin = sign_in(anonymous, "admin")
        response = admin.post(
            "/api/users",
            json={
                "username": "analyste-fr",
                "full_name": "Analyste",
                "organisation_id": organisation(session, "FR").id,
                "language": "fr",
                "password": "a-long-enough-password",
            },
        )
        assert response.status_code == 201, response.text
        assert response.json()["language"] == "fr"

    def test_admin_changes_a_users_language(self, anonymous: TestClient) -> None:
        admin = sign_in(anonymous, "admin")
        user = _user(admin, "nec-fr")
        assert user["language"] in ("en", "fr")
        response = admin.put(
            f"/api/users/{user['id']}", json={"language": "fr", "version": user["version"]}
        )
        assert response.status_code == 200, response.text
        assert response.json()["language"] == "fr"
