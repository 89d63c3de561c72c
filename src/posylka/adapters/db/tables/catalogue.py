"""Tables of the catalogue: the seller's products, their barcodes and their bins."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from posylka.adapters.db.tables.base import Id, Money, UtcDateTime, metadata

products = Table(
    "products",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), nullable=False),
    Column("offer_id", String(200), nullable=False),
    Column("sku", BigInteger),
    Column("ozon_product_id", BigInteger),
    Column("name", Text, nullable=False, default=""),
    Column("length_mm", Integer),
    Column("width_mm", Integer),
    Column("height_mm", Integer),
    Column("weight_g", Integer),
    Column("unit_cost", Money),
    Column("fragile", Boolean, nullable=False, default=False),
    Column("liquid", Boolean, nullable=False, default=False),
    Column("liquid_ml", Integer),
    Column("glass", Boolean, nullable=False, default=False),
    Column("battery", String(20), nullable=False, default=""),
    Column("battery_wh", Numeric(8, 2)),
    Column("aerosol", Boolean, nullable=False, default=False),
    Column("flammable", Boolean, nullable=False, default=False),
    Column("keep_upright", Boolean, nullable=False, default=False),
    Column("needs_mark", Boolean, nullable=False, default=False),
    Column("low_stock_threshold", Integer),
    Column("safety_buffer", Integer, nullable=False, default=0),
    # offer_id and name lowercased by Python: SQLite's lower() folds ASCII letters only.
    Column("search_text", Text, nullable=False, default=""),
    Column("updated_at", UtcDateTime, nullable=False),
    UniqueConstraint("store_id", "offer_id", name="uq_products_store_offer"),
    # NULLs are distinct in a unique constraint (SQLite and PostgreSQL): many products may
    # wait for their SKU, but a SKU names one product of a store.
    UniqueConstraint("store_id", "sku", name="uq_products_store_sku"),
)

product_barcodes = Table(
    "product_barcodes",
    metadata,
    Column("product_id", ForeignKey("products.id", ondelete="CASCADE"), primary_key=True),
    Column("barcode", String(64), primary_key=True),
    Column("kind", String(16), nullable=False),
    Index("ix_product_barcodes_barcode", "barcode"),
)

product_bins = Table(
    "product_bins",
    metadata,
    Column("product_id", ForeignKey("products.id", ondelete="CASCADE"), primary_key=True),
    # No foreign key: a store's warehouse list is replaced wholesale on every sync.
    Column("warehouse_id", BigInteger, primary_key=True, autoincrement=False),
    Column("bin", String(64), nullable=False),
)
