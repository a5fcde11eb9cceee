"""A French reader's refusals: the detail in French, with the key and parameters it was
written from, the field named by its label."""

import datetime as dt

from fastapi.testclient import TestClient
from sqlmodel import Session

from backend.catalog.models import Indicator, IndicatorKind
from backend.reporting.models import CycleState
from tests.conftest import sign_in
from tests.factories import make_report, make_reporting_cycle, make_value


def _in_french(client: TestClient) -> TestClient:
    response = client.put("/api/auth/me/language", json={"language": "fr"})
    assert response.status_code == 200, response.text
    return client


class TestRefusalsInFrench:
    def test_a_write_into_a_closed_cycle_is_409_in_french_with_the_day_it_closed(
        self, client: TestClient, session: Session
    ) -> None:
        cycle = make_reporting_cycle(session, state=CycleState.closed)
        cycle.closed_on = dt.date(2026, 12, 2)
        session.add(cycle)
        session.commit()
        report = make_report(session, reporting_cycle_id=cycle.id)
        response = _in_french(client).post(f"/api/action-reports/{report.id}/submit")
        assert response.status_code == 409, response.text
        body = response.json()
        assert body["detail"] == (
            f"Le cycle de rapport {cycle.code} est clos depuis le 2 déc. 2026 : les rapports et "
            "les valeurs ne peuvent plus changer. Europol peut le rouvrir pour une action ou un "
            "pays."
        )
        assert body["message"] == {
            "key": "reporting.cycle_closed",
            "params": {"cycle": cycle.code, "closed_on": "2026-12-02"},
        }

    def test_the_same_409_in_english_says_the_actual_closing_day_not_the_planned_one(
        self, client: TestClient, session: Session
    ) -> None:
        cycle = make_reporting_cycle(session, state=CycleState.closed)
        cycle.closed_on = dt.date(2026, 12, 2)
        session.add(cycle)
        session.commit()
        report = make_report(session, reporting_cycle_id=cycle.id)
        response = client.post(f"/api/action-reports/{report.id}/submit")
        assert response.status_code == 409
        assert f"{cycle.code} closed on 2 Dec 2026:" in response.json()["detail"]

    def test_a_figure_below_its_minimum_is_422_naming_the_indicator_field_in_french(
        self, client: TestClient, session: Session
    ) -> None:
        value = make_value(session)
        response = _in_french(client).put(
            f"/api/indicator-values/{value.id}", json={"value": -5, "version": value.version}
        )
        assert response.status_code == 422, response.text
        body = response.json()
        assert body["detail"] == "Valeur : doit être au moins 0"
        assert body["fields"][0]["label"] == "Valeur"
        assert body["fields"][0]["key"] == "errors.validation.at_least"

    def test_a_whole_number_indicator_names_itself_and_its_unit_in_french(
        self, client: TestClient, session: Session
    ) -> None:
        value = make_value(session)
        indicator = session.get(Indicator, value.indicator_id)
        assert indicator is not None
        indicator.kind, indicator.unit, indicator.unit_fr = (
            IndicatorKind.integer,
            "persons",
            "personnes",
        )
        indicator.name, indicator.name_fr = "Arrests", "Arrestations"
        session.add(indicator)
        session.commit()
        response = _in_french(client).put(
            f"/api/indicator-values/{value.id}", json={"value": 2.5, "version": value.version}
        )
        assert response.status_code == 422, response.text
        assert response.json()["detail"] == (
            "Valeur : Arrestations se compte en nombre entier de personnes"
        )


class TestValidationInBothLanguages:
    def _bad_action(self, client: TestClient, language: str) -> dict[str, object]:
        response = client.post(
            "/api/operational-actions",
            json={"code": "OA 1.1", "start_date": "soon", "budget_eur": "a lot"},
            headers={"Accept-Language": language},
        )
        assert response.status_code == 422, response.text
        body: dict[str, object] = response.json()
        return body

    def test_in_english_fields_are_named_by_their_labels(self, anonymous: TestClient) -> None:

        body = self._bad_action(sign_in(anonymous, "europol"), "en")
        detail = str(body["detail"])
        assert "Title: is required" in detail
        assert "Start: must be a date, such as 2026-12-31" in detail
        assert "Budget (EUR): must be a number" in detail
        assert "start_date" not in detail and "action_plan_id" not in detail

    def test_in_french_fields_are_named_by_their_french_labels(self, anonymous: TestClient) -> None:

        europol = sign_in(anonymous, "europol")
        europol.put("/api/auth/me/language", json={"language": "fr"})
        body = self._bad_action(europol, "en")
        detail = str(body["detail"])
        assert "Titre : est obligatoire" in detail
        assert "Début : doit être une date, par exemple 2026-12-31" in detail
        assert "Budget (EUR) : doit être un nombre" in detail
        fields = {problem["field"]: problem for problem in body["fields"]}  # type: ignore[attr-defined]
        assert fields["title"]["key"] == "errors.validation.missing"
        assert fields["title"]["label"] == "Titre"
