"""The sync's bookkeeping: where each store's sync stopped, what each run did, what went wrong.

A checkpoint is a small JSON document per store and kind (e.g. the window and cursor of the
initial backfill) that lets an interrupted sync resume instead of starting over. Each run leaves a
row with its counts, and every posting or page that could not be read leaves an error row naming
the posting and where in Ozon's reply it failed, for the UI's sync status line.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from posylka.adapters.db.tables import stores, sync_checkpoints, sync_errors, sync_runs
from posylka.domain.ids import PostingNumber, StoreId
from posylka.domain.sync import ItemError
from posylka.domain.views import SyncStatus

RECENT_ERRORS = 20
"""How many errors of a store's latest run the status line carries."""

RUNNING, OK, PARTIAL, FAILED = "running", "ok", "partial", "failed"


class SqlSyncStateRepository:
    """Checkpoints, runs and errors on one connection; never commits (the unit of work does)."""

    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def load(self, store_id: StoreId, kind: str) -> dict[str, Any] | None:
        state = self._conn.execute(
            select(sync_checkpoints.c.state).where(
                sync_checkpoints.c.store_id == store_id, sync_checkpoints.c.kind == kind
            )
        ).scalar_one_or_none()
        return dict(state) if state is not None else None

    def save(self, store_id: StoreId, kind: str, state: dict[str, Any], *, now: datetime) -> None:
        dialect_insert = (
            postgresql.insert if self._conn.dialect.name == "postgresql" else sqlite.insert
        )
        statement = dialect_insert(sync_checkpoints).values(
            store_id=store_id, kind=kind, state=state, updated_at=now
        )
        self._conn.execute(
            statement.on_conflict_do_update(
                index_elements=["store_id", "kind"],
                set_={
                    "state": statement.excluded.state,
                    "updated_at": statement.excluded.updated_at,
                },
            )
        )

    def clear(self, store_id: StoreId, kind: str) -> None:
        self._conn.execute(
            delete(sync_checkpoints).where(
                sync_checkpoints.c.store_id == store_id, sync_checkpoints.c.kind == kind
            )
        )

    def start_run(self, store_id: StoreId, *, now: datetime) -> int:
        run_id = self._conn.execute(
            insert(sync_runs)
            .values(
                store_id=store_id,
                started_at=now,
                outcome=RUNNING,
                api_calls=0,
                postings_seen=0,
                postings_created=0,
                postings_updated=0,
                status_changes=0,
                error_count=0,
                message="",
            )
            .returning(sync_runs.c.id)
        ).scalar_one()
        return int(run_id)

    def finish_run(self, run_id: int, summary: Any, *, now: datetime) -> None:
        """Close a run with the counts of its ``SyncSummary``: ``failed`` when it stopped on a
        fatal error, ``partial`` when some postings could not be read, ``ok`` otherwise."""
        fatal = str(getattr(summary, "fatal", "") or "")
        errors = list(getattr(summary, "errors", ()) or ())
        self._conn.execute(
            update(sync_runs)
            .where(sync_runs.c.id == run_id)
            .values(
                finished_at=now,
                outcome=FAILED if fatal else PARTIAL if errors else OK,
                api_calls=int(getattr(summary, "api_calls", 0)),
                postings_seen=int(getattr(summary, "postings_seen", 0)),
                postings_created=int(getattr(summary, "created", 0)),
                postings_updated=int(getattr(summary, "updated", 0)),
                status_changes=int(getattr(summary, "status_changes", 0)),
                error_count=len(errors),
                message=fatal,
            )
        )

    def record_errors(
        self, store_id: StoreId, run_id: int | None, errors: Sequence[ItemError], *, now: datetime
    ) -> None:
        if not errors:
            return
        self._conn.execute(
            insert(sync_errors),
            [
                {
                    "store_id": store_id,
                    "run_id": run_id,
                    "occurred_at": now,
                    "posting_number": e.posting_number,
                    "where": e.where[:300],
                    "kind": e.kind[:60],
                    "message": e.message,
                }
                for e in errors
            ],
        )

    def status(self, store_id: StoreId | None = None) -> list[SyncStatus]:
        """Each store's last good sync, last error, and the errors of its latest run."""
        query = select(
            stores.c.id,
            stores.c.name,
            stores.c.last_sync_at,
            stores.c.last_sync_error,
            stores.c.last_sync_error_at,
        ).order_by(stores.c.name)
        if store_id is not None:
            query = query.where(stores.c.id == store_id)
        return [
            SyncStatus(
                store_id=StoreId(row.id),
                store_name=row.name,
                last_sync_at=row.last_sync_at,
                last_error=row.last_sync_error or "",
                last_error_at=row.last_sync_error_at,
                recent_errors=self._recent_errors(StoreId(row.id)),
            )
            for row in self._conn.execute(query).all()
        ]

    def runs(self, store_id: StoreId, *, limit: int = 20) -> list[dict[str, Any]]:
        """The latest runs of a store, newest first, as plain rows (for a history page)."""
        query = (
            select(sync_runs)
            .where(sync_runs.c.store_id == store_id)
            .order_by(sync_runs.c.id.desc())
            .limit(limit)
        )
        return [dict(row) for row in self._conn.execute(query).mappings()]

    def _recent_errors(self, store_id: StoreId) -> tuple[ItemError, ...]:
        latest = self._conn.execute(
            select(sync_runs.c.id, sync_runs.c.started_at)
            .where(sync_runs.c.store_id == store_id)
            .order_by(sync_runs.c.id.desc())
            .limit(1)
        ).first()
        query = select(sync_errors).where(sync_errors.c.store_id == store_id)
        if latest is not None:
            # The latest run's errors, and any recorded outside a run since it started.
            query = query.where(
                (sync_errors.c.run_id == latest.id)
                | (
                    sync_errors.c.run_id.is_(None)
                    & (sync_errors.c.occurred_at >= latest.started_at)
                )
            )
        rows = self._conn.execute(
            query.order_by(sync_errors.c.id.desc()).limit(RECENT_ERRORS)
        ).mappings()
        return tuple(
            ItemError(
                where=row["where"],
                message=row["message"],
                posting_number=PostingNumber(row["posting_number"])
                if row["posting_number"]
                else None,
                kind=row["kind"],
            )
            for row in rows
        )
