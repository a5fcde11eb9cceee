"""The five things people do in the web UI, end to end in Chromium against `empact run`."""

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx2
import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from backend.deps import CSRF_COOKIE, CSRF_HEADER
from backend.spreadsheets.country_workbook import DATA_SHEET
from backend.spreadsheets.metadata import read_metadata
from seed.demo import DEMO_PASSWORD
from tests.browser.conftest import shot, sign_in
from tests.live import Instance

# The browser drives `empact run` on a data folder of its own (SQLite).
pytestmark = pytest.mark.own_database

RUN_SECONDS_MS = 120_000


@contextmanager
def api(live: Instance, username: str) -> Iterator[httpx2.Client]:
    """The API as `username`, to find records and check what the UI stored."""
    with httpx2.Client(base_url=live.api, timeout=30) as http:
        response = http.post("/auth/login", json={"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 200, response.text
        http.headers[CSRF_HEADER] = http.cookies[CSRF_COOKIE]
        yield http


def open_cycle(http: httpx2.Client) -> dict[str, Any]:
    cycles = http.get("/reporting-cycles", params={"filter": '{"state": "open"}'}).json()
    assert cycles, "the demo has an open cycle"
    cycle: dict[str, Any] = cycles[0]
    return cycle


def test_a_leader_submits_a_report_and_europol_sees_it_in_the_cockpit(
    new_page: Callable[[], Page], live: Instance
) -> None:
    leader = new_page()
    sign_in(leader, "leader-de")
    expect(leader.get_by_text(re.compile("Reports of the actions you lead"))).to_be_visible()
    shot(leader, "a1-my-work-leader")
    with api(live, "leader-de") as http:
        work = http.get("/my-work").json()
    report = next(item for item in work["led_reports"] if item["state"] in ("not_started", "draft"))

    leader.goto(f"/#/action-reports/{report['report_id']}")
    progress = leader.get_by_label(re.compile("^Progress", re.I))
    progress.fill("Three joint action days; 12 arrests; two networks dismantled.")
    leader.get_by_role("button", name=re.compile("^Save$", re.I)).click()
    expect(leader.get_by_text(re.compile("saved|updated", re.I)).first).to_be_visible()
    leader.goto(f"/#/action-reports/{report['report_id']}/show")
    shot(leader, "a2-report-before-submit")
    leader.get_by_role("button", name="Submit", exact=True).click()
    # Submitting asks first: the report then goes for review.
    leader.get_by_role("dialog").get_by_role("button", name="Submit", exact=True).click()
    expect(leader.get_by_text(re.compile("^Submitted$")).first).to_be_visible()
    shot(leader, "a3-report-submitted")

    with api(live, "leader-de") as http:
        stored = http.get(f"/action-reports/{report['report_id']}").json()
    assert stored["state"] == "submitted"
    assert stored["progress"].startswith("Three joint action days")

    europol = new_page()
    sign_in(europol, "europol")
    europol.goto("/#/cockpit")
    matrix = europol.get_by_role("table", name="Completeness matrix")
    expect(matrix).to_be_visible()
    row = (
        matrix.get_by_role("row")
        .filter(has_text=report["action_code"])
        .filter(has_text=report["plan_short_code"])
    )
    expect(row.first).to_contain_text(re.compile("submitted", re.I))
    shot(europol, "a4-cockpit-europol")


def test_a_coordinator_fills_the_country_workbook_and_uploads_it(
    page: Page, live: Instance, tmp_path: Path
) -> None:
    sign_in(page, "nec-fr")
    download_button = page.get_by_role("button", name="Download the country workbook").first
    expect(download_button).to_be_visible()
    shot(page, "b1-my-work-coordinator")
    with page.expect_download() as download:
        download_button.click()
    workbook_path = tmp_path / download.value.suggested_filename
    download.value.save_as(workbook_path)
    assert workbook_path.name.endswith("-FR-country-workbook.xlsx")

    workbook = load_workbook(workbook_path)
    figures = [c for c in read_metadata(workbook).cells if c.field == "arrests"]
    first, second = figures[0], figures[1]
    workbook[DATA_SHEET][first.cell] = 731
    workbook[DATA_SHEET][second.cell] = 732
    workbook.save(workbook_path)

    page.goto("/#/upload")
    page.get_by_label("Workbook file").set_input_files(str(workbook_path))
    page.get_by_role("button", name="Upload and check").click()
    summary = page.get_by_label("Plan summary")
    expect(summary).to_be_visible()
    changes = page.get_by_role("table", name="Changes in the file")
    expect(changes.get_by_role("row")).to_have_count(3)  # the header and two changes
    shot(page, "b2-upload-plan")
    page.get_by_role("button", name="Apply", exact=True).click()
    expect(page.get_by_text(re.compile("Applied"))).to_be_visible()
    shot(page, "b3-upload-applied")

    with api(live, "nec-fr") as http:
        participation = http.get(f"/participations/{first.key['participation_id']}").json()
    page.goto(f"/#/operational-actions/{participation['action_id']}/show/figures")
    figures_table = page.get_by_role("table").filter(has_text="731")
    expect(figures_table.first).to_be_visible()
    shot(page, "b4-action-figures")


def test_europol_sends_reminders_from_the_cockpit_and_sees_the_run_finish(
    page: Page, live: Instance
) -> None:
    sign_in(page, "europol")
    page.goto("/#/cockpit")
    expect(page.get_by_role("table", name="Completeness matrix")).to_be_visible()
    page.get_by_role("button", name="Send reminders").click()
    # Reminders are mail: the cockpit asks first.
    page.get_by_role("dialog").get_by_role("button", name="Send reminders").click()
    runs = page.get_by_role("table", name="Flow runs")
    expect(runs.get_by_role("row").nth(1)).to_contain_text(
        re.compile("completed", re.I), timeout=RUN_SECONDS_MS
    )
    shot(page, "c1-cockpit-reminder-run")
    with api(live, "europol") as http:
        cycle = open_cycle(http)
        (run, *_) = http.get(f"/reporting-cycles/{cycle['id']}/runs").json()
    assert (run["flow"], run["state"], run["requested_by"]) == (
        "send_reminders",
        "COMPLETED",
        "europol",
    )


def test_a_coordinator_cannot_open_another_countrys_contribution_by_its_url(
    page: Page, live: Instance
) -> None:
    with api(live, "europol") as http:
        cycle = open_cycle(http)
        participations = http.get(
            "/participations", params={"filter": '{"country_code": "FR"}', "range": "[0,99]"}
        ).json()
        contribution = http.get(
            "/contributions",
            params={
                "filter": json.dumps(
                    {
                        "reporting_cycle_id": cycle["id"],
                        "participation_id": [p["id"] for p in participations],
                    }
                ),
                "range": "[0,0]",
            },
        ).json()[0]
    with api(live, "nec-de") as http:
        assert http.get(f"/contributions/{contribution['id']}").status_code == 404

    sign_in(page, "nec-de")
    page.goto(f"/#/contributions/{contribution['id']}/show")
    expect(
        page.get_by_text(re.compile("not found|does not exist|no longer", re.I)).first
    ).to_be_visible()
    expect(page.get_by_text(contribution["narrative"] or "\u0000")).to_have_count(0)
    shot(page, "d1-foreign-contribution-refused")


def test_two_people_edit_the_same_action_and_the_second_is_told(
    new_page: Callable[[], Page], live: Instance
) -> None:
    with api(live, "europol") as http:
        action = http.get("/operational-actions", params={"range": "[0,0]"}).json()[0]
    first, second = new_page(), new_page()
    for page in (first, second):
        sign_in(page, "europol")
        page.goto(f"/#/operational-actions/{action['id']}")
        expect(page.get_by_label(re.compile("^Title", re.I))).to_have_value(action["title"])

    first.get_by_label(re.compile("^Title", re.I)).fill(action["title"] + " (first edit)")
    first.get_by_role("button", name=re.compile("^Save$", re.I)).click()
    expect(first.get_by_text(re.compile("saved|updated", re.I)).first).to_be_visible()

    second.get_by_label(re.compile("^Title", re.I)).fill(action["title"] + " (second edit)")
    second.get_by_role("button", name=re.compile("^Save$", re.I)).click()
    expect(
        second.get_by_text(re.compile("Someone changed this since you opened it"))
    ).to_be_visible()
    shot(second, "e1-edit-conflict")

    with api(live, "europol") as http:
        stored = http.get(f"/operational-actions/{action['id']}").json()
    assert stored["title"] == action["title"] + " (first edit)"
