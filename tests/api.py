"""Small helpers for calling the API the way the web UI does."""

import json
from typing import Any

from fastapi.testclient import TestClient


def list_records(client: TestClient, resource: str, **filters: object) -> list[dict[str, Any]]:
    """Every record of `resource` matching `filters` (react-admin's filter object)."""
    response = client.get(
        f"/api/{resource}", params={"filter": json.dumps(filters), "range": "[0,999]"}
    )
    assert response.status_code == 200, response.text
    records: list[dict[str, Any]] = response.json()
    return records
