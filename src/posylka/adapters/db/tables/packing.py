"""Tables of the packing area: a session per posting at the station, every scan with its outcome,
the weighing, and the photo and video evidence (the bytes are files in the data directory; the
rows say whose, what and where)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, String, Table

from posylka.adapters.db.tables.base import Id, UtcDateTime, metadata

packing_sessions = Table(
    "packing_sessions",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), nullable=False),
    Column("posting_number", String(64), nullable=False),
    # open → done (every unit scanned), or set_aside when the packer starts the posting over.
    Column("status", String(20), nullable=False),
    Column("user_id", ForeignKey("users.id", ondelete="SET NULL")),
    Column("started_by", String(100), nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("completed_at", UtcDateTime),
    Column("weight_g", Integer),
    Column("expected_weight_g", Integer),
    Column("weight_verdict", String(20), nullable=False, default=""),
    Index("ix_packing_sessions_posting", "store_id", "posting_number", "id"),
)

packing_scans = Table(
    "packing_scans",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("session_id", ForeignKey("packing_sessions.id", ondelete="CASCADE"), nullable=False),
    Column("code", String(200), nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("sku", BigInteger),
    Column("scanned_at", UtcDateTime, nullable=False),
    Column("user_id", ForeignKey("users.id", ondelete="SET NULL")),
    Index("ix_packing_scans_session", "session_id", "id"),
)

packing_evidence = Table(
    "packing_evidence",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), nullable=False),
    Column("posting_number", String(64), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("content_type", String(100), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    # Relative to the data directory's evidence folder.
    Column("path", String(300), nullable=False),
    Column("user_id", ForeignKey("users.id", ondelete="SET NULL")),
    Column("created_by", String(100), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Index("ix_packing_evidence_posting", "posting_number", "id"),
)
