"""Which indicators apply to the actions of each priority."""

from sqlmodel import Session, col, select

from backend.catalog.models import Indicator, Priority


def indicators_by_priority(session: Session, *, policy_cycle_id: int) -> dict[int, list[Indicator]]:
    """For each priority of the policy cycle, its active indicators in their order."""
    indicators = list(
        session.exec(
            select(Indicator)
            .where(
                col(Indicator.policy_cycle_id) == policy_cycle_id, col(Indicator.active).is_(True)
            )
            .order_by(col(Indicator.position), col(Indicator.code))
        ).all()
    )
    priorities = session.exec(
        select(col(Priority.id)).where(col(Priority.policy_cycle_id) == policy_cycle_id)
    ).all()
    return {priority_id: list(indicators) for priority_id in priorities if priority_id is not None}
