"""Which records each role sees and changes, checked against the demo data in the database."""

import json
from typing import Any

import httpx2
from fastapi.testclient import TestClient
from sqlmodel import Session, col, func, select

from backend.catalog.models import Organisation
from backend.plans.models import ActionPlan, OperationalAction, Participation, ParticipationRole
from backend.reporting.models import Contribution, IndicatorValue, ReportingCycle
from tests.conftest import sign_in
from tests.factories import organisation


def _page(
    client: TestClient, resource: str, first: int, last: int, **filters: object
) -> httpx2.Response:
    response = client.get(
        f"/api/{resource}",
        params={
            "range": json.dumps([first, last]),
            "sort": '["id","ASC"]',
            "filter": json.dumps(filters),
        },
    )
    assert response.status_code == 200, response.text
    return response


def _total(response: httpx2.Response) -> int:
    return int(response.headers["Content-Range"].rsplit("/", 1)[1])


def _ids(response: httpx2.Response) -> list[int]:
    return [record["id"] for record in response.json()]


def _every_page(client: TestClient, resource: str, size: int) -> tuple[list[int], set[int]]:
    """Every id the caller may list, page by page, and the totals the pages announced."""
    ids: list[int] = []
    totals: set[int] = set()
    first = 0
    while True:
        response = _page(client, resource, first, first + size - 1)
        totals.add(_total(response))
        if not response.json():
            return ids, totals
        ids.extend(_ids(response))
        first += size


def _organisations_of(country_code: str) -> Any:
    return select(col(Organisation.id)).where(col(Organisation.country_code) == country_code)


def _contribution_ids(session: Session, country_code: str) -> set[int]:
    rows = session.exec(
        select(col(Contribution.id))
        .join(Participation, col(Participation.id) == col(Contribution.participation_id))
        .join(Organisation, col(Organisation.id) == col(Participation.organisation_id))
        .where(col(Organisation.country_code) == country_code)
    ).all()
    return {row for row in rows if row is not None}


def _value_ids(session: Session, country_code: str) -> set[int]:
    rows = session.exec(
        select(col(IndicatorValue.id))
        .join(Organisation, col(Organisation.id) == col(IndicatorValue.organisation_id))
        .where(col(Organisation.country_code) == country_code)
    ).all()
    return {row for row in rows if row is not None}


def _action_where(
    session: Session, country_code: str, roles: list[ParticipationRole]
) -> OperationalAction:
    """An action in which the country takes part in one of `roles`."""
    action = session.exec(
        select(OperationalAction)
        .join(Participation, col(Participation.action_id) == col(OperationalAction.id))
        .where(
            col(Participation.organisation_id).in_(_organisations_of(country_code)),
            col(Participation.role).in_(roles),
        )
        .order_by(col(OperationalAction.id))
    ).first()
    assert action is not None, f"the demo has no action where {country_code} is one of {roles}"
    return action


def _action_led_by_without(session: Session, leader: str, absent: str) -> OperationalAction:
    """An action led by country `leader` in which country `absent` takes no part."""
    absent_from = select(col(Participation.action_id)).where(
        col(Participation.organisation_id).in_(_organisations_of(absent))
    )
    action = session.exec(
        select(OperationalAction)
        .where(
            col(OperationalAction.leader_id).in_(_organisations_of(leader)),
            col(OperationalAction.id).not_in(absent_from),
        )
        .order_by(col(OperationalAction.id))
    ).first()
    assert action is not None, f"the demo has no action led by {leader} without {absent}"
    return action


def _contribution_of(session: Session, country_code: str, cycle_state: str) -> Contribution:
    contribution = session.exec(
        select(Contribution)
        .join(Participation, col(Participation.id) == col(Contribution.participation_id))
        .join(ReportingCycle, col(ReportingCycle.id) == col(Contribution.reporting_cycle_id))
        .where(
            col(Participation.organisation_id).in_(_organisations_of(country_code)),
            col(ReportingCycle.state) == cycle_state,
        )
        .order_by(col(Contribution.id))
    ).first()
    assert contribution is not None
    return contribution


def _value_of(session: Session, country_code: str) -> IndicatorValue:
    value = session.exec(
        select(IndicatorValue)
        .where(col(IndicatorValue.organisation_id).in_(_organisations_of(country_code)))
        .order_by(col(IndicatorValue.id))
    ).first()
    assert value is not None
    return value


def _retitle(client: TestClient, action_id: int, version: int) -> httpx2.Response:
    return client.put(
        f"/api/operational-actions/{action_id}",
        json={"title": "Retitled by a scoped user", "version": version},
    )


class TestNecContributions:
    def test_lists_exactly_the_german_contributions(
        self, anonymous: TestClient, session: Session
    ) -> None:
        nec = sign_in(anonymous, "nec-de")
        german = _contribution_ids(session, "DE")
        response = _page(nec, "contributions", 0, 999)
        assert set(_ids(response)) == german
        assert _total(response) == len(german)

    def test_every_page_holds_only_german_contributions(
        self, anonymous: TestClient, session: Session
    ) -> None:
        nec = sign_in(anonymous, "nec-de")
        german = _contribution_ids(session, "DE")
        ids, totals = _every_page(nec, "contributions", size=100)
        assert len(german) > 100  # so that the listing really takes several pages
        assert sorted(ids) == sorted(german)
        assert totals == {len(german)}

    def test_a_french_contribution_is_404(self, anonymous: TestClient, session: Session) -> None:
        nec = sign_in(anonymous, "nec-de")
        french = _contribution_of(session, "FR", "open")
        response = nec.get(f"/api/contributions/{french.id}")
        assert response.status_code == 404
        assert nec.get(f"/api/contributions/{french.id}/history").status_code == 404

    def test_a_french_contribution_is_404_to_update_and_stays_unchanged(
        self, anonymous: TestClient, session: Session
    ) -> None:
        nec = sign_in(anonymous, "nec-de")
        french = _contribution_of(session, "FR", "open")
        response = nec.put(
            f"/api/contributions/{french.id}",
            json={"narrative": "Written by the German coordinator", "version": french.version},
        )
        assert response.status_code == 404
        session.refresh(french)
        assert french.narrative != "Written by the German coordinator"

    def test_updates_a_german_contributions_narrative(
        self, anonymous: TestClient, session: Session
    ) -> None:
        nec = sign_in(anonymous, "nec-de")
        german = _contribution_of(session, "DE", "open")
        response = nec.put(
            f"/api/contributions/{german.id}",
            json={"narrative": "Germany seized 40 kg in March.", "version": german.version},
        )
        assert response.status_code == 200, response.text
        stored = nec.get(f"/api/contributions/{german.id}").json()
        assert stored["narrative"] == "Germany seized 40 kg in March."


class TestNecIndicatorValues:
    def test_lists_exactly_the_german_figures(
        self, anonymous: TestClient, session: Session
    ) -> None:
        nec = sign_in(anonymous, "nec-de")
        german = _value_ids(session, "DE")
        response = _page(nec, "indicator-values", 0, 999)
        assert set(_ids(response)) == german
        assert _total(response) == len(german)

    def test_every_page_holds_only_german_figures(
        self, anonymous: TestClient, session: Session
    ) -> None:
        nec = sign_in(anonymous, "nec-de")
        german = _value_ids(session, "DE")
        ids, totals = _every_page(nec, "indicator-values", size=250)
        assert len(german) > 250
        assert sorted(ids) == sorted(german)
        assert totals == {len(german)}

    def test_a_french_figure_is_404(self, anonymous: TestClient, session: Session) -> None:
        nec = sign_in(anonymous, "nec-de")
        french = _value_of(session, "FR")
        assert nec.get(f"/api/indicator-values/{french.id}").status_code == 404

    def test_filtering_on_frances_organisation_finds_nothing(
        self, anonymous: TestClient, session: Session
    ) -> None:
        nec = sign_in(anonymous, "nec-de")
        france = organisation(session, "FR")
        assert _value_ids(session, "FR")  # there is something to hide
        response = _page(nec, "indicator-values", 0, 999, organisation_id=france.id)
        assert response.json() == []
        assert _total(response) == 0

    def test_filtering_on_frances_country_code_finds_nothing(self, anonymous: TestClient) -> None:
        nec = sign_in(anonymous, "nec-de")
        response = _page(nec, "indicator-values", 0, 999, country_code="FR")
        assert response.json() == []
        assert _total(response) == 0


class TestNecActions:
    def test_reads_an_action_germany_takes_part_in(
        self, anonymous: TestClient, session: Session
    ) -> None:
        nec = sign_in(anonymous, "nec-de")
        action = _action_where(session, "DE", [ParticipationRole.participant])
        response = nec.get(f"/api/operational-actions/{action.id}")
        assert response.status_code == 200
        assert response.json()["title"] == action.title

    def test_cannot_change_an_action_germany_merely_takes_part_in(
        self, anonymous: TestClient, session: Session
    ) -> None:
        nec = sign_in(anonymous, "nec-de")
        action = _action_where(session, "DE", [ParticipationRole.participant])
        response = _retitle(nec, action.id or 0, action.version)
        assert response.status_code == 403
        stored = nec.get(f"/api/operational-actions/{action.id}").json()
        assert (stored["title"], stored["version"]) == (action.title, action.version)


class TestLeaderActions:
    def test_updates_an_action_germany_leads(self, anonymous: TestClient, session: Session) -> None:
        leader = sign_in(anonymous, "leader-de")
        action = _action_where(session, "DE", [ParticipationRole.leader])
        response = _retitle(leader, action.id or 0, action.version)
        assert response.status_code == 200, response.text
        assert response.json()["title"] == "Retitled by a scoped user"

    def test_updates_an_action_germany_co_leads(
        self, anonymous: TestClient, session: Session
    ) -> None:
        leader = sign_in(anonymous, "leader-de")
        action = _action_where(session, "DE", [ParticipationRole.co_leader])
        response = _retitle(leader, action.id or 0, action.version)
        assert response.status_code == 200, response.text

    def test_an_action_france_leads_without_germany_is_404(
        self, anonymous: TestClient, session: Session
    ) -> None:
        leader = sign_in(anonymous, "leader-de")
        action = _action_led_by_without(session, "FR", "DE")
        assert leader.get(f"/api/operational-actions/{action.id}").status_code == 404
        assert _retitle(leader, action.id or 0, action.version).status_code == 404

    def test_an_action_germany_merely_takes_part_in_is_404(
        self, anonymous: TestClient, session: Session
    ) -> None:
        leader = sign_in(anonymous, "leader-de")
        action = _action_where(session, "DE", [ParticipationRole.participant])
        assert leader.get(f"/api/operational-actions/{action.id}").status_code == 404

    def test_lists_only_the_actions_germany_leads_or_co_leads(
        self, anonymous: TestClient, session: Session
    ) -> None:
        leader = sign_in(anonymous, "leader-de")
        led = set(
            session.exec(
                select(col(Participation.action_id)).where(
                    col(Participation.organisation_id) == organisation(session, "DE").id,
                    col(Participation.role).in_(
                        [ParticipationRole.leader, ParticipationRole.co_leader]
                    ),
                )
            ).all()
        )
        response = _page(leader, "operational-actions", 0, 999)
        assert set(_ids(response)) == led
        assert _total(response) == len(led)


class TestDriverActions:
    def _plan(self, session: Session) -> ActionPlan:
        return session.exec(select(ActionPlan).where(col(ActionPlan.short_code) == "CYBER")).one()

    def test_lists_only_the_actions_of_its_plan(
        self, anonymous: TestClient, session: Session
    ) -> None:
        driver = sign_in(anonymous, "driver-cyber")
        plan = self._plan(session)
        in_plan = session.exec(
            select(col(OperationalAction.id)).where(
                col(OperationalAction.action_plan_id) == plan.id
            )
        ).all()
        response = _page(driver, "operational-actions", 0, 999)
        assert _total(response) == len(in_plan)
        assert set(_ids(response)) == set(in_plan)
        assert {action["action_plan_id"] for action in response.json()} == {plan.id}

    def test_reads_but_cannot_change_an_action_of_its_plan(
        self, anonymous: TestClient, session: Session
    ) -> None:
        driver = sign_in(anonymous, "driver-cyber")
        plan = self._plan(session)
        action = session.exec(
            select(OperationalAction).where(col(OperationalAction.action_plan_id) == plan.id)
        ).first()
        assert action is not None
        assert driver.get(f"/api/operational-actions/{action.id}").status_code == 200
        response = _retitle(driver, action.id or 0, action.version)
        assert response.status_code == 403
        stored = driver.get(f"/api/operational-actions/{action.id}").json()
        assert stored["title"] == action.title

    def test_an_action_of_another_plan_is_404(
        self, anonymous: TestClient, session: Session
    ) -> None:
        driver = sign_in(anonymous, "driver-cyber")
        other = session.exec(
            select(OperationalAction).where(
                col(OperationalAction.action_plan_id) != self._plan(session).id
            )
        ).first()
        assert other is not None
        assert driver.get(f"/api/operational-actions/{other.id}").status_code == 404


class TestAdminActions:
    def test_admin_cannot_list_operational_actions(self, anonymous: TestClient) -> None:
        admin = sign_in(anonymous, "admin")
        response = admin.get("/api/operational-actions")
        assert response.status_code == 403
        assert response.json()["error"] == "forbidden"

    def test_admin_cannot_read_one_operational_action(
        self, anonymous: TestClient, session: Session
    ) -> None:
        admin = sign_in(anonymous, "admin")
        first = session.exec(select(func.min(OperationalAction.id))).one()
        assert admin.get(f"/api/operational-actions/{first}").status_code == 404
