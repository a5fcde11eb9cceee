"""Text pasted from Word and control characters: kept as people mean them, refused where no
one means them, and never a broken workbook (backend/text.py says which and why)."""

import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import Session, col, select

from backend.catalog.models import Organisation
from backend.plans.models import OperationalAction, Participation
from backend.reporting.models import Contribution, ReportingCycle
from backend.spreadsheets.country_workbook import DATA_SHEET
from tests.conftest import sign_in
from tests.demo_cycles import OPEN_CYCLE

SOFT_BREAK = "\v"  # what Word writes for Shift+Enter
BELL = "\x07"


def _open_cycle(session: Session) -> ReportingCycle:
    return session.exec(select(ReportingCycle).where(col(ReportingCycle.code) == OPEN_CYCLE)).one()


def _german_contribution(session: Session) -> tuple[Contribution, OperationalAction]:
    cycle = _open_cycle(session)
    row = session.exec(
        select(Contribution, OperationalAction)
        .join(Participation, col(Participation.id) == col(Contribution.participation_id))
        .join(OperationalAction, col(OperationalAction.id) == col(Participation.action_id))
        .join(Organisation, col(Organisation.id) == col(Participation.organisation_id))
        .where(
            col(Contribution.reporting_cycle_id) == cycle.id,
            col(Organisation.code) == "DE",
            col(Contribution.state).in_(["not_started", "draft"]),
        )
        .order_by(col(Contribution.id))
    ).first()
    assert row is not None
    return row


def _texts(data: bytes) -> list[str]:
    workbook = load_workbook(io.BytesIO(data))
    return [
        str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]


def _downloads(client: TestClient, cycle: int, action: int, plan: int) -> dict[str, bytes]:
    paths = {
        "country": f"/api/reporting-cycles/{cycle}/country-workbook?country=DE",
        "action": f"/api/reporting-cycles/{cycle}/action-workbook?action={action}",
        "consolidated": f"/api/reporting-cycles/{cycle}/consolidated-workbook",
        "plan": f"/api/action-plans/{plan}/workbook",
    }
    answers = {name: client.get(path) for name, path in paths.items()}
    failed = {name: a.status_code for name, a in answers.items() if a.status_code != 200}
    assert not failed, failed
    return {name: answer.content for name, answer in answers.items()}


class TestThroughTheApi:
    def test_a_soft_line_break_from_word_is_kept_as_a_line_break(
        self, anonymous: TestClient, session: Session
    ) -> None:
        contribution, _ = _german_contribution(session)
        nec = sign_in(anonymous, "nec-de")
        response = nec.put(
            f"/api/contributions/{contribution.id}",
            json={
                "narrative": f"First line{SOFT_BREAK}second line",
                "version": contribution.version,
            },
        )
        assert response.status_code == 200, response.text
        assert response.json()["narrative"] == "First line\nsecond line"
        session.refresh(contribution)
        assert contribution.narrative == "First line\nsecond line"
        workbook = nec.get(
            f"/api/reporting-cycles/{contribution.reporting_cycle_id}/country-workbook",
            params={"country": "DE"},
        )
        assert workbook.status_code == 200
        assert "First line\nsecond line" in _texts(workbook.content)

    def test_another_control_character_is_refused_naming_it_and_nothing_changes(
        self, anonymous: TestClient, session: Session
    ) -> None:
        contribution, _ = _german_contribution(session)
        before = contribution.narrative
        nec = sign_in(anonymous, "nec-de")
        response = nec.put(
            f"/api/contributions/{contribution.id}",
            json={"narrative": f"Ring the {BELL}bell", "version": contribution.version},
        )
        assert response.status_code == 422
        body = response.json()
        assert body["fields"][0]["field"] == "narrative"
        assert "U+0007" in body["fields"][0]["message"]
        assert "character 10" in body["fields"][0]["message"]
        session.refresh(contribution)
        assert contribution.narrative == before

    def test_a_nul_in_a_title_is_refused_in_french_for_a_french_reader(
        self, anonymous: TestClient, session: Session
    ) -> None:
        _, action = _german_contribution(session)
        europol = sign_in(anonymous, "europol")
        assert europol.put("/api/auth/me/language", json={"language": "fr"}).status_code == 200
        response = europol.put(
            f"/api/operational-actions/{action.id}",
            json={"title": "Nul\x00here", "version": action.version},
        )
        assert response.status_code == 422
        assert "U+0000" in response.json()["detail"]
        assert "caractère de contrôle" in response.json()["detail"]


class TestStoredBeforeTheRule:
    def test_every_workbook_downloads_whatever_the_stored_text_holds(
        self, anonymous: TestClient, session: Session
    ) -> None:
        """Text stored before the rule (or by any other way in) never breaks a download."""
        contribution, action = _german_contribution(session)
        action.title = f"Joint{SOFT_BREAK}days {BELL} \ufffe"
        contribution.narrative = f"Seized{SOFT_BREAK}{BELL}twice"
        session.add(action)
        session.add(contribution)
        session.commit()
        europol = sign_in(anonymous, "europol")
        downloads = _downloads(
            europol, contribution.reporting_cycle_id, action.id or 0, action.action_plan_id
        )
        assert "Joint\ndays \ufffd \ufffd" in _texts(downloads["plan"])
        assert any("Joint\ndays" in text for text in _texts(downloads["consolidated"]))
        country = load_workbook(io.BytesIO(downloads["country"]))[DATA_SHEET]
        narratives = [c.value for row in country.iter_rows() for c in row]
        assert "Seized\n\ufffdtwice" in narratives
