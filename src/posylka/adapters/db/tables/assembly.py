"""Tables of the assembly area: one assembly per posting, and the history of its steps."""

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

posting_assemblies = Table(
    "posting_assemblies",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), nullable=False),
    # Postings are named by (store, number): the assembly is recorded before anything else, even
    # for a posting a sync has not brought in yet.
    Column("posting_number", String(64), nullable=False),
    # [[{"sku", "quantity"}, ...], ...]: the packages as Ozon is told about them.
    Column("packages", JSON, nullable=False),
    # recorded | sent | accepted | assembled | failed (posylka.domain.assembly.AssemblyState)
    Column("state", String(10), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("version", Integer, nullable=False, default=0),
    Column("refusal", String(60), nullable=False, default=""),
    Column("trouble", String(20), nullable=False, default=""),
    Column("message", Text, nullable=False, default=""),
    # ["posting number", ...]: the postings Ozon made of it, one per package.
    Column("result_postings", JSON, nullable=False),
    Column("user_id", ForeignKey("users.id", ondelete="SET NULL")),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("sent_at", UtcDateTime),
    Column("label_print_job", ForeignKey("print_jobs.id", ondelete="SET NULL")),
    Column("label_error", Text, nullable=False, default=""),
    Column("label_attempts", Integer, nullable=False, default=0),
    UniqueConstraint("store_id", "posting_number", name="uq_posting_assemblies_posting"),
    Index("ix_posting_assemblies_state", "state", "updated_at"),
)

assembly_events = Table(
    "assembly_events",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("assembly_id", ForeignKey("posting_assemblies.id", ondelete="CASCADE"), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("state", String(10), nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("trouble", String(20), nullable=False, default=""),
    Column("message", Text, nullable=False, default=""),
    Index("ix_assembly_events_assembly", "assembly_id", "id"),
)
