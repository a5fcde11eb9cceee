"""Signing in and out, sessions, CSRF, security headers and the accounts administrators manage."""

import datetime as dt
import json
import logging
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlmodel import Session, col, select

from backend.access.models import AuthSession, LoginAttempt, UserCreate
from backend.access.service import create_user
from backend.audit.models import AuditEvent, AuditSource
from backend.audit.service import system_actor
from backend.deps import CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE
from backend.settings import get_settings
from seed.demo import DEMO_PASSWORD
from tests.conftest import TESTER, sign_in
from tests.factories import organisation

# Answer without a session; every other /api endpoint must not.
PUBLIC_PATHS = frozenset({"/api/health", "/api/auth/login"})
# A password that cannot turn up anywhere by chance.
SECRET = "Quokka-Saffron-7731-Lighthouse"


def _login(client: TestClient, username: str, password: str = DEMO_PASSWORD) -> httpx2.Response:
    return client.post("/api/auth/login", json={"username": username, "password": password})


def _set_cookie(response: httpx2.Response, name: str) -> dict[str, str]:
    """The raw Set-Cookie header of cookie `name`: its value and lower-cased attributes."""
    for header in response.headers.get_list("set-cookie"):
        first, *attributes = (part.strip() for part in header.split(";"))
        key, _, value = first.partition("=")
        if key == name:
            parsed = {"value": value}
            for attribute in attributes:
                attribute_name, _, attribute_value = attribute.partition("=")
                parsed[attribute_name.lower()] = attribute_value
            return parsed
    raise AssertionError(f"no Set-Cookie for {name} in {response.headers.get_list('set-cookie')}")


def _user_id(client: TestClient) -> int:
    response = client.get("/api/auth/me")
    assert response.status_code == 200, response.text
    user_id: int = response.json()["id"]
    return user_id


def _sessions_of(session: Session, user_id: int) -> list[AuthSession]:
    return list(session.exec(select(AuthSession).where(col(AuthSession.user_id) == user_id)).all())


def _fail_logins(client: TestClient, usernames: list[str]) -> None:
    for username in usernames:
        response = _login(client, username, "not-the-password")
        assert response.status_code == 401, response.text


def _expire_login_failures(session: Session) -> None:
    """Move every stored failed login back to just outside the rate-limit window."""
    window = dt.timedelta(minutes=get_settings().login_failure_window_minutes + 1)
    for attempt in session.exec(select(LoginAttempt)).all():
        attempt.attempted_at = attempt.attempted_at - window
        session.add(attempt)
    session.commit()


def _first_action(client: TestClient) -> dict[str, Any]:
    response = client.get("/api/operational-actions", params={"range": "[0,0]"})
    assert response.status_code == 200, response.text
    action: dict[str, Any] = response.json()[0]
    return action


def _api_endpoints(client: TestClient) -> list[tuple[str, str]]:
    """(method, path) of every API route, {id} filled in, read from the app itself."""
    endpoints: list[tuple[str, str]] = []
    # Since FastAPI 0.137 app.routes holds included routers unflattened: walk them.
    for route in iter_route_contexts(client.app.routes):  # type: ignore[attr-defined]
        if not isinstance(route.original_route, APIRoute) or not route.path:
            continue
        if not route.path.startswith("/api"):
            continue
        path = route.path.replace("{id}", "1")
        assert "{" not in path, f"{route.path} has a path parameter other than id"
        endpoints.extend((method, path) for method in sorted(route.methods or ()))
    return endpoints


@pytest.fixture
def secure_cookies(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """EMPACT_COOKIE_SECURE forced on for the test, the settings cache cleared around it."""
    with monkeypatch.context() as patch:
        patch.setenv("EMPACT_COOKIE_SECURE", "true")
        get_settings.cache_clear()
        yield
    get_settings.cache_clear()


class TestLogin:
    def test_right_password_answers_the_user_with_organisation_and_grants(
        self, anonymous: TestClient
    ) -> None:
        response = _login(anonymous, "nec-de")
        assert response.status_code == 200
        user = response.json()
        assert user["username"] == "nec-de"
        assert user["organisation_code"] == "DE"
        assert user["organisation_name"]
        assert user["grants"] == [
            {"role": "nec", "action_plan_id": None, "country_code": "DE", "organisation_id": None}
        ]

    def test_session_cookie_is_http_only_and_same_site_lax(self, anonymous: TestClient) -> None:
        cookie = _set_cookie(_login(anonymous, "nec-de"), SESSION_COOKIE)
        assert cookie["value"]
        assert "httponly" in cookie
        assert cookie["samesite"].lower() == "lax"

    def test_csrf_cookie_is_readable_by_the_web_ui(self, anonymous: TestClient) -> None:
        cookie = _set_cookie(_login(anonymous, "nec-de"), CSRF_COOKIE)
        assert cookie["value"]
        assert "httponly" not in cookie
        assert cookie["samesite"].lower() == "lax"

    def test_cookies_are_not_secure_over_plain_http_to_the_test_server(
        self, anonymous: TestClient
    ) -> None:
        response = _login(anonymous, "nec-de")
        assert "secure" not in _set_cookie(response, SESSION_COOKIE)
        assert "secure" not in _set_cookie(response, CSRF_COOKIE)

    @pytest.mark.usefixtures("secure_cookies")
    def test_cookies_are_secure_when_configured(self, anonymous: TestClient) -> None:
        response = _login(anonymous, "nec-de")
        assert response.status_code == 200
        assert "secure" in _set_cookie(response, SESSION_COOKIE)
        assert "secure" in _set_cookie(response, CSRF_COOKIE)

    def test_wrong_password_and_unknown_username_get_the_same_401(
        self, anonymous: TestClient
    ) -> None:
        wrong_password = _login(anonymous, "nec-de", "not-the-password")
        unknown_user = _login(anonymous, "nobody-at-all", "not-the-password")
        assert wrong_password.status_code == unknown_user.status_code == 401
        assert wrong_password.json()["detail"] == unknown_user.json()["detail"]
        assert wrong_password.json()["error"] == unknown_user.json()["error"]
        assert SESSION_COOKIE not in wrong_password.headers.get("set-cookie", "")

    def test_username_is_matched_whatever_its_case(self, anonymous: TestClient) -> None:
        response = _login(anonymous, "NEC-De")
        assert response.status_code == 200
        assert response.json()["username"] == "nec-de"


class TestPasswordsStaySecret:
    @pytest.fixture
    def captured(
        self, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
    ) -> pytest.LogCaptureFixture:
        """Every logger at DEBUG, and whatever was printed so far thrown away."""
        caplog.set_level(logging.DEBUG)
        for name in list(logging.root.manager.loggerDict):
            caplog.set_level(logging.DEBUG, logger=name)
        capfd.readouterr()
        return caplog

    @pytest.fixture
    def secret_user(self, session: Session) -> str:
        italy = organisation(session, "IT").id
        assert italy is not None
        create_user(
            session,
            data=UserCreate(
                username="secret-keeper",
                full_name="Keeps a secret",
                organisation_id=italy,
                password=SecretStr(SECRET),
            ),
            grants=[],
            actor=system_actor(AuditSource.cli),
        )
        session.commit()
        return "secret-keeper"

    @staticmethod
    def _assert_secret_nowhere(
        responses: list[httpx2.Response],
        caplog: pytest.LogCaptureFixture,
        capfd: pytest.CaptureFixture[str],
        session: Session,
    ) -> None:
        for response in responses:
            assert SECRET not in response.text
        assert SECRET not in caplog.text
        assert all(SECRET not in str(record.args) for record in caplog.records)
        out, err = capfd.readouterr()
        assert SECRET not in out
        assert SECRET not in err
        events = session.exec(select(AuditEvent)).all()
        assert all(SECRET not in json.dumps(event.model_dump(mode="json")) for event in events)

    def test_successful_and_failed_logins_never_log_or_return_the_password(
        self,
        anonymous: TestClient,
        secret_user: str,
        captured: pytest.LogCaptureFixture,
        capfd: pytest.CaptureFixture[str],
        session: Session,
    ) -> None:
        signed_in = _login(anonymous, secret_user, SECRET)
        wrong_account = _login(anonymous, "nec-de", SECRET)
        unknown_account = _login(anonymous, "nobody-at-all", SECRET)
        assert signed_in.status_code == 200
        assert wrong_account.status_code == unknown_account.status_code == 401
        self._assert_secret_nowhere(
            [signed_in, wrong_account, unknown_account], captured, capfd, session
        )

    def test_a_too_long_password_is_refused_without_echoing_it(
        self,
        anonymous: TestClient,
        captured: pytest.LogCaptureFixture,
        capfd: pytest.CaptureFixture[str],
        session: Session,
    ) -> None:
        too_long = SECRET * (1024 // len(SECRET) + 1)
        response = _login(anonymous, "nec-de", too_long)
        assert response.status_code == 422
        assert [field["field"] for field in response.json()["fields"]] == ["password"]
        self._assert_secret_nowhere([response], captured, capfd, session)

    def test_a_login_without_username_is_refused_without_echoing_the_password(
        self,
        anonymous: TestClient,
        captured: pytest.LogCaptureFixture,
        capfd: pytest.CaptureFixture[str],
        session: Session,
    ) -> None:
        response = anonymous.post("/api/auth/login", json={"password": SECRET})
        assert response.status_code == 422
        assert [field["field"] for field in response.json()["fields"]] == ["username"]
        self._assert_secret_nowhere([response], captured, capfd, session)


class TestLoginRateLimit:
    def test_after_too_many_failures_even_the_right_password_gets_429(
        self, anonymous: TestClient
    ) -> None:
        _fail_logins(anonymous, ["nec-de"] * get_settings().login_failures_per_account)
        response = _login(anonymous, "nec-de")
        assert response.status_code == 429
        assert response.json()["error"] == "too_many_attempts"
        assert not response.headers.get_list("set-cookie")

    def test_one_failure_fewer_than_the_limit_still_lets_the_right_password_in(
        self, anonymous: TestClient
    ) -> None:
        _fail_logins(anonymous, ["nec-de"] * (get_settings().login_failures_per_account - 1))
        assert _login(anonymous, "nec-de").status_code == 200

    def test_the_limit_counts_the_account_whatever_the_case_of_its_name(
        self, anonymous: TestClient
    ) -> None:
        limit = get_settings().login_failures_per_account
        _fail_logins(anonymous, [("NEC-DE" if n % 2 else "nec-de") for n in range(limit)])
        assert _login(anonymous, "Nec-De").status_code == 429

    def test_other_accounts_are_not_blocked_by_one_accounts_failures(
        self, anonymous: TestClient
    ) -> None:
        _fail_logins(anonymous, ["nec-de"] * get_settings().login_failures_per_account)
        assert _login(anonymous, "nec-fr").status_code == 200

    def test_failures_expire_after_the_window(
        self, anonymous: TestClient, session: Session
    ) -> None:
        _fail_logins(anonymous, ["nec-de"] * get_settings().login_failures_per_account)
        assert _login(anonymous, "nec-de").status_code == 429
        _expire_login_failures(session)
        assert _login(anonymous, "nec-de").status_code == 200

    def test_too_many_failures_from_one_address_block_every_account(
        self, anonymous: TestClient
    ) -> None:
        limit = get_settings().login_failures_per_address
        assert limit > get_settings().login_failures_per_account
        _fail_logins(anonymous, [f"nobody-{number}" for number in range(limit)])
        response = _login(anonymous, "nec-de")
        assert response.status_code == 429

    def test_failures_from_one_address_expire_after_the_window(
        self, anonymous: TestClient, session: Session
    ) -> None:
        limit = get_settings().login_failures_per_address
        _fail_logins(anonymous, [f"nobody-{number}" for number in range(limit)])
        assert _login(anonymous, "nec-de").status_code == 429
        _expire_login_failures(session)
        assert _login(anonymous, "nec-de").status_code == 200


class TestMe:
    def test_with_a_session_answers_the_signed_in_user(self, anonymous: TestClient) -> None:
        sign_in(anonymous, "leader-fr")
        response = anonymous.get("/api/auth/me")
        assert response.status_code == 200
        assert response.json()["username"] == "leader-fr"
        assert response.json()["organisation_code"] == "FR"

    def test_without_a_session_is_401(self, anonymous: TestClient) -> None:
        response = anonymous.get("/api/auth/me")
        assert response.status_code == 401
        assert response.json()["error"] == "unauthenticated"

    def test_an_invented_session_cookie_is_401(self, anonymous: TestClient) -> None:
        anonymous.cookies.set(SESSION_COOKIE, "made-up-token")
        assert anonymous.get("/api/auth/me").status_code == 401


class TestLogout:
    def test_logout_answers_204_and_clears_the_cookies(self, anonymous: TestClient) -> None:
        client = sign_in(anonymous, "nec-de")
        response = client.post("/api/auth/logout")
        assert response.status_code == 204
        assert _set_cookie(response, SESSION_COOKIE)["value"] in ("", '""')
        assert SESSION_COOKIE not in client.cookies

    def test_before_logout_the_session_cookie_alone_opens_the_session(
        self, anonymous: TestClient
    ) -> None:
        client = sign_in(anonymous, "nec-de")
        with TestClient(anonymous.app) as other_browser:
            other_browser.cookies.set(SESSION_COOKIE, client.cookies[SESSION_COOKIE])
            response = other_browser.get("/api/auth/me")
        assert response.status_code == 200
        assert response.json()["username"] == "nec-de"

    def test_the_old_session_cookie_is_refused_after_logout(self, anonymous: TestClient) -> None:
        client = sign_in(anonymous, "nec-de")
        old_token = client.cookies[SESSION_COOKIE]
        assert client.post("/api/auth/logout").status_code == 204
        client.cookies.set(SESSION_COOKIE, old_token)
        assert client.cookies[SESSION_COOKIE] == old_token
        response = client.get("/api/auth/me")
        assert response.status_code == 401

    def test_logout_without_the_csrf_header_is_refused_and_keeps_the_session(
        self, anonymous: TestClient
    ) -> None:
        client = sign_in(anonymous, "nec-de")
        token = client.headers.pop(CSRF_HEADER)
        assert client.post("/api/auth/logout").status_code == 403
        client.headers[CSRF_HEADER] = token
        assert client.get("/api/auth/me").status_code == 200


class TestSessionExpiry:
    def test_a_session_idle_too_long_is_401(self, anonymous: TestClient, session: Session) -> None:
        client = sign_in(anonymous, "nec-de")
        idle = dt.timedelta(minutes=get_settings().session_idle_minutes + 1)
        for record in _sessions_of(session, _user_id(client)):
            record.last_seen_at = record.last_seen_at - idle
            session.add(record)
        session.commit()
        assert client.get("/api/auth/me").status_code == 401

    def test_a_session_in_use_but_older_than_the_absolute_limit_is_401(
        self, anonymous: TestClient, session: Session
    ) -> None:
        client = sign_in(anonymous, "nec-de")
        age = dt.timedelta(hours=get_settings().session_absolute_hours, minutes=1)
        moment = dt.datetime.now(dt.UTC)
        for record in _sessions_of(session, _user_id(client)):
            record.created_at = moment - age
            record.last_seen_at = moment
            session.add(record)
        session.commit()
        assert client.get("/api/auth/me").status_code == 401

    def test_a_session_used_within_the_idle_time_stays_open(
        self, anonymous: TestClient, session: Session
    ) -> None:
        client = sign_in(anonymous, "nec-de")
        almost_idle = dt.timedelta(minutes=get_settings().session_idle_minutes - 1)
        for record in _sessions_of(session, _user_id(client)):
            record.last_seen_at = record.last_seen_at - almost_idle
            session.add(record)
        session.commit()
        assert client.get("/api/auth/me").status_code == 200

    def test_a_read_after_a_pause_marks_the_session_as_seen(
        self, anonymous: TestClient, session: Session
    ) -> None:
        client = sign_in(anonymous, "nec-de")
        paused = dt.timedelta(minutes=5)
        for record in _sessions_of(session, _user_id(client)):
            record.last_seen_at = record.last_seen_at - paused
            session.add(record)
        session.commit()
        before = dt.datetime.now(dt.UTC)
        assert client.get("/api/operational-actions").status_code == 200
        for record in _sessions_of(session, _user_id(client)):
            session.refresh(record)
            seen = record.last_seen_at
            assert (seen if seen.tzinfo else seen.replace(tzinfo=dt.UTC)) >= before


class TestDisablingAUser:
    def _set_active(self, admin: TestClient, user_id: int, active: bool) -> None:
        version = admin.get(f"/api/users/{user_id}").json()["version"]
        response = admin.put(
            f"/api/users/{user_id}", json={"is_active": active, "version": version}
        )
        assert response.status_code == 200, response.text
        assert response.json()["is_active"] is active

    def test_a_disabled_users_next_request_is_401(
        self, anonymous: TestClient, session: Session
    ) -> None:
        user = sign_in(anonymous, "nec-it")
        user_id = _user_id(user)
        with TestClient(anonymous.app) as admin:
            sign_in(admin, "admin")
            self._set_active(admin, user_id, False)
        assert user.get("/api/auth/me").status_code == 401
        assert _sessions_of(session, user_id) == []

    def test_enabling_the_user_again_does_not_revive_the_old_session(
        self, anonymous: TestClient
    ) -> None:
        user = sign_in(anonymous, "nec-it")
        user_id = _user_id(user)
        with TestClient(anonymous.app) as admin:
            sign_in(admin, "admin")
            self._set_active(admin, user_id, False)
            self._set_active(admin, user_id, True)
        assert user.get("/api/auth/me").status_code == 401

    def test_a_disabled_user_cannot_sign_in(self, anonymous: TestClient) -> None:
        with TestClient(anonymous.app) as admin:
            sign_in(admin, "admin")
            user_id = admin.get(
                "/api/users", params={"filter": json.dumps({"username": "nec-it"})}
            ).json()[0]["id"]
            self._set_active(admin, user_id, False)
        assert _login(anonymous, "nec-it").status_code == 401


class TestEveryEndpointNeedsASession:
    def test_every_api_endpoint_but_health_and_login_answers_401(
        self, anonymous: TestClient
    ) -> None:
        endpoints = [(m, p) for m, p in _api_endpoints(anonymous) if p not in PUBLIC_PATHS]
        # Guard against an enumeration gone empty, which would check nothing.
        assert ("GET", "/api/users") in endpoints
        assert ("DELETE", "/api/indicator-values/1") in endpoints
        assert ("POST", "/api/auth/logout") in endpoints
        assert len(endpoints) > 80
        answers = {f"{m} {p}": anonymous.request(m, p).status_code for m, p in endpoints}
        assert {endpoint: code for endpoint, code in answers.items() if code != 401} == {}

    def test_health_and_login_answer_without_a_session(self, anonymous: TestClient) -> None:
        endpoints = [(m, p) for m, p in _api_endpoints(anonymous) if p in PUBLIC_PATHS]
        assert sorted(endpoints) == [("GET", "/api/health"), ("POST", "/api/auth/login")]
        assert anonymous.get("/api/health").status_code == 200
        assert _login(anonymous, "nec-de").status_code == 200


class TestCsrf:
    def test_a_put_without_the_csrf_header_is_403_and_changes_nothing(
        self, client: TestClient
    ) -> None:
        action = _first_action(client)
        token = client.headers.pop(CSRF_HEADER)
        try:
            response = client.put(
                f"/api/operational-actions/{action['id']}",
                json={"title": "Changed without a token", "version": action["version"]},
            )
        finally:
            client.headers[CSRF_HEADER] = token
        assert response.status_code == 403
        stored = client.get(f"/api/operational-actions/{action['id']}").json()
        assert (stored["version"], stored["title"]) == (action["version"], action["title"])

    def test_a_put_with_a_wrong_csrf_token_is_403_and_changes_nothing(
        self, client: TestClient
    ) -> None:
        action = _first_action(client)
        response = client.put(
            f"/api/operational-actions/{action['id']}",
            json={"title": "Changed with a forged token", "version": action["version"]},
            headers={CSRF_HEADER: "forged-token"},
        )
        assert response.status_code == 403
        stored = client.get(f"/api/operational-actions/{action['id']}").json()
        assert (stored["version"], stored["title"]) == (action["version"], action["title"])

    def test_a_put_with_the_csrf_header_is_200(self, client: TestClient) -> None:
        action = _first_action(client)
        response = client.put(
            f"/api/operational-actions/{action['id']}",
            json={"title": "Changed with the token", "version": action["version"]},
        )
        assert response.status_code == 200
        stored = client.get(f"/api/operational-actions/{action['id']}").json()
        assert stored["title"] == "Changed with the token"
        assert stored["version"] == action["version"] + 1

    def test_a_post_from_another_origin_is_403_even_with_the_csrf_header(
        self, client: TestClient
    ) -> None:
        payload = {"code": "EVIL", "name": "Created cross-site", "kind": "private_partner"}
        response = client.post(
            "/api/organisations", json=payload, headers={"Origin": "https://evil.example"}
        )
        assert response.status_code == 403
        found = client.get(
            "/api/organisations", params={"filter": json.dumps({"code": "EVIL"})}
        ).json()
        assert found == []

    def test_a_post_from_the_own_origin_is_accepted(self, client: TestClient) -> None:
        payload = {"code": "GOOD", "name": "Created same-site", "kind": "private_partner"}
        response = client.post(
            "/api/organisations", json=payload, headers={"Origin": "http://testserver"}
        )
        assert response.status_code == 201

    def test_a_missing_csrf_token_is_written_to_the_audit_trail(self, client: TestClient) -> None:
        action = _first_action(client)
        token = client.headers.pop(CSRF_HEADER)
        try:
            client.put(
                f"/api/operational-actions/{action['id']}",
                json={"title": "Changed without a token", "version": action["version"]},
            )
        finally:
            client.headers[CSRF_HEADER] = token
        events = client.get(
            "/api/audit-events",
            params={
                "filter": json.dumps({"action": "denied", "username": TESTER}),
                "sort": '["id","DESC"]',
                "range": "[0,0]",
            },
        ).json()
        assert len(events) == 1
        assert "CSRF" in events[0]["detail"]
        assert f"/api/operational-actions/{action['id']}" in events[0]["detail"]


class TestSecurityHeaders:
    @staticmethod
    def _assert_browser_protections(response: httpx2.Response) -> None:
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"]

    def test_api_responses_carry_the_security_headers_and_no_store(
        self, client: TestClient
    ) -> None:
        response = client.get("/api/operational-actions", params={"range": "[0,0]"})
        assert response.status_code == 200
        self._assert_browser_protections(response)
        assert response.headers["Cache-Control"] == "no-store"

    def test_refusals_carry_the_security_headers_and_no_store(self, anonymous: TestClient) -> None:
        response = anonymous.get("/api/users")
        assert response.status_code == 401
        self._assert_browser_protections(response)
        assert response.headers["Cache-Control"] == "no-store"

    def test_the_root_page_carries_the_security_headers(self, anonymous: TestClient) -> None:
        response = anonymous.get("/")
        assert response.status_code == 200
        self._assert_browser_protections(response)


class TestUsers:
    def _new_user(self, session: Session, **overrides: Any) -> dict[str, Any]:
        payload = {
            "username": "new-analyst",
            "full_name": "New analyst",
            "email": "analyst@example.org",
            "organisation_id": organisation(session, "IT").id,
            "password": "a-long-enough-password",
        }
        return {**payload, **overrides}

    def test_europol_cannot_list_users(self, anonymous: TestClient) -> None:
        europol = sign_in(anonymous, "europol")
        assert europol.get("/api/users").status_code == 403

    def test_admin_lists_users_without_any_password(self, anonymous: TestClient) -> None:
        admin = sign_in(anonymous, "admin")
        response = admin.get("/api/users", params={"range": "[0,999]"})
        assert response.status_code == 200
        users = response.json()
        assert {"admin", "europol", "nec-de"} <= {user["username"] for user in users}
        assert all("password" not in user and "password_hash" not in user for user in users)
        one = admin.get(f"/api/users/{users[0]['id']}")
        assert one.status_code == 200
        assert "password" not in one.json() and "password_hash" not in one.json()

    def test_admin_creates_a_user_who_can_then_sign_in(
        self, anonymous: TestClient, session: Session
    ) -> None:
        admin = sign_in(anonymous, "admin")
        payload = self._new_user(session)
        response = admin.post("/api/users", json=payload)
        assert response.status_code == 201, response.text
        created = response.json()
        assert created["username"] == "new-analyst"
        assert "password" not in created and "password_hash" not in created
        assert payload["password"] not in response.text
        with TestClient(anonymous.app) as newcomer:
            signed_in = _login(newcomer, "new-analyst", payload["password"])
        assert signed_in.status_code == 200
        assert signed_in.json()["organisation_code"] == "IT"

    def test_a_password_shorter_than_12_characters_is_422_on_password(
        self, anonymous: TestClient, session: Session
    ) -> None:
        admin = sign_in(anonymous, "admin")
        response = admin.post("/api/users", json=self._new_user(session, password="elevenchars"))
        assert response.status_code == 422
        assert [field["field"] for field in response.json()["fields"]] == ["password"]
        assert "elevenchars" not in response.text

    def test_a_nec_grant_without_a_country_is_422_on_country_code(
        self, anonymous: TestClient
    ) -> None:
        admin = sign_in(anonymous, "admin")
        user_id = admin.get(
            "/api/users", params={"filter": json.dumps({"username": "nec-it"})}
        ).json()[0]["id"]
        response = admin.post("/api/role-grants", json={"user_id": user_id, "role": "nec"})
        assert response.status_code == 422
        assert [field["field"] for field in response.json()["fields"]] == ["country_code"]
