"""Listing the audit trail through the shared resource mechanism (read-only).

Filters: `user_id`, `username`, `resource`, `record_id`, `action`, and time through
`occurred_at_gte` / `occurred_at_lt`.
"""

from backend.audit.models import AuditEvent
from backend.resources import ResourceService

audit_events = ResourceService(
    AuditEvent, search=["username", "detail"], default_sort=("id", "DESC")
)
