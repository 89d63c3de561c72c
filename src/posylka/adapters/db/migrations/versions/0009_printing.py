"""Printers and the print queue.

Revision ID: 0009
Revises: 0008
Created: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Types frozen as they were at this revision (migrations must not follow later code changes).
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _at(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _text(name: str, length: int | None = None) -> sa.Column[str]:
    kind: sa.types.TypeEngine[str] = sa.String(length) if length else sa.Text()
    return sa.Column(name, kind, nullable=False)


def _int(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=False)


def _fk(child: str, column: str, parent: str, *, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{parent}.id"], name=f"fk_{child}_{column}_{parent}", ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "printers",
        sa.Column("id", ID, primary_key=True, autoincrement=True, nullable=False),
        _text("name", 100),
        _text("kind", 20),
        _text("address", 300),
        _text("format", 10),
        _int("dpi"),
        _text("label_size", 20),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        _at("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_printers"),
        sa.UniqueConstraint("name", name="uq_printers_name"),
    )
    op.create_table(
        "default_printers",
        _text("scope", 20),
        _text("scope_key", 100),
        sa.Column("printer_id", ID, nullable=False),
        sa.PrimaryKeyConstraint("scope", "scope_key", name="pk_default_printers"),
        _fk("default_printers", "printer_id", "printers", ondelete="CASCADE"),
    )
    op.create_table(
        "print_jobs",
        sa.Column("id", ID, primary_key=True, autoincrement=True, nullable=False),
        sa.Column("printer_id", ID, nullable=True),
        _text("printer_name", 100),
        _text("document", 300),
        _text("format", 10),
        _int("copies"),
        _text("status", 10),
        _text("error"),
        _text("error_key", 40),
        sa.Column("error_params", sa.JSON(), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        _int("size"),
        _text("created_by", 100),
        sa.Column("user_id", ID, nullable=True),
        _at("created_at"),
        _at("sent_at", nullable=True),
        _int("attempts"),
        sa.Column("reprint_of", ID, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_print_jobs"),
        _fk("print_jobs", "printer_id", "printers", ondelete="SET NULL"),
        _fk("print_jobs", "user_id", "users", ondelete="SET NULL"),
        _fk("print_jobs", "reprint_of", "print_jobs", ondelete="SET NULL"),
    )
    op.create_index("ix_print_jobs_status", "print_jobs", ["status"])
    op.create_index("ix_print_jobs_created_at", "print_jobs", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_print_jobs_created_at", table_name="print_jobs")
    op.drop_index("ix_print_jobs_status", table_name="print_jobs")
    op.drop_table("print_jobs")
    op.drop_table("default_printers")
    op.drop_table("printers")
