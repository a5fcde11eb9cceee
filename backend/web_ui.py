"""The built web UI as static files, with the caching that its build allows."""

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

# Vite names every file under assets/ by a hash of its content: a new build makes new names,
# so a browser may keep these for a year without asking again.
HASHED_ASSETS = "assets/"
IMMUTABLE = "public, max-age=31536000, immutable"
# index.html names the current build's assets: the browser must ask each time whether it
# changed (a 304 when it did not), or it would keep running an old build.
REVALIDATE = "no-cache"


class UIFiles(StaticFiles):
    """StaticFiles that say how long each file may be kept."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        hashed = path.startswith(HASHED_ASSETS) and response.status_code in (200, 304)
        response.headers["Cache-Control"] = IMMUTABLE if hashed else REVALIDATE
        return response
