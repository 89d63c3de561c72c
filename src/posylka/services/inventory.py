"""Recording stock by hand or by spreadsheet: receipts, returns, adjustments and counts.

A batch of entries is all or nothing: every entry is checked first (the product exists in the
store, the warehouse is the store's, the quantity fits the kind, an adjustment has a reason) and
every problem is reported with where it was; only a batch without problems is written, in one
transaction, with its movements. Goods that arrive go first to postings still short of them,
earliest ship-by first; a count that finds fewer goods than are reserved takes the missing part
back from the postings that ship last.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from posylka.domain.errors import PosylkaError
from posylka.domain.ids import StoreId, WarehouseId
from posylka.domain.stock import (
    Ledger,
    LevelDrift,
    Movement,
    MovementKind,
    ReservationLine,
    StockKey,
    fill_short,
    trim_reservations,
)
from posylka.services.ports import Clock, UnitOfWork, UnitOfWorkFactory


class EntryKind(StrEnum):
    RECEIPT = "receipt"
    """Goods in: quantity > 0."""
    RETURN = "return"
    """Goods back on the shelf: quantity > 0."""
    ADJUSTMENT = "adjustment"
    """A correction by ``quantity`` (either sign, not zero), with a reason."""
    COUNT = "count"
    """The counted quantity on the shelf (>= 0): the difference is recorded as an adjustment."""


MAX_QUANTITY = 1_000_000


@dataclass(frozen=True, slots=True)
class StockEntry:
    """One line of a form or a spreadsheet. ``where`` says where it came from (e.g. "row 7")."""

    product: str
    """Offer id, SKU or barcode."""
    warehouse_id: int
    quantity: int
    kind: EntryKind
    reason: str = ""
    where: str = ""


@dataclass(frozen=True, slots=True)
class EntryProblem:
    where: str
    field: str
    message: str

    def __str__(self) -> str:
        prefix = f"{self.where}, " if self.where else ""
        return f"{prefix}{self.field}: {self.message}"


class StockEntriesRejected(PosylkaError):
    """Some entries cannot be recorded; nothing was."""

    def __init__(self, problems: Sequence[EntryProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems[:5]))
        self.problems = tuple(problems)


@dataclass(frozen=True, slots=True)
class RecordResult:
    movements: int
    filled: int = 0
    """Reservation lines of short postings that got goods."""
    trimmed: int = 0
    """Reservation lines that gave goods back because a count found fewer."""
    changes: tuple[tuple[str, int, int], ...] = field(default_factory=tuple)
    """(offer id, warehouse id, on hand after) for each level that moved."""


def record_stock(
    entries: Sequence[StockEntry],
    *,
    store_id: StoreId,
    actor: str,
    uow: UnitOfWorkFactory,
    clock: Clock,
) -> RecordResult:
    """Check and write a batch of stock entries; raises :class:`StockEntriesRejected` listing
    every problem, having written nothing, when any entry is wrong."""
    if not entries:
        raise StockEntriesRejected([EntryProblem("", "file", "there are no entries")])
    now = clock.now()
    with uow() as tx:
        refs = tx.inventory.find_products(store_id, [e.product for e in entries])
        known = {w.warehouse_id for w in tx.inventory.warehouses(store_id)}
        problems = [p for e in entries for p in _check(e, refs, known)]
        if problems:
            raise StockEntriesRejected(problems)
        keyed = [
            ((refs[e.product.strip()].product_id, WarehouseId(e.warehouse_id)), e) for e in entries
        ]
        touched = sorted({key for key, _ in keyed})
        ledger = Ledger(tx.inventory.lock_levels(touched, now=now))
        lines = _HeldLines(tx, actor)
        for key, entry in keyed:
            movement = _movement(entry, key, ledger, actor)
            if movement is None:
                continue
            on_hand_after = ledger.level(key).on_hand + movement.quantity
            if movement.kind.moves_on_hand and on_hand_after < ledger.level(key).reserved:
                lines.trim(key, ledger, on_hand_after)
            ledger.move(movement)
        trimmed = len(lines.changed)
        filled = lines.fill(touched, ledger)
        changes = ledger.changed()
        tx.inventory.write(changes, ledger.movements, now=now)
        tx.inventory.update_lines(list(lines.changed.values()), now=now)
        tx.audit.record(
            "stock.recorded",
            at=now,
            actor=actor,
            store_id=store_id,
            object_type="stock",
            details={"entries": len(entries), "movements": len(ledger.movements)},
        )
        tx.commit()
    offer_of = {ref.product_id: ref.offer_id for ref in refs.values()}
    return RecordResult(
        movements=len(ledger.movements),
        filled=filled,
        trimmed=trimmed,
        changes=tuple(
            (offer_of.get(after.product_id, ""), int(after.warehouse_id), after.on_hand)
            for _, after in changes
        ),
    )


def _check(
    entry: StockEntry, refs: Mapping[str, object], warehouses: set[WarehouseId]
) -> list[EntryProblem]:
    problems = []
    if not entry.product.strip():
        problems.append(EntryProblem(entry.where, "product", "is empty"))
    elif entry.product.strip() not in refs:
        problems.append(
            EntryProblem(
                entry.where,
                "product",
                f"{entry.product.strip()!r} is not an offer id, SKU or barcode of this store",
            )
        )
    if entry.warehouse_id not in warehouses:
        problems.append(
            EntryProblem(entry.where, "warehouse", f"{entry.warehouse_id} is not this store's")
        )
    q = entry.quantity
    if abs(q) > MAX_QUANTITY:
        problems.append(EntryProblem(entry.where, "quantity", f"{q} is more than {MAX_QUANTITY}"))
    elif entry.kind in (EntryKind.RECEIPT, EntryKind.RETURN) and q <= 0:
        problems.append(EntryProblem(entry.where, "quantity", f"{q}: must be more than 0"))
    elif entry.kind is EntryKind.COUNT and q < 0:
        problems.append(EntryProblem(entry.where, "quantity", f"{q}: a count cannot be negative"))
    elif entry.kind is EntryKind.ADJUSTMENT and q == 0:
        problems.append(EntryProblem(entry.where, "quantity", "an adjustment of 0 changes nothing"))
    if entry.kind is EntryKind.ADJUSTMENT and not entry.reason.strip():
        problems.append(EntryProblem(entry.where, "reason", "an adjustment needs a reason"))
    return problems


def _movement(entry: StockEntry, key: StockKey, ledger: Ledger, actor: str) -> Movement | None:
    """The movement an entry makes against the level as it stands (``None``: nothing to do)."""
    reason = entry.reason.strip()
    level = ledger.level(key)
    if entry.kind is EntryKind.COUNT:
        difference = entry.quantity - level.on_hand
        if difference == 0:
            return None
        note = f"count: {level.on_hand} → {entry.quantity}"
        return Movement(
            key[0],
            key[1],
            MovementKind.ADJUSTMENT,
            difference,
            f"{note}; {reason}" if reason else note,
            actor,
        )
    if level.on_hand + entry.quantity < 0:
        raise StockEntriesRejected(
            [
                EntryProblem(
                    entry.where,
                    "quantity",
                    f"{entry.quantity} would leave {level.on_hand + entry.quantity} on hand "
                    f"(there are {level.on_hand})",
                )
            ]
        )
    return Movement(key[0], key[1], MovementKind(str(entry.kind)), entry.quantity, reason, actor)


class _HeldLines:
    """Held reservation lines of the levels a batch touches, read once, changed in memory."""

    def __init__(self, tx: UnitOfWork, actor: str) -> None:
        self._tx = tx
        self._actor = actor
        self.changed: dict[tuple[int, int], ReservationLine] = {}

    def _current(self, keys: Sequence[StockKey], *, latest_first: bool) -> list[ReservationLine]:
        read = self._tx.inventory.held_lines(keys, latest_first=latest_first)
        return [self.changed.get((line.posting_id, line.sku), line) for line in read]

    def trim(self, key: StockKey, ledger: Ledger, on_hand_after: int) -> None:
        lines = self._current([key], latest_first=True)
        for line in trim_reservations(
            key, lines, ledger, on_hand_after=on_hand_after, actor=self._actor
        ):
            self.changed[(line.posting_id, line.sku)] = line

    def fill(self, keys: Sequence[StockKey], ledger: Ledger) -> int:
        """Give goods that became available to postings short of them, earliest ship-by first."""
        rising = [key for key in keys if ledger.level(key).available > 0]
        if not rising:
            return 0
        filled = 0
        for line in self._current(rising, latest_first=False):
            if line.short > 0 and line.key is not None and ledger.level(line.key).available > 0:
                after = fill_short(line, ledger, actor=self._actor)
                if after is not line:
                    self.changed[(line.posting_id, line.sku)] = after
                    filled += 1
        return filled


# --- the ledger's own check ----------------------------------------------------------------------


def check_levels(store_id: StoreId | None, *, uow: UnitOfWorkFactory) -> list[LevelDrift]:
    """Levels that disagree with the sum of their movements (none, when all is well)."""
    with uow() as tx:
        return tx.inventory.drift(store_id)


def rebuild_levels(
    store_id: StoreId | None, *, actor: str, uow: UnitOfWorkFactory, clock: Clock
) -> list[LevelDrift]:
    """Set every drifted level to what its ledger says; returns what was corrected."""
    now = clock.now()
    with uow() as tx:
        drifted = tx.inventory.drift(store_id)
        for drift in drifted:
            tx.inventory.lock_levels([(drift.product_id, drift.warehouse_id)], now=now)
            tx.inventory.set_level(drift, now=now)
        if drifted:
            tx.audit.record(
                "stock.rebuilt",
                at=now,
                actor=actor,
                store_id=store_id,
                object_type="stock",
                details={"levels": len(drifted)},
            )
        tx.commit()
    return drifted
