"""Tables of printing: printers, default printers per user or station, and the print queue."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Integer, LargeBinary, String, Table, Text

from posylka.adapters.db.tables.base import Id, UtcDateTime, metadata

printers = Table(
    "printers",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("kind", String(20), nullable=False),
    Column("address", String(300), nullable=False),
    Column("format", String(10), nullable=False),
    Column("dpi", Integer, nullable=False),
    Column("label_size", String(20), nullable=False),
    Column("is_active", Boolean, nullable=False, default=True),
    Column("created_at", UtcDateTime, nullable=False),
)

default_printers = Table(
    "default_printers",
    metadata,
    Column("scope", String(20), primary_key=True),
    Column("scope_key", String(100), primary_key=True),
    Column("printer_id", ForeignKey("printers.id", ondelete="CASCADE"), nullable=False),
)

print_jobs = Table(
    "print_jobs",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("printer_id", ForeignKey("printers.id", ondelete="SET NULL")),
    Column("printer_name", String(100), nullable=False),
    Column("document", String(300), nullable=False),
    Column("format", String(10), nullable=False),
    Column("copies", Integer, nullable=False),
    Column("status", String(10), nullable=False, index=True),
    Column("error", Text, nullable=False, default=""),
    Column("error_key", String(40), nullable=False, default=""),
    Column("error_params", JSON),
    Column("content", LargeBinary, nullable=False),
    Column("size", Integer, nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("user_id", ForeignKey("users.id", ondelete="SET NULL")),
    Column("created_at", UtcDateTime, nullable=False, index=True),
    Column("sent_at", UtcDateTime),
    Column("attempts", Integer, nullable=False, default=0),
    Column("reprint_of", ForeignKey("print_jobs.id", ondelete="SET NULL")),
)
