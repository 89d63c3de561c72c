"""Stock: a ledger of movements per product and warehouse, and the rule that moves its levels.

Every change of stock is a movement with who, when and why. Two figures follow from the ledger
and are kept on a current-level row per product and warehouse, changed in the same transaction
as the movement that moves them:

- on hand: goods physically on the shelves = the sum of receipts, adjustments, returns and picks;
- reserved: goods promised to open postings = the sum of reservations, releases and picks.

A pick takes goods off the shelf that were reserved, so it lowers both. Available is what a new
posting may still take: on hand minus reserved. Reserved never exceeds on hand: a level refuses a
movement that would break this (:meth:`StockLevel.after`), and a count that finds fewer goods than
are reserved first takes the missing part back from the postings that were reserved last
(``stock_allocation.trim_reservations``).

What postings hold lives in ``stock_reservations`` and who gets what when stock is short in
``stock_allocation``; the read models of the stock page and the ledger check in ``stock_views``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from posylka.domain.errors import PosylkaError
from posylka.domain.ids import ProductId, WarehouseId


class MovementKind(StrEnum):
    RECEIPT = "receipt"
    """Goods arrived from a supplier."""
    RESERVATION = "reservation"
    """Goods promised to a posting."""
    RELEASE = "release"
    """A promise taken back (the posting was cancelled, changed or trimmed by a count)."""
    PICK = "pick"
    """Reserved goods left the warehouse with their posting."""
    ADJUSTMENT = "adjustment"
    """A correction of on hand with a reason: a count, damage, loss, a found box."""
    RETURN = "return"
    """Goods came back to the shelf (a returned or undelivered parcel)."""

    @property
    def moves_on_hand(self) -> bool:
        return self in _ON_HAND_KINDS

    @property
    def moves_reserved(self) -> bool:
        return self in _RESERVED_KINDS


_ON_HAND_KINDS = frozenset(
    {MovementKind.RECEIPT, MovementKind.ADJUSTMENT, MovementKind.RETURN, MovementKind.PICK}
)
_RESERVED_KINDS = frozenset({MovementKind.RESERVATION, MovementKind.RELEASE, MovementKind.PICK})


class StockError(PosylkaError):
    """A stock change that cannot be made as asked."""


class BadQuantity(StockError):
    def __init__(self, quantity: int, rule: str) -> None:
        super().__init__(f"quantity {quantity} is not allowed: {rule}")
        self.quantity = quantity
        self.rule = rule


class UnknownProduct(StockError):
    def __init__(self, reference: str) -> None:
        super().__init__(f"no product {reference!r} in this store's catalogue")
        self.reference = reference


class UnknownWarehouse(StockError):
    def __init__(self, warehouse_id: int) -> None:
        super().__init__(f"no warehouse {warehouse_id} in this store")
        self.warehouse_id = warehouse_id


class LevelChangedUnderneath(StockError):
    """A level row was not what the locked read said: another writer ignored the lock."""

    def __init__(self, product_id: ProductId, warehouse_id: WarehouseId) -> None:
        super().__init__(f"stock of product {product_id} in warehouse {warehouse_id} changed")
        self.product_id = product_id
        self.warehouse_id = warehouse_id


StockKey = tuple[ProductId, WarehouseId]


@dataclass(frozen=True, slots=True)
class StockLevel:
    product_id: ProductId
    warehouse_id: WarehouseId
    on_hand: int = 0
    reserved: int = 0

    @property
    def key(self) -> StockKey:
        return (self.product_id, self.warehouse_id)

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved

    def after(self, kind: MovementKind, quantity: int) -> StockLevel:
        """The level once a movement of ``kind`` and signed ``quantity`` is applied."""
        on_hand = self.on_hand + (quantity if kind.moves_on_hand else 0)
        reserved = self.reserved + (quantity if kind.moves_reserved else 0)
        if reserved < 0 or reserved > on_hand:
            raise BadQuantity(quantity, f"{kind} would leave {reserved} reserved of {on_hand}")
        return StockLevel(self.product_id, self.warehouse_id, on_hand, reserved)


@dataclass(frozen=True, slots=True)
class Movement:
    """One line of the ledger, as it is to be written."""

    product_id: ProductId
    warehouse_id: WarehouseId
    kind: MovementKind
    quantity: int
    reason: str = ""
    actor: str = ""
    posting_id: int | None = None


class Ledger:
    """Levels being changed inside one transaction, and the movements that changed them.

    Use cases load the levels they will touch (locked), apply their rules through this object,
    and hand back :attr:`movements` and :meth:`changed` for the repository to write together.
    """

    def __init__(self, levels: Iterable[StockLevel]) -> None:
        self._levels: dict[StockKey, StockLevel] = {level.key: level for level in levels}
        self._before = dict(self._levels)
        self.movements: list[Movement] = []

    def level(self, key: StockKey) -> StockLevel:
        return self._levels.get(key) or StockLevel(key[0], key[1])

    def include(self, levels: Iterable[StockLevel]) -> None:
        """Add levels locked later in the same transaction."""
        for level in levels:
            if level.key not in self._levels:
                self._levels[level.key] = level
                self._before[level.key] = level

    def move(self, movement: Movement) -> None:
        key = (movement.product_id, movement.warehouse_id)
        self._levels[key] = self.level(key).after(movement.kind, movement.quantity)
        self.movements.append(movement)

    def changed(self) -> list[tuple[StockLevel, StockLevel]]:
        """(before, after) of every level that moved, in key order (the order rows are locked)."""
        out = []
        for key in sorted(self._levels):
            after = self._levels[key]
            before = self._before.get(key) or StockLevel(key[0], key[1])
            if before != after:
                out.append((before, after))
        return out

    def reserve_upto(
        self, key: StockKey, wanted: int, *, posting_id: int, actor: str, reason: str
    ) -> int:
        """Reserve as much of ``wanted`` as is available; returns what was reserved."""
        granted = max(0, min(wanted, self.level(key).available))
        if granted:
            self.move(
                Movement(
                    key[0], key[1], MovementKind.RESERVATION, granted, reason, actor, posting_id
                )
            )
        return granted
