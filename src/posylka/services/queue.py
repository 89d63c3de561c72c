"""The posting queue and the posting page: what the packing desk looks at all day.

The queue is sorted by ship-by so the most pressing parcel is on top; each row carries its urgency
(overdue, due within two hours) computed against one clock reading, so the whole page agrees.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from posylka.domain.ids import StoreId
from posylka.domain.postings import PostingStatus, Urgency, urgency
from posylka.services.ports import (
    Clock,
    PostingDetails,
    QueueFilters,
    QueuePage,
    QueueQuery,
    QueueRow,
    SyncStatus,
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


@dataclass(frozen=True, slots=True)
class QueueView:
    """One screen of the queue with everything around it: filter choices and the sync line."""

    entries: tuple[QueueEntry, ...]
    page: QueuePage
    filters: QueueFilters
    sync: tuple[SyncStatus, ...]
    now: datetime

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
    with uow() as tx:
        page = tx.postings.queue(query)
        if with_choices:
            filters = tx.postings.queue_filters(query.store_id)
            sync = tuple(tx.sync_state.status())
    entries = tuple(
        QueueEntry(row, urgency(row.ship_by, PostingStatus.parse(row.status), now))
        for row in page.rows
    )
    return QueueView(entries=entries, page=page, filters=filters, sync=sync, now=now)


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
