"""The demo's first start fills its shelves from the sandbox: the catalogue, seeded receipts in
every warehouse, the postings taken in; a second start leaves the stock as it is."""

from __future__ import annotations

from sqlalchemy import Engine, func, select
from sync_world import SyncWorld, sandbox

from posylka.adapters.db.tables import products, stock_levels, stock_movements
from posylka.domain.ids import StoreId
from posylka.services.demo import stock_demo_store


async def test_the_demo_is_stocked_once_with_some_pairs_left_empty(engine: Engine) -> None:
    world = SyncWorld(sandbox(postings=120), engine)
    store_id = StoreId(world.store_id)

    stocked = await stock_demo_store(
        store_id, uow=world.uow, marketplace=world.gateway, clock=world.clock, seed=3
    )

    assert stocked is not None
    with engine.connect() as conn:
        catalogue = conn.execute(select(func.count()).select_from(products)).scalar_one()
        movements = conn.execute(select(func.count()).select_from(stock_movements)).scalar_one()
        empty_or_low = conn.execute(
            select(func.count()).select_from(stock_levels).where(stock_levels.c.on_hand <= 2)
        ).scalar_one()
    with world.uow() as tx:
        warehouses = len(tx.inventory.warehouses(store_id))
        assert tx.inventory.pending_count(store_id) == 0
        assert tx.inventory.drift(store_id) == []
    assert stocked.products == catalogue > 0
    assert 0 < stocked.receipts < catalogue * warehouses
    assert empty_or_low > 0
    assert movements >= stocked.receipts

    again = await stock_demo_store(
        store_id, uow=world.uow, marketplace=world.gateway, clock=world.clock, seed=3
    )

    assert again is None
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(stock_movements)).scalar_one() == (
            movements
        )
