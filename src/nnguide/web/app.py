"""The app factory: routers, static page, middleware and error handling."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware

from nnguide import __version__
from nnguide.web import errors
from nnguide.web.responses import FiniteJSONResponse
from nnguide.web.routers import classify, digits, network, regression, shapes, softmax
from nnguide.web.security import BodySizeLimit, SecurityHeaders

STATIC_DIR = Path(str(resources.files("nnguide.web").joinpath("static")))


def create_app() -> FastAPI:
    app = FastAPI(
        title="nnguide",
        version=__version__,
        description="The API behind the interactive guide to neural networks. Stateless JSON.",
        redoc_url=None,
        # Every route renders through this: NaN/Infinity become a clean 422, never bad JSON.
        default_response_class=FiniteJSONResponse,
    )
    for router in ROUTERS:
        app.include_router(router)

    errors.install(app)

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/api/health", tags=["meta"])
    async def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    app.mount("/static", StaticFiles(directory=STATIC_DIR, html=False), name="static")
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(BodySizeLimit)
    app.add_middleware(errors.CrashGuard)  # inside SecurityHeaders, so a 500 has them too
    app.add_middleware(SecurityHeaders)
    return app


ROUTERS = [
    regression.router,
    classify.router,
    softmax.router,
    shapes.router,
    digits.router,
    network.router,
]
