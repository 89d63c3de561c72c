"""Tables of stock on Ozon: push state per product × warehouse pair, and push and reconcile runs."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from posylka.adapters.db.tables.base import Id, UtcDateTime, metadata

stock_push_pairs = Table(
    "stock_push_pairs",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), nullable=False),
    Column("product_id", ForeignKey("products.id", ondelete="CASCADE"), nullable=False),
    Column("warehouse_id", BigInteger, nullable=False),
    Column("offer_id", String(200), nullable=False),
    # The value waiting to go (NULL: nothing waits), since when, and when it may go.
    Column("wanted", Integer),
    Column("wanted_since", UtcDateTime),
    Column("due_at", UtcDateTime),
    # The last value Ozon took, and when.
    Column("pushed_value", Integer),
    Column("pushed_at", UtcDateTime),
    # Ozon's last refusal; a rejected value is not sent again until the level or product changes.
    Column("error_code", String(200), nullable=False, default=""),
    Column("error_message", Text, nullable=False, default=""),
    Column("rejected_value", Integer),
    Column("next_allowed_at", UtcDateTime),
    # Ozon's own view at the last reconcile.
    Column("ozon_value", Integer),
    Column("drift", Integer),
    Column("reconciled_at", UtcDateTime),
    Column("updated_at", UtcDateTime, nullable=False),
    UniqueConstraint("product_id", "warehouse_id", name="uq_stock_push_pairs_pair"),
    Index("ix_stock_push_pairs_due", "store_id", "due_at"),
)

stock_push_runs = Table(
    "stock_push_runs",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("finished_at", UtcDateTime),
    Column("api_calls", Integer, nullable=False, default=0),
    Column("pairs_sent", Integer, nullable=False, default=0),
    Column("pairs_updated", Integer, nullable=False, default=0),
    Column("pairs_too_soon", Integer, nullable=False, default=0),
    Column("pairs_rejected", Integer, nullable=False, default=0),
    Column("drift", Integer, nullable=False, default=0),
    Column("message", Text, nullable=False, default=""),
    Index("ix_stock_push_runs_store", "store_id", "kind", "id"),
)
