"""Handing in a contribution: a participant's, coordinator's or leader's part of an action."""

import datetime as dt

from sqlmodel import Session, col, select

from backend import i18n
from backend.access.policy import Operation, Principal, condition
from backend.audit import service as audit
from backend.audit.models import AuditAction
from backend.errors import Conflict, Forbidden, NotFound, record_label
from backend.plans.models import Participation
from backend.reporting import texts
from backend.reporting.models import Contribution, ReportState
from backend.reporting.workflow import SUBMITTABLE, ensure_writable

RESOURCE = "contribution-submissions"


def contribution_to_submit(
    session: Session, *, contribution_id: int, principal: Principal, actor: audit.Actor
) -> Contribution:
    """The contribution if the caller may submit it: 404 when they may not read it, 403 (noted
    in the audit trail) when they may read it but not write its figures."""
    contribution = session.exec(
        select(Contribution).where(
            col(Contribution.id) == contribution_id,
            condition(principal, RESOURCE, Operation.read),
        )
    ).first()
    if contribution is None:
        raise NotFound(
            i18n.message(
                "errors.not_found", record=record_label("contributions"), id=str(contribution_id)
            )
        )
    allowed = session.exec(
        select(col(Contribution.id)).where(
            col(Contribution.id) == contribution_id,
            condition(principal, RESOURCE, Operation.update),
        )
    ).first()
    if allowed is None:
        audit.record_even_if_rolled_back(
            session,
            actor=actor,
            action=AuditAction.denied,
            resource="contributions",
            record_id=contribution_id,
            detail=i18n.message("audit.refused.contribution_submit"),
        )
        raise Forbidden(i18n.message("reporting.who_submits_contribution"))
    return contribution


def submit_contribution(
    session: Session, *, contribution: Contribution, actor: audit.Actor
) -> Contribution:
    """not started, draft, returned or missing -> submitted, in an open (or reopened) cycle."""
    participation = session.get(Participation, contribution.participation_id)
    ensure_writable(
        session,
        cycle_id=contribution.reporting_cycle_id,
        action_id=participation.action_id if participation else None,
        organisation_id=participation.organisation_id if participation else None,
    )
    if contribution.state not in SUBMITTABLE:
        raise Conflict(
            i18n.message("reporting.contribution_handed_in", state=texts.state(contribution.state))
        )
    before = (contribution.state, contribution.submitted_at)
    contribution.state = ReportState.submitted
    contribution.submitted_at = dt.datetime.now(dt.UTC)
    session.add(contribution)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action=AuditAction.transition,
        resource="contributions",
        record_id=contribution.id,
        changes={
            "state": [before[0], contribution.state],
            "submitted_at": [audit.plain(before[1]), audit.plain(contribution.submitted_at)],
        },
    )
    return contribution
