"""Reference names and units in French where a translation exists: loaded from the reference
data, given to rows stored before the translation, and shown to the UI by the read schemas."""

import json

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from backend.catalog.models import Indicator, Priority
from seed.reference import load_reference


class TestFrenchNames:
    def test_indicators_are_read_with_their_french_name_and_unit(self, client: TestClient) -> None:
        response = client.get("/api/indicators", params={"filter": json.dumps({"code": "arrests"})})
        assert response.status_code == 200
        arrests = response.json()[0]
        assert (arrests["name"], arrests["unit"]) == ("Arrests", "persons")
        assert (arrests["name_fr"], arrests["unit_fr"]) == ("Arrestations", "personnes")

    def test_priorities_are_read_with_their_french_name(self, client: TestClient) -> None:
        response = client.get("/api/priorities", params={"range": "[0,99]"})
        names = {(p["name"], p["name_fr"]) for p in response.json()}
        assert ("Drug trafficking", "Trafic de drogue") in names

    def test_rows_stored_before_their_translation_get_it_and_typed_ones_are_kept(
        self, session: Session
    ) -> None:
        indicators = session.exec(
            select(Indicator).where(col(Indicator.code).in_(["arrests", "checks_persons"]))
        ).all()
        for indicator in indicators:
            indicator.name_fr = None if indicator.code == "arrests" else "Personnes vérifiées"
            session.add(indicator)
        session.flush()
        load_reference(session)
        for indicator in indicators:
            session.refresh(indicator)
        assert {i.code: i.name_fr for i in indicators} == {
            "arrests": "Arrestations",
            "checks_persons": "Personnes vérifiées",
        }
        assert session.exec(select(Priority).where(col(Priority.name_fr).is_(None))).all() == []
