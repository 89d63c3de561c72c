"""The posting queue and the posting page: what the packing desk looks at all day.

The queue is sorted by ship-by so the most pressing parcel is on top; each row carries its urgency
(overdue, due within two hours) computed against one clock reading, so the whole page agrees.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from posylka.domain.ids import StoreId
from posylka.domain.postings import PostingStatus, Urgency, urgency
from posylka.domain.shortfalls import ShortfallDecision
from posylka.domain.stock_reservations import PostingReservation
from posylka.services.ports import (
    Clock,
    PostingDetails,
    QueueFilters,
    QueuePage,
    QueueQuery,
    QueueRow,
    SyncStatus,
    UnitOfWork,
    UnitOfWorkFactory,
)

MAX_PAGE_SIZE = 200
OPEN_STATUSES = "open"
"""Status filter meaning the seller's work (not yet handed over, delivered or cancelled); the
queue shows it when no status is chosen."""
ALL_STATUSES = "all"
"""Status filter meaning every posting, finished ones included."""


@dataclass(frozen=True, slots=True)
class QueueEntry:
    row: QueueRow
    urgency: Urgency
    short: int = 0
    """Units of the posting that could not be reserved (0: not short)."""


@dataclass(frozen=True, slots=True)
class PinnedShortfall:
    """A short posting shown above the queue until it is reserved or cancelled."""

    reservation: PostingReservation
    decision: ShortfallDecision | None


@dataclass(frozen=True, slots=True)
class QueueView:
    """One screen of the queue with everything around it: filter choices and the sync line."""

    entries: tuple[QueueEntry, ...]
    page: QueuePage
    filters: QueueFilters
    sync: tuple[SyncStatus, ...]
    now: datetime
    shortfalls: tuple[PinnedShortfall, ...] = ()

    @property
    def has_next(self) -> bool:
        return bool(self.page.next_cursor)

    @property
    def has_prev(self) -> bool:
        return bool(self.page.prev_cursor)


@dataclass(frozen=True, slots=True)
class PostingView:
    details: PostingDetails
    urgency: Urgency
    now: datetime


NO_CHOICES = QueueFilters(stores=(), warehouses=(), delivery_methods=(), statuses=())


def list_queue(
    query: QueueQuery, *, uow: UnitOfWorkFactory, clock: Clock, with_choices: bool = True
) -> QueueView:
    """One page of postings matching the filters, sorted by ship-by.

    With ``with_choices`` the view also carries the filter choices and the sync line; a page that
    only swaps its rows (a filter change, the next page) leaves them out and is answered faster.
    """
    query = replace(query, limit=min(max(query.limit, 1), MAX_PAGE_SIZE), text=query.text.strip())
    now = clock.now()
    filters: QueueFilters = NO_CHOICES
    sync: tuple[SyncStatus, ...] = ()
    pinned: tuple[PinnedShortfall, ...] = ()
    with uow() as tx:
        page = tx.postings.queue(query)
        if with_choices:
            filters = tx.postings.queue_filters(query.store_id)
            sync = tuple(tx.sync_state.status())
            pinned = _pinned_shortfalls(tx, query.store_id)
        held = tx.inventory.reservation_lines([row.id for row in page.rows])
    entries = tuple(
        QueueEntry(
            row,
            urgency(row.ship_by, PostingStatus.parse(row.status), now),
            sum(line.short for line in held.get(row.id, ())),
        )
        for row in page.rows
    )
    return QueueView(
        entries=entries, page=page, filters=filters, sync=sync, now=now, shortfalls=pinned
    )


PINNED_SHORTFALLS = 8
"""Short postings shown above the queue, the earliest ship-by first."""


def _pinned_shortfalls(tx: UnitOfWork, store_id: StoreId | None) -> tuple[PinnedShortfall, ...]:
    """Short postings stay on top of the queue (a separate strip, whatever the page or filter)
    so nobody forgets one waiting for stock before its ship-by."""
    stores = [store_id] if store_id is not None else [s.id for s in tx.stores.list()]
    found = [r for sid in stores for r in tx.inventory.short_postings(sid, limit=PINNED_SHORTFALLS)]
    decisions = tx.shortfalls.decisions([r.posting_id for r in found])
    return tuple(PinnedShortfall(r, decisions.get(r.posting_id)) for r in found[:PINNED_SHORTFALLS])


def show_posting(
    store_id: StoreId, posting_number: str, *, uow: UnitOfWorkFactory, clock: Clock
) -> PostingView | None:
    """Everything known about one posting, or ``None`` when the store has no such posting."""
    with uow() as tx:
        details = tx.postings.details(store_id, posting_number.strip())
    if details is None:
        return None
    now = clock.now()
    posting = details.posting
    return PostingView(details, urgency(posting.ship_by, posting.status, now), now)


def sync_overview(*, uow: UnitOfWorkFactory) -> tuple[SyncStatus, ...]:
    """The last sync of every store, for the status line above the queue."""
    with uow() as tx:
        return tuple(tx.sync_state.status())
