"""The posting queue (``/``) and the sync status line above it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from posylka.domain.ids import StoreId
from posylka.entrypoints.web.guards import CurrentSession, deps_of
from posylka.entrypoints.web.labels import N_
from posylka.entrypoints.web.rendering import is_fragment_request, render
from posylka.services.order_checks import row_checks
from posylka.services.ports import QueueQuery
from posylka.services.queue import list_queue, sync_overview
from posylka.services.stores import UnknownStore, request_sync

router = APIRouter()

SYNC_REQUESTED = N_("Sync requested. New postings appear within a minute or two.")
SYNC_UNKNOWN_STORE = N_("This store no longer exists.")
PAGE_SIZE = 50
CHECK_FILTERS = ("attention", "ready")
"""Order-check verdicts the queue can be filtered by."""


def _id(raw: str) -> int | None:
    raw = raw.strip()
    return int(raw) if raw.isdigit() else None


@router.get("/")
def queue_page(
    request: Request,
    session: CurrentSession,
    store: str = "",
    warehouse: str = "",
    delivery: str = "",
    status: str = "",
    q: str = "",
    check: str = "",
    after: str = "",
    before: str = "",
) -> Response:
    deps = deps_of(request)
    store_id = _id(store)
    query = QueueQuery(
        store_id=StoreId(store_id) if store_id is not None else None,
        warehouse_id=_id(warehouse),
        delivery_method_id=_id(delivery),
        status=status.strip() or None,
        text=q,
        check=check if check in CHECK_FILTERS else None,
        after=after,
        before="" if after else before,
        limit=PAGE_SIZE,
    )
    fragment = is_fragment_request(request)
    view = list_queue(query, uow=deps.reader, clock=deps.clock, with_choices=not fragment)
    filters = {
        "store": store,
        "warehouse": warehouse,
        "delivery": delivery,
        "status": status,
        "q": q.strip(),
        "check": check if check in CHECK_FILTERS else "",
    }
    checks = row_checks([entry.row.id for entry in view.entries], uow=deps.reader)
    context = {"view": view, "filters": filters, "checks": checks}
    if fragment:
        response = render(request, "_queue_rows.html", context)
    else:
        response = render(request, "queue.html", context)
    response.headers["Vary"] = "HX-Request"
    return response


@router.get("/sync/status")
def sync_status(
    request: Request,
    session: CurrentSession,
) -> Response:
    statuses = sync_overview(uow=deps_of(request).reader)
    return render(request, "_sync_status.html", {"sync": statuses, "notice": ""})


@router.post("/sync")
def sync_now(
    request: Request,
    session: CurrentSession,
    store: Annotated[str, Form()] = "",
) -> Response:
    deps = deps_of(request)
    store_id = _id(store)
    notice = SYNC_REQUESTED
    try:
        request_sync(
            StoreId(store_id) if store_id is not None else None,
            by=session.account,
            uow=deps.uow,
            clock=deps.clock,
            enqueue=deps.request_sync,
        )
    except UnknownStore:
        notice = SYNC_UNKNOWN_STORE
    if not is_fragment_request(request):
        return RedirectResponse("/", status_code=303)
    statuses = sync_overview(uow=deps.reader)
    return render(request, "_sync_status.html", {"sync": statuses, "notice": notice})
