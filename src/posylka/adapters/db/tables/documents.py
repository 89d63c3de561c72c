"""Tables of the documents: each store's after-sales card, pick-list batches and the postings in
them."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table, Text

from posylka.adapters.db.tables.base import Id, UtcDateTime, metadata

after_sales_cards = Table(
    "after_sales_cards",
    metadata,
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True),
    Column("enabled", Boolean, nullable=False, default=False),
    Column("headline", String(200), nullable=False, default=""),
    Column("message", Text, nullable=False, default=""),
    # One way of reaching the seller per line.
    Column("contacts", Text, nullable=False, default=""),
    Column("link", String(500), nullable=False, default=""),
    Column("link_caption", String(200), nullable=False, default=""),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("updated_by", String(100), nullable=False, default=""),
)

pick_batches = Table(
    "pick_batches",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), nullable=False),
    Column("title", String(300), nullable=False, default=""),
    Column("created_by", String(100), nullable=False),
    Column("user_id", ForeignKey("users.id", ondelete="SET NULL")),
    Column("created_at", UtcDateTime, nullable=False),
    Index("ix_pick_batches_store", "store_id", "id"),
)

pick_batch_postings = Table(
    "pick_batch_postings",
    metadata,
    Column("batch_id", ForeignKey("pick_batches.id", ondelete="CASCADE"), primary_key=True),
    # The order the postings were chosen in (the pick list's posting index follows it).
    Column("position", Integer, primary_key=True),
    Column("posting_id", ForeignKey("postings.id", ondelete="CASCADE"), nullable=False),
    Index("ix_pick_batch_postings_posting", "posting_id"),
)
