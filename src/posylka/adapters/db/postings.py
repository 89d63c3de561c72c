"""The posting repository: the sync's batched upsert, the posting page, and counts.

The upsert is the hot path of every sync and lives in ``posting_writer``; the queue's reads live in
``posting_queue``. This class puts them behind the ``PostingRepository`` port.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, func, select

from posylka.adapters.db.posting_queue import PostingQueue
from posylka.adapters.db.posting_rows import from_row
from posylka.adapters.db.posting_writer import BATCH_SIZE, PostingWriter
from posylka.adapters.db.tables import posting_items, posting_status_history, postings, stores
from posylka.domain.ids import PostingNumber, StoreId
from posylka.domain.postings import Posting, PostingStatus, StatusChange
from posylka.domain.views import PostingDetails, QueueFilters, QueuePage, QueueQuery, UpsertResult


class SqlPostingRepository:
    """Postings on one connection; never commits (the unit of work does)."""

    def __init__(
        self, connection: Connection, *, batch_size: int = BATCH_SIZE, max_attempts: int = 5
    ) -> None:
        self._conn = connection
        self._writer = PostingWriter(connection, batch_size=batch_size, max_attempts=max_attempts)
        self._queue = PostingQueue(connection)

    # --- the sync's write path ------------------------------------------------------------------

    def upsert_many(self, postings: Sequence[Posting], *, now: datetime) -> UpsertResult:
        """Store what Ozon sent: insert new postings, update changed ones, skip unchanged ones.

        ``status_changes`` lists moves of postings that were already stored; a new posting gets
        its first history row (from no status) but is counted in ``created`` only.
        """
        return self._writer.upsert_many(postings, now=now)

    # --- reads ----------------------------------------------------------------------------------

    def queue(self, query: QueueQuery) -> QueuePage:
        return self._queue.page(query)

    def queue_filters(self, store_id: StoreId | None) -> QueueFilters:
        return self._queue.filters(store_id)

    def count(self, store_id: StoreId | None = None) -> int:
        query = select(func.count()).select_from(postings)
        if store_id is not None:
            query = query.where(postings.c.store_id == store_id)
        return int(self._conn.execute(query).scalar_one())

    def details(self, store_id: StoreId | None, posting_number: str) -> PostingDetails | None:
        """One posting with its items, status history and store name; ``store_id=None`` finds
        the posting in any store (Ozon's posting numbers are unique across sellers)."""
        query = (
            select(postings, stores.c.name.label("store_name"))
            .join(stores, stores.c.id == postings.c.store_id)
            .where(postings.c.posting_number == posting_number)
            .order_by(postings.c.id)
            .limit(1)
        )
        if store_id is not None:
            query = query.where(postings.c.store_id == store_id)
        row = self._conn.execute(query).mappings().first()
        if row is None:
            return None
        items = self._conn.execute(
            select(posting_items)
            .where(posting_items.c.posting_id == row["id"])
            .order_by(posting_items.c.line_no)
        ).mappings()
        history = self._conn.execute(
            select(posting_status_history)
            .where(posting_status_history.c.posting_id == row["id"])
            .order_by(posting_status_history.c.changed_at, posting_status_history.c.id)
        ).mappings()
        return PostingDetails(
            posting=from_row(row, list(items)),
            store_name=row["store_name"],
            history=tuple(
                StatusChange(
                    posting_number=PostingNumber(row["posting_number"]),
                    old_status=PostingStatus.parse(h["old_status"]) if h["old_status"] else None,
                    new_status=PostingStatus.parse(h["new_status"]),
                    substatus=h["substatus"],
                    changed_at=h["changed_at"],
                    expected=bool(h["expected"]),
                )
                for h in history
            ),
            first_seen_at=row["first_seen_at"],
            updated_at=row["updated_at"],
        )
