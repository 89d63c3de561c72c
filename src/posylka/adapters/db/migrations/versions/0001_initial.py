"""The initial schema: stores, staff and sessions, postings with items and status history, sync
bookkeeping and the audit log.

Revision ID: 0001
Revises:
Created: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Types frozen as they were at this revision (migrations must not follow later code changes).
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
MONEY = sa.Numeric(14, 2)


def _id() -> sa.Column[int]:
    return sa.Column("id", ID, primary_key=True, autoincrement=True, nullable=False)


def _at(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _text(name: str, length: int | None = None) -> sa.Column[str]:
    kind: sa.types.TypeEngine[str] = sa.String(length) if length else sa.Text()
    return sa.Column(name, kind, nullable=False)


def _flag(name: str) -> sa.Column[bool]:
    return sa.Column(name, sa.Boolean(), nullable=False)


def _fk(child: str, column: str, parent: str, *, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{parent}.id"], name=f"fk_{child}_{column}_{parent}", ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "stores",
        _id(),
        _text("name", 200),
        _text("client_id", 64),
        sa.Column("api_key_encrypted", sa.LargeBinary(), nullable=False),
        _text("base_url", 300),
        _flag("is_active"),
        _at("created_at"),
        _at("last_sync_at", nullable=True),
        sa.Column("last_sync_error", sa.Text(), nullable=True),
        _at("last_sync_error_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_stores"),
        sa.UniqueConstraint("name", name="uq_stores_name"),
    )
    op.create_table(
        "users",
        _id(),
        _text("username", 100),
        _text("password_hash", 300),
        _text("role", 20),
        _text("language", 10),
        _flag("is_active"),
        _at("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("username", name="uq_users_username"),
    )
    op.create_table(
        "web_sessions",
        _text("token_hash", 64),
        sa.Column("user_id", ID, nullable=False),
        _text("csrf_token", 64),
        _at("created_at"),
        _at("expires_at"),
        sa.PrimaryKeyConstraint("token_hash", name="pk_web_sessions"),
        _fk("web_sessions", "user_id", "users", ondelete="CASCADE"),
    )
    op.create_index("ix_web_sessions_user_id", "web_sessions", ["user_id"])

    op.create_table(
        "warehouses",
        sa.Column("store_id", ID, nullable=False),
        sa.Column("warehouse_id", sa.BigInteger(), autoincrement=False, nullable=False),
        _text("name", 300),
        _text("status", 40),
        _flag("is_rfbs"),
        _flag("is_express"),
        _flag("is_kgt"),
        _at("updated_at"),
        sa.PrimaryKeyConstraint("store_id", "warehouse_id", name="pk_warehouses"),
        _fk("warehouses", "store_id", "stores", ondelete="CASCADE"),
    )
    op.create_table(
        "delivery_methods",
        sa.Column("store_id", ID, nullable=False),
        sa.Column("delivery_method_id", sa.BigInteger(), autoincrement=False, nullable=False),
        _text("name", 300),
        sa.Column("warehouse_id", sa.BigInteger(), nullable=True),
        _text("integration_type", 40),
        _text("status", 40),
        sa.Column("provider_id", sa.BigInteger(), nullable=True),
        _text("cutoff", 40),
        _at("updated_at"),
        sa.PrimaryKeyConstraint("store_id", "delivery_method_id", name="pk_delivery_methods"),
        _fk("delivery_methods", "store_id", "stores", ondelete="CASCADE"),
    )
    op.create_table(
        "products",
        sa.Column("store_id", ID, nullable=False),
        sa.Column("sku", sa.BigInteger(), autoincrement=False, nullable=False),
        _text("offer_id", 200),
        _text("name"),
        _at("updated_at"),
        sa.PrimaryKeyConstraint("store_id", "sku", name="pk_products"),
        _fk("products", "store_id", "stores", ondelete="CASCADE"),
    )
    op.create_index("ix_products_store_offer", "products", ["store_id", "offer_id"])

    _create_postings()

    op.create_table(
        "sync_checkpoints",
        sa.Column("store_id", ID, nullable=False),
        _text("kind", 40),
        sa.Column("state", sa.JSON(), nullable=False),
        _at("updated_at"),
        sa.PrimaryKeyConstraint("store_id", "kind", name="pk_sync_checkpoints"),
        _fk("sync_checkpoints", "store_id", "stores", ondelete="CASCADE"),
    )
    op.create_table(
        "sync_runs",
        _id(),
        sa.Column("store_id", ID, nullable=False),
        _at("started_at"),
        _at("finished_at", nullable=True),
        _text("outcome", 20),
        *(
            sa.Column(name, sa.Integer(), nullable=False)
            for name in (
                "api_calls",
                "postings_seen",
                "postings_created",
                "postings_updated",
                "status_changes",
                "error_count",
            )
        ),
        _text("message"),
        sa.PrimaryKeyConstraint("id", name="pk_sync_runs"),
        _fk("sync_runs", "store_id", "stores", ondelete="CASCADE"),
    )
    op.create_index("ix_sync_runs_store_id", "sync_runs", ["store_id"])
    op.create_table(
        "sync_errors",
        _id(),
        sa.Column("store_id", ID, nullable=False),
        sa.Column("run_id", ID, nullable=True),
        _at("occurred_at"),
        sa.Column("posting_number", sa.String(64), nullable=True),
        _text("where", 300),
        _text("kind", 60),
        _text("message"),
        sa.PrimaryKeyConstraint("id", name="pk_sync_errors"),
        _fk("sync_errors", "store_id", "stores", ondelete="CASCADE"),
        _fk("sync_errors", "run_id", "sync_runs", ondelete="CASCADE"),
    )
    op.create_index("ix_sync_errors_store_id", "sync_errors", ["store_id"])

    op.create_table(
        "audit_log",
        _id(),
        _at("at"),
        sa.Column("user_id", ID, nullable=True),
        _text("actor", 100),
        _text("action", 100),
        sa.Column("store_id", ID, nullable=True),
        _text("object_type", 60),
        _text("object_id", 100),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
        _fk("audit_log", "user_id", "users", ondelete="SET NULL"),
        _fk("audit_log", "store_id", "stores", ondelete="SET NULL"),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])


def _create_postings() -> None:
    op.create_table(
        "postings",
        _id(),
        sa.Column("store_id", ID, nullable=False),
        _text("posting_number", 64),
        sa.Column("order_id", sa.BigInteger(), nullable=False),
        _text("order_number", 64),
        _text("status", 40),
        _text("status_raw", 64),
        _text("substatus", 64),
        _text("integration_type", 40),
        _text("scheme", 8),
        sa.Column("delivery_method_id", sa.BigInteger(), nullable=True),
        _text("delivery_method_name", 300),
        sa.Column("warehouse_id", sa.BigInteger(), nullable=True),
        _text("warehouse_name", 300),
        _at("in_process_at", nullable=True),
        _at("ship_by", nullable=True),
        _at("delivering_date", nullable=True),
        _at("status_changed_at", nullable=True),
        _text("tracking_number", 100),
        _text("parent_posting_number", 64),
        _flag("is_express"),
        _text("buyer_name", 300),
        _text("buyer_phone", 64),
        _text("buyer_email", 300),
        _text("addressee_name", 300),
        sa.Column("address", sa.JSON(), nullable=True),
        _flag("is_legal"),
        _text("company_name", 300),
        _text("inn", 20),
        sa.Column("total_amount", MONEY, nullable=False),
        _text("currency", 3),
        sa.Column("item_count", sa.Integer(), nullable=False),
        _text("search_text"),
        sa.Column("requirements", sa.JSON(), nullable=True),
        sa.Column("available_actions", sa.JSON(), nullable=True),
        _text("cancel_reason", 300),
        _at("first_seen_at"),
        _at("updated_at"),
        _flag("is_open"),
        _text("content_hash", 64),
        _text("items_hash", 64),
        sa.PrimaryKeyConstraint("id", name="pk_postings"),
        _fk("postings", "store_id", "stores", ondelete="CASCADE"),
    )
    # The posting number's key: unique within a store, and the lookup of a number in any store.
    op.create_index(
        "ix_postings_posting_number", "postings", ["posting_number", "store_id"], unique=True
    )
    for name, columns in (
        ("ix_postings_ship_by", ["ship_by", "id"]),
        ("ix_postings_status_ship_by", ["status", "ship_by", "id"]),
        ("ix_postings_store_ship_by", ["store_id", "ship_by", "id"]),
        ("ix_postings_warehouse", ["warehouse_id", "ship_by"]),
        ("ix_postings_delivery_method", ["delivery_method_id", "ship_by"]),
        ("ix_postings_store_status", ["store_id", "status", "ship_by", "id"]),
        ("ix_postings_warehouse_status", ["warehouse_id", "status", "ship_by", "id"]),
        ("ix_postings_store_warehouse", ["store_id", "warehouse_id"]),
        ("ix_postings_store_delivery_method", ["store_id", "delivery_method_id"]),
    ):
        op.create_index(name, "postings", columns)
    # Partial: only postings still in the seller's hands.
    for name, columns in (
        ("ix_postings_open_ship_by", ["ship_by", "id"]),
        ("ix_postings_store_open", ["store_id", "ship_by", "id"]),
        ("ix_postings_warehouse_open", ["warehouse_id", "ship_by", "id"]),
    ):
        op.create_index(
            name,
            "postings",
            columns,
            sqlite_where=sa.text("is_open = 1"),
            postgresql_where=sa.text("is_open"),
        )

    op.create_table(
        "posting_items",
        _id(),
        sa.Column("posting_id", ID, nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("sku", sa.BigInteger(), nullable=False),
        _text("offer_id", 200),
        _text("name"),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("price_amount", MONEY, nullable=False),
        _text("currency", 3),
        sa.PrimaryKeyConstraint("id", name="pk_posting_items"),
        sa.UniqueConstraint("posting_id", "line_no", name="uq_posting_items_line"),
        _fk("posting_items", "posting_id", "postings", ondelete="CASCADE"),
    )
    op.create_table(
        "posting_status_history",
        _id(),
        sa.Column("posting_id", ID, nullable=False),
        sa.Column("old_status", sa.String(40), nullable=True),
        _text("new_status", 40),
        _text("substatus", 64),
        _at("changed_at"),
        _at("recorded_at"),
        _flag("expected"),
        sa.PrimaryKeyConstraint("id", name="pk_posting_status_history"),
        _fk("posting_status_history", "posting_id", "postings", ondelete="CASCADE"),
    )
    op.create_index(
        "ix_posting_status_history_posting_id", "posting_status_history", ["posting_id"]
    )


def downgrade() -> None:
    for table in (
        "audit_log",
        "sync_errors",
        "sync_runs",
        "sync_checkpoints",
        "posting_status_history",
        "posting_items",
        "postings",
        "products",
        "delivery_methods",
        "warehouses",
        "web_sessions",
        "users",
        "stores",
    ):
        op.drop_table(table)
