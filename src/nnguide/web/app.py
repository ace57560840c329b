"""The app factory: routers, static page, middleware and error handling."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware

from nnguide import __version__
from nnguide.web import embedding, errors
from nnguide.web.compute import ComputePool, ComputeScope
from nnguide.web.responses import FiniteJSONResponse
from nnguide.web.routers import (
    classify,
    data,
    digits,
    languages,
    network,
    regression,
    shapes,
    softmax,
)
from nnguide.web.security import BodySizeLimit, HostGuard, SecurityHeaders
from nnguide.web.settings import Settings

STATIC_DIR = Path(str(resources.files("nnguide.web").joinpath("static")))


def create_app(settings: Settings | None = None) -> FastAPI:
    """The guide's app. Without ``settings``, they come from ``NNGUIDE_*`` variables (set by
    ``nnguide serve``) or the defaults: loopback names only, one compute thread per core."""
    settings = settings or Settings.from_env()
    pool = ComputePool(settings.compute_threads, settings.jobs_per_client, settings.queue_limit)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        pool.open()
        yield
        pool.close()  # jobs still running stop at their next step

    app = FastAPI(
        title="nnguide",
        version=__version__,
        description="The API behind the interactive guide to neural networks. Stateless JSON.",
        redoc_url=None,
        docs_url=None,  # our own /docs below: Swagger UI from the package, no CDN
        # Every route renders through this: NaN/Infinity become a clean 422, never bad JSON.
        default_response_class=FiniteJSONResponse,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.compute = pool
    for router in ROUTERS:
        app.include_router(router)

    errors.install(app)

    # Read once: the shell page is small, and answering it from memory needs no thread (a
    # file read goes through anyio's thread pool, which waits for the GIL under load).
    page = (STATIC_DIR / "index.html").read_bytes()

    @app.get("/", include_in_schema=False)
    async def index() -> Response:
        return Response(page, media_type="text/html", headers={"Cache-Control": "no-cache"})

    @app.get("/docs", include_in_schema=False)
    async def docs() -> FileResponse:
        return FileResponse(
            STATIC_DIR / "docs" / "index.html", headers={"Cache-Control": "no-cache"}
        )

    @app.get("/api/health", tags=["meta"])
    async def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    app.mount("/static", StaticFiles(directory=STATIC_DIR, html=False), name="static")
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(BodySizeLimit)
    app.add_middleware(ComputeScope, pool=pool)
    app.add_middleware(errors.CrashGuard)  # inside SecurityHeaders, so a 500 has them too
    app.add_middleware(HostGuard, settings=settings)
    app.add_middleware(
        SecurityHeaders, frame_ancestors=embedding.ancestors(settings.frame_ancestors)
    )
    # Outermost: every other layer sees the request as routed under the proxy's prefix.
    app.add_middleware(embedding.RootPath, prefix=embedding.root_path(settings.root_path))
    return app


ROUTERS = [
    regression.router,
    classify.router,
    softmax.router,
    shapes.router,
    digits.router,
    network.router,
    data.router,
    languages.router,
]
