"""The inbox: everyone lists and reads the notifications addressed to them, and no others."""

from backend.access.policy import Operation
from backend.deps import CurrentActor, CurrentPrincipal, WriteSessionDep
from backend.notifications import service
from backend.notifications.models import Notification, NotificationPublic
from backend.resources import RecordId, authorize, resource_router

router = resource_router(
    "notifications",
    service.notifications,
    public=NotificationPublic,
    create=None,
    update=None,
    deletable=False,
)


@router.post(
    "/{id}/read",
    response_model=NotificationPublic,
    summary="Mark one of your notifications as read",
    description="Marking it again changes nothing. Someone else's notification is a 404.",
)
def mark_read(
    id: RecordId, session: WriteSessionDep, principal: CurrentPrincipal, actor: CurrentActor
) -> Notification:
    authorize(
        session,
        service.notifications,
        principal=principal,
        actor=actor,
        operation=Operation.update,
        id=id,
    )
    # No audit event: having read a message changes no business data.
    return service.mark_read(session, notification_id=id)
