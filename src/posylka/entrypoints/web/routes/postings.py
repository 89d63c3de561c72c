"""The posting page: items, buyer or "Ozon delivers", deadline, requirements and history."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from posylka.domain.ids import StoreId
from posylka.entrypoints.web.errors import error_page
from posylka.entrypoints.web.guards import CurrentSession, deps_of
from posylka.entrypoints.web.labels import N_
from posylka.entrypoints.web.rendering import render
from posylka.services.order_checks import posting_check
from posylka.services.queue import show_posting

router = APIRouter()

CHECKS_NOTICES = {
    "rechecked": N_("Checked again."),
    "accepted": N_("Reason accepted; the posting was checked again."),
    "added": N_("Product added to the catalogue; the posting was checked again."),
    "gone": N_("That reason is no longer there: the posting changed meanwhile."),
}


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
    check = posting_check(StoreId(int(store_id)), posting_number, uow=deps.reader)
    notice = CHECKS_NOTICES.get(request.query_params.get("checks", ""), "")
    context = {
        "view": view,
        "posting": view.details.posting,
        "check": check,
        "checks_notice": notice,
    }
    return render(request, "posting.html", context)
