"""The sync's batched upsert of postings: the hot path of every sync.

It works a batch at a time with the same few statements however many postings the batch holds: one
SELECT of the rows already stored; for new postings one INSERT of the rows, one of their items and
one of their first history rows (the last two a COPY on PostgreSQL); for postings that changed one
UPDATE, their new items and their status history. Postings Ozon sent again unchanged are
recognised by their content digest and not written at all. Rows are built once as tuples
(``posting_rows``) and handed to the driver as they are (``bulk``), so the cost of a posting is
mostly what the database does with it.

Two syncs may write overlapping pages at once (a full and an incremental sync, or two workers).
On PostgreSQL new rows go in with ``ON CONFLICT DO NOTHING`` and whatever another writer inserted
first is then handled as a stored row; stored rows are read ``FOR UPDATE`` in id order, so the
second writer waits, sees the first one's result and records a status change only once. A
deadlock met inside a batch is retried from a savepoint. SQLite has one writer at a time (the
unit of work takes the write lock up front), so the same reads see everything committed, and the
ids of new rows are simply the next free ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from operator import attrgetter
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from posylka.adapters.db.bulk import (
    delete_rows,
    driver_savepoint,
    in_list,
    insert_new_rows,
    insert_rows,
    update_rows,
)
from posylka.adapters.db.posting_rows import (
    LINE_COLUMNS,
    ROW_COLUMNS,
    Key,
    PostingRow,
    read_time,
    stored_time,
    to_row,
)
from posylka.adapters.db.tables import posting_items, posting_status_history, postings
from posylka.domain.ids import PostingNumber, StoreId
from posylka.domain.postings import Posting, PostingStatus, StatusChange, is_expected_transition
from posylka.domain.views import UpsertResult

BATCH_SIZE = 500
"""Postings per round of statements: a sync page is 100, larger inputs are cut to this size."""

RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})
"""PostgreSQL's deadlock_detected and serialization_failure: safe to retry from a savepoint."""

NEW_COLUMNS = (*ROW_COLUMNS, "first_seen_at", "updated_at")
UPDATED_COLUMNS = (*ROW_COLUMNS[2:], "updated_at")
"""Everything but the key (store and posting number never change), so the key's index is left
alone by an update."""
ITEM_COLUMNS = ("posting_id", *LINE_COLUMNS)
HISTORY_COLUMNS = (
    "posting_id",
    "old_status",
    "new_status",
    "substatus",
    "changed_at",
    "recorded_at",
    "expected",
)
_CHANGED_AT = ROW_COLUMNS.index("status_changed_at")

# A stored row as this SELECT returns it: a plain driver tuple.
_SELECT_STORED = (
    "SELECT id, store_id, posting_number, status, content_hash, items_hash, status_changed_at"
    " FROM postings WHERE "
)
_ID, _STORE, _NUMBER, _STATUS, _CONTENT_HASH, _ITEMS_HASH, _STATUS_CHANGED_AT = range(7)
Stored = tuple[Any, ...]

_by_key = attrgetter("key")


@dataclass(slots=True)
class _Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changes: list[StatusChange] = field(default_factory=list)

    def add(self, other: _Tally) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.changes.extend(other.changes)

    def result(self) -> UpsertResult:
        return UpsertResult(self.created, self.updated, self.unchanged, tuple(self.changes))


class PostingWriter:
    """Writes what Ozon sent on one connection; never commits (the unit of work does)."""

    def __init__(
        self, connection: Connection, *, batch_size: int = BATCH_SIZE, max_attempts: int = 5
    ) -> None:
        self._conn = connection
        self._dialect = connection.dialect
        self._postgres = connection.dialect.name == "postgresql"
        self._batch_size = batch_size
        self._max_attempts = max_attempts
        self._analyzed = not self._postgres

    def upsert_many(self, postings: Sequence[Posting], *, now: datetime) -> UpsertResult:
        """Store what Ozon sent: insert new postings, update changed ones, skip unchanged ones.

        ``status_changes`` lists moves of postings that were already stored; a new posting gets
        its first history row (from no status) but is counted in ``created`` only.
        """
        rows = list({row.key: row for row in map(to_row, postings)}.values())
        stamp = stored_time(now)
        assert stamp is not None
        tally = _Tally()
        for start in range(0, len(rows), self._batch_size):
            self._upsert_with_retry(rows[start : start + self._batch_size], now, stamp, tally)
        return tally.result()

    def _upsert_with_retry(
        self, rows: list[PostingRow], now: datetime, stamp: str, tally: _Tally
    ) -> None:
        for attempt in range(1, self._max_attempts + 1):
            batch = _Tally()
            try:
                with driver_savepoint(self._conn, "posylka_upsert") as cursor:
                    self._upsert_batch(cursor, rows, now, stamp, batch)
            except DBAPIError as exc:
                if getattr(exc.orig, "sqlstate", None) not in RETRYABLE_SQLSTATES:
                    raise
                if attempt == self._max_attempts:
                    raise
                continue
            tally.add(batch)
            return

    def _upsert_batch(
        self, cursor: Any, rows: list[PostingRow], now: datetime, stamp: str, tally: _Tally
    ) -> None:
        stored = self._stored(cursor, [row.key for row in rows])
        fresh = [row for row in rows if row.key not in stored]
        if fresh:
            fresh.sort(key=_by_key)
            inserted = self._insert_new(cursor, fresh, stamp)
            tally.created += len(inserted)
            if inserted and not self._analyzed:
                self._analyze_once(cursor)
            taken = [row.key for row in fresh if row.key not in inserted]
            if taken:  # another writer inserted these between our SELECT and INSERT
                stored.update(self._stored(cursor, taken))
        if stored:
            known = [row for row in rows if row.key in stored]
            self._write_changes(cursor, known, stored, now, stamp, tally)

    def _stored(self, cursor: Any, keys: Iterable[Key]) -> dict[Key, Stored]:
        """The stored rows of these postings, locked (PostgreSQL) in id order, so two writers
        lock shared rows in the same order and cannot deadlock on them.

        They are found by posting number alone, through its own index, and sorted out by store
        here: a condition on the store would let PostgreSQL's planner choose a store's index
        whenever its statistics show few postings of that store, as they do for a store whose
        first sync is running, and read the store's every posting for each page. (Another store
        holds the same numbers only if one seller was added twice; its rows are locked in the same
        order and left alone.)"""
        wanted = set(keys)
        condition, params = in_list(
            self._dialect, "posting_number", sorted({number for _, number in wanted})
        )
        sql = _SELECT_STORED + condition
        if self._postgres:
            sql += " ORDER BY id FOR UPDATE"
        cursor.execute(sql, params)
        found: dict[Key, Stored] = {}
        for row in cursor.fetchall():
            key = (row[_STORE], row[_NUMBER])
            if key in wanted:
                found[key] = row
        return found

    def _analyze_once(self, cursor: Any) -> None:
        """PostgreSQL plans the lookup above from the table's statistics. A table never analyzed
        (a first sync into a new database) would be read whole for every page until autovacuum
        comes round, a minute or more later; so the first rows this writer inserts into such a
        table are followed by an ``ANALYZE`` of it, as after any bulk load."""
        self._analyzed = True
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'postings'::regclass")
        found = cursor.fetchone()
        if found is not None and found[0] <= 0:
            cursor.execute("ANALYZE postings")

    def _insert_new(self, cursor: Any, rows: list[PostingRow], stamp: str) -> dict[Key, int]:
        """Insert the postings not stored yet; returns the ids of those this call inserted."""
        if self._postgres:
            returned = insert_new_rows(
                cursor,
                self._dialect,
                postings,
                NEW_COLUMNS,
                [(*row.columns, stamp, stamp) for row in rows],
                unique=("store_id", "posting_number"),
                returning=("id", "store_id", "posting_number"),
            )
            ids = {(StoreId(store_id), number): pid for pid, store_id, number in returned}
            mine = [(ids[row.key], row) for row in rows if row.key in ids]
        else:
            # SQLite has one writer at a time: no row can appear between our SELECT and INSERT
            # (another writer's commit would make this transaction fail, busy snapshot), so the
            # new rows take the next free ids, exactly the ones SQLite would give them.
            cursor.execute("SELECT coalesce(max(id), 0) FROM postings")
            first = int(cursor.fetchone()[0]) + 1
            mine = list(enumerate(rows, first))
            insert_rows(
                cursor,
                self._dialect,
                postings,
                ("id", *NEW_COLUMNS),
                [(pid, *row.columns, stamp, stamp) for pid, row in mine],
            )
            ids = {row.key: pid for pid, row in mine}
        self._insert_lines(cursor, mine)
        # A new posting's first history row, from no status.
        history = [
            (
                pid,
                None,
                row.status.value,
                row.substatus,
                row.columns[_CHANGED_AT] or stamp,
                stamp,
                True,
            )
            for pid, row in mine
        ]
        insert_rows(cursor, self._dialect, posting_status_history, HISTORY_COLUMNS, history)
        return ids

    def _write_changes(
        self,
        cursor: Any,
        rows: list[PostingRow],
        stored: dict[Key, Stored],
        now: datetime,
        stamp: str,
        tally: _Tally,
    ) -> None:
        changed: list[tuple[Stored, PostingRow]] = []
        for row in rows:
            old = stored[row.key]
            if old[_CONTENT_HASH] == row.content_hash or _is_stale(row, old):
                tally.unchanged += 1
            else:
                changed.append((old, row))
        if not changed:
            return
        tally.updated += len(changed)
        update_rows(
            cursor,
            self._dialect,
            postings,
            UPDATED_COLUMNS,
            "id",
            [(*row.columns[2:], stamp, old[_ID]) for old, row in changed],
        )
        relisted = [(old[_ID], row) for old, row in changed if old[_ITEMS_HASH] != row.items_hash]
        if relisted:
            delete_rows(
                cursor, self._dialect, posting_items, "posting_id", [pid for pid, _ in relisted]
            )
            self._insert_lines(cursor, relisted)
        moved = [
            (old[_ID], PostingStatus.parse(old[_STATUS]), row)
            for old, row in changed
            if old[_STATUS] != row.status.value
        ]
        if not moved:
            return
        history = []
        for posting_id, old_status, row in moved:
            expected = is_expected_transition(old_status, row.status)
            changed_at = row.status_changed_at or now
            history.append(
                (
                    posting_id,
                    old_status.value,
                    row.status.value,
                    row.substatus,
                    row.columns[_CHANGED_AT] or stamp,
                    stamp,
                    expected,
                )
            )
            tally.changes.append(
                StatusChange(
                    posting_number=PostingNumber(row.key[1]),
                    old_status=old_status,
                    new_status=row.status,
                    substatus=row.substatus,
                    changed_at=changed_at,
                    expected=expected,
                )
            )
        insert_rows(cursor, self._dialect, posting_status_history, HISTORY_COLUMNS, history)

    def _insert_lines(self, cursor: Any, owned: Iterable[tuple[int, PostingRow]]) -> None:
        lines = [(posting_id, *line) for posting_id, row in owned for line in row.lines]
        insert_rows(cursor, self._dialect, posting_items, ITEM_COLUMNS, lines)


def _is_stale(row: PostingRow, stored: Stored) -> bool:
    """A copy older than what is stored (its status changed earlier than the stored one's), e.g.
    a page fetched before another writer stored a newer one: writing it would move the posting
    back in time."""
    incoming = row.status_changed_at
    at = stored[_STATUS_CHANGED_AT]
    if incoming is None or at is None:
        return False
    # SQLite hands back the stored text, PostgreSQL an aware datetime.
    stored_at: datetime | None = read_time(at) if isinstance(at, str) else at
    return stored_at is not None and incoming < stored_at
