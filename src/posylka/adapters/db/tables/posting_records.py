"""Tables of the postings kept from Ozon: the postings, their items and their status history.

The sync writes them; the queue reads them through the indexes declared here.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from posylka.adapters.db.tables.base import Id, Money, UtcDateTime, metadata

OPEN_ONLY: dict[str, Any] = {
    "sqlite_where": text("is_open = 1"),
    "postgresql_where": text("is_open"),
}
"""Partial-index condition: only postings still in the seller's hands (a small share of a
store's history), so these indexes stay small and most of a backfill never writes to them."""

postings = Table(
    "postings",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), nullable=False),
    Column("posting_number", String(64), nullable=False),
    Column("order_id", BigInteger, nullable=False, default=0),
    Column("order_number", String(64), nullable=False, default=""),
    Column("status", String(40), nullable=False),
    Column("status_raw", String(64), nullable=False),
    Column("substatus", String(64), nullable=False, default=""),
    Column("integration_type", String(40), nullable=False, default=""),
    Column("scheme", String(8), nullable=False),
    Column("delivery_method_id", BigInteger),
    Column("delivery_method_name", String(300), nullable=False, default=""),
    Column("warehouse_id", BigInteger),
    Column("warehouse_name", String(300), nullable=False, default=""),
    Column("in_process_at", UtcDateTime),
    Column("ship_by", UtcDateTime),
    Column("delivering_date", UtcDateTime),
    Column("status_changed_at", UtcDateTime),
    Column("tracking_number", String(100), nullable=False, default=""),
    Column("parent_posting_number", String(64), nullable=False, default=""),
    Column("is_express", Boolean, nullable=False, default=False),
    Column("buyer_name", String(300), nullable=False, default=""),
    Column("buyer_phone", String(64), nullable=False, default=""),
    Column("buyer_email", String(300), nullable=False, default=""),
    Column("addressee_name", String(300), nullable=False, default=""),
    Column("address", JSON),
    Column("is_legal", Boolean, nullable=False, default=False),
    Column("company_name", String(300), nullable=False, default=""),
    Column("inn", String(20), nullable=False, default=""),
    Column("total_amount", Money, nullable=False, default=0),
    Column("currency", String(3), nullable=False, default="RUB"),
    Column("item_count", Integer, nullable=False, default=0),
    Column("search_text", Text, nullable=False, default=""),
    Column("requirements", JSON),
    Column("available_actions", JSON),
    Column("cancel_reason", String(300), nullable=False, default=""),
    Column("first_seen_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    # Written by the sync from PostingStatus.is_open, so the default queue ("the seller's work")
    # is one index range in ship-by order rather than a sort over several statuses.
    Column("is_open", Boolean, nullable=False, default=False),
    # Digests of everything the sync stores about a posting (and of its items alone): an
    # unchanged posting from Ozon is recognised without comparing every column.
    Column("content_hash", String(64), nullable=False, default=""),
    Column("items_hash", String(64), nullable=False, default=""),
    # A posting number is unique within its store. Number first, so this one index also finds a
    # scanned number (or its prefix) in any store: every index costs each new posting a write.
    Index("ix_postings_posting_number", "posting_number", "store_id", unique=True),
    Index("ix_postings_ship_by", "ship_by", "id"),
    Index("ix_postings_status_ship_by", "status", "ship_by", "id"),
    Index("ix_postings_store_ship_by", "store_id", "ship_by", "id"),
    Index("ix_postings_warehouse", "warehouse_id", "ship_by"),
    Index("ix_postings_delivery_method", "delivery_method_id", "ship_by"),
    Index("ix_postings_open_ship_by", "ship_by", "id", **OPEN_ONLY),
    # The queue filtered by store or warehouse and by status (one, or the seller's work), each
    # read in ship-by order; the store/status one also lists a store's statuses.
    Index("ix_postings_store_status", "store_id", "status", "ship_by", "id"),
    Index("ix_postings_store_open", "store_id", "ship_by", "id", **OPEN_ONLY),
    Index("ix_postings_warehouse_status", "warehouse_id", "status", "ship_by", "id"),
    Index("ix_postings_warehouse_open", "warehouse_id", "ship_by", "id", **OPEN_ONLY),
    # A store's warehouses and delivery methods for the filter bar (loose index scans).
    Index("ix_postings_store_warehouse", "store_id", "warehouse_id"),
    Index("ix_postings_store_delivery_method", "store_id", "delivery_method_id"),
)

posting_items = Table(
    "posting_items",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    # Found by posting through the (posting_id, line_no) key below; no index of its own.
    Column("posting_id", ForeignKey("postings.id", ondelete="CASCADE"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("sku", BigInteger, nullable=False),
    Column("offer_id", String(200), nullable=False, default=""),
    Column("name", Text, nullable=False, default=""),
    Column("quantity", Integer, nullable=False),
    Column("price_amount", Money, nullable=False, default=0),
    Column("currency", String(3), nullable=False, default="RUB"),
    UniqueConstraint("posting_id", "line_no", name="uq_posting_items_line"),
)

posting_status_history = Table(
    "posting_status_history",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("posting_id", ForeignKey("postings.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("old_status", String(40)),
    Column("new_status", String(40), nullable=False),
    Column("substatus", String(64), nullable=False, default=""),
    Column("changed_at", UtcDateTime, nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("expected", Boolean, nullable=False, default=True),
)
