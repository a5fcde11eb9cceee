"""HTTP endpoints of the catalog."""

from fastapi import APIRouter

from backend.catalog import models, service
from backend.resources import resource_router

router = APIRouter()
router.include_router(
    resource_router(
        "policy-cycles",
        service.policy_cycles,
        public=models.PolicyCyclePublic,
        create=models.PolicyCycleCreate,
        update=models.PolicyCycleUpdate,
    )
)
router.include_router(
    resource_router(
        "priorities",
        service.priorities,
        public=models.PriorityPublic,
        create=models.PriorityCreate,
        update=models.PriorityUpdate,
    )
)
router.include_router(
    resource_router(
        "sub-priorities",
        service.sub_priorities,
        public=models.SubPriorityPublic,
        create=models.SubPriorityCreate,
        update=models.SubPriorityUpdate,
    )
)
router.include_router(
    resource_router(
        "strategic-goals",
        service.strategic_goals,
        public=models.StrategicGoalPublic,
        create=models.StrategicGoalCreate,
        update=models.StrategicGoalUpdate,
    )
)
router.include_router(
    resource_router(
        "organisations",
        service.organisations,
        public=models.OrganisationPublic,
        create=models.OrganisationCreate,
        update=models.OrganisationUpdate,
    )
)
router.include_router(
    resource_router(
        "indicators",
        service.indicators,
        public=models.IndicatorPublic,
        create=models.IndicatorCreate,
        update=models.IndicatorUpdate,
    )
)
