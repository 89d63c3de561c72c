"""Ports: what the use cases need from the outside world, as ``typing.Protocol`` interfaces.

Adapters satisfy them structurally (they never import this module); ``bootstrap`` wires real
adapters in, tests wire in-memory fakes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, Self

from posylka.domain.ids import PostingNumber, StoreId, UserId
from posylka.domain.postings import Posting, StatusChange
from posylka.domain.stores import DeliveryMethod, Role, Store, StoreCredentials, Warehouse
from posylka.domain.sync import ItemError, PostingPage, PostingQuery


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


# --- The marketplace ---------------------------------------------------------------------------


class MarketplaceGateway(Protocol):
    """One store's view of Ozon. Raises ``posylka.domain.errors.MarketplaceError`` subclasses."""

    @property
    def api_calls(self) -> int:
        """HTTP requests sent so far, retries included."""
        ...

    async def fetch_postings_page(self, query: PostingQuery, cursor: str = "") -> PostingPage: ...

    async def fetch_posting(self, posting_number: PostingNumber) -> Posting: ...

    async def fetch_warehouses(self) -> list[Warehouse]: ...

    async def fetch_delivery_methods(self) -> list[DeliveryMethod]: ...

    async def aclose(self) -> None: ...


class MarketplaceFactory(Protocol):
    def __call__(self, store_id: StoreId, credentials: StoreCredentials) -> MarketplaceGateway: ...


# --- Read models for pages ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QueueQuery:
    """Filters and keyset position of the posting queue (sorted by ship-by, then id)."""

    store_id: StoreId | None = None
    warehouse_id: int | None = None
    delivery_method_id: int | None = None
    status: str | None = None
    text: str = ""
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


# --- Repositories (never commit; the unit of work does) ----------------------------------------


class StoreRepository(Protocol):
    def add(self, name: str, credentials: StoreCredentials, *, now: datetime) -> Store: ...
    def list(self, *, active_only: bool = True) -> list[Store]: ...
    def get(self, store_id: StoreId) -> Store | None: ...
    def by_name(self, name: str) -> Store | None: ...
    def credentials(self, store_id: StoreId) -> StoreCredentials: ...
    def update_credentials(self, store_id: StoreId, credentials: StoreCredentials) -> None: ...
    def record_sync(self, store_id: StoreId, *, at: datetime, error: str = "") -> None: ...
    def replace_warehouses(
        self, store_id: StoreId, items: Sequence[Warehouse], *, now: datetime
    ) -> None: ...
    def replace_delivery_methods(
        self, store_id: StoreId, items: Sequence[DeliveryMethod], *, now: datetime
    ) -> None: ...


class PostingRepository(Protocol):
    def upsert_many(self, postings: Sequence[Posting], *, now: datetime) -> UpsertResult: ...
    def details(self, store_id: StoreId | None, posting_number: str) -> PostingDetails | None: ...
    def queue(self, query: QueueQuery) -> QueuePage: ...
    def queue_filters(self, store_id: StoreId | None) -> QueueFilters: ...
    def count(self, store_id: StoreId | None = None) -> int: ...


class SyncStateRepository(Protocol):
    def load(self, store_id: StoreId, kind: str) -> dict[str, Any] | None: ...
    def save(
        self, store_id: StoreId, kind: str, state: dict[str, Any], *, now: datetime
    ) -> None: ...
    def clear(self, store_id: StoreId, kind: str) -> None: ...
    def start_run(self, store_id: StoreId, *, now: datetime) -> int: ...
    def finish_run(self, run_id: int, summary: Any, *, now: datetime) -> None: ...
    def record_errors(
        self, store_id: StoreId, run_id: int | None, errors: Sequence[ItemError], *, now: datetime
    ) -> None: ...
    def status(self, store_id: StoreId | None = None) -> list[SyncStatus]: ...


class UserRepository(Protocol):
    def add(
        self, username: str, password_hash: str, role: Role, *, language: str, now: datetime
    ) -> Account: ...
    def by_username(self, username: str) -> tuple[Account, str] | None:
        """The account and its password hash."""
        ...

    def get(self, user_id: UserId) -> Account | None: ...
    def list(self) -> list[Account]: ...
    def set_language(self, user_id: UserId, language: str) -> None: ...
    def set_password_hash(self, user_id: UserId, password_hash: str) -> None: ...


class SessionRepository(Protocol):
    def create(
        self,
        token_hash: str,
        user_id: UserId,
        csrf_token: str,
        *,
        now: datetime,
        expires_at: datetime,
    ) -> None: ...
    def lookup(self, token_hash: str, *, now: datetime) -> tuple[Account, str] | None:
        """The session's account and CSRF token, if the session is live."""
        ...

    def delete(self, token_hash: str) -> None: ...
    def purge_expired(self, *, now: datetime) -> int: ...


class AuditLog(Protocol):
    def record(
        self,
        action: str,
        *,
        at: datetime,
        actor: str,
        user_id: UserId | None = None,
        store_id: StoreId | None = None,
        object_type: str = "",
        object_id: str = "",
        details: dict[str, Any] | None = None,
    ) -> None: ...


class UnitOfWork(Protocol):
    """One transaction: ``with uow: ...; uow.commit()``. Leaving without commit rolls back."""

    stores: StoreRepository
    postings: PostingRepository
    sync_state: SyncStateRepository
    users: UserRepository
    sessions: SessionRepository
    audit: AuditLog

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...
    def verify(self, password_hash: str, password: str) -> bool: ...
