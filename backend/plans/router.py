"""HTTP endpoints of action plans, operational actions and participations."""

from fastapi import APIRouter

from backend.plans import models, service
from backend.resources import resource_router

router = APIRouter()
router.include_router(
    resource_router(
        "action-plans",
        service.action_plans,
        public=models.ActionPlanPublic,
        create=models.ActionPlanCreate,
        update=models.ActionPlanUpdate,
    )
)
router.include_router(
    resource_router(
        "operational-actions",
        service.operational_actions,
        public=models.OperationalActionPublic,
        create=models.OperationalActionCreate,
        update=models.OperationalActionUpdate,
    )
)
router.include_router(
    resource_router(
        "participations",
        service.participations,
        public=models.ParticipationPublic,
        create=models.ParticipationCreate,
        update=models.ParticipationUpdate,
    )
)
