"""``/healthz``: whether the app can reach its database, for load balancers and monitoring."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from posylka.entrypoints.web.guards import deps_of

router = APIRouter()
log = logging.getLogger("posylka.web")


@router.get("/healthz")
def health(request: Request) -> JSONResponse:
    deps = deps_of(request)
    now = deps.clock.now()
    try:
        with deps.reader() as tx:
            tx.stores.list(active_only=False)
    except Exception as exc:  # a health check reports failure instead of raising it
        log.warning("health check: database unreachable: %s", exc)
        body = {"status": "unavailable", "database": "error", "time": now.isoformat()}
        return JSONResponse(body, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok", "time": now.isoformat()})
