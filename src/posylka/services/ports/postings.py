"""Ports of the postings kept from Ozon: the postings themselves (queue and details) and the
sync's state, runs and errors."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from posylka.domain.ids import StoreId
from posylka.domain.postings import Posting
from posylka.domain.sync import ItemError
from posylka.domain.views import (
    PostingDetails,
    QueueFilters,
    QueuePage,
    QueueQuery,
    SyncStatus,
    UpsertResult,
)


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
