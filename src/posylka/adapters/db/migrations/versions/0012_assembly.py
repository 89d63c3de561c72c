"""Assemblies recorded before Ozon is called.

Revision ID: 0012
Revises: 0011
Created: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
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
        "posting_assemblies",
        sa.Column("id", ID, primary_key=True, autoincrement=True, nullable=False),
        sa.Column("store_id", ID, nullable=False),
        _text("posting_number", 64),
        sa.Column("packages", sa.JSON(), nullable=False),
        _text("state", 10),
        _int("attempts"),
        _int("version"),
        _text("refusal", 60),
        _text("trouble", 20),
        _text("message"),
        sa.Column("result_postings", sa.JSON(), nullable=False),
        sa.Column("user_id", ID, nullable=True),
        _at("recorded_at"),
        _at("updated_at"),
        _at("sent_at", nullable=True),
        sa.Column("label_print_job", ID, nullable=True),
        _text("label_error"),
        _int("label_attempts"),
        sa.PrimaryKeyConstraint("id", name="pk_posting_assemblies"),
        sa.UniqueConstraint("store_id", "posting_number", name="uq_posting_assemblies_posting"),
        _fk("posting_assemblies", "store_id", "stores", ondelete="CASCADE"),
        _fk("posting_assemblies", "user_id", "users", ondelete="SET NULL"),
        _fk("posting_assemblies", "label_print_job", "print_jobs", ondelete="SET NULL"),
    )
    op.create_index("ix_posting_assemblies_state", "posting_assemblies", ["state", "updated_at"])
    op.create_table(
        "assembly_events",
        sa.Column("id", ID, primary_key=True, autoincrement=True, nullable=False),
        sa.Column("assembly_id", ID, nullable=False),
        _at("at"),
        _text("state", 10),
        _int("attempt"),
        _text("trouble", 20),
        _text("message"),
        sa.PrimaryKeyConstraint("id", name="pk_assembly_events"),
        _fk("assembly_events", "assembly_id", "posting_assemblies", ondelete="CASCADE"),
    )
    op.create_index("ix_assembly_events_assembly", "assembly_events", ["assembly_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_assembly_events_assembly", table_name="assembly_events")
    op.drop_table("assembly_events")
    op.drop_index("ix_posting_assemblies_state", table_name="posting_assemblies")
    op.drop_table("posting_assemblies")
