"""Stock on Ozon, in Ozon's words: setting stock per product × warehouse pair
(``/v2/products/stocks``) and reading Ozon's own view of it
(``/v2/product/info/stocks-by-warehouse/fbs``).

The gateway's stock methods call these. Setting stock answers 200 with a result per pair: the
pairs Ozon refused come back as values with Ozon's codes and messages, not as an exception.
"""

from __future__ import annotations

from collections.abc import Sequence

from posylka.adapters.ozon import endpoints, schemas
from posylka.adapters.ozon.client import OzonClient
from posylka.adapters.ozon.errors import malformed_reply
from posylka.domain.stock_push import (
    MAX_PAIRS_PER_CALL,
    OzonStock,
    StockItemError,
    StockPushItem,
    StockUpdate,
)

WAREHOUSE_STOCKS_PAGE = 1000
"""Rows per page of Ozon's stock view (Ozon's document gives no maximum; 1000 is its usual)."""


async def push_stocks(client: OzonClient, items: Sequence[StockPushItem]) -> list[StockUpdate]:
    """Send up to 100 pairs in one call and return Ozon's answer for each, in the order sent.

    A pair Ozon's reply leaves out counts as not updated without a reason (so it is tried again).
    """
    if not items:
        return []
    if len(items) > MAX_PAIRS_PER_CALL:
        raise ValueError(f"at most {MAX_PAIRS_PER_CALL} pairs go in one call, not {len(items)}")
    endpoint = endpoints.PRODUCTS_STOCKS
    request = schemas.ProductsStocksRequest(
        stocks=[
            schemas.StockItem(offer_id=i.offer_id, stock=i.stock, warehouse_id=i.warehouse_id)
            for i in items
        ]
    )
    reply = await client.call(endpoint, request, context=f"{len(items)} pairs")
    answers: dict[tuple[str, int], StockUpdate] = {}
    for row in reply.result or []:
        if row.offer_id is None or row.warehouse_id is None:
            raise malformed_reply("a result without offer_id or warehouse_id", path=endpoint.path)
        errors = tuple(
            StockItemError(code=e.code or "", message=e.message or "") for e in row.errors or []
        )
        key = (row.offer_id, row.warehouse_id)
        answers[key] = StockUpdate(row.offer_id, row.warehouse_id, bool(row.updated), errors)
    return [
        answers.get(
            (i.offer_id, i.warehouse_id), StockUpdate(i.offer_id, i.warehouse_id, updated=False)
        )
        for i in items
    ]


async def fetch_warehouse_stocks(client: OzonClient) -> list[OzonStock]:
    """Every product × warehouse pair Ozon holds stock for, all pages."""
    request = schemas.WarehouseStocksRequest(limit=WAREHOUSE_STOCKS_PAGE)
    found: list[OzonStock] = []
    async for page in client.pages(endpoints.WAREHOUSE_STOCKS, request):
        for row in page.products or []:
            if row.offer_id is None or row.warehouse_id is None:
                continue  # nothing to compare it with
            present = row.present or 0
            reserved = row.reserved or 0
            free = row.free_stock if row.free_stock is not None else max(0, present - reserved)
            found.append(OzonStock(row.offer_id, row.warehouse_id, present, reserved, free))
    return found
