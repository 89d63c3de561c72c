"""Pushing stock to the Ozon sandbox from real levels in a real database: calls of at most 100
pairs, a push that Ozon partly refuses, the 30-second rule, debouncing and coalescing, and the
reconcile that finds drift."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, update
from stock_world import URL, StockWorld

from posylka.adapters.db.engine import create_engine_for
from posylka.adapters.db.migrator import upgrade
from posylka.adapters.db.scratch import scratch_schema
from posylka.adapters.db.tables import products
from posylka.adapters.ozon.gateway import OzonGateway
from posylka.domain.ids import OfferId, ProductId, WarehouseId
from posylka.domain.stock_push import OzonStock, PairOutcome, StockPushItem, StockUpdate
from posylka.services.stock_push import collect_levels, push_stock

POSTGRES_URL = os.environ.get("POSYLKA_TEST_DATABASE_URL", "")

BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(not POSTGRES_URL, reason="POSYLKA_TEST_DATABASE_URL is not set"),
        ],
    ),
]


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = create_engine_for(f"sqlite:///{(tmp_path / 'posylka.db').as_posix()}")
        try:
            upgrade(engine)
            yield engine
        finally:
            engine.dispose()
        return
    with scratch_schema(POSTGRES_URL, prefix="stockpush") as engine:
        upgrade(engine)
        yield engine


@pytest.fixture
def world(engine: Engine) -> StockWorld:
    return StockWorld(engine)


async def test_levels_go_to_ozon_in_calls_of_at_most_100_pairs(world: StockWorld) -> None:
    for n in range(1, 126):
        for warehouse in world.warehouses[:2]:
            world.level(f"LOAD-{n:06d}", warehouse, on_hand=n + 5, reserved=5)
    world.advance(5)

    summary = await world.push()

    assert (summary.sent, summary.updated, summary.api_calls) == (250, 250, 3)
    assert world.on_ozon("LOAD-000042", world.warehouses[1]) == 42
    assert (await world.push()).sent == 0


async def test_the_safety_buffer_is_held_back_and_stock_never_goes_below_zero(
    world: StockWorld,
) -> None:
    warehouse = world.warehouses[0]
    world.product("LOAD-000001", safety_buffer=3)
    world.product("LOAD-000002", safety_buffer=3)
    world.level("LOAD-000001", warehouse, on_hand=10, reserved=2)
    world.level("LOAD-000002", warehouse, on_hand=4, reserved=2)
    world.advance(5)

    await world.push()

    assert world.on_ozon("LOAD-000001", warehouse) == 5
    assert world.on_ozon("LOAD-000002", warehouse) == 0


async def test_a_partly_refused_push_keeps_refusals_visible_and_retries_only_what_can_work(
    world: StockWorld,
) -> None:
    good, other = world.warehouses[:2]
    world.level("LOAD-000001", good, on_hand=3)
    world.level("GHOST-1", good, on_hand=4)
    world.level("LOAD-000002", 77_777_000, on_hand=5)
    world.level("LOAD-000003", other, on_hand=1_500_000)
    world.advance(5)

    first = await world.push()

    assert (first.sent, first.updated, first.rejected) == (4, 1, 3)
    ghost = world.pair_row("GHOST-1", good)
    assert ghost["error_code"] == "offer_id_not_found"
    assert ghost["rejected_value"] == 4
    assert ghost["wanted"] is None
    assert world.pair_row("LOAD-000002", 77_777_000)["error_code"] == "WAREHOUSE_NOT_FOUND"
    assert "million" in world.pair_row("LOAD-000003", other)["error_message"]

    world.advance(120)
    assert (await world.push()).sent == 0  # nothing new: the refused pairs wait

    world.level("LOAD-000003", other, on_hand=900)  # the level changes: worth another try
    world.advance(5)
    retry = await world.push()
    assert (retry.sent, retry.updated) == (1, 1)
    fixed = world.pair_row("LOAD-000003", other)
    assert (fixed["error_code"], fixed["rejected_value"], fixed["pushed_value"]) == ("", None, 900)


async def test_a_pair_ozon_calls_too_soon_goes_again_after_30_seconds(world: StockWorld) -> None:
    warehouse = world.warehouses[0]
    gateway = world.gateway()
    outside = StockPushItem(ProductId(0), OfferId("LOAD-000009"), WarehouseId(warehouse), 1)
    assert (await gateway.push_stocks([outside]))[0].outcome is PairOutcome.UPDATED
    await gateway.aclose()  # someone else set the pair a moment ago
    world.level("LOAD-000009", warehouse, on_hand=8)
    world.advance(5)

    refused = await world.push()

    assert (refused.sent, refused.too_soon) == (1, 1)
    row = world.pair_row("LOAD-000009", warehouse)
    assert row["error_code"] == "TOO_MANY_REQUESTS"
    assert row["wanted"] == 8
    world.advance(10)
    assert (await world.push()).sent == 0  # posylka waits out Ozon's 30 seconds itself
    world.advance(25)
    again = await world.push()
    assert (again.sent, again.updated) == (1, 1)
    assert world.on_ozon("LOAD-000009", warehouse) == 8


async def test_many_changes_of_one_pair_become_one_push_of_the_latest_value(
    world: StockWorld,
) -> None:
    warehouse = world.warehouses[0]
    for value in (10, 9, 8, 7):
        world.level("LOAD-000005", warehouse, on_hand=value)
        assert (await world.push()).sent == 0  # still within the debounce
        world.advance(1)
    world.advance(2)

    summary = await world.push()

    assert (summary.sent, summary.api_calls) == (1, 1)
    assert world.on_ozon("LOAD-000005", warehouse) == 7
    assert world.app.state.stocks.updates == 1


async def test_push_now_skips_the_debounce(world: StockWorld) -> None:
    world.level("LOAD-000006", world.warehouses[0], on_hand=6)
    summary = await world.push(now_all=True)
    assert summary.updated == 1


async def test_a_change_back_to_what_ozon_has_cancels_the_pending_push(world: StockWorld) -> None:
    warehouse = world.warehouses[0]
    world.level("LOAD-000007", warehouse, on_hand=4)
    world.advance(5)
    await world.push()
    world.advance(60)
    world.level("LOAD-000007", warehouse, on_hand=3)
    await world.push()
    world.level("LOAD-000007", warehouse, on_hand=4)
    world.advance(60)

    assert (await world.push()).sent == 0
    assert world.pair_row("LOAD-000007", warehouse)["wanted"] is None


async def test_reconcile_reports_drift_and_pushes_the_pair_back(world: StockWorld) -> None:
    one, two = world.warehouses[:2]
    world.level("LOAD-000011", one, on_hand=11)
    world.level("LOAD-000012", two, on_hand=12)
    world.advance(5)
    await world.push()
    world.app.state.stocks.put("LOAD-000011", one, 40)  # changed in Ozon's own account
    world.app.state.stocks.put("LOAD-000013", one, 2)  # a pair posylka has no level for
    world.advance(60)

    report = await world.reconcile()

    assert (report.pairs, report.drift, report.on_ozon_only) == (2, 1, 1)
    assert report.drifted[0][1:] == (one, 40, 11)
    row = world.pair_row("LOAD-000011", one)
    assert (row["ozon_value"], row["drift"], row["wanted"]) == (40, 29, 11)
    assert world.pair_row("LOAD-000012", two)["drift"] is None
    world.advance(5)
    await world.push()
    assert world.on_ozon("LOAD-000011", one) == 11


async def test_a_value_changed_while_its_call_was_out_stays_pending(world: StockWorld) -> None:
    warehouse = world.warehouses[0]
    world.level("LOAD-000020", warehouse, on_hand=20)
    world.advance(5)

    class ChangingMidCall:
        def __init__(self, inner: OzonGateway) -> None:
            self.inner = inner

        @property
        def api_calls(self) -> int:
            return self.inner.api_calls

        async def push_stocks(self, items: list[StockPushItem]) -> list[StockUpdate]:
            world.level("LOAD-000020", warehouse, on_hand=17)  # a pick while the call travels
            with world.uow() as tx:
                collect_levels(tx, world.store_id, now=world.clock.now())
                tx.commit()
            return await self.inner.push_stocks(items)

        async def fetch_warehouse_stocks(self) -> list[OzonStock]:
            return await self.inner.fetch_warehouse_stocks()

        async def aclose(self) -> None:
            await self.inner.aclose()

    gateway = ChangingMidCall(world.gateway())
    summary = await push_stock(world.store_id, uow=world.uow, gateway=gateway, clock=world.clock)
    await gateway.aclose()

    assert summary.updated == 1
    row = world.pair_row("LOAD-000020", warehouse)
    assert (row["pushed_value"], row["wanted"]) == (20, 17)
    assert row["due_at"] >= world.clock.now() + timedelta(seconds=30)  # Ozon's 30 s


async def test_a_call_ozon_fails_keeps_its_pairs_pending_for_a_minute(world: StockWorld) -> None:
    warehouse = world.warehouses[0]
    world.level("LOAD-000021", warehouse, on_hand=21)
    world.advance(5)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=world.app), base_url=URL
    ) as control:
        answer = await control.post(
            "/__sandbox/faults",
            json={"fail_next": {"kind": "503", "count": 10}, "paths": ["/v2/products/stocks"]},
        )
        answer.raise_for_status()

    summary = await world.push()

    assert summary.failure
    assert summary.updated == 0
    row = world.pair_row("LOAD-000021", warehouse)
    assert row["error_code"] == "CALL_FAILED"
    assert row["wanted"] == 21
    assert row["due_at"] == world.clock.now() + timedelta(minutes=1)


async def test_a_new_safety_buffer_reaches_ozon_with_the_next_full_read(world: StockWorld) -> None:
    warehouse = world.warehouses[0]
    world.level("LOAD-000030", warehouse, on_hand=30)
    world.advance(5)
    await world.push()
    world.advance(5 * 60)  # a later change moves the watermark past the re-read overlap
    world.level("LOAD-000031", warehouse, on_hand=31)
    world.advance(5)
    await world.push()
    with world.engine.begin() as conn:  # changed in the catalogue: no level moves
        conn.execute(
            update(products).where(products.c.offer_id == "LOAD-000030").values(safety_buffer=4)
        )
    world.advance(60)
    assert (await world.push()).sent == 0  # only changed levels are read between full reads

    world.advance(5 * 60)
    summary = await world.push()

    assert (summary.sent, summary.updated) == (1, 1)
    assert world.on_ozon("LOAD-000030", warehouse) == 26
