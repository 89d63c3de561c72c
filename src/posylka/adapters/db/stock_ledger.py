"""The movement ledger read back: a product's history, and the ledger's own check that every
level agrees with the sum of its movements (and the repair that puts a drifted level back).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, and_, case, func, or_, select, update

from posylka.adapters.db.tables import postings, products, stock_levels, stock_movements
from posylka.domain.ids import OfferId, PostingNumber, ProductId, StoreId, WarehouseId
from posylka.domain.stock import MovementKind
from posylka.domain.stock_views import LevelDrift, MovementRecord


class SqlStockLedger:
    """The ledger's history and check on one connection."""

    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def history(
        self, product_id: ProductId, *, warehouse_id: WarehouseId | None = None, limit: int = 100
    ) -> list[MovementRecord]:
        query = (
            select(stock_movements, postings.c.posting_number)
            .outerjoin(postings, postings.c.id == stock_movements.c.posting_id)
            .where(stock_movements.c.product_id == product_id)
            .order_by(stock_movements.c.id.desc())
            .limit(limit)
        )
        if warehouse_id is not None:
            query = query.where(stock_movements.c.warehouse_id == warehouse_id)
        return [
            MovementRecord(
                id=row["id"],
                product_id=ProductId(row["product_id"]),
                warehouse_id=WarehouseId(row["warehouse_id"]),
                kind=MovementKind(row["kind"]),
                quantity=row["quantity"],
                reason=row["reason"],
                actor=row["actor"],
                at=row["at"],
                posting_number=(
                    PostingNumber(row["posting_number"]) if row["posting_number"] else None
                ),
            )
            for row in self._conn.execute(query).mappings()
        ]

    def drift(self, store_id: StoreId | None = None) -> list[LevelDrift]:
        """Levels that differ from what their movements add up to (empty when all agree)."""
        on_hand_kinds = [str(k) for k in MovementKind if k.moves_on_hand]
        reserved_kinds = [str(k) for k in MovementKind if k.moves_reserved]
        q = stock_movements.c.quantity
        sums = (
            select(
                stock_movements.c.product_id,
                stock_movements.c.warehouse_id,
                func.sum(case((stock_movements.c.kind.in_(on_hand_kinds), q), else_=0)).label(
                    "on_hand"
                ),
                func.sum(case((stock_movements.c.kind.in_(reserved_kinds), q), else_=0)).label(
                    "reserved"
                ),
            )
            .group_by(stock_movements.c.product_id, stock_movements.c.warehouse_id)
            .subquery()
        )
        joined = stock_levels.outerjoin(
            sums,
            and_(
                sums.c.product_id == stock_levels.c.product_id,
                sums.c.warehouse_id == stock_levels.c.warehouse_id,
            ),
        ).join(products, products.c.id == stock_levels.c.product_id)
        ledger_on_hand = func.coalesce(sums.c.on_hand, 0)
        ledger_reserved = func.coalesce(sums.c.reserved, 0)
        query = (
            select(
                stock_levels.c.product_id,
                stock_levels.c.warehouse_id,
                products.c.offer_id,
                stock_levels.c.on_hand,
                stock_levels.c.reserved,
                ledger_on_hand.label("ledger_on_hand"),
                ledger_reserved.label("ledger_reserved"),
            )
            .select_from(joined)
            .where(
                or_(
                    stock_levels.c.on_hand != ledger_on_hand,
                    stock_levels.c.reserved != ledger_reserved,
                )
            )
            .order_by(stock_levels.c.product_id, stock_levels.c.warehouse_id)
        )
        if store_id is not None:
            query = query.where(products.c.store_id == store_id)
        return [
            LevelDrift(
                product_id=ProductId(row.product_id),
                warehouse_id=WarehouseId(row.warehouse_id),
                offer_id=OfferId(row.offer_id),
                on_hand=row.on_hand,
                reserved=row.reserved,
                ledger_on_hand=int(row.ledger_on_hand),
                ledger_reserved=int(row.ledger_reserved),
            )
            for row in self._conn.execute(query)
        ]

    def set_level(self, drift: LevelDrift, *, now: datetime) -> None:
        """Put a drifted level back to what its ledger says."""
        self._conn.execute(
            update(stock_levels)
            .where(
                stock_levels.c.product_id == drift.product_id,
                stock_levels.c.warehouse_id == drift.warehouse_id,
            )
            .values(on_hand=drift.ledger_on_hand, reserved=drift.ledger_reserved, changed_at=now)
        )
