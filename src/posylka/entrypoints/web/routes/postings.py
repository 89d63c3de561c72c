"""The posting page: items, buyer or "Ozon delivers", deadline, requirements and history."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from posylka.domain.ids import StoreId
from posylka.entrypoints.web.errors import error_page
from posylka.entrypoints.web.guards import CurrentSession, deps_of
from posylka.entrypoints.web.rendering import render
from posylka.services.queue import show_posting

router = APIRouter()


@router.get("/postings/{store_id}/{posting_number}")
def posting_page(
    request: Request,
    session: CurrentSession,
    store_id: str,
    posting_number: str,
) -> Response:
    deps = deps_of(request)
    view = (
        show_posting(StoreId(int(store_id)), posting_number, uow=deps.reader, clock=deps.clock)
        if store_id.isdigit()
        else None
    )
    if view is None:
        return error_page(request, 404, "not_found")
    return render(request, "posting.html", {"view": view, "posting": view.details.posting})
