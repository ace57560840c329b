"""The ceiling for benchmarks/load.py: a bare Starlette endpoint that reads a JSON body and
answers with a small JSON object, served by the same uvicorn settings as nnguide."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


async def echo(request: Request) -> JSONResponse:
    body = await request.json()
    return JSONResponse({"ok": True, "n": len(body)})


app = Starlette(routes=[Route("/api/{name:path}", echo, methods=["POST"])])
