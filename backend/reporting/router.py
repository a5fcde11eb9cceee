"""HTTP endpoints of reporting cycles, action reports, contributions and figures."""

from fastapi import APIRouter

from backend.reporting import models, service
from backend.resources import resource_router

router = APIRouter()
router.include_router(
    resource_router(
        "reporting-cycles",
        service.reporting_cycles,
        public=models.ReportingCyclePublic,
        create=models.ReportingCycleCreate,
        update=models.ReportingCycleUpdate,
    )
)
router.include_router(
    resource_router(
        "action-reports",
        service.action_reports,
        public=models.ActionReportPublic,
        create=models.ActionReportCreate,
        update=models.ActionReportUpdate,
    )
)
router.include_router(
    resource_router(
        "contributions",
        service.contributions,
        public=models.ContributionPublic,
        create=models.ContributionCreate,
        update=models.ContributionUpdate,
    )
)
router.include_router(
    resource_router(
        "indicator-values",
        service.indicator_values,
        public=models.IndicatorValuePublic,
        create=models.IndicatorValueCreate,
        update=models.IndicatorValueUpdate,
    )
)
