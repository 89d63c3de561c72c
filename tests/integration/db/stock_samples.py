"""Builders for the stock tests: a store with a warehouse and products, postings that want them."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from db_samples import T0, add_store, make_item, make_posting
from sqlalchemy import Engine, insert, select

from posylka.adapters.db.tables import postings as postings_table
from posylka.adapters.db.tables import products, stock_levels
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.domain.ids import ProductId, StoreId, WarehouseId
from posylka.domain.postings import Posting
from posylka.domain.stores import Warehouse

WAREHOUSE = WarehouseId(11)
OTHER_WAREHOUSE = WarehouseId(12)


class FixedClock:
    def __init__(self, at: datetime = T0) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


def add_stock_store(factory: SqlUnitOfWorkFactory) -> StoreId:
    store_id = add_store(factory)
    with factory() as uow:
        uow.stores.replace_warehouses(
            store_id,
            [
                Warehouse(store_id, WAREHOUSE, "Склад Москва"),
                Warehouse(store_id, OTHER_WAREHOUSE, "Склад Казань"),
            ],
            now=T0,
        )
        uow.commit()
    return store_id


def add_product(
    engine: Engine, store_id: StoreId, n: int, *, threshold: int | None = None
) -> ProductId:
    """The catalogue product that ``make_item(n)`` matches (by SKU)."""
    with engine.begin() as conn:
        return ProductId(
            conn.execute(
                insert(products)
                .values(
                    store_id=store_id,
                    offer_id=f"ART-{n:04d}",
                    sku=1_000_000 + n,
                    name=f"Кружка керамическая {n}",
                    low_stock_threshold=threshold,
                    updated_at=T0,
                )
                .returning(products.c.id)
            ).scalar_one()
        )


def posting_wanting(n: int, quantities: dict[int, int], **overrides: Any) -> Posting:
    """Posting ``n`` wanting ``quantities[item n]`` of each catalogue item."""
    items = tuple(make_item(i, quantity=q) for i, q in quantities.items())
    return replace(make_posting(n), items=items, **overrides)


def store_postings(factory: SqlUnitOfWorkFactory, postings: list[Posting]) -> dict[str, int]:
    with factory() as uow:
        uow.postings.upsert_many(postings, now=T0)
        uow.commit()
        rows = uow.connection.execute(
            select(postings_table.c.posting_number, postings_table.c.id)
        ).all()
    return {row.posting_number: row.id for row in rows}


def level(
    engine: Engine, product_id: ProductId, warehouse_id: WarehouseId = WAREHOUSE
) -> tuple[int, int]:
    with engine.connect() as conn:
        row = conn.execute(
            select(stock_levels.c.on_hand, stock_levels.c.reserved).where(
                stock_levels.c.product_id == product_id,
                stock_levels.c.warehouse_id == warehouse_id,
            )
        ).first()
    return (row.on_hand, row.reserved) if row else (0, 0)


def take_in_share(url: str, store_id: int, posting_ids: list[int], start: Any) -> None:
    """A worker process: its own engine, taking in its share of postings a few at a time."""
    from posylka.adapters.db.engine import create_engine_for
    from posylka.adapters.security import ApiKeyCipher
    from posylka.services.intake import take_in

    engine = create_engine_for(url)
    factory = SqlUnitOfWorkFactory(engine, ApiKeyCipher("test secret key"))
    start.wait(30)
    try:
        take_in(
            StoreId(store_id),
            uow=factory,
            clock=FixedClock(),
            batch_size=3,
            posting_ids=posting_ids,
            check=lambda *args, **kwargs: None,
        )
    finally:
        engine.dispose()
