"""The seller's catalogue: products with barcodes, sizes, bins, costs and packaging flags.

The first schema held a placeholder ``products`` table keyed by store and SKU that nothing wrote
to; it is replaced by products keyed by posylka's own id, unique by offer_id within a store.

Revision ID: 0002
Revises: 0001
Created: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Types frozen as they were at this revision (migrations must not follow later code changes).
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
MONEY = sa.Numeric(14, 2)


def _flag(name: str) -> sa.Column[bool]:
    return sa.Column(name, sa.Boolean(), nullable=False)


def _count(name: str, *, nullable: bool = True) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def upgrade() -> None:
    op.drop_index("ix_products_store_offer", table_name="products")
    op.drop_table("products")
    op.create_table(
        "products",
        sa.Column("id", ID, primary_key=True, autoincrement=True, nullable=False),
        sa.Column("store_id", ID, nullable=False),
        sa.Column("offer_id", sa.String(200), nullable=False),
        sa.Column("sku", sa.BigInteger(), nullable=True),
        sa.Column("ozon_product_id", sa.BigInteger(), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        _count("length_mm"),
        _count("width_mm"),
        _count("height_mm"),
        _count("weight_g"),
        sa.Column("unit_cost", MONEY, nullable=True),
        _flag("fragile"),
        _flag("liquid"),
        _count("liquid_ml"),
        _flag("glass"),
        sa.Column("battery", sa.String(20), nullable=False),
        sa.Column("battery_wh", sa.Numeric(8, 2), nullable=True),
        _flag("aerosol"),
        _flag("flammable"),
        _flag("keep_upright"),
        _flag("needs_mark"),
        _count("low_stock_threshold"),
        _count("safety_buffer", nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_products"),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name="fk_products_store_id_stores", ondelete="CASCADE"
        ),
        sa.UniqueConstraint("store_id", "offer_id", name="uq_products_store_offer"),
        sa.UniqueConstraint("store_id", "sku", name="uq_products_store_sku"),
    )
    op.create_table(
        "product_barcodes",
        sa.Column("product_id", ID, nullable=False),
        sa.Column("barcode", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("product_id", "barcode", name="pk_product_barcodes"),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name="fk_product_barcodes_product_id_products",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_product_barcodes_barcode", "product_barcodes", ["barcode"])
    op.create_table(
        "product_bins",
        sa.Column("product_id", ID, nullable=False),
        sa.Column("warehouse_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("bin", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("product_id", "warehouse_id", name="pk_product_bins"),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name="fk_product_bins_product_id_products",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    op.drop_table("product_bins")
    op.drop_index("ix_product_barcodes_barcode", table_name="product_barcodes")
    op.drop_table("product_barcodes")
    op.drop_table("products")
    op.create_table(
        "products",
        sa.Column("store_id", ID, nullable=False),
        sa.Column("sku", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("offer_id", sa.String(200), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("store_id", "sku", name="pk_products"),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name="fk_products_store_id_stores", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_products_store_offer", "products", ["store_id", "offer_id"])
