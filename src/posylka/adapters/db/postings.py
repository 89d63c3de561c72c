"""The posting repository: the sync's batched upsert, the posting page, and counts.

``upsert_many`` is the hot path of every sync. It works a batch at a time with the same few
statements however many postings the batch holds: one SELECT of the rows already stored, one
many-row INSERT of the new postings and one of their items, one INSERT ... SELECT of their first
history rows, and, for postings that changed, one many-row UPDATE, their new items and their
status history. Postings Ozon sent again unchanged are recognised by their content digest and
not written at all.

Two syncs may write overlapping pages at once (a full and an incremental sync, or two workers).
On PostgreSQL new rows go in with ``ON CONFLICT DO NOTHING`` and whatever another writer inserted
first is then handled as a stored row; stored rows are read ``FOR UPDATE`` in id order, so the
second writer waits, sees the first one's result and records a status change only once. A
deadlock met inside a batch is retried from a savepoint. SQLite has one writer at a time (the
unit of work takes the write lock up front), so the same reads see everything committed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, literal, null, select, true
from sqlalchemy.exc import DBAPIError

from posylka.adapters.db.bulk import insert_new_rows, insert_rows, update_rows
from posylka.adapters.db.posting_queue import PostingQueue
from posylka.adapters.db.posting_rows import PostingRow, from_row, to_row
from posylka.adapters.db.tables import (
    UtcDateTime,
    posting_items,
    posting_status_history,
    postings,
    stores,
)
from posylka.domain.ids import PostingNumber, StoreId
from posylka.domain.postings import Posting, PostingStatus, StatusChange, is_expected_transition
from posylka.domain.views import PostingDetails, QueueFilters, QueuePage, QueueQuery, UpsertResult

BATCH_SIZE = 500
"""Postings per round of statements: a sync page is 100, larger inputs are cut to this size."""

RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})
"""PostgreSQL's deadlock_detected and serialization_failure: safe to retry from a savepoint."""

Key = tuple[StoreId, str]

POSTING_COLUMNS = tuple(c.name for c in postings.c if c.name != "id")
UPDATED_COLUMNS = tuple(c for c in POSTING_COLUMNS if c != "first_seen_at")
ITEM_COLUMNS = tuple(c.name for c in posting_items.c if c.name != "id")
HISTORY_COLUMNS = tuple(c.name for c in posting_status_history.c if c.name != "id")


_STORED_ROWS = (
    select(
        postings.c.id,
        postings.c.posting_number,
        postings.c.status,
        postings.c.content_hash,
        postings.c.items_hash,
        postings.c.status_changed_at,
    )
    .where(
        postings.c.store_id == bindparam("store_id"),
        postings.c.posting_number.in_(bindparam("numbers", expanding=True)),
    )
    .order_by(postings.c.id)
    .with_for_update()
)
"""The stored rows of some postings of one store, locked (PostgreSQL) in id order, so two
writers lock shared rows in the same order and cannot deadlock on them."""


_POSTING_IDS = select(postings.c.id, postings.c.posting_number).where(
    postings.c.store_id == bindparam("store_id"),
    postings.c.posting_number.in_(bindparam("numbers", expanding=True)),
)


@dataclass(frozen=True, slots=True)
class _Stored:
    id: int
    status: PostingStatus
    content_hash: str
    items_hash: str
    status_changed_at: datetime | None


@dataclass(slots=True)
class _Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changes: list[StatusChange] = field(default_factory=list)

    def result(self) -> UpsertResult:
        return UpsertResult(self.created, self.updated, self.unchanged, tuple(self.changes))


class SqlPostingRepository:
    """Postings on one connection; never commits (the unit of work does)."""

    def __init__(
        self, connection: Connection, *, batch_size: int = BATCH_SIZE, max_attempts: int = 5
    ) -> None:
        self._conn = connection
        self._batch_size = batch_size
        self._max_attempts = max_attempts
        self._queue = PostingQueue(connection)

    # --- the sync's write path ------------------------------------------------------------------

    def upsert_many(self, postings: Sequence[Posting], *, now: datetime) -> UpsertResult:
        """Store what Ozon sent: insert new postings, update changed ones, skip unchanged ones.

        ``status_changes`` lists moves of postings that were already stored; a new posting gets
        its first history row (from no status) but is counted in ``created`` only.
        """
        rows = list({row.key: row for row in map(to_row, postings)}.values())
        tally = _Tally()
        for start in range(0, len(rows), self._batch_size):
            self._upsert_with_retry(rows[start : start + self._batch_size], now, tally)
        return tally.result()

    def _upsert_with_retry(self, rows: list[PostingRow], now: datetime, tally: _Tally) -> None:
        for attempt in range(1, self._max_attempts + 1):
            batch = _Tally()
            try:
                with self._conn.begin_nested():
                    self._upsert_batch(rows, now, batch)
            except DBAPIError as exc:
                if getattr(exc.orig, "sqlstate", None) not in RETRYABLE_SQLSTATES:
                    raise
                if attempt == self._max_attempts:
                    raise
                continue
            tally.created += batch.created
            tally.updated += batch.updated
            tally.unchanged += batch.unchanged
            tally.changes.extend(batch.changes)
            return

    def _upsert_batch(self, rows: list[PostingRow], now: datetime, tally: _Tally) -> None:
        stored = self._lock_stored([row.key for row in rows])
        fresh = sorted((row for row in rows if row.key not in stored), key=lambda r: r.key)
        inserted = self._insert_new(fresh, now)
        tally.created += len(inserted)
        taken = [row.key for row in fresh if row.key not in inserted]
        if taken:  # another writer inserted these between our SELECT and INSERT
            stored.update(self._lock_stored(taken))
        self._write_changes([row for row in rows if row.key in stored], stored, now, tally)

    def _lock_stored(self, keys: Iterable[Key]) -> dict[Key, _Stored]:
        by_store: dict[StoreId, list[str]] = {}
        for store_id, number in keys:
            by_store.setdefault(store_id, []).append(number)
        found: dict[Key, _Stored] = {}
        for store_id, numbers in sorted(by_store.items()):
            for row in self._conn.execute(_STORED_ROWS, {"store_id": store_id, "numbers": numbers}):
                found[(store_id, row.posting_number)] = _Stored(
                    row.id,
                    PostingStatus.parse(row.status),
                    row.content_hash,
                    row.items_hash,
                    row.status_changed_at,
                )
        return found

    def _ids_of(self, keys: list[Key]) -> dict[Key, int]:
        by_store: dict[StoreId, list[str]] = {}
        for store_id, number in keys:
            by_store.setdefault(store_id, []).append(number)
        return {
            (store_id, number): posting_id
            for store_id, numbers in by_store.items()
            for posting_id, number in self._conn.execute(
                _POSTING_IDS, {"store_id": store_id, "numbers": numbers}
            )
        }

    def _insert_new(self, rows: list[PostingRow], now: datetime) -> dict[Key, int]:
        """Insert the postings not stored yet; returns the ids of those this call inserted."""
        if not rows:
            return {}
        params = [{**row.values, "first_seen_at": now, "updated_at": now} for row in rows]
        if self._conn.dialect.name == "postgresql":
            returned = insert_new_rows(
                self._conn,
                postings,
                POSTING_COLUMNS,
                params,
                unique=("store_id", "posting_number"),
                returning=("id", "store_id", "posting_number"),
            )
            ids = {
                (StoreId(store_id), number): posting_id for posting_id, store_id, number in returned
            }
        else:
            # SQLite has one writer at a time: a row inserted by another connection after our
            # SELECT would make this transaction fail (busy snapshot) rather than conflict, so a
            # plain INSERT is exact, and a duplicate would be a loud IntegrityError.
            insert_rows(self._conn, postings, POSTING_COLUMNS, params)
            ids = self._ids_of([row.key for row in rows])
        mine = [row for row in rows if row.key in ids]
        self._insert_items((ids[row.key], row) for row in mine)
        self._record_first_statuses(list(ids.values()), now)
        return ids

    def _record_first_statuses(self, posting_ids: list[int], now: datetime) -> None:
        """A new posting's first history row (from no status), copied inside the database."""
        if not posting_ids:
            return
        at = literal(now, UtcDateTime())
        self._conn.execute(
            insert(posting_status_history).from_select(
                HISTORY_COLUMNS,
                select(
                    postings.c.id,
                    null(),
                    postings.c.status,
                    postings.c.substatus,
                    func.coalesce(postings.c.status_changed_at, at),
                    at,
                    true(),
                ).where(postings.c.id.in_(posting_ids)),
            )
        )

    def _write_changes(
        self, rows: list[PostingRow], stored: dict[Key, _Stored], now: datetime, tally: _Tally
    ) -> None:
        changed: list[tuple[_Stored, PostingRow]] = []
        for row in rows:
            old = stored[row.key]
            if old.content_hash == row.content_hash or _is_stale(row, old):
                tally.unchanged += 1
            else:
                changed.append((old, row))
        if not changed:
            return
        tally.updated += len(changed)
        update_rows(
            self._conn,
            postings,
            UPDATED_COLUMNS,
            "id",
            [{**row.values, "updated_at": now, "id": old.id} for old, row in changed],
        )
        relisted = [(old.id, row) for old, row in changed if old.items_hash != row.items_hash]
        if relisted:
            self._conn.execute(
                delete(posting_items).where(
                    posting_items.c.posting_id.in_([posting_id for posting_id, _ in relisted])
                )
            )
            self._insert_items(relisted)
        moved = [(old, row) for old, row in changed if old.status is not row.status]
        self._insert_history([_history(old.id, old.status, row, now) for old, row in moved])
        tally.changes.extend(
            StatusChange(
                posting_number=PostingNumber(row.key[1]),
                old_status=old.status,
                new_status=row.status,
                substatus=str(row.values["substatus"]),
                changed_at=_changed_at(row, now),
                expected=is_expected_transition(old.status, row.status),
            )
            for old, row in moved
        )

    def _insert_items(self, owned: Iterable[tuple[int, PostingRow]]) -> None:
        params = [
            {**item, "posting_id": posting_id} for posting_id, row in owned for item in row.items
        ]
        insert_rows(self._conn, posting_items, ITEM_COLUMNS, params)

    def _insert_history(self, params: list[dict[str, Any]]) -> None:
        insert_rows(self._conn, posting_status_history, HISTORY_COLUMNS, params)

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


def _history(
    posting_id: int, old: PostingStatus | None, row: PostingRow, now: datetime
) -> dict[str, Any]:
    return {
        "posting_id": posting_id,
        "old_status": old.value if old is not None else None,
        "new_status": row.status.value,
        "substatus": row.values["substatus"],
        "changed_at": _changed_at(row, now),
        "recorded_at": now,
        "expected": old is None or is_expected_transition(old, row.status),
    }


def _changed_at(row: PostingRow, now: datetime) -> datetime:
    changed_at = row.values["status_changed_at"]
    return changed_at if isinstance(changed_at, datetime) else now


def _is_stale(row: PostingRow, stored: _Stored) -> bool:
    """A copy older than what is stored (its status changed earlier than the stored one's), e.g.
    a page fetched before another writer stored a newer one: writing it would move the posting
    back in time."""
    incoming = row.values["status_changed_at"]
    return (
        isinstance(incoming, datetime)
        and stored.status_changed_at is not None
        and incoming < stored.status_changed_at
    )
