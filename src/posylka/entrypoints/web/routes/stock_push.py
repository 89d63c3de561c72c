"""Stock on Ozon: what waits to be pushed, what Ozon refused and why, the drift the last
reconcile found, and a button that pushes everything pending now."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from posylka.domain import stock_push as rules
from posylka.domain.ids import StoreId
from posylka.entrypoints.web.guards import CurrentSession, Forbidden, deps_of
from posylka.entrypoints.web.labels import N_
from posylka.entrypoints.web.rendering import render
from posylka.services.stock_push import stock_overview, stock_stores

router = APIRouter()

OZON_CODES = {
    rules.TOO_MANY_REQUESTS: N_("Updated less than 30 seconds ago; it goes again shortly."),
    rules.TOO_FREQUENT: N_("Updated less than 30 seconds ago; it goes again shortly."),
    rules.OFFER_ID_NOT_FOUND: N_(
        "Ozon has no product with this offer_id; it is tried again when the product changes."
    ),
    rules.NOT_FOUND_ERROR: N_(
        "Ozon does not know this product; it is tried again when the product changes."
    ),
    rules.WAREHOUSE_NOT_FOUND: N_(
        "Ozon does not know this warehouse or it is not active; it is tried again when the "
        "stock changes."
    ),
    rules.STOCK_TOO_BIG: N_(
        "Ozon takes less than a million units; it is tried again when the stock changes."
    ),
    "CALL_FAILED": N_("Ozon could not be reached; the pair goes again in a minute."),
}
"""What Ozon's per-pair codes (Seller API, "Errors", /v2/products/stocks) mean for the seller."""

NOTICES = {
    "queued": N_("Pushing everything pending to Ozon now. Refresh the page in a moment."),
    "unavailable": N_("Stock cannot be pushed from here: run `posylka ozon-stock push`."),
}


@router.get("/ozon-stock")
def stock_page(
    request: Request, session: CurrentSession, store: int | None = None, notice: str = ""
) -> Response:
    deps = deps_of(request)
    stores = stock_stores(uow=deps.reader)
    chosen = next((s for s in stores if s.id == store), stores[0] if stores else None)
    overview, warehouses = stock_overview(chosen.id, uow=deps.reader) if chosen else (None, {})
    context = {
        "stores": stores,
        "store": chosen,
        "overview": overview,
        "warehouses": warehouses,
        "codes": OZON_CODES,
        "notice": NOTICES.get(notice, ""),
        "can_push": session.account.role.can_manage_postings,
    }
    return render(request, "ozon_stock.html", context)


@router.post("/ozon-stock/push")
def push_now(
    request: Request, session: CurrentSession, store_id: Annotated[int, Form()]
) -> Response:
    if not session.account.role.can_manage_postings:
        raise Forbidden
    request_push = deps_of(request).request_stock_push
    outcome = "unavailable"
    if request_push is not None:
        request_push(StoreId(store_id))
        outcome = "queued"
    return RedirectResponse(f"/ozon-stock?store={store_id}&notice={outcome}", status_code=303)
