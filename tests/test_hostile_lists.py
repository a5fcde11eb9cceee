"""List parameters no screen sends: each is answered with a 422 naming the parameter, on
either database, never a 500 (Python's own limits included)."""

import json

import pytest
from fastapi.testclient import TestClient

from tests.conftest import sign_in

DEEP = "[" * 5000 + "]" * 5000
HUGE = "9" * 5000

CASES = {
    "filter nesting 5,000 deep": ("action-reports", {"filter": DEEP}, "filter"),
    "sort nesting 5,000 deep": ("action-reports", {"sort": DEEP}, "sort"),
    "range nesting 5,000 deep": ("action-reports", {"range": DEEP}, "range"),
    "a 5,000-digit number in range": ("action-reports", {"range": f"[0,{HUGE}]"}, "range"),
    "a 5,000-digit id in a filter": ("action-reports", {"filter": f'{{"id":{HUGE}}}'}, "filter"),
    "a 5,000-digit bound": ("action-reports", {"filter": f'{{"id_gte":{HUGE}}}'}, "filter"),
    "a 4,000-digit bound": (
        "action-reports",
        {"filter": json.dumps({"id_gte": int("9" * 4000)})},
        "filter.id_gte",
    ),
    "a lone surrogate in a search": ("action-reports", {"filter": '{"q":"\\ud800"}'}, "filter.q"),
    "a time out of range": (
        "action-reports",
        {"filter": json.dumps({"submitted_at_gte": "9999-12-31T23:59:59-14:00"})},
        "filter.submitted_at_gte",
    ),
    "a search of 1,500 words": (
        "operational-actions",
        {"filter": json.dumps({"q": " ".join(["joint"] * 1500)})},
        "filter.q",
    ),
    "a sort on a structured column": (
        "uploads",
        {"sort": json.dumps(["counts", "ASC"])},
        "sort",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_list_parameter_is_a_422_naming_it(anonymous: TestClient, case: str) -> None:
    resource, params, field = CASES[case]
    europol = sign_in(anonymous, "europol")
    response = europol.get(f"/api/{resource}", params=params)
    assert response.status_code == 422, response.text[:300]
    body = response.json()
    assert body["error"] == "invalid"
    assert [problem["field"] for problem in body["fields"]] == [field]


def test_bracket_characters_in_a_search_are_only_text(anonymous: TestClient) -> None:
    europol = sign_in(anonymous, "europol")
    response = europol.get(
        "/api/operational-actions", params={"filter": json.dumps({"q": "[[[[[[[["})}
    )
    assert response.status_code == 200
    assert response.json() == []


BEYOND_64_BITS = 2**64 + 1

BODIES: dict[str, dict[str, object]] = {
    "contributions": {"reporting_cycle_id": BEYOND_64_BITS, "participation_id": 1},
    "reporting-cycles": {
        "policy_cycle_id": BEYOND_64_BITS,
        "code": "2029-H1",
        "period_start": "2029-01-01",
        "period_end": "2029-06-30",
        "opens_on": "2029-06-15",
        "due_on": "2029-07-15",
        "closes_on": "2029-07-31",
    },
    "sub-priorities": {"priority_id": BEYOND_64_BITS, "code": "9.9", "name": "Beyond"},
    "indicator-values": {
        "reporting_cycle_id": 1,
        "action_id": BEYOND_64_BITS,
        "organisation_id": 1,
        "indicator_id": 1,
        "value": 1,
    },
}


@pytest.mark.parametrize("resource", list(BODIES))
def test_a_number_beyond_64_bits_in_a_body_is_a_422_naming_it(
    anonymous: TestClient, resource: str
) -> None:
    # Figures are the coordinators' and leaders' to write.
    writer = sign_in(anonymous, "nec-de" if resource == "indicator-values" else "europol")
    response = writer.post(f"/api/{resource}", json=BODIES[resource])
    assert response.status_code == 422, response.text[:300]
    (problem,) = response.json()["fields"]
    assert problem["field"] in {k for k, v in BODIES[resource].items() if v == BEYOND_64_BITS}
