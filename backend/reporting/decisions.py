"""Telling the people concerned of a review decision: a report or a contribution returned
(with the reviewer's comment) or accepted. One message per decision and person, in the
person's language, in the inbox and by email; the reviewer is not told of its own decision."""

from collections.abc import Iterable

import sqlalchemy as sa
from sqlmodel import Session, col

from backend import i18n
from backend.access.models import Role, RoleGrant, User
from backend.catalog.models import Organisation
from backend.plans.models import ActionPlan, OperationalAction, Participation
from backend.plans.texts import action_name
from backend.reporting.models import ActionReport, Contribution, ReportingCycle
from backend.reporting.workflow import LEADING


def _active(session: Session, condition: sa.ColumnElement[bool]) -> set[int]:
    """The active users holding a grant that meets `condition`."""
    return set(
        session.execute(
            sa.select(col(User.id))
            .join(RoleGrant, col(RoleGrant.user_id) == col(User.id))
            .where(col(User.is_active).is_(True), condition)
        ).scalars()
    )


def _action(session: Session, action_id: int) -> str:
    plan, code = session.execute(
        sa.select(col(ActionPlan.short_code), col(OperationalAction.code))
        .join(ActionPlan, col(ActionPlan.id) == col(OperationalAction.action_plan_id))
        .where(col(OperationalAction.id) == action_id)
    ).one()
    return action_name(plan, code)


def _send(
    session: Session,
    recipients: Iterable[int | None],
    *,
    reviewer_id: int | None,
    key: str,
    subject: i18n.Message,
    body: i18n.Message,
    cycle_id: int,
) -> int:
    from backend.notifications.service import notify

    people = sorted({person for person in recipients if person and person != reviewer_id})
    languages = dict(
        session.execute(
            sa.select(col(User.id), col(User.language)).where(col(User.id).in_(people))
        ).all()
    )
    sent = 0
    for person in people:
        language = i18n.language_of(str(languages.get(person, "")))
        sent += notify(
            session,
            user_id=person,
            key=key,
            subject=subject.render(language),
            body=body.render(language),
            reporting_cycle_id=cycle_id,
        )
    return sent


def _reviewer(session: Session, user_id: int | None) -> str:
    user = session.get(User, user_id) if user_id else None
    return user.full_name if user else "EMPACT"


def _cycle(session: Session, cycle_id: int) -> str:
    cycle = session.get(ReportingCycle, cycle_id)
    return cycle.code if cycle else str(cycle_id)


def tell_report_decision(session: Session, report: ActionReport) -> int:
    """The report's leaders (its submitter among them) learn it was returned or accepted."""
    leading = (
        sa.select(col(Participation.organisation_id))
        .where(
            col(Participation.action_id) == report.action_id,
            col(Participation.role).in_(LEADING),
        )
        .scalar_subquery()
    )
    leaders = _active(
        session,
        sa.and_(col(RoleGrant.role) == Role.leader, col(RoleGrant.organisation_id).in_(leading)),
    )
    decision = str(report.state)
    params = {
        "action": _action(session, report.action_id),
        "cycle": _cycle(session, report.reporting_cycle_id),
        "reviewer": _reviewer(session, report.reviewed_by_id),
        "comment": report.review_comment or "–",
    }
    return _send(
        session,
        [report.submitted_by_id, *leaders],
        reviewer_id=report.reviewed_by_id,
        key=f"report:{report.id}:{decision}:{report.reviewed_at:%Y%m%dT%H%M%S%f}",
        subject=i18n.message(f"reporting.mail.report_{decision}_subject", **params),
        body=i18n.message(f"reporting.mail.report_{decision}", **params),
        cycle_id=report.reporting_cycle_id,
    )


def tell_contribution_decision(session: Session, contribution: Contribution) -> int:
    """Who writes the contribution (its submitter, its country's coordinators, its
    organisation's participants and leaders) learns it was returned or accepted."""
    participation = session.get(Participation, contribution.participation_id)
    assert participation is not None
    organisation = session.get(Organisation, participation.organisation_id)
    assert organisation is not None
    writers = _active(
        session,
        sa.or_(
            sa.and_(
                col(RoleGrant.role) == Role.nec,
                col(RoleGrant.country_code) == organisation.country_code,
            ),
            sa.and_(
                col(RoleGrant.role).in_([Role.participant, Role.leader]),
                col(RoleGrant.organisation_id) == organisation.id,
            ),
        ),
    )
    decision = str(contribution.state)
    params = {
        "organisation": organisation.name,
        "action": _action(session, participation.action_id),
        "cycle": _cycle(session, contribution.reporting_cycle_id),
        "reviewer": _reviewer(session, contribution.reviewed_by_id),
        "comment": contribution.review_comment or "–",
    }
    return _send(
        session,
        [contribution.submitted_by_id, *writers],
        reviewer_id=contribution.reviewed_by_id,
        key=(
            f"contribution:{contribution.id}:{decision}:{contribution.reviewed_at:%Y%m%dT%H%M%S%f}"
        ),
        subject=i18n.message(f"reporting.mail.contribution_{decision}_subject", **params),
        body=i18n.message(f"reporting.mail.contribution_{decision}", **params),
        cycle_id=contribution.reporting_cycle_id,
    )
