"""Documents: after-sales cards per store, pick-list batches and their postings.

Revision ID: 0007
Revises: 0006
Created: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Types frozen as they were at this revision (migrations must not follow later code changes).
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _at(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def _text(name: str, length: int | None = None) -> sa.Column[str]:
    kind: sa.types.TypeEngine[str] = sa.String(length) if length else sa.Text()
    return sa.Column(name, kind, nullable=False)


def _fk(child: str, column: str, parent: str, *, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{parent}.id"], name=f"fk_{child}_{column}_{parent}", ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "after_sales_cards",
        sa.Column("store_id", ID, nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        _text("headline", 200),
        _text("message"),
        _text("contacts"),
        _text("link", 500),
        _text("link_caption", 200),
        _at("updated_at"),
        _text("updated_by", 100),
        sa.PrimaryKeyConstraint("store_id", name="pk_after_sales_cards"),
        _fk("after_sales_cards", "store_id", "stores", ondelete="CASCADE"),
    )
    op.create_table(
        "pick_batches",
        sa.Column("id", ID, primary_key=True, autoincrement=True, nullable=False),
        sa.Column("store_id", ID, nullable=False),
        _text("title", 300),
        _text("created_by", 100),
        sa.Column("user_id", ID, nullable=True),
        _at("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_pick_batches"),
        _fk("pick_batches", "store_id", "stores", ondelete="CASCADE"),
        _fk("pick_batches", "user_id", "users", ondelete="SET NULL"),
    )
    op.create_index("ix_pick_batches_store", "pick_batches", ["store_id", "id"])
    op.create_table(
        "pick_batch_postings",
        sa.Column("batch_id", ID, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("posting_id", ID, nullable=False),
        sa.PrimaryKeyConstraint("batch_id", "position", name="pk_pick_batch_postings"),
        _fk("pick_batch_postings", "batch_id", "pick_batches", ondelete="CASCADE"),
        _fk("pick_batch_postings", "posting_id", "postings", ondelete="CASCADE"),
    )
    op.create_index("ix_pick_batch_postings_posting", "pick_batch_postings", ["posting_id"])


def downgrade() -> None:
    op.drop_index("ix_pick_batch_postings_posting", table_name="pick_batch_postings")
    op.drop_table("pick_batch_postings")
    op.drop_index("ix_pick_batches_store", table_name="pick_batches")
    op.drop_table("pick_batches")
    op.drop_table("after_sales_cards")
