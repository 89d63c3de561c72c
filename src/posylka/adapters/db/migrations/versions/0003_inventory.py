"""Stock as a ledger of movements, with reservations per posting.

Revision ID: 0003
Revises: 0002
Created: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Types frozen as they were at this revision (migrations must not follow later code changes).
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _at(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def _count(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=False)


def _fk(child: str, column: str, parent: str, *, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{parent}.id"], name=f"fk_{child}_{column}_{parent}", ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "stock_levels",
        sa.Column("product_id", ID, nullable=False),
        sa.Column("warehouse_id", sa.BigInteger(), autoincrement=False, nullable=False),
        _count("on_hand"),
        _count("reserved"),
        _at("changed_at"),
        sa.PrimaryKeyConstraint("product_id", "warehouse_id", name="pk_stock_levels"),
        _fk("stock_levels", "product_id", "products", ondelete="CASCADE"),
        sa.CheckConstraint("reserved >= 0 AND reserved <= on_hand", name="ck_stock_levels_fits"),
    )
    op.create_index("ix_stock_levels_changed_at", "stock_levels", ["changed_at"])
    op.create_table(
        "stock_movements",
        sa.Column("id", ID, primary_key=True, autoincrement=True, nullable=False),
        sa.Column("product_id", ID, nullable=False),
        sa.Column("warehouse_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        _count("quantity"),
        sa.Column("posting_id", ID, nullable=True),
        sa.Column("reason", sa.String(300), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        _at("at"),
        sa.PrimaryKeyConstraint("id", name="pk_stock_movements"),
        _fk("stock_movements", "product_id", "products", ondelete="CASCADE"),
        _fk("stock_movements", "posting_id", "postings", ondelete="SET NULL"),
    )
    op.create_index("ix_stock_movements_posting_id", "stock_movements", ["posting_id"])
    op.create_index(
        "ix_stock_movements_product", "stock_movements", ["product_id", "warehouse_id", "id"]
    )
    op.create_table(
        "stock_reservations",
        sa.Column("posting_id", ID, nullable=False),
        sa.Column("sku", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("offer_id", sa.String(200), nullable=False),
        sa.Column("product_id", ID, nullable=True),
        sa.Column("warehouse_id", sa.BigInteger(), nullable=True),
        _count("wanted"),
        _count("reserved"),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("problem", sa.String(20), nullable=False),
        _at("updated_at"),
        sa.PrimaryKeyConstraint("posting_id", "sku", name="pk_stock_reservations"),
        _fk("stock_reservations", "posting_id", "postings", ondelete="CASCADE"),
        _fk("stock_reservations", "product_id", "products", ondelete="SET NULL"),
    )
    op.create_index(
        "ix_stock_reservations_level",
        "stock_reservations",
        ["product_id", "warehouse_id", "state"],
    )
    op.create_table(
        "posting_intake",
        sa.Column("posting_id", ID, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        _at("taken_at"),
        sa.PrimaryKeyConstraint("posting_id", name="pk_posting_intake"),
        _fk("posting_intake", "posting_id", "postings", ondelete="CASCADE"),
    )


def downgrade() -> None:
    op.drop_table("posting_intake")
    op.drop_index("ix_stock_reservations_level", table_name="stock_reservations")
    op.drop_table("stock_reservations")
    op.drop_index("ix_stock_movements_product", table_name="stock_movements")
    op.drop_index("ix_stock_movements_posting_id", table_name="stock_movements")
    op.drop_table("stock_movements")
    op.drop_index("ix_stock_levels_changed_at", table_name="stock_levels")
    op.drop_table("stock_levels")
