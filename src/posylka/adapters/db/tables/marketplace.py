"""Tables of the Ozon stores posylka serves: each store's account and credentials, and its
warehouses and delivery methods as the last sync saw them."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    LargeBinary,
    String,
    Table,
    Text,
)

from posylka.adapters.db.tables.base import Id, UtcDateTime, metadata

stores = Table(
    "stores",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("client_id", String(64), nullable=False),
    Column("api_key_encrypted", LargeBinary, nullable=False),
    Column("base_url", String(300), nullable=False),
    Column("is_active", Boolean, nullable=False, default=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_sync_at", UtcDateTime),
    Column("last_sync_error", Text),
    Column("last_sync_error_at", UtcDateTime),
)

warehouses = Table(
    "warehouses",
    metadata,
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True),
    Column("warehouse_id", BigInteger, primary_key=True, autoincrement=False),
    Column("name", String(300), nullable=False),
    Column("status", String(40), nullable=False, default=""),
    Column("is_rfbs", Boolean, nullable=False, default=False),
    Column("is_express", Boolean, nullable=False, default=False),
    Column("is_kgt", Boolean, nullable=False, default=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

delivery_methods = Table(
    "delivery_methods",
    metadata,
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True),
    Column("delivery_method_id", BigInteger, primary_key=True, autoincrement=False),
    Column("name", String(300), nullable=False),
    Column("warehouse_id", BigInteger),
    Column("integration_type", String(40), nullable=False, default=""),
    Column("status", String(40), nullable=False, default=""),
    Column("provider_id", BigInteger),
    Column("cutoff", String(40), nullable=False, default=""),
    Column("updated_at", UtcDateTime, nullable=False),
)
