"""The gateway's stock methods against the sandbox, in-process and over a real socket: a push that
Ozon partly refuses, the 30-second rule per pair, Ozon's view of the stock, and the client's
limiter keeping a burst of calls under 80 a minute without one 429."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from ozon_sandbox_link import STORE, SandboxLink, linked

from posylka.adapters.ozon.client import OzonClient
from posylka.adapters.ozon.gateway import OzonGateway
from posylka.adapters.ozon.limits import RateLimit, RateLimiter
from posylka.domain.ids import OfferId, ProductId, WarehouseId
from posylka.domain.stock_push import PairOutcome, StockPushItem


@pytest.fixture(params=["in_process", "socket"])
def sandbox(request: pytest.FixtureRequest) -> Iterator[SandboxLink]:
    with linked(request.param == "socket", load_offers=400) as link:
        yield link


def item(offer: str, warehouse: int, stock: int, product: int = 1) -> StockPushItem:
    return StockPushItem(ProductId(product), OfferId(offer), WarehouseId(warehouse), stock)


async def test_a_partly_refused_push_answers_per_pair_with_ozons_codes(
    sandbox: SandboxLink,
) -> None:
    warehouse = sandbox.app.state.warehouses[0].id
    items = [
        item("LOAD-000001", warehouse, 5),
        item("NOPE", warehouse, 5),
        item("LOAD-000002", 1, 5),
        item("LOAD-000003", warehouse, 2_000_000),
    ]
    async with sandbox.gateway() as gateway:
        answers = await gateway.push_stocks(items)
        calls = gateway.api_calls
    assert calls == 1
    assert [a.outcome for a in answers] == [
        PairOutcome.UPDATED,
        PairOutcome.REJECTED,
        PairOutcome.REJECTED,
        PairOutcome.REJECTED,
    ]
    assert [a.error_code for a in answers] == [
        "",
        "offer_id_not_found",
        "WAREHOUSE_NOT_FOUND",
        "STOCK_TOO_BIG",
    ]
    assert "million" in answers[3].error_message


async def test_a_pair_pushed_again_too_soon_is_told_to_wait(sandbox: SandboxLink) -> None:
    warehouse = sandbox.app.state.warehouses[1].id
    async with sandbox.gateway() as gateway:
        first = await gateway.push_stocks([item("LOAD-000010", warehouse, 1)])
        again = await gateway.push_stocks([item("LOAD-000010", warehouse, 2)])
    assert first[0].outcome is PairOutcome.UPDATED
    assert again[0].outcome is PairOutcome.TOO_SOON
    assert again[0].error_code == "TOO_MANY_REQUESTS"


async def test_ozons_view_reads_every_page(sandbox: SandboxLink) -> None:
    warehouses = [w.id for w in sandbox.app.state.warehouses[:2]]
    items = [item(f"LOAD-{n:06d}", w, n) for n in range(1, 401) for w in warehouses][:800]
    async with sandbox.gateway() as gateway:
        for start in range(0, len(items), 100):
            await gateway.push_stocks(items[start : start + 100])
        seen = await gateway.fetch_warehouse_stocks()
    assert {(s.offer_id, s.warehouse_id, s.free_stock) for s in seen} == {
        (i.offer_id, i.warehouse_id, i.stock) for i in items
    }


async def test_the_limiter_keeps_a_burst_under_the_sandboxs_minute_without_a_429() -> None:
    scale = 0.02  # a minute of 1.2 s, 30 s of 0.6 s
    with linked(True, load_offers=100, stock_window_scale=scale) as sandbox:
        client = OzonClient.connect(
            sandbox.app.config.client_id,
            sandbox.app.config.accepted_api_key,
            base_url=sandbox.base_url or "",
            limiter=RateLimiter(method_limits={"/v2/products/stocks": RateLimit(80, 60.0 * scale)}),
        )
        gateway = OzonGateway(STORE, client)
        warehouse = sandbox.app.state.warehouses[0].id
        try:
            for n in range(170):
                answers = await gateway.push_stocks([item(f"LOAD-{n % 100 + 1:06d}", warehouse, n)])
                assert answers[0].outcome is not PairOutcome.REJECTED
        finally:
            await gateway.aclose()
        stats = await sandbox.stats()
    assert client.api_calls == 170
    assert stats["requests"]["/v2/products/stocks"] == {"200": 170}
