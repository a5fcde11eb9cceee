"""Every table of the application, imported together so that the metadata knows them all."""

import backend.access.models
import backend.audit.models
import backend.catalog.models
import backend.notifications.models
import backend.plans.models
import backend.reporting.models
import backend.spreadsheets.models  # noqa: F401
from backend.database import metadata

__all__ = ["metadata"]
