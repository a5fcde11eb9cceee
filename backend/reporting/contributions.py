"""A contribution's moves: a participant's, coordinator's or leader's part of an action is
handed in (submitted), then returned with a comment or accepted by the action's leader, the
plan's driver or Europol, never by whoever submitted it. A submitted or accepted contribution
is locked: its figures and narrative change only once it is returned, or while a reopening of
its action or country runs."""

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Session, col, select

from backend import i18n
from backend.access.policy import Operation, Principal, condition
from backend.audit import service as audit
from backend.audit.models import AuditAction
from backend.catalog.models import Organisation
from backend.errors import Conflict, Forbidden, InvalidInput, NotFound, record_label
from backend.plans.models import ActionPlan, OperationalAction, Participation
from backend.plans.texts import action_name
from backend.reporting import texts
from backend.reporting.models import Contribution, ReportState
from backend.reporting.workflow import SUBMITTABLE, ensure_writable, move, reopened

RESOURCE = "contribution-submissions"
REVIEWS = "contribution-reviews"
# What a reviewer has still to look at, and what it has taken: no one writes into either.
LOCKED = (ReportState.submitted, ReportState.accepted)


def _contribution_for(
    session: Session,
    *,
    contribution_id: int,
    principal: Principal,
    actor: audit.Actor,
    resource: str,
    refused: str,
    why: str,
) -> Contribution:
    """The contribution if the caller may move it: 404 when they may not read it, 403 (noted
    in the audit trail) when they may read it but not make this move."""
    contribution = session.exec(
        select(Contribution).where(
            col(Contribution.id) == contribution_id,
            condition(principal, resource, Operation.read),
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
            condition(principal, resource, Operation.update),
        )
    ).first()
    if allowed is None:
        audit.record_even_if_rolled_back(
            session,
            actor=actor,
            action=AuditAction.denied,
            resource="contributions",
            record_id=contribution_id,
            detail=i18n.message(refused),
        )
        raise Forbidden(i18n.message(why))
    return contribution


def contribution_to_submit(
    session: Session, *, contribution_id: int, principal: Principal, actor: audit.Actor
) -> Contribution:
    """The contribution if the caller may submit it (who may write its figures)."""
    return _contribution_for(
        session,
        contribution_id=contribution_id,
        principal=principal,
        actor=actor,
        resource=RESOURCE,
        refused="audit.refused.contribution_submit",
        why="reporting.who_submits_contribution",
    )


def contribution_to_review(
    session: Session, *, contribution_id: int, principal: Principal, actor: audit.Actor
) -> Contribution:
    """The contribution if the caller may return or accept it (the action's leader, the
    plan's driver, Europol)."""
    return _contribution_for(
        session,
        contribution_id=contribution_id,
        principal=principal,
        actor=actor,
        resource=REVIEWS,
        refused="audit.refused.contribution_review",
        why="reporting.who_reviews_contribution",
    )


def ensure_participation_writable(session: Session, contribution: Contribution) -> None:
    """Refuse a write into the contribution while its cycle is closed and not reopened for
    its action or its country."""
    participation = session.get(Participation, contribution.participation_id)
    ensure_writable(
        session,
        cycle_id=contribution.reporting_cycle_id,
        action_id=participation.action_id if participation else None,
        organisation_id=participation.organisation_id if participation else None,
    )


def ensure_open(session: Session, *, cycle_id: int, action_id: int, organisation_id: int) -> None:
    """Refuse, saying whose and why, a write into the figures or the narrative of a
    contribution that is submitted or accepted, unless a reopening of its action or its
    country runs."""
    found = session.execute(
        sa.select(
            col(Contribution.state),
            col(Organisation.name),
            col(Organisation.country_code),
            col(ActionPlan.short_code),
            col(OperationalAction.code),
        )
        .join(Participation, col(Participation.id) == col(Contribution.participation_id))
        .join(Organisation, col(Organisation.id) == col(Participation.organisation_id))
        .join(OperationalAction, col(OperationalAction.id) == col(Participation.action_id))
        .join(ActionPlan, col(ActionPlan.id) == col(OperationalAction.action_plan_id))
        .where(
            col(Contribution.reporting_cycle_id) == cycle_id,
            col(Participation.action_id) == action_id,
            col(Participation.organisation_id) == organisation_id,
        )
    ).first()
    if found is None or found[0] not in LOCKED:
        return
    state, organisation, country, plan, action = found
    if reopened(session, cycle_id=cycle_id, action_id=action_id, country=country):
        return
    raise Conflict(
        i18n.message(
            "reporting.contribution_locked",
            organisation=organisation,
            action=action_name(plan, action),
            state=texts.state(state),
        )
    )


def submit_contribution(
    session: Session,
    *,
    contribution: Contribution,
    actor: audit.Actor,
    principal: Principal | None = None,
) -> Contribution:
    """not started, draft, returned or missing -> submitted, in an open (or reopened) cycle."""
    ensure_participation_writable(session, contribution)
    if contribution.state not in SUBMITTABLE:
        raise Conflict(
            i18n.message("reporting.contribution_handed_in", state=texts.state(contribution.state))
        )
    return move(
        session,
        contribution,
        ReportState.submitted,
        actor,
        submitted_at=dt.datetime.now(dt.UTC),
        submitted_by_id=principal.user_id if principal else actor.user_id,
    )


def _review(contribution: Contribution, principal: Principal, what: str) -> None:
    if contribution.state != ReportState.submitted:
        raise Conflict(
            i18n.message(
                f"reporting.only_submitted_contribution_{what}",
                state=texts.state(contribution.state),
            )
        )
    if contribution.submitted_by_id == principal.user_id:
        raise Forbidden(i18n.message("reporting.submitter_cannot_review_contribution"))


def return_contribution(
    session: Session,
    *,
    contribution: Contribution,
    principal: Principal,
    actor: audit.Actor,
    comment: str,
) -> Contribution:
    """A reviewer sends a submitted contribution back, saying what to correct: -> returned,
    and its figures can be changed again."""
    _review(contribution, principal, "returned")
    if not comment.strip():
        raise InvalidInput("comment", i18n.message("reporting.say_what_to_correct"))
    return _told(
        session,
        move(
            session,
            contribution,
            ReportState.returned,
            actor,
            reviewed_at=dt.datetime.now(dt.UTC),
            reviewed_by_id=principal.user_id,
            review_comment=comment.strip(),
        ),
    )


def accept_contribution(
    session: Session,
    *,
    contribution: Contribution,
    principal: Principal,
    actor: audit.Actor,
    comment: str = "",
) -> Contribution:
    """A reviewer accepts a submitted contribution: -> accepted, for good."""
    _review(contribution, principal, "accepted")
    return _told(
        session,
        move(
            session,
            contribution,
            ReportState.accepted,
            actor,
            reviewed_at=dt.datetime.now(dt.UTC),
            reviewed_by_id=principal.user_id,
            review_comment=comment.strip(),
        ),
    )


def _told(session: Session, contribution: Contribution) -> Contribution:
    """The contribution, once whoever writes it is told of the decision."""
    from backend.reporting.decisions import tell_contribution_decision

    tell_contribution_decision(session, contribution)
    return contribution
