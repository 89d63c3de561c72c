"""Tables of the handover area: hand-overs (Ozon carriages) with the postings they cover and the
pallet checklist, their documents, every scan onto the pallet, and the log of rFBS tracking
numbers and status moves sent to Ozon."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)

from posylka.adapters.db.tables.base import Id, UtcDateTime, metadata

handovers = Table(
    "handovers",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), nullable=False),
    Column("delivery_method_id", BigInteger, nullable=False),
    Column("delivery_method_name", String(300), nullable=False, default=""),
    Column("departure_date", Date, nullable=False),
    Column("state", String(20), nullable=False),
    Column("carriage_id", BigInteger),
    Column("carriage_status", String(40), nullable=False, default=""),
    Column("containers_count", Integer),
    Column("error_code", String(100), nullable=False, default=""),
    Column("error_message", Text, nullable=False, default=""),
    Column("created_by", String(100), nullable=False, default=""),
    Column("user_id", ForeignKey("users.id", ondelete="SET NULL")),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("handed_over_at", UtcDateTime),
    Index("ix_handovers_group", "store_id", "delivery_method_id", "departure_date"),
    Index("ix_handovers_departure", "departure_date", "id"),
)

handover_postings = Table(
    "handover_postings",
    metadata,
    Column("handover_id", ForeignKey("handovers.id", ondelete="CASCADE"), primary_key=True),
    Column("posting_number", String(64), primary_key=True),
    # Set when the parcel is scanned onto the pallet.
    Column("counted_at", UtcDateTime),
    Column("counted_by", String(100), nullable=False, default=""),
    Index("ix_handover_postings_number", "posting_number"),
)

handover_documents = Table(
    "handover_documents",
    metadata,
    Column("handover_id", ForeignKey("handovers.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(20), primary_key=True),
    Column("content", LargeBinary, nullable=False),
    Column("fetched_at", UtcDateTime, nullable=False),
)

handover_scans = Table(
    "handover_scans",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("handover_id", ForeignKey("handovers.id", ondelete="CASCADE"), nullable=False),
    Column("code", String(100), nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("posting_number", String(64), nullable=False, default=""),
    Column("scanned_at", UtcDateTime, nullable=False),
    Column("actor", String(100), nullable=False, default=""),
    Index("ix_handover_scans_handover", "handover_id", "id"),
)

rfbs_tracking_log = Table(
    "rfbs_tracking_log",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), nullable=False),
    Column("posting_number", String(64), nullable=False),
    # "tracking" or the move sent ("delivering", "last-mile", "delivered").
    Column("action", String(20), nullable=False),
    Column("value", String(100), nullable=False, default=""),
    Column("ok", Boolean, nullable=False),
    Column("error", String(300), nullable=False, default=""),
    Column("at", UtcDateTime, nullable=False),
    Column("actor", String(100), nullable=False, default=""),
    Index("ix_rfbs_tracking_log_posting", "store_id", "posting_number", "id"),
    Index("ix_rfbs_tracking_log_at", "at", "id"),
)
