"""Stock levels and their locking: the current on hand and reserved per product and warehouse.

Writers lock the level rows they change (``SELECT ... FOR UPDATE`` on PostgreSQL, in one key
order so two writers never wait for each other in a circle; on SQLite the unit of work's
``BEGIN IMMEDIATE`` already admits one writer at a time) and write each level back with a guard
on the values they read, so a writer that somehow skipped the lock fails instead of overwriting.
The table's CHECK (``reserved <= on_hand``) is the last line: no code path can oversell.

Also here, for the other parts of the inventory repository: the level rows joined to their
products (:func:`level_rows`, :func:`level_row`, :func:`is_low`) and the chunking of long key
lists (:func:`chunks`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, and_, bindparam, insert, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from posylka.adapters.db.tables import products, stock_levels, stock_movements
from posylka.domain.ids import OfferId, ProductId, Sku, StoreId, WarehouseId
from posylka.domain.stock import LevelChangedUnderneath, Movement, StockKey, StockLevel
from posylka.domain.stock_views import StockLevelRow

CHUNK = 500
"""Keys per ``IN (...)``: well under every database's limit on bound parameters."""

_T = TypeVar("_T")


def chunks(items: Sequence[_T], size: int = CHUNK) -> Iterator[Sequence[_T]]:
    """``items`` in slices of at most ``size``, one ``IN (...)`` each."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


class SqlStockLevels:
    """Levels on one connection: read, lock, write with their movements."""

    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def levels(
        self, store_id: StoreId, *, changed_since: datetime | None = None
    ) -> list[StockLevelRow]:
        """Every level of a store's products (those changed after ``changed_since``, if given)."""
        query = level_rows().where(products.c.store_id == store_id)
        if changed_since is not None:
            query = query.where(stock_levels.c.changed_at > changed_since)
        return [level_row(row) for row in self._conn.execute(query).mappings()]

    def lock_levels(self, keys: Iterable[StockKey], *, now: datetime) -> list[StockLevel]:
        """The levels of ``keys``, locked until the transaction ends; missing rows are created
        at zero first (a product never received still has a level to reserve against)."""
        ordered = sorted(set(keys))
        if not ordered:
            return []
        self._create_missing(ordered, now=now)
        found: list[StockLevel] = []
        for chunk in chunks(ordered):
            query = (
                select(
                    stock_levels.c.product_id,
                    stock_levels.c.warehouse_id,
                    stock_levels.c.on_hand,
                    stock_levels.c.reserved,
                )
                .where(
                    tuple_(stock_levels.c.product_id, stock_levels.c.warehouse_id).in_(
                        [tuple(key) for key in chunk]
                    )
                )
                .order_by(stock_levels.c.product_id, stock_levels.c.warehouse_id)
                .with_for_update()
            )
            found.extend(
                StockLevel(ProductId(p), WarehouseId(w), on_hand, reserved)
                for p, w, on_hand, reserved in self._conn.execute(query)
            )
        return found

    def _create_missing(self, keys: Sequence[StockKey], *, now: datetime) -> None:
        rows = [
            {"product_id": p, "warehouse_id": w, "on_hand": 0, "reserved": 0, "changed_at": now}
            for p, w in keys
        ]
        if self._conn.dialect.name == "postgresql":
            statement: Any = pg_insert(stock_levels).on_conflict_do_nothing()
        else:
            statement = sqlite_insert(stock_levels).on_conflict_do_nothing()
        for chunk in chunks(rows, 200):
            self._conn.execute(statement, list(chunk))

    def write(
        self,
        changes: Sequence[tuple[StockLevel, StockLevel]],
        movements: Sequence[Movement],
        *,
        now: datetime,
    ) -> None:
        """Write levels (guarded by the values they were read with) and their movements.

        One statement for all levels (``executemany``); the guard makes a row whose values moved
        under the lock match nothing, and the summed row count tells."""
        if changes:
            params = [
                {
                    "p": before.product_id,
                    "w": before.warehouse_id,
                    "old_on_hand": before.on_hand,
                    "old_reserved": before.reserved,
                    "new_on_hand": after.on_hand,
                    "new_reserved": after.reserved,
                    "now": now,
                }
                for before, after in changes
            ]
            result = self._conn.execute(_GUARDED_LEVEL_UPDATE, params)
            if result.rowcount != len(params):
                self._raise_for_moved(changes)
        rows = [
            {
                "product_id": m.product_id,
                "warehouse_id": m.warehouse_id,
                "kind": str(m.kind),
                "quantity": m.quantity,
                "posting_id": m.posting_id,
                "reason": m.reason[:300],
                "actor": m.actor[:100],
                "at": now,
            }
            for m in movements
        ]
        for chunk in chunks(rows):
            self._conn.execute(insert(stock_movements), list(chunk))

    def _raise_for_moved(self, changes: Sequence[tuple[StockLevel, StockLevel]]) -> None:
        for before, _ in changes:
            now_row = self._conn.execute(
                select(stock_levels.c.on_hand, stock_levels.c.reserved).where(
                    stock_levels.c.product_id == before.product_id,
                    stock_levels.c.warehouse_id == before.warehouse_id,
                )
            ).first()
            if now_row is None or tuple(now_row) != (before.on_hand, before.reserved):
                raise LevelChangedUnderneath(before.product_id, before.warehouse_id)
        raise LevelChangedUnderneath(changes[0][0].product_id, changes[0][0].warehouse_id)


_GUARDED_LEVEL_UPDATE = (
    update(stock_levels)
    .where(
        stock_levels.c.product_id == bindparam("p"),
        stock_levels.c.warehouse_id == bindparam("w"),
        stock_levels.c.on_hand == bindparam("old_on_hand"),
        stock_levels.c.reserved == bindparam("old_reserved"),
    )
    .values(
        on_hand=bindparam("new_on_hand"),
        reserved=bindparam("new_reserved"),
        changed_at=bindparam("now"),
    )
)


def level_rows() -> Any:
    """Level rows joined to their products: what :func:`level_row` reads."""
    return select(
        stock_levels.c.product_id,
        stock_levels.c.warehouse_id,
        products.c.store_id,
        products.c.offer_id,
        products.c.sku,
        products.c.name,
        stock_levels.c.on_hand,
        stock_levels.c.reserved,
        products.c.safety_buffer,
        products.c.low_stock_threshold,
        stock_levels.c.changed_at,
    ).join(products, products.c.id == stock_levels.c.product_id)


def is_low() -> Any:
    """A level at or below its product's low-stock threshold."""
    return and_(
        products.c.low_stock_threshold.is_not(None),
        stock_levels.c.on_hand - stock_levels.c.reserved <= products.c.low_stock_threshold,
    )


def level_row(row: Any) -> StockLevelRow:
    return StockLevelRow(
        product_id=ProductId(row["product_id"]),
        warehouse_id=WarehouseId(row["warehouse_id"]),
        store_id=StoreId(row["store_id"]),
        offer_id=OfferId(row["offer_id"]),
        sku=Sku(row["sku"]) if row["sku"] is not None else None,
        name=row["name"],
        on_hand=row["on_hand"],
        reserved=row["reserved"],
        safety_buffer=row["safety_buffer"],
        low_stock_threshold=row["low_stock_threshold"],
        changed_at=row["changed_at"],
    )
