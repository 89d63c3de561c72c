"""Stock levels pushed to Ozon: what was sent, when, and Ozon's answer per pair.

Revision ID: 0006
Revises: 0005
Created: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Types frozen as they were at this revision (migrations must not follow later code changes).
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _at(name: str, *, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _count(name: str, *, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "stock_push_pairs",
        sa.Column("id", ID, primary_key=True, autoincrement=True, nullable=False),
        sa.Column("store_id", ID, nullable=False),
        sa.Column("product_id", ID, nullable=False),
        sa.Column("warehouse_id", sa.BigInteger(), nullable=False),
        sa.Column("offer_id", sa.String(200), nullable=False),
        _count("wanted", nullable=True),
        _at("wanted_since"),
        _at("due_at"),
        _count("pushed_value", nullable=True),
        _at("pushed_at"),
        sa.Column("error_code", sa.String(200), nullable=False),
        sa.Column("error_message", sa.Text(), nullable=False),
        _count("rejected_value", nullable=True),
        _at("next_allowed_at"),
        _count("ozon_value", nullable=True),
        _count("drift", nullable=True),
        _at("reconciled_at"),
        _at("updated_at", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stock_push_pairs"),
        sa.ForeignKeyConstraint(
            ["store_id"],
            ["stores.id"],
            name="fk_stock_push_pairs_store_id_stores",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name="fk_stock_push_pairs_product_id_products",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("product_id", "warehouse_id", name="uq_stock_push_pairs_pair"),
    )
    op.create_index("ix_stock_push_pairs_due", "stock_push_pairs", ["store_id", "due_at"])
    op.create_table(
        "stock_push_runs",
        sa.Column("id", ID, primary_key=True, autoincrement=True, nullable=False),
        sa.Column("store_id", ID, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        _at("started_at", nullable=False),
        _at("finished_at"),
        _count("api_calls"),
        _count("pairs_sent"),
        _count("pairs_updated"),
        _count("pairs_too_soon"),
        _count("pairs_rejected"),
        _count("drift"),
        sa.Column("message", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stock_push_runs"),
        sa.ForeignKeyConstraint(
            ["store_id"],
            ["stores.id"],
            name="fk_stock_push_runs_store_id_stores",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_stock_push_runs_store", "stock_push_runs", ["store_id", "kind", "id"])


def downgrade() -> None:
    op.drop_index("ix_stock_push_runs_store", table_name="stock_push_runs")
    op.drop_table("stock_push_runs")
    op.drop_index("ix_stock_push_pairs_due", table_name="stock_push_pairs")
    op.drop_table("stock_push_pairs")
