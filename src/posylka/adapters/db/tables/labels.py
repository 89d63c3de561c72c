"""Tables of the package labels: batches fetched from Ozon with their print file, and every label
printed."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Index, Integer, LargeBinary, String, Table

from posylka.adapters.db.tables.base import Id, UtcDateTime, metadata

label_batches = Table(
    "label_batches",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("created_at", UtcDateTime, nullable=False, index=True),
    Column("actor", String(100), nullable=False),
    Column("user_id", ForeignKey("users.id", ondelete="SET NULL")),
    Column("requested", Integer, nullable=False),
    Column("printed", Integer, nullable=False),
    Column("page_count", Integer, nullable=False),
    # [{"store_id", "posting_number", "reason", "detail"}]: postings that got no label, and why.
    Column("set_aside", JSON, nullable=False),
    # The one PDF of the batch, kept so that any label of it can be printed again.
    Column("pdf", LargeBinary),
)

label_prints = Table(
    "label_prints",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("batch_id", ForeignKey("label_batches.id", ondelete="CASCADE"), nullable=False),
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), nullable=False),
    Column("posting_number", String(64), nullable=False),
    # Where the label sits in its batch's PDF (pages from 0).
    Column("first_page", Integer, nullable=False),
    Column("page_count", Integer, nullable=False),
    Column("printed_at", UtcDateTime, nullable=False),
    Column("actor", String(100), nullable=False),
    Column("user_id", ForeignKey("users.id", ondelete="SET NULL")),
    Column("reprint", Boolean, nullable=False, default=False),
    Index("ix_label_prints_posting", "store_id", "posting_number", "id"),
    Index("ix_label_prints_batch", "batch_id"),
)
