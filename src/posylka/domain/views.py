"""Read models: what the storage hands back to use cases and pages (the posting queue, a posting
with its history, a store's sync state, an upsert's outcome, a staff account).

They are plain values shared by the ports (``posylka.services.ports`` re-exports them) and the
adapters that build them, so they live in the domain, which both may import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from posylka.domain.ids import PostingNumber, StoreId, UserId
from posylka.domain.postings import Posting, StatusChange
from posylka.domain.stores import Role
from posylka.domain.sync import ItemError


@dataclass(frozen=True, slots=True)
class QueueQuery:
    """Filters and keyset position of the posting queue (sorted by ship-by, then id)."""

    store_id: StoreId | None = None
    warehouse_id: int | None = None
    delivery_method_id: int | None = None
    status: str | None = None
    text: str = ""
    check: str | None = None
    """Order-check verdict (``attention`` or ``ready``); ``None`` for any or none."""
    after: str = ""
    """Opaque keyset cursor of the last row of the previous page."""
    before: str = ""
    limit: int = 50


@dataclass(frozen=True, slots=True)
class QueueRow:
    id: int
    store_id: StoreId
    store_name: str
    posting_number: PostingNumber
    order_number: str
    status: str
    substatus: str
    scheme: str
    delivery_method_name: str
    warehouse_name: str
    ship_by: datetime | None
    item_count: int
    total_amount: str
    currency: str
    buyer_name: str
    first_item_name: str


@dataclass(frozen=True, slots=True)
class QueuePage:
    rows: tuple[QueueRow, ...]
    next_cursor: str
    prev_cursor: str
    total: int


@dataclass(frozen=True, slots=True)
class FilterOption:
    value: str
    label: str


@dataclass(frozen=True, slots=True)
class QueueFilters:
    """The choices the queue's filter bar offers."""

    stores: tuple[FilterOption, ...]
    warehouses: tuple[FilterOption, ...]
    delivery_methods: tuple[FilterOption, ...]
    statuses: tuple[FilterOption, ...]


@dataclass(frozen=True, slots=True)
class PostingDetails:
    posting: Posting
    store_name: str
    history: tuple[StatusChange, ...]
    first_seen_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """The last sync of a store, for the UI's status line."""

    store_id: StoreId
    store_name: str
    last_sync_at: datetime | None
    last_error: str
    last_error_at: datetime | None
    recent_errors: tuple[ItemError, ...] = ()


@dataclass(frozen=True, slots=True)
class UpsertResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    status_changes: tuple[StatusChange, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Account:
    id: UserId
    username: str
    role: Role
    language: str
    is_active: bool
