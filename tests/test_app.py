"""The application shell: health, error bodies, the OpenAPI document and the web UI at /."""

from pathlib import Path

from fastapi.testclient import TestClient

from backend.app import create_app

ERROR_KEYS = {"error", "detail", "request_id"}


class TestHealth:
    def test_health_answers_ok(self, client: TestClient) -> None:
        response = client.get("/api/health")
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}


class TestErrors:
    def test_unknown_api_path_is_404_with_the_json_error_body(self, client: TestClient) -> None:
        response = client.get("/api/no-such-resource")
        assert response.status_code == 404
        body = response.json()
        assert set(body) == ERROR_KEYS
        assert body["error"] == "not_found"
        assert body["request_id"] == response.headers["X-Request-ID"]

    def test_unknown_api_path_is_json_404_when_the_ui_is_built(self, tmp_path: Path) -> None:
        (tmp_path / "index.html").write_text("<!doctype html><title>UI</title>", "utf-8")
        with TestClient(create_app(ui_dist=tmp_path)) as client:
            response = client.get("/api/no-such-resource")
        assert response.status_code == 404
        assert set(response.json()) == ERROR_KEYS

    def test_unexpected_exception_is_500_without_its_details(self, tmp_path: Path) -> None:
        app = create_app(ui_dist=tmp_path)

        @app.get("/api/explode")
        def explode() -> None:
            raise RuntimeError("secret detail")

        with TestClient(app, raise_server_exceptions=False) as client:
            response = client.get("/api/explode")

        assert response.status_code == 500
        body = response.json()
        assert set(body) == ERROR_KEYS
        assert body["error"] == "internal_error"
        assert "secret detail" not in response.text
        assert "Traceback" not in response.text
        assert "RuntimeError" not in response.text
        assert response.headers["X-Request-ID"]
        assert body["request_id"] == response.headers["X-Request-ID"]


class TestOpenApi:
    def test_openapi_document_lists_the_resource_paths(self, client: TestClient) -> None:
        response = client.get("/api/openapi.json")
        assert response.status_code == 200
        paths = response.json()["paths"]
        assert "/api/operational-actions" in paths
        assert "/api/indicator-values" in paths


class TestWebUi:
    def test_without_a_built_ui_root_page_points_to_the_api_docs(self, tmp_path: Path) -> None:
        with TestClient(create_app(ui_dist=tmp_path)) as client:
            response = client.get("/")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        assert "/api/docs" in response.text

    def test_built_ui_index_is_served_at_root(self, tmp_path: Path) -> None:
        index = "<!doctype html><title>EMPACT UI</title><div id='root'></div>"
        (tmp_path / "index.html").write_text(index, "utf-8")
        with TestClient(create_app(ui_dist=tmp_path)) as client:
            response = client.get("/")
        assert response.status_code == 200
        assert response.text == index
        assert "/api/docs" not in response.text


class TestMalformedBody:
    def test_broken_json_is_422_on_the_body_with_the_position(self, client: TestClient) -> None:
        response = client.post(
            "/api/organisations",
            content=b'{"code": "XX",',
            headers={"Content-Type": "application/json"},
        )
        assert response.status_code == 422
        field = response.json()["fields"][0]
        assert field["field"] == "body"
        assert "not valid JSON" in field["message"] and "character" in field["message"]
