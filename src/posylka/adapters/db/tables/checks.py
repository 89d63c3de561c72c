"""Tables of the order checks: each open posting's verdict, its reasons, the reasons accepted,
and each store's check settings."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from posylka.adapters.db.tables.base import Id, UtcDateTime, metadata

posting_checks = Table(
    "posting_checks",
    metadata,
    Column("posting_id", ForeignKey("postings.id", ondelete="CASCADE"), primary_key=True),
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), nullable=False),
    Column("verdict", String(20), nullable=False),
    Column("checked_at", UtcDateTime, nullable=False),
    # The queue's "needs attention" filter reads this index's attention range: a small set.
    Index("ix_posting_checks_verdict", "verdict", "posting_id"),
    Index("ix_posting_checks_store_verdict", "store_id", "verdict"),
)

posting_check_reasons = Table(
    "posting_check_reasons",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("posting_id", ForeignKey("postings.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("code", String(40), nullable=False),
    Column("subject", String(200), nullable=False, default=""),
    # Machine values for the page to put into words in the reader's language.
    Column("params", JSON, nullable=False),
    UniqueConstraint("posting_id", "code", "subject", name="uq_posting_check_reasons_reason"),
)

posting_check_acceptances = Table(
    "posting_check_acceptances",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("posting_id", ForeignKey("postings.id", ondelete="CASCADE"), nullable=False),
    Column("code", String(40), nullable=False),
    Column("subject", String(200), nullable=False, default=""),
    Column("actor", String(100), nullable=False),
    Column("accepted_at", UtcDateTime, nullable=False),
    Column("note", Text, nullable=False, default=""),
    UniqueConstraint("posting_id", "code", "subject", name="uq_posting_check_acceptances_reason"),
)

order_check_settings = Table(
    "order_check_settings",
    metadata,
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True),
    # How close in time two postings of one buyer with the same items count as a double order.
    Column("duplicate_window_minutes", Integer, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)
