"""Listing the audit trail through the shared resource mechanism (read-only).

Filters: `user_id`, `username`, `resource`, `record_id`, `action`, and time through
`occurred_at_gte` / `occurred_at_lt`.
"""

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session

from backend.audit.models import AuditEvent
from backend.audit.service import description
from backend.resources import ResourceService


class AuditEventService(ResourceService[AuditEvent]):
    def read_extras(
        self, session: Session, records: Sequence[AuditEvent], language: str
    ) -> dict[Any, dict[str, Any]]:
        del session
        return {event.id: {"description": description(event, language)} for event in records}


audit_events = AuditEventService(
    AuditEvent, search=["username", "detail"], default_sort=("id", "DESC")
)
