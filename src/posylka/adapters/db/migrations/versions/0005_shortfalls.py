"""Shortfalls: postings that cannot be fully reserved and what the manager chose.

Revision ID: 0005
Revises: 0004
Created: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Types frozen as they were at this revision (migrations must not follow later code changes).
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "shortfall_decisions",
        sa.Column("posting_id", ID, nullable=False),
        sa.Column("store_id", ID, nullable=False),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("expected_on", sa.Date(), nullable=True),
        sa.Column("reason_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(100), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("posting_id", name="pk_shortfall_decisions"),
        sa.ForeignKeyConstraint(
            ["posting_id"],
            ["postings.id"],
            name="fk_shortfall_decisions_posting_id_postings",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["store_id"],
            ["stores.id"],
            name="fk_shortfall_decisions_store_id_stores",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_shortfall_decisions_store", "shortfall_decisions", ["store_id", "decision"])


def downgrade() -> None:
    op.drop_index("ix_shortfall_decisions_store", table_name="shortfall_decisions")
    op.drop_table("shortfall_decisions")
