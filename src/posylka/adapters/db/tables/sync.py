"""Tables of the sync's own state: checkpoints per store and kind, runs, and item errors."""

from __future__ import annotations

from sqlalchemy import JSON, Column, ForeignKey, Integer, String, Table, Text

from posylka.adapters.db.tables.base import Id, UtcDateTime, metadata

sync_checkpoints = Table(
    "sync_checkpoints",
    metadata,
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(40), primary_key=True),
    Column("state", JSON, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

sync_runs = Table(
    "sync_runs",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("started_at", UtcDateTime, nullable=False),
    Column("finished_at", UtcDateTime),
    Column("outcome", String(20), nullable=False),
    Column("api_calls", Integer, nullable=False, default=0),
    Column("postings_seen", Integer, nullable=False, default=0),
    Column("postings_created", Integer, nullable=False, default=0),
    Column("postings_updated", Integer, nullable=False, default=0),
    Column("status_changes", Integer, nullable=False, default=0),
    Column("error_count", Integer, nullable=False, default=0),
    Column("message", Text, nullable=False, default=""),
)

sync_errors = Table(
    "sync_errors",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("run_id", ForeignKey("sync_runs.id", ondelete="CASCADE")),
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("posting_number", String(64)),
    Column("where", String(300), nullable=False, default=""),
    Column("kind", String(60), nullable=False),
    Column("message", Text, nullable=False),
)
