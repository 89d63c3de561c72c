"""Intake: what happens to postings that arrived or changed since they were last taken in.

After every sync run (the job queue's and ``posylka sync``'s) and after the catalogue changed,
one pass per store takes every new or changed posting, in batches, earliest ship-by first:

1. its stock is settled (``domain.stock_allocation.settle_posting``): reserved while it is to be
   assembled, released when cancelled, picked when it leaves the seller's hands;
2. the order checks run over it (``services.order_checks.check_postings``);
3. its marker (the posting's content hash as taken in) is written.

All three commit together per batch. A pass that stops halfway (a crash, a lost connection)
loses nothing and reserves nothing twice: the postings of the committed batches carry their
marker, the others do not and are taken in by the next pass, from the stock as it then stands.
A posting changed by a sync while a pass takes it in keeps its old marker and comes round again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Protocol

from posylka.domain.ids import StoreId
from posylka.domain.stock import Ledger, MovementKind
from posylka.domain.stock_allocation import settle_posting
from posylka.domain.stock_reservations import IntakePosting, ReservationLine, keys_of
from posylka.services.order_checks import check_postings
from posylka.services.ports import Clock, UnitOfWork, UnitOfWorkFactory

BATCH_SIZE = 200
"""Postings per transaction: big enough to amortise the round trips, small enough that level
rows are not held locked for long while other writers wait."""

INTAKE_ACTOR = "intake"

CheckPostings = Callable[..., Any]
"""``check_postings(uow, store_id, posting_numbers, *, now)``: the order checks' entry point."""


@dataclass(slots=True)
class IntakeSummary:
    store_id: StoreId
    postings: int = 0
    batches: int = 0
    reserved: int = 0
    """Units reserved."""
    released: int = 0
    picked: int = 0
    short_lines: int = 0
    """Lines of the postings taken in that hold less than they want."""
    short_postings: set[int] = field(default_factory=set)

    def describe(self) -> str:
        if not self.postings:
            return "intake: nothing new"
        return (
            f"intake: {self.postings} postings, {self.reserved} units reserved, "
            f"{self.released} released, {self.picked} picked, "
            f"{len(self.short_postings)} short"
        )


def take_in(
    store_id: StoreId,
    *,
    uow: UnitOfWorkFactory,
    clock: Clock,
    batch_size: int = BATCH_SIZE,
    check: CheckPostings = check_postings,
    max_batches: int | None = None,
    posting_ids: Sequence[int] | None = None,
) -> IntakeSummary:
    """Take in every new or changed posting of a store (or only those of ``posting_ids``),
    batch by batch, each batch its own commit."""
    summary = IntakeSummary(store_id)
    while max_batches is None or summary.batches < max_batches:
        with uow() as tx:
            batch = tx.inventory.pending_intake(store_id, limit=batch_size, posting_ids=posting_ids)
            if not batch:
                break
            _take_batch(tx, store_id, batch, clock.now(), check, summary)
            tx.commit()
        summary.batches += 1
        if len(batch) < batch_size:
            break
    return summary


def take_in_after_catalogue_change(
    store_id: StoreId,
    *,
    uow: UnitOfWorkFactory,
    clock: Clock,
    check: CheckPostings = check_postings,
) -> IntakeSummary:
    """Match again the lines no product matched (a product may have been added), then take in."""
    with uow() as tx:
        tx.inventory.forget_unmatched(store_id)
        tx.commit()
    return take_in(store_id, uow=uow, clock=clock, check=check)


def _take_batch(
    tx: UnitOfWork,
    store_id: StoreId,
    batch: list[IntakePosting],
    now: datetime,
    check: CheckPostings,
    summary: IntakeSummary,
) -> None:
    ids = [p.posting_id for p in batch]
    keys = keys_of(batch)
    ledger = Ledger(tx.inventory.lock_levels(keys, now=now))
    # The lines as they stand now that their levels are locked: a receipt may have filled some
    # between the first read and the lock.
    current = tx.inventory.reservation_lines(ids)
    batch = [replace(p, current=tuple(current.get(p.posting_id, ()))) for p in batch]
    extra = keys_of(batch) - keys
    if extra:
        ledger.include(tx.inventory.lock_levels(extra, now=now))
    lines: list[ReservationLine] = []
    for posting in batch:
        settled = settle_posting(posting, ledger, actor=INTAKE_ACTOR)
        lines.extend(settled)
        if any(line.short > 0 for line in settled):
            summary.short_postings.add(posting.posting_id)
        else:
            summary.short_postings.discard(posting.posting_id)
    tx.inventory.write(ledger.changed(), ledger.movements, now=now)
    tx.inventory.save_lines(ids, lines, now=now)
    check(tx, store_id, [p.posting_number for p in batch], now=now)
    tx.inventory.mark_taken([(p.posting_id, p.content_hash) for p in batch], now=now)
    summary.postings += len(batch)
    summary.short_lines += sum(1 for line in lines if line.short > 0)
    for movement in ledger.movements:
        if movement.kind is MovementKind.RESERVATION:
            summary.reserved += movement.quantity
        elif movement.kind is MovementKind.RELEASE:
            summary.released -= movement.quantity
        elif movement.kind is MovementKind.PICK:
            summary.picked -= movement.quantity


# --- running it after every sync -----------------------------------------------------------------


class SyncRunner(Protocol):
    def sync_store(self, store_id: int, *, full: bool = False) -> str: ...
    def store_ids(self) -> list[int]: ...


@dataclass
class SyncThenIntake:
    """A sync runner that takes the store's postings in after each sync run (the job queue's
    runner is wrapped in it by ``bootstrap``)."""

    sync: SyncRunner
    uow: UnitOfWorkFactory
    clock: Clock

    def sync_store(self, store_id: int, *, full: bool = False) -> str:
        outcome = self.sync.sync_store(store_id, full=full)
        summary = take_in(StoreId(store_id), uow=self.uow, clock=self.clock)
        return f"{outcome}; {summary.describe()}"

    def store_ids(self) -> list[int]:
        return self.sync.store_ids()


def take_in_stores(
    store_ids: Iterable[StoreId], *, uow: UnitOfWorkFactory, clock: Clock
) -> list[IntakeSummary]:
    return [take_in(store_id, uow=uow, clock=clock) for store_id in store_ids]
