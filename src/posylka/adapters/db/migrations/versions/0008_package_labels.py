"""Ozon package labels fetched and printed: batches with their print file, and every print.

Revision ID: 0008
Revises: 0007
Created: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Types frozen as they were at this revision (migrations must not follow later code changes).
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _at(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def _int(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=False)


def _fk(child: str, column: str, parent: str, *, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{parent}.id"], name=f"fk_{child}_{column}_{parent}", ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "label_batches",
        sa.Column("id", ID, primary_key=True, autoincrement=True, nullable=False),
        _at("created_at"),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("user_id", ID, nullable=True),
        _int("requested"),
        _int("printed"),
        _int("page_count"),
        sa.Column("set_aside", sa.JSON(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_label_batches"),
        _fk("label_batches", "user_id", "users", ondelete="SET NULL"),
    )
    op.create_index("ix_label_batches_created_at", "label_batches", ["created_at"])
    op.create_table(
        "label_prints",
        sa.Column("id", ID, primary_key=True, autoincrement=True, nullable=False),
        sa.Column("batch_id", ID, nullable=False),
        sa.Column("store_id", ID, nullable=False),
        sa.Column("posting_number", sa.String(64), nullable=False),
        _int("first_page"),
        _int("page_count"),
        _at("printed_at"),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("user_id", ID, nullable=True),
        sa.Column("reprint", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_label_prints"),
        _fk("label_prints", "batch_id", "label_batches", ondelete="CASCADE"),
        _fk("label_prints", "store_id", "stores", ondelete="CASCADE"),
        _fk("label_prints", "user_id", "users", ondelete="SET NULL"),
    )
    op.create_index("ix_label_prints_posting", "label_prints", ["store_id", "posting_number", "id"])
    op.create_index("ix_label_prints_batch", "label_prints", ["batch_id"])


def downgrade() -> None:
    op.drop_table("label_prints")
    op.drop_table("label_batches")
