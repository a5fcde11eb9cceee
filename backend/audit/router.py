"""Reading the audit trail; nothing here or anywhere else changes it."""

from fastapi import APIRouter

from backend.audit import queries
from backend.audit.models import AuditEventPublic
from backend.resources import resource_router

router = APIRouter()
router.include_router(
    resource_router(
        "audit-events",
        queries.audit_events,
        public=AuditEventPublic,
        create=None,
        update=None,
        deletable=False,
    )
)
