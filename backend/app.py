"""The FastAPI application: the API under /api and the built web UI at /."""

import logging
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from sqlalchemy import text
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware

from backend.access.router import router as access_router
from backend.audit.router import router as audit_router
from backend.catalog.router import router as catalog_router
from backend.deps import ReadSessionDep
from backend.errors import install_error_handlers
from backend.notifications.router import router as notifications_router
from backend.plans.router import router as plans_router
from backend.reporting.cycle_router import router as cycle_router
from backend.reporting.grid_router import router as grid_router
from backend.reporting.router import router as reporting_router
from backend.reporting.views_router import router as views_router
from backend.security import install_security
from backend.spreadsheets.plan_router import router as plan_workbooks_router
from backend.spreadsheets.router import router as spreadsheets_router
from backend.spreadsheets.uploads_router import router as uploads_router
from backend.web_ui import UIFiles

logger = logging.getLogger("empact")

UI_DIST = Path(__file__).resolve().parent.parent / "frontend" / "dist"

# Responses under 1 kB are sent as they are: compressing them costs more than it saves.
COMPRESS_FROM_BYTES = 1024
# Workbooks are zip files already; compressing them again only costs time.
ALREADY_COMPRESSED = (
    *DEFAULT_EXCLUDED_CONTENT_TYPES,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)

UI_MISSING_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>EMPACT</title></head><body><h1>EMPACT</h1>
<p>The API runs at <a href="/api/docs">/api/docs</a>. The web UI has not been built:
run <code>make run</code> to build it.</p></body></html>"""


def create_app(ui_dist: Path = UI_DIST) -> FastAPI:
    app = FastAPI(
        title="EMPACT operational action plans",
        version="0.1.0",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    install_security(app)
    install_error_handlers(app)
    # Outermost, so that every response (the UI's assets, JSON, errors) is compressed once.
    # Level 6: nearly the size of 9 at a fraction of the time.
    app.add_middleware(
        GZipMiddleware,
        minimum_size=COMPRESS_FROM_BYTES,
        compresslevel=6,
        exclude_content_types=ALREADY_COMPRESSED,
    )

    api = APIRouter(prefix="/api")

    @api.get("/health", tags=["health"], summary="Is the service up and its database reachable?")
    def health(session: ReadSessionDep) -> dict[str, str]:
        session.exec(text("SELECT 1"))  # type: ignore[call-overload]
        return {"status": "ok"}

    api.include_router(access_router)
    api.include_router(audit_router)
    api.include_router(catalog_router)
    api.include_router(notifications_router)
    # Before the plans: /action-plans/workbook must not be read as /action-plans/{id}.
    api.include_router(plan_workbooks_router)
    api.include_router(plans_router)
    api.include_router(cycle_router)
    api.include_router(reporting_router)
    api.include_router(views_router)
    api.include_router(grid_router)
    api.include_router(spreadsheets_router)
    api.include_router(uploads_router)
    app.include_router(api)

    if (ui_dist / "index.html").is_file():
        app.mount("/", UIFiles(directory=ui_dist, html=True), name="ui")
    else:
        logger.warning("The web UI is not built (%s is missing); serving the API only.", ui_dist)

        @app.get("/", include_in_schema=False)
        def ui_missing() -> HTMLResponse:
            return HTMLResponse(UI_MISSING_PAGE)

    return app
