"""Stock methods: ``/v2/products/stocks`` (set stock per product × warehouse pair, 100 pairs and
80 calls a minute at most, an error per refused pair) and
``/v2/product/info/stocks-by-warehouse/fbs`` (Ozon's view of it, paged by cursor). The rules are
the stock book's (``sandbox/ozon/stocks.py``).

``/__sandbox/stocks`` sets a pair directly, as a change made in Ozon's own seller account would,
so a reconcile has drift to find.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from posylka.adapters.ozon import schemas as wire
from posylka.sandbox.ozon import cursor as cursors
from posylka.sandbox.ozon.bodies import parse, read_json
from posylka.sandbox.ozon.errors import RESOURCE_EXHAUSTED, OzonError, invalid
from posylka.sandbox.ozon.routes.replies import reply, reply_data
from posylka.sandbox.ozon.state import SandboxState
from posylka.sandbox.ozon.stocks import CALLS_PER_MINUTE, PAIRS_PER_CALL

PER_MINUTE_LIMITED = "You have reached request rate limit per minute"
"""The 429 message for the method's own limit (Ozon documents the limit, not the message)."""

STOCKS_PAGE_LIMIT = 1000
"""Ozon's document gives no ceiling for the stock view's ``limit``; the sandbox takes 1000."""


def routes(state: SandboxState) -> list[BaseRoute]:
    book = state.stocks

    async def set_stocks(request: Request) -> Response:
        if not book.admit_call(request.headers.get("client-id", "")):
            raise OzonError(429, RESOURCE_EXHAUSTED, PER_MINUTE_LIMITED)
        body = parse(wire.ProductsStocksRequest, await request.body())
        if not body.stocks:
            raise invalid(
                "Request validation error: invalid ProductsStocksRequest.Stocks: "
                "value must contain at least 1 item(s)"
            )
        if len(body.stocks) > PAIRS_PER_CALL:
            raise invalid(
                "Request validation error: invalid ProductsStocksRequest.Stocks: "
                f"value must contain no more than {PAIRS_PER_CALL} item(s)"
            )
        for index, item in enumerate(body.stocks):
            if item.stock < 0:
                raise invalid(
                    f"Request validation error: invalid ProductsStocksRequest.Stocks[{index}]: "
                    "embedded message failed validation"
                )
        return reply(wire.ProductsStocksResponse(result=book.set_stocks(body.stocks)))

    async def warehouse_stocks(request: Request) -> Response:
        body = parse(wire.WarehouseStocksRequest, await request.body())
        limit = body.limit or STOCKS_PAGE_LIMIT
        if not 1 <= limit <= STOCKS_PAGE_LIMIT:
            raise invalid(
                "invalid GetProductInfoStocksByWarehouseFbsV2Request.Limit: "
                f"value must be inside range [1, {STOCKS_PAGE_LIMIT}]"
            )
        try:
            skus = [int(s) for s in body.sku or []]
        except ValueError as exc:
            raise invalid("invalid GetProductInfoStocksByWarehouseFbsV2Request.Sku") from exc
        rows = book.rows(body.offer_id, skus)
        printed = cursors.fingerprint({"offer_id": body.offer_id, "sku": skus, "limit": limit})
        start = cursors.decode(body.cursor, printed)[0] if body.cursor else 0
        has_next = start + limit < len(rows)
        page = wire.WarehouseStocksResponse(
            cursor=cursors.encode((start + limit, ""), printed) if has_next else "",
            has_next=has_next,
            products=rows[start : start + limit],
        )
        return reply(page)

    async def put_stock(request: Request) -> Response:
        data = read_json(await request.body())
        try:
            book.put(str(data["offer_id"]), int(data["warehouse_id"]), int(data["stock"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise invalid(f"offer_id, warehouse_id and stock are needed: {exc}") from exc
        return reply_data({"ok": True})

    return [
        Route("/v2/products/stocks", set_stocks, methods=["POST"]),
        Route("/v2/product/info/stocks-by-warehouse/fbs", warehouse_stocks, methods=["POST"]),
        Route("/__sandbox/stocks", put_stock, methods=["POST"]),
    ]


__all__ = ["CALLS_PER_MINUTE", "routes"]
