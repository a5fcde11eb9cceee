"""Browser tests: Debian's Chromium, driven by Playwright, against the whole tool as `empact run`
starts it on free ports with a fresh data folder and the demo.

One instance serves every scenario of the session (a fresh Prefect server takes seconds to
migrate). Each test gets a browser context of its own, so cookies never leak between
users. A screenshot of every screen a scenario passes is kept in test-artifacts/screenshots.
"""

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx2
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from seed.demo import DEMO_PASSWORD
from tests.live import STOP_SECONDS, Instance, healthy, wait_for

ROOT = Path(__file__).resolve().parents[2]
UI_INDEX = ROOT / "frontend" / "dist" / "index.html"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
TIMEOUT_MS = 20_000


@pytest.fixture(scope="package")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Instance]:
    if not UI_INDEX.is_file():
        pytest.fail(f"The web UI is not built ({UI_INDEX} is missing): `make test` builds it.")
    instance = Instance(tmp_path_factory.mktemp("live"))
    with instance.running() as process:
        healthy(instance, process)

        def serving() -> bool:
            found = httpx2.post(f"{instance.prefect}/deployments/filter", json={}).json()
            return len(found) == 5 and not any(d["paused"] for d in found)

        wait_for("the runner serves the flows", serving, 180, instance)
        yield instance
        process.terminate()
        process.wait(timeout=STOP_SECONDS)


# Module-scoped: Playwright's sync API keeps an event loop running in this thread while it
# lives, and Prefect (in the flow tests that run later) would then answer coroutines.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium.")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


@pytest.fixture
def new_page(browser: Browser, live: Instance) -> Iterator[Callable[[], Page]]:
    """Pages in browser contexts of their own (two users side by side need two)."""
    base_url = live.api.removesuffix("/api")
    contexts = []

    def make() -> Page:
        context = browser.new_context(
            base_url=base_url, viewport={"width": 1440, "height": 900}, locale="en-GB"
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[[], Page]) -> Page:
    return new_page()


def shot(page: Page, name: str) -> Path:
    """Keep a screenshot of the screen as a test artefact, once what it loads has arrived."""
    page.wait_for_load_state("networkidle")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^a-z0-9-]+', '-', name.lower())}.png"
    page.screenshot(path=str(path))
    return path


def sign_in(page: Page, username: str) -> None:
    page.goto("/#/login")
    page.get_by_role("textbox", name=re.compile("user ?name", re.I)).fill(username)
    page.get_by_role("textbox", name=re.compile("^password", re.I)).fill(DEMO_PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    # The screens then speak the account's language: "Profile" or "Profil".
    expect(page.get_by_role("button", name=re.compile("profile?", re.I))).to_be_visible()
