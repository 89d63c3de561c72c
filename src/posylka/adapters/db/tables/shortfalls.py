"""Tables of the shortfalls: what the manager decided for postings short of stock."""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, Index, Integer, String, Table, Text

from posylka.adapters.db.tables.base import UtcDateTime, metadata

shortfall_decisions = Table(
    "shortfall_decisions",
    metadata,
    Column("posting_id", ForeignKey("postings.id", ondelete="CASCADE"), primary_key=True),
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), nullable=False),
    # wait | cancel_items | cancel_posting (posylka.domain.shortfalls.Decision)
    Column("decision", String(20), nullable=False),
    Column("expected_on", Date),
    Column("reason_id", Integer),
    Column("note", Text, nullable=False, default=""),
    Column("decided_by", String(100), nullable=False),
    Column("decided_at", UtcDateTime, nullable=False),
    Index("ix_shortfall_decisions_store", "store_id", "decision"),
)
