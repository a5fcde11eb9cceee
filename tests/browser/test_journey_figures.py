"""Figures on the web and the reviews of what they are handed in with, end to end in Chromium:
a leader's report grid, a coordinator's country grid, a contribution returned and accepted,
a report returned and accepted. A screenshot of each step is kept."""

import re
from collections.abc import Callable
from typing import Any

import httpx2
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import shot, sign_in
from tests.browser.test_scenarios import api, open_cycle
from tests.live import Instance

pytestmark = pytest.mark.own_database


def _grid(http: httpx2.Client, cycle_id: int, **params: Any) -> dict[str, Any]:
    answer = http.get(f"/reporting-cycles/{cycle_id}/figures", params=params)
    assert answer.status_code == 200, answer.text
    grid: dict[str, Any] = answer.json()
    return grid


def _numeric(grid: dict[str, Any], row: dict[str, Any]) -> list[dict[str, Any]]:
    """The row's numeric indicators in the grid's column order."""
    return [
        i for i in grid["indicators"] if i["kind"] != "choice" and i["id"] in row["indicator_ids"]
    ]


def _cell(page: Page, row_name: str, indicator: dict[str, Any]) -> Locator:
    return page.get_by_label(f"{row_name} – {indicator['name']}", exact=True)


def _paste(cell: Locator, text: str) -> None:
    """Paste `text` into the cell as a spreadsheet's copied block arrives (tab-separated)."""
    cell.evaluate(
        """(element, text) => {
            const data = new DataTransfer();
            data.setData("text/plain", text);
            const paste = { clipboardData: data, bubbles: true, cancelable: true };
            element.dispatchEvent(new ClipboardEvent("paste", paste));
        }""",
        text,
    )


def _inbox_has(page: Page, subject: re.Pattern[str]) -> None:
    page.goto("/#/notifications")
    expect(page.get_by_text(subject).first).to_be_visible()


def test_a_leader_types_its_figures_in_the_report_grid_meets_a_conflict_and_is_warned(
    new_page: Callable[[], Page], live: Instance
) -> None:
    with api(live, "leader-fr") as http:
        cycle = open_cycle(http)
        work = http.get("/my-work").json()
        report = next(
            item
            for item in work["led_reports"]
            if item["state"] in ("not_started", "draft")
            and item["reporting_cycle_id"] == cycle["id"]
        )
        grid = _grid(http, cycle["id"], action=report["action_id"])
    own = grid["rows"][0]
    assert own["own"] and own["writable"]
    first, second, third = _numeric(grid, own)[:3]

    leader = new_page()
    sign_in(leader, "leader-fr")
    shot(leader, "f1-leader-my-work")
    leader.goto(f"/#/action-reports/{report['report_id']}/show")
    expect(leader.get_by_text("Every participant's figures")).to_be_visible()
    shot(leader, "f2-report-grid")
    _cell(leader, own["organisation"], first).fill("12")
    # A block of two figures copied from a spreadsheet, pasted into the second column.
    _paste(_cell(leader, own["organisation"], second), "7\t3\n")
    expect(_cell(leader, own["organisation"], third)).to_have_value("3")
    shot(leader, "f3-report-grid-typed-and-pasted")
    leader.get_by_role("button", name=re.compile(r"^Save 3 changes$")).click()
    expect(leader.get_by_text("3 figures saved")).to_be_visible()
    with api(live, "leader-fr") as http:
        saved = _row_of(_grid(http, cycle["id"], action=report["action_id"]), own)
        assert [saved["cells"][str(i["id"])]["value"] for i in (first, second, third)] == [
            "12",
            "7",
            "3",
        ]
        # Another session changes the first figure meanwhile.
        other = http.put(
            f"/reporting-cycles/{cycle['id']}/figures",
            json={
                "cells": [
                    {
                        "participation_id": own["participation_id"],
                        "indicator_id": first["id"],
                        "value": "15",
                        "version": saved["cells"][str(first["id"])]["version"],
                    }
                ]
            },
        )
        assert other.status_code == 200, other.text
    _cell(leader, own["organisation"], first).fill("13")
    leader.get_by_role("button", name=re.compile(r"^Save$")).click()
    expect(
        leader.get_by_text(re.compile("changed by someone else since you read them"))
    ).to_be_visible()
    # The typed figure stays on screen beside the one stored now.
    expect(_cell(leader, own["organisation"], first)).to_have_value("13")
    expect(leader.get_by_text("Stored now: 15")).to_be_visible()
    shot(leader, "f4-report-grid-stale-row")
    leader.get_by_role("button", name=re.compile(r"^Save$")).click()
    expect(leader.get_by_text("1 figure saved")).to_be_visible()

    leader.get_by_role("button", name="Submit", exact=True).click()
    dialog = leader.get_by_role("dialog")
    expect(
        dialog.get_by_text(re.compile("contributions? of this action (is|are) not in yet"))
    ).to_be_visible()
    shot(leader, "f5-report-submit-warns-of-missing-contributions")
    dialog.get_by_role("button", name="Submit", exact=True).click()
    expect(leader.get_by_text(re.compile("^Submitted$")).first).to_be_visible()
    with api(live, "leader-fr") as http:
        assert http.get(f"/action-reports/{report['report_id']}").json()["state"] == "submitted"
        final = _row_of(_grid(http, cycle["id"], action=report["action_id"]), own)
        assert final["cells"][str(first["id"])]["value"] == "13"


def _row_of(grid: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    (found,) = [r for r in grid["rows"] if r["participation_id"] == row["participation_id"]]
    return found


def test_a_coordinator_fills_figures_for_several_actions_submits_them_and_sees_them_locked(
    page: Page, live: Instance
) -> None:
    with api(live, "nec-it") as http:
        cycle = open_cycle(http)
        grid = _grid(http, cycle["id"], country="IT")
    chosen: list[dict[str, Any]] = []
    for row in grid["rows"]:
        if (
            row["writable"]
            and row["may_submit"]
            and row["contribution_state"] in ("not_started", "draft")
            and all(row["action_id"] != c["action_id"] for c in chosen)
        ):
            chosen.append(row)
        if len(chosen) == 2:
            break
    assert len(chosen) == 2

    sign_in(page, "nec-it")
    page.get_by_role("menuitem", name="Figures").click()
    expect(page.get_by_role("heading", name="Figures of Italy")).to_be_visible()
    shot(page, "g1-country-grid")
    for number, row in enumerate(chosen, start=1):
        indicator = _numeric(grid, row)[0]
        _cell(page, f"{row['action']} – {row['organisation']}", indicator).fill(str(20 + number))
    shot(page, "g2-country-grid-typed")
    page.get_by_role("button", name=re.compile(r"^Save 2 changes$")).click()
    expect(page.get_by_text("2 figures saved")).to_be_visible()
    for row in chosen:
        name = f"{row['action']} – {row['organisation']}"
        page.get_by_role("button", name=f"Submit {name}").click()
        page.get_by_role("dialog").get_by_role("button", name="Submit", exact=True).click()
        expect(page.get_by_text("Contribution submitted").first).to_be_visible()
        expect(_cell(page, name, _numeric(grid, row)[0])).to_have_count(0)
    expect(page.get_by_text("Handed in: Submitted").first).to_be_visible()
    shot(page, "g3-country-grid-submitted-and-locked")
    with api(live, "nec-it") as http:
        for row in chosen:
            stored = http.get(f"/contributions/{row['contribution_id']}").json()
            assert stored["state"] == "submitted"


def test_a_leader_returns_a_contribution_the_coordinator_corrects_it_and_the_leader_accepts(
    new_page: Callable[[], Page], live: Instance
) -> None:
    with api(live, "leader-fr") as http:
        cycle = open_cycle(http)
        work = http.get("/my-work").json()
        reports = [r for r in work["led_reports"] if r["reporting_cycle_id"] == cycle["id"]]
        found = None
        for report in reports:
            grid = _grid(http, cycle["id"], action=report["action_id"])
            italian = [
                r
                for r in grid["rows"]
                if r["country_code"] == "IT" and r["contribution_state"] in ("not_started", "draft")
            ]
            if italian:
                found = (report, grid, italian[0])
                break
    assert found is not None, "an action France leads has an Italian participant"
    report, grid, row = found
    indicator = _numeric(grid, row)[0]
    with api(live, "nec-it") as http:
        typed = http.put(
            f"/reporting-cycles/{cycle['id']}/figures",
            json={
                "cells": [
                    {
                        "participation_id": row["participation_id"],
                        "indicator_id": indicator["id"],
                        "value": "900",
                        "version": (row["cells"].get(str(indicator["id"])) or {}).get("version"),
                    }
                ]
            },
        )
        assert typed.status_code == 200, typed.text
        handed_in = http.post(f"/contributions/{row['contribution_id']}/submit")
        assert handed_in.status_code == 200, handed_in.text

    leader = new_page()
    sign_in(leader, "leader-fr")
    leader.goto(f"/#/action-reports/{report['report_id']}/show")
    leader.get_by_role("button", name=f"Return {row['organisation']}").click()
    dialog = leader.get_by_role("dialog")
    dialog.get_by_label(re.compile("Comment")).fill(
        "900 arrests looks like a typing slip: check it."
    )
    shot(leader, "h1-leader-returns-a-contribution")
    dialog.get_by_role("button", name="Return", exact=True).click()
    expect(leader.get_by_text("Contribution returned").first).to_be_visible()

    coordinator = new_page()
    sign_in(coordinator, "nec-it")
    _inbox_has(coordinator, re.compile("Contribution returned"))
    shot(coordinator, "h2-coordinator-is-told")
    coordinator.goto(f"/#/contributions/{row['contribution_id']}/show")
    expect(coordinator.get_by_text("900 arrests looks like a typing slip").first).to_be_visible()
    _cell(coordinator, row["organisation"], indicator).fill("9")
    coordinator.get_by_role("button", name=re.compile(r"^Save$")).click()
    expect(coordinator.get_by_text("1 figure saved")).to_be_visible()
    coordinator.get_by_role("button", name=f"Submit {row['organisation']}").click()
    coordinator.get_by_role("dialog").get_by_role("button", name="Submit", exact=True).click()
    expect(coordinator.get_by_text("Contribution submitted").first).to_be_visible()
    shot(coordinator, "h3-coordinator-corrects-and-submits-again")

    leader.reload()
    leader.get_by_role("button", name=f"Accept {row['organisation']}").click()
    leader.get_by_role("dialog").get_by_role("button", name="Accept", exact=True).click()
    expect(leader.get_by_text("Contribution accepted").first).to_be_visible()
    shot(leader, "h4-leader-accepts")
    _inbox_has(coordinator, re.compile("Contribution accepted"))
    with api(live, "nec-it") as http:
        stored = http.get(f"/contributions/{row['contribution_id']}").json()
        assert stored["state"] == "accepted"
        figures = _row_of(_grid(http, cycle["id"], action=report["action_id"]), row)
        assert figures["cells"][str(indicator["id"])]["value"] == "9"


def test_a_driver_returns_a_report_and_accepts_it_after_correction(
    new_page: Callable[[], Page], live: Instance
) -> None:
    with api(live, "leader-fr") as http:
        cycle = open_cycle(http)
        work = http.get("/my-work").json()
        report = next(
            item
            for item in work["led_reports"]
            if item["state"] in ("not_started", "draft")
            and item["reporting_cycle_id"] == cycle["id"]
        )
        written = http.get(f"/action-reports/{report['report_id']}").json()
        saved = http.put(
            f"/action-reports/{report['report_id']}",
            json={"progress": "Two joint action days.", "version": written["version"]},
        )
        assert saved.status_code == 200, saved.text
        assert http.post(f"/action-reports/{report['report_id']}/submit").status_code == 200
    driver_name = f"driver-{report['plan_short_code'].lower()}"

    driver = new_page()
    sign_in(driver, driver_name)
    driver.goto(f"/#/action-reports/{report['report_id']}/show")
    driver.get_by_role("button", name="Return", exact=True).click()
    dialog = driver.get_by_role("dialog")
    dialog.get_by_label(re.compile("Comment")).fill("Say how many arrests the action days made.")
    shot(driver, "i1-driver-returns-the-report")
    dialog.get_by_role("button", name="Return", exact=True).click()
    expect(driver.get_by_text(re.compile("^Returned$")).first).to_be_visible()

    leader = new_page()
    sign_in(leader, "leader-fr")
    _inbox_has(leader, re.compile("Report returned"))
    shot(leader, "i2-leader-is-told-of-the-return")
    leader.goto(f"/#/action-reports/{report['report_id']}")
    leader.get_by_label(re.compile("^Progress", re.I)).fill("Two joint action days; 14 arrests.")
    leader.get_by_role("button", name=re.compile("^Save$", re.I)).click()
    expect(leader.get_by_text(re.compile("saved|updated", re.I)).first).to_be_visible()
    leader.goto(f"/#/action-reports/{report['report_id']}/show")
    leader.get_by_role("button", name="Submit", exact=True).click()
    leader.get_by_role("dialog").get_by_role("button", name="Submit", exact=True).click()
    expect(leader.get_by_text(re.compile("^Submitted$")).first).to_be_visible()

    driver.reload()
    driver.get_by_role("button", name="Accept", exact=True).click()
    driver.get_by_role("dialog").get_by_role("button", name="Accept", exact=True).click()
    expect(driver.get_by_text(re.compile("^Accepted$")).first).to_be_visible()
    shot(driver, "i3-driver-accepts")
    _inbox_has(leader, re.compile("Report accepted"))
    shot(leader, "i4-leader-is-told-of-the-acceptance")
    with api(live, "leader-fr") as http:
        stored = http.get(f"/action-reports/{report['report_id']}").json()
        assert stored["state"] == "accepted" and "14 arrests" in stored["progress"]
