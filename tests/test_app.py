"""The application shell: health, error bodies, the OpenAPI document and the web UI at /."""

import re
from pathlib import Path

from fastapi.testclient import TestClient

from backend.app import COMPRESS_FROM_BYTES, create_app

# "message" carries the key and parameters of the detail, for a client that writes it itself.
ERROR_KEYS = {"error", "detail", "request_id", "message"}


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
        assert body["detail"] == "There is nothing at this address."
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
        assert set(body) == ERROR_KEYS | {"message"}
        assert body["error"] == "internal_error"
        assert body["message"] == {"key": "errors.internal", "params": {}}
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


def _built_ui(directory: Path) -> str:
    """A UI build as Vite makes it: index.html naming a hashed script under assets/."""
    script = "assets/index-Basf4EjL.js"
    (directory / "assets").mkdir()
    (directory / "assets" / "index-Basf4EjL.js").write_text(
        "console.log('EMPACT');\n" * 200, "utf-8"
    )
    (directory / "index.html").write_text(
        f"<!doctype html><title>EMPACT</title><script src='/{script}'></script>"
        + "<!-- padding -->" * 100,
        "utf-8",
    )
    return script


class TestTransport:
    def test_hashed_asset_is_compressed_and_kept_for_a_year(self, tmp_path: Path) -> None:
        script = _built_ui(tmp_path)
        with TestClient(create_app(ui_dist=tmp_path)) as client:
            response = client.get(f"/{script}", headers={"Accept-Encoding": "gzip, br"})
        assert response.status_code == 200
        assert response.headers["Content-Encoding"] == "gzip"
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response.text == "console.log('EMPACT');\n" * 200

    def test_index_is_revalidated_at_every_visit(self, tmp_path: Path) -> None:
        _built_ui(tmp_path)
        with TestClient(create_app(ui_dist=tmp_path)) as client:
            response = client.get("/", headers={"Accept-Encoding": "gzip"})
        assert response.headers["Cache-Control"] == "no-cache"
        assert response.headers["Content-Encoding"] == "gzip"

    def test_a_client_that_does_not_ask_gets_plain_bytes(self, tmp_path: Path) -> None:
        script = _built_ui(tmp_path)
        with TestClient(create_app(ui_dist=tmp_path)) as client:
            response = client.get(f"/{script}", headers={"Accept-Encoding": "identity"})
        assert "Content-Encoding" not in response.headers
        assert int(response.headers["Content-Length"]) == len("console.log('EMPACT');\n" * 200)

    def test_json_over_a_kilobyte_is_compressed_and_a_small_answer_is_not(
        self, client: TestClient
    ) -> None:
        document = client.get("/api/openapi.json", headers={"Accept-Encoding": "gzip"})
        health = client.get("/api/health", headers={"Accept-Encoding": "gzip"})
        assert document.headers["Content-Encoding"] == "gzip"
        assert "paths" in document.json()
        assert "Content-Encoding" not in health.headers

    def test_the_real_build_is_served_compressed_and_cached(self) -> None:
        # The build `make test` makes: every script and style sheet that index.html names.
        from backend.app import UI_DIST

        with TestClient(create_app(ui_dist=UI_DIST)) as client:
            index = client.get("/", headers={"Accept-Encoding": "gzip"})
            assets = re.findall(r'(?:src|href)="(/assets/[^"]+\.(?:js|css))"', index.text)
            assert assets, "index.html names no hashed asset"
            for asset in assets:
                response = client.get(asset, headers={"Accept-Encoding": "gzip"})
                assert "immutable" in response.headers["Cache-Control"], asset
                if len(response.content) > COMPRESS_FROM_BYTES:
                    assert response.headers["Content-Encoding"] == "gzip", asset
            # The application's own code is the largest part of the first load.
            assert any(
                client.get(asset, headers={"Accept-Encoding": "gzip"}).headers.get(
                    "Content-Encoding"
                )
                == "gzip"
                for asset in assets
            )
