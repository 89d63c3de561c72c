"""Recording stock by hand or by spreadsheet: receipts, returns, adjustments and counts.

A batch of entries is all or nothing: every entry is checked first (the product exists in the
store, the warehouse is the store's, the quantity fits the kind, an adjustment has a reason) and
every problem is reported with where it was; only a batch without problems is written, in one
transaction, with its movements. Goods that arrive go first to postings still short of them,
earliest ship-by first; a count that finds fewer goods than are reserved takes the missing part
back from the postings that ship last.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO

from posylka.domain.ids import ProductId, StoreId, WarehouseId
from posylka.domain.stock import Ledger, Movement, MovementKind, StockKey
from posylka.domain.stock_allocation import fill_short, trim_reservations
from posylka.domain.stock_entries import (
    EntryKind,
    EntryProblem,
    StockEntriesRejected,
    StockEntry,
    StockProblem,
    check_entry,
    read_stock_sheet,
)
from posylka.domain.stock_reservations import ReservationLine
from posylka.domain.stock_views import (
    LevelDrift,
    MovementRecord,
    ProductRef,
    StockLevelRow,
    StockQuery,
    WarehouseRef,
)
from posylka.services.ports import Clock, Spreadsheets, UnitOfWork, UnitOfWorkFactory


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
    earlier: Sequence[EntryProblem] = (),
) -> RecordResult:
    """Check and write a batch of stock entries; raises :class:`StockEntriesRejected` listing
    every problem, having written nothing, when any entry is wrong. ``earlier`` are problems
    found before (rows of a sheet that could not be read), reported together with these."""
    if not entries and not earlier:
        raise StockEntriesRejected([EntryProblem(0, "", StockProblem.NO_ENTRIES)])
    now = clock.now()
    with uow() as tx:
        refs = tx.inventory.find_products(store_id, [e.product for e in entries])
        known = {w.warehouse_id for w in tx.inventory.warehouses(store_id)}
        problems = [
            *earlier,
            *(
                problem
                for e in entries
                for problem in check_entry(
                    e,
                    known_product=e.product.strip() in refs,
                    known_warehouse=e.warehouse_id in known,
                )
            ),
        ]
        if problems:
            raise StockEntriesRejected(sorted(problems, key=lambda p: p.row))
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


def _movement(entry: StockEntry, key: StockKey, ledger: Ledger, actor: str) -> Movement | None:
    """The movement an entry makes against the level as it stands (``None``: nothing to do)."""
    reason = entry.reason.strip()
    level = ledger.level(key)
    if entry.kind is EntryKind.COUNT:
        difference = entry.quantity - level.on_hand
        if difference == 0:
            return None
        note = f"{level.on_hand} → {entry.quantity}"  # the count's before and after
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
                    entry.row,
                    "quantity",
                    StockProblem.BELOW_ZERO,
                    {"value": entry.quantity, "on_hand": level.on_hand},
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


def import_stock_sheet(
    data: IO[bytes],
    fmt: str,
    *,
    kind: EntryKind,
    store_id: StoreId,
    actor: str,
    sheets: Spreadsheets,
    uow: UnitOfWorkFactory,
    clock: Clock,
) -> RecordResult:
    """Record a CSV or XLSX of stock entries whole, or nothing: every bad row is reported."""
    try:
        entries, problems = read_stock_sheet(sheets.read(data, fmt), kind=kind)
    except ValueError as exc:
        # The reader's own refusal (not a CSV/XLSX file, an unknown format).
        raise StockEntriesRejected(
            [EntryProblem(0, "", StockProblem.UNREADABLE_FILE, {"reason": str(exc)})]
        ) from None
    if problems and any(p.row <= 1 for p in problems):
        raise StockEntriesRejected(problems)  # the header or the file itself is wrong
    return record_stock(
        entries, store_id=store_id, actor=actor, uow=uow, clock=clock, earlier=problems
    )


# --- what the stock page shows ------------------------------------------------------------------

LOW_LIST = 20


@dataclass(frozen=True, slots=True)
class StockOverview:
    rows: tuple[StockLevelRow, ...]
    low: tuple[StockLevelRow, ...]
    """Levels at or below their product's threshold (the first ``LOW_LIST``)."""
    low_count: int
    warehouses: tuple[WarehouseRef, ...]


def stock_overview(
    store_id: StoreId, query: StockQuery, *, uow: UnitOfWorkFactory
) -> StockOverview:
    """Levels matching the query, the store's low levels and its warehouses."""
    with uow() as tx:
        rows = tx.inventory.search(store_id, query)
        low = tx.inventory.search(store_id, StockQuery(low_only=True, limit=LOW_LIST))
        return StockOverview(
            rows=tuple(rows),
            low=tuple(low),
            low_count=tx.inventory.low_stock_count(store_id),
            warehouses=tuple(tx.inventory.warehouses(store_id)),
        )


@dataclass(frozen=True, slots=True)
class ProductStock:
    product: ProductRef
    levels: tuple[StockLevelRow, ...]
    movements: tuple[MovementRecord, ...]
    warehouses: tuple[WarehouseRef, ...]


def product_stock(
    product_id: ProductId,
    *,
    warehouse_id: WarehouseId | None = None,
    limit: int = 200,
    uow: UnitOfWorkFactory,
) -> ProductStock | None:
    """A product's levels and its movements, newest first (who, when, why)."""
    with uow() as tx:
        product = tx.inventory.product(product_id)
        if product is None or product.store_id is None:
            return None
        levels = tx.inventory.search(product.store_id, StockQuery(product_id=product_id))
        return ProductStock(
            product=product,
            levels=tuple(levels),
            movements=tuple(
                tx.inventory.history(product_id, warehouse_id=warehouse_id, limit=limit)
            ),
            warehouses=tuple(tx.inventory.warehouses(product.store_id)),
        )


def low_stock_count(*, uow: UnitOfWorkFactory) -> int:
    """Levels at or below their threshold, over every store (the navigation's badge)."""
    with uow() as tx:
        return tx.inventory.low_stock_count(None)


__all__ = ["EntryKind", "EntryProblem", "StockEntriesRejected", "StockEntry", "StockProblem"]


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
