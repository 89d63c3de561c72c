"""Read models of stock: the levels the stock page and STOCKPUSH show, the ledger's history,
the stock page's query, the products and warehouses a stock form names, and a level that
disagrees with its ledger.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from posylka.domain.ids import OfferId, PostingNumber, ProductId, Sku, StoreId, WarehouseId
from posylka.domain.stock import MovementKind


@dataclass(frozen=True, slots=True)
class StockLevelRow:
    """A level with what STOCKPUSH and the stock page need to show or push it."""

    product_id: ProductId
    warehouse_id: WarehouseId
    store_id: StoreId
    offer_id: OfferId
    sku: Sku | None
    name: str
    on_hand: int
    reserved: int
    safety_buffer: int
    low_stock_threshold: int | None
    changed_at: datetime

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved

    @property
    def is_low(self) -> bool:
        return self.low_stock_threshold is not None and self.available <= self.low_stock_threshold


@dataclass(frozen=True, slots=True)
class MovementRecord:
    """One line of the ledger as read back for the history."""

    id: int
    product_id: ProductId
    warehouse_id: WarehouseId
    kind: MovementKind
    quantity: int
    reason: str
    actor: str
    at: datetime
    posting_number: PostingNumber | None


@dataclass(frozen=True, slots=True)
class StockQuery:
    text: str = ""
    warehouse_id: WarehouseId | None = None
    low_only: bool = False
    limit: int = 200
    product_id: ProductId | None = None


@dataclass(frozen=True, slots=True)
class ProductRef:
    """Enough of a catalogue product to name it on a stock form."""

    product_id: ProductId
    offer_id: OfferId
    name: str
    store_id: StoreId | None = None


@dataclass(frozen=True, slots=True)
class WarehouseRef:
    warehouse_id: WarehouseId
    name: str


@dataclass(frozen=True, slots=True)
class LevelDrift:
    """A level row that disagrees with the sum of its movements."""

    product_id: ProductId
    warehouse_id: WarehouseId
    offer_id: OfferId
    on_hand: int
    reserved: int
    ledger_on_hand: int
    ledger_reserved: int
