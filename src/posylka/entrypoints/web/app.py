"""The web application factory: routes, templates, catalogs, static files and security headers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from zoneinfo import ZoneInfo

from fastapi import Depends, FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import Lifespan

from posylka.entrypoints.web import errors, locales
from posylka.entrypoints.web.deps import WebDeps
from posylka.entrypoints.web.guards import verify_csrf
from posylka.entrypoints.web.rendering import STATIC_DIR, Pages
from posylka.entrypoints.web.routes import (
    account,
    auth,
    catalogue,
    health,
    order_checks,
    postings,
    print_actions,
    printing,
    queue,
    settings,
    shortfalls,
    stock,
    stock_push,
)
from posylka.entrypoints.web.routes import boxes as box_pages
from posylka.entrypoints.web.routes import documents as document_pages
from posylka.entrypoints.web.routes import evidence as evidence_pages
from posylka.entrypoints.web.routes import handovers as handover_pages
from posylka.entrypoints.web.routes import labels as label_pages
from posylka.entrypoints.web.routes import packing as packing_station
from posylka.entrypoints.web.routes import recipes as recipe_pages
from posylka.entrypoints.web.routes import tracking as tracking_pages

# Scripts and styles come only from our own static files; no inline code, no third-party hosts.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'"
)


def create_app(deps: WebDeps, *, lifespan: Lifespan[FastAPI] | None = None) -> FastAPI:
    """Build the web app around its dependencies; nothing is opened until a request arrives.

    ``lifespan`` runs around the server's life (the embedded job queue lives there, so it is
    stopped on SIGINT and SIGTERM alike, before the server process ends)."""
    app = FastAPI(
        title="posylka",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(verify_csrf)],
    )
    app.state.deps = deps
    app.state.pages = Pages(
        locales.load_translations(),
        ZoneInfo(deps.settings.timezone),
        deps.settings.default_language,
    )
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for area in (
        auth,
        queue,
        postings,
        order_checks,
        shortfalls,
        stock,
        stock_push,
        catalogue,
        settings,
        printing,
        print_actions,
        account,
        health,
    ):
        app.include_router(area.router)
    app.include_router(label_pages.router)
    app.include_router(document_pages.router)
    app.include_router(box_pages.router)
    app.include_router(recipe_pages.router)
    app.include_router(handover_pages.router)
    app.include_router(tracking_pages.router)
    app.include_router(packing_station.router)
    app.include_router(evidence_pages.router)
    errors.install(app)
    app.middleware("http")(_security_headers)
    return app


async def _security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if not request.url.path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response
