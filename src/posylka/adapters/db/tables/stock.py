"""Tables of the inventory: current stock levels, the movement ledger, reservations of postings
and intake markers."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
)

from posylka.adapters.db.tables.base import Id, UtcDateTime, metadata

stock_levels = Table(
    "stock_levels",
    metadata,
    Column("product_id", ForeignKey("products.id", ondelete="CASCADE"), primary_key=True),
    # Ozon's warehouse id; no foreign key: a store's warehouse list is replaced on every sync.
    Column("warehouse_id", BigInteger, primary_key=True, autoincrement=False),
    Column("on_hand", Integer, nullable=False, default=0),
    Column("reserved", Integer, nullable=False, default=0),
    Column("changed_at", UtcDateTime, nullable=False),
    # The promise the ledger keeps: nobody reserves goods that are not on the shelf.
    CheckConstraint("reserved >= 0 AND reserved <= on_hand", name="fits"),
    Index("ix_stock_levels_changed_at", "changed_at"),
)

stock_movements = Table(
    "stock_movements",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("product_id", ForeignKey("products.id", ondelete="CASCADE"), nullable=False),
    Column("warehouse_id", BigInteger, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("posting_id", ForeignKey("postings.id", ondelete="SET NULL"), index=True),
    Column("reason", String(300), nullable=False, default=""),
    Column("actor", String(100), nullable=False, default=""),
    Column("at", UtcDateTime, nullable=False),
    Index("ix_stock_movements_product", "product_id", "warehouse_id", "id"),
)

stock_reservations = Table(
    "stock_reservations",
    metadata,
    Column("posting_id", ForeignKey("postings.id", ondelete="CASCADE"), primary_key=True),
    Column("sku", BigInteger, primary_key=True, autoincrement=False),
    Column("offer_id", String(200), nullable=False, default=""),
    Column("product_id", ForeignKey("products.id", ondelete="SET NULL")),
    Column("warehouse_id", BigInteger),
    Column("wanted", Integer, nullable=False),
    Column("reserved", Integer, nullable=False),
    Column("state", String(10), nullable=False),
    Column("problem", String(20), nullable=False, default=""),
    Column("updated_at", UtcDateTime, nullable=False),
    Index("ix_stock_reservations_level", "product_id", "warehouse_id", "state"),
)

posting_intake = Table(
    "posting_intake",
    metadata,
    Column("posting_id", ForeignKey("postings.id", ondelete="CASCADE"), primary_key=True),
    # postings.content_hash as it was when the posting's stock and checks were last settled.
    Column("content_hash", String(64), nullable=False),
    Column("taken_at", UtcDateTime, nullable=False),
)
