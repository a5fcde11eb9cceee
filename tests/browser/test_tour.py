"""A tour of every screen of the menu, as a leader, a coordinator, a driver and Europol, in
English and in French: each screen, and one record's page from each list, must speak the
users' words, never the program's (field names, ISO timestamps, bare ids, English server
messages in French), and no screen of the menu may be refused.

One server (the session's `empact run`) and one browser (the module's) serve every tour; a
full-page screenshot of every step is kept in
test-artifacts/screenshots/tour-<user>-<language>-<step>.png.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Page, Request, Response, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import SCREENSHOTS, sign_in

# The browser drives `empact run` on a data folder of its own (SQLite).
pytestmark = pytest.mark.own_database

USERS = ["leader-de", "nec-de", "driver-cyber", "europol"]
LANGUAGES = {"en": "English", "fr": "Français"}

# The program's own words, wherever they appear on a screen.
SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
ISO_TIMESTAMP = re.compile(r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
ISO_DATE = re.compile(r"(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-])")
BARE_ID = re.compile(r"#\s?\d+\b")
# Columns that name another record: a lone number there is an id.
REFERENCE_HEADERS = re.compile(r"^(Record|Enregistrement|Reference|Référence)$", re.I)
# Words of English sentences that French never uses; server messages are marked in the UI
# with data-server-message, so only those (and alerts) are read for them.
ENGLISH_WORDS = re.compile(
    r"\b(the|must|is|are|you|your|not|was|were|with|has|have|of|no|for|cannot|emails?|reminders?)\b",
    re.I,
)
# The app bar's title, which every screen sets, and the screen beside the menu.
TITLE = "#react-admin-title"
CONTENT = "#main-content"
SETTLE_MS = 200
SETTLE_ROUNDS = 100
SERVER_TEXT = "[data-server-message], [role=alert], .MuiSnackbarContent-message"
# The screen's text, less the keys people type as they are (marked data-identifier).
SCREEN_TEXT = """() => {
    let text = document.body.innerText;
    for (const key of document.querySelectorAll("[data-identifier]")) {
        text = text.split(key.innerText).join(" ");
    }
    return text;
}"""


@dataclass
class Tour:
    user: str
    language: str
    page: Page
    step: int = 0
    problems: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def look(self, name: str) -> None:
        """Keep a screenshot of the screen and note whatever in it is the program's words."""
        self.step += 1
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"tour-{self.user}-{self.language}-{self.step:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        where = f"{name} ({self.page.url.split('#', 1)[-1]})"
        text = self.page.evaluate(SCREEN_TEXT)
        if not self.page.locator(CONTENT).inner_text().strip():
            self.problems.append(f"{where}: an empty screen")
        for pattern, what in (
            (SNAKE_CASE, "a field name"),
            (ISO_TIMESTAMP, "an ISO timestamp"),
            (ISO_DATE, "an ISO date"),
            (BARE_ID, "a bare id"),
        ):
            for found in sorted(set(pattern.findall(text))):
                self.problems.append(f"{where}: {what} {found!r}")
        for number in self._reference_cells():
            self.problems.append(f"{where}: a bare id {number!r} in a reference column")
        if self.language == "fr":
            for message in self.page.locator(SERVER_TEXT).all_inner_texts():
                if ENGLISH_WORDS.search(message):
                    self.problems.append(f"{where}: an English server message {message!r}")

    def _reference_cells(self) -> list[str]:
        found: list[str] = []
        for table in self.page.locator("table").all():
            headers = table.locator("thead th").all_inner_texts()
            for index, header in enumerate(headers):
                if REFERENCE_HEADERS.match(header.strip()):
                    cells = table.locator(f"tbody tr > :nth-child({index + 1})").all_inner_texts()
                    found += [cell for cell in cells if re.fullmatch(r"\s*\d+\s*", cell)]
        return found


def choose_language(page: Page, language: str) -> None:
    """Through the app bar's switch, as a user would (it also saves the choice)."""
    switch = page.get_by_role("button", name=re.compile("^(English|Français)", re.I)).first
    if LANGUAGES[language] in switch.inner_text():
        return
    switch.click()
    page.get_by_role("menuitem", name=LANGUAGES[language]).click()
    expect(switch).to_contain_text(LANGUAGES[language])


def menu_entries(page: Page) -> list[tuple[str, str]]:
    menu = page.locator(".RaSidebar-fixed, .RaSidebar-paper, [class*=RaMenu]").first
    expect(menu.locator("a").first).to_be_visible()
    entries: list[tuple[str, str]] = []
    for link in menu.locator("a").all():
        href = link.get_attribute("href") or ""
        if href.startswith("#/") and href not in (h for h, _ in entries):
            entries.append((href, link.inner_text().strip()))
    return entries


# What spins while a screen loads (a determinate bar is a figure, not a wait).
LOADING = ".MuiLinearProgress-indeterminate, .MuiCircularProgress-indeterminate, .MuiSkeleton-root"


def settle(page: Page) -> None:
    """Until the screen is finished: its title shown, its requests answered (a screen's code
    loaded on demand included) and nothing spinning. A move within the page (#/...) sets no
    load state, so the requests in flight are counted."""
    expect(page.locator(TITLE)).not_to_be_empty()
    pending: set[Request] = set()

    def sent(request: Request) -> None:
        pending.add(request)

    def done(request: Request) -> None:
        pending.discard(request)

    page.on("request", sent)
    page.on("requestfinished", done)
    page.on("requestfailed", done)
    try:
        quiet = 0
        for _ in range(SETTLE_ROUNDS):
            page.wait_for_timeout(SETTLE_MS)
            busy = pending or page.locator(LOADING).count()
            quiet = 0 if busy else quiet + 1
            if quiet == 2:  # what one answer shows may ask for more
                return
        raise AssertionError(f"{page.url} was still loading after {SETTLE_ROUNDS * SETTLE_MS} ms")
    finally:
        page.remove_listener("request", sent)
        page.remove_listener("requestfinished", done)
        page.remove_listener("requestfailed", done)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


def take_tour(page: Page, user: str, language: str) -> Tour:
    tour = Tour(user, language, page)

    def refused(response: Response) -> None:
        if "/api/" in response.url and 400 <= response.status != 401 and response.status < 600:
            tour.refused.append(f"{response.status} {response.request.method} {response.url}")

    sign_in(page, user)
    choose_language(page, language)
    settle(page)
    page.on("response", refused)
    for href, label in menu_entries(page):
        page.goto(f"/{href}")
        settle(page)
        tour.look(slug(label) or "home")
        rows = page.locator("table.RaDataTable-table tbody tr, .RaDatagrid-table tbody tr")
        if rows.count() == 0:
            continue
        rows.first.locator("td").last.click()
        try:
            page.wait_for_url(re.compile(r"/(show|\d+)(/.*)?$"), timeout=5_000)
        except PlaywrightTimeout:  # a list whose rows open nothing (messages unfold)
            continue
        settle(page)
        tour.look(f"{slug(label)}-record")
    page.remove_listener("response", refused)
    return tour


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("user", USERS)
def test_every_screen_of_the_menu_speaks_the_users_words(
    page: Page, user: str, language: str
) -> None:
    try:
        tour = take_tour(page, user, language)
    finally:
        # The choice is saved with the account: the other tests find it in English again.
        choose_language(page, "en")
    assert tour.step > 2, "the tour saw the menu's screens"
    assert not tour.refused, "the menu offers screens that are refused:\n" + "\n".join(tour.refused)
    assert not tour.problems, "the program's words on screen:\n" + "\n".join(tour.problems)


def test_the_language_chosen_is_kept_with_the_account(new_page: Callable[[], Page]) -> None:
    """Chosen once, in one browser: the next sign-in, in another, speaks it; the server
    writes the person's mail and workbooks in it too."""
    page = new_page()
    sign_in(page, "nec-fr")
    choose_language(page, "fr")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.wait_for_load_state("networkidle")
    assert page.request.get("/api/auth/me").json()["language"] == "fr"

    elsewhere = new_page()  # another browser, its own storage, in English before sign-in
    try:
        sign_in(elsewhere, "nec-fr")
        expect(elsewhere.locator("html")).to_have_attribute("lang", "fr")
        expect(elsewhere.get_by_role("button", name=re.compile("^Français"))).to_be_visible()
    finally:
        choose_language(elsewhere, "en")
    expect(elsewhere.locator("html")).to_have_attribute("lang", "en")
    elsewhere.wait_for_load_state("networkidle")
    assert elsewhere.request.get("/api/auth/me").json()["language"] == "en"
