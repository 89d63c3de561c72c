"""The database schema as SQLAlchemy Core tables.

The column types and the shared ``MetaData`` are in ``base``; each later area declares its tables
in a module of its own here, re-exported at the bottom so ``tables.<name>`` finds every table.

Core tables rather than ORM classes: the sync upserts thousands of postings a second with
``executemany``, and the queue page reads columns, not objects. Migrations live in ``migrations/``
and must be kept in step with this module (a test compares them).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from posylka.adapters.db.tables.base import Id as Id
from posylka.adapters.db.tables.base import Money as Money
from posylka.adapters.db.tables.base import UtcDateTime as UtcDateTime
from posylka.adapters.db.tables.base import metadata as metadata

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

users = Table(
    "users",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("username", String(100), nullable=False, unique=True),
    Column("password_hash", String(300), nullable=False),
    Column("role", String(20), nullable=False),
    Column("language", String(10), nullable=False, default="en"),
    Column("is_active", Boolean, nullable=False, default=True),
    Column("created_at", UtcDateTime, nullable=False),
)

web_sessions = Table(
    "web_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
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

# --- Catalogue: the seller's products, their barcodes and bins ---------------------------------

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

OPEN_ONLY: dict[str, Any] = {
    "sqlite_where": text("is_open = 1"),
    "postgresql_where": text("is_open"),
}
"""Partial-index condition: only postings still in the seller's hands (a small share of a
store's history), so these indexes stay small and most of a backfill never writes to them."""

postings = Table(
    "postings",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), nullable=False),
    Column("posting_number", String(64), nullable=False),
    Column("order_id", BigInteger, nullable=False, default=0),
    Column("order_number", String(64), nullable=False, default=""),
    Column("status", String(40), nullable=False),
    Column("status_raw", String(64), nullable=False),
    Column("substatus", String(64), nullable=False, default=""),
    Column("integration_type", String(40), nullable=False, default=""),
    Column("scheme", String(8), nullable=False),
    Column("delivery_method_id", BigInteger),
    Column("delivery_method_name", String(300), nullable=False, default=""),
    Column("warehouse_id", BigInteger),
    Column("warehouse_name", String(300), nullable=False, default=""),
    Column("in_process_at", UtcDateTime),
    Column("ship_by", UtcDateTime),
    Column("delivering_date", UtcDateTime),
    Column("status_changed_at", UtcDateTime),
    Column("tracking_number", String(100), nullable=False, default=""),
    Column("parent_posting_number", String(64), nullable=False, default=""),
    Column("is_express", Boolean, nullable=False, default=False),
    Column("buyer_name", String(300), nullable=False, default=""),
    Column("buyer_phone", String(64), nullable=False, default=""),
    Column("buyer_email", String(300), nullable=False, default=""),
    Column("addressee_name", String(300), nullable=False, default=""),
    Column("address", JSON),
    Column("is_legal", Boolean, nullable=False, default=False),
    Column("company_name", String(300), nullable=False, default=""),
    Column("inn", String(20), nullable=False, default=""),
    Column("total_amount", Money, nullable=False, default=0),
    Column("currency", String(3), nullable=False, default="RUB"),
    Column("item_count", Integer, nullable=False, default=0),
    Column("search_text", Text, nullable=False, default=""),
    Column("requirements", JSON),
    Column("available_actions", JSON),
    Column("cancel_reason", String(300), nullable=False, default=""),
    Column("first_seen_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    # Written by the sync from PostingStatus.is_open, so the default queue ("the seller's work")
    # is one index range in ship-by order rather than a sort over several statuses.
    Column("is_open", Boolean, nullable=False, default=False),
    # Digests of everything the sync stores about a posting (and of its items alone): an
    # unchanged posting from Ozon is recognised without comparing every column.
    Column("content_hash", String(64), nullable=False, default=""),
    Column("items_hash", String(64), nullable=False, default=""),
    # A posting number is unique within its store. Number first, so this one index also finds a
    # scanned number (or its prefix) in any store: every index costs each new posting a write.
    Index("ix_postings_posting_number", "posting_number", "store_id", unique=True),
    Index("ix_postings_ship_by", "ship_by", "id"),
    Index("ix_postings_status_ship_by", "status", "ship_by", "id"),
    Index("ix_postings_store_ship_by", "store_id", "ship_by", "id"),
    Index("ix_postings_warehouse", "warehouse_id", "ship_by"),
    Index("ix_postings_delivery_method", "delivery_method_id", "ship_by"),
    Index("ix_postings_open_ship_by", "ship_by", "id", **OPEN_ONLY),
    # The queue filtered by store or warehouse and by status (one, or the seller's work), each
    # read in ship-by order; the store/status one also lists a store's statuses.
    Index("ix_postings_store_status", "store_id", "status", "ship_by", "id"),
    Index("ix_postings_store_open", "store_id", "ship_by", "id", **OPEN_ONLY),
    Index("ix_postings_warehouse_status", "warehouse_id", "status", "ship_by", "id"),
    Index("ix_postings_warehouse_open", "warehouse_id", "ship_by", "id", **OPEN_ONLY),
    # A store's warehouses and delivery methods for the filter bar (loose index scans).
    Index("ix_postings_store_warehouse", "store_id", "warehouse_id"),
    Index("ix_postings_store_delivery_method", "store_id", "delivery_method_id"),
)

posting_items = Table(
    "posting_items",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    # Found by posting through the (posting_id, line_no) key below; no index of its own.
    Column("posting_id", ForeignKey("postings.id", ondelete="CASCADE"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("sku", BigInteger, nullable=False),
    Column("offer_id", String(200), nullable=False, default=""),
    Column("name", Text, nullable=False, default=""),
    Column("quantity", Integer, nullable=False),
    Column("price_amount", Money, nullable=False, default=0),
    Column("currency", String(3), nullable=False, default="RUB"),
    UniqueConstraint("posting_id", "line_no", name="uq_posting_items_line"),
)

posting_status_history = Table(
    "posting_status_history",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("posting_id", ForeignKey("postings.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("old_status", String(40)),
    Column("new_status", String(40), nullable=False),
    Column("substatus", String(64), nullable=False, default=""),
    Column("changed_at", UtcDateTime, nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("expected", Boolean, nullable=False, default=True),
)

sync_checkpoints = Table(
    "sync_checkpoints",
    metadata,
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(40), primary_key=True),
    Column("state", JSON, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

sync_runs = Table(
    "sync_runs",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("started_at", UtcDateTime, nullable=False),
    Column("finished_at", UtcDateTime),
    Column("outcome", String(20), nullable=False),
    Column("api_calls", Integer, nullable=False, default=0),
    Column("postings_seen", Integer, nullable=False, default=0),
    Column("postings_created", Integer, nullable=False, default=0),
    Column("postings_updated", Integer, nullable=False, default=0),
    Column("status_changes", Integer, nullable=False, default=0),
    Column("error_count", Integer, nullable=False, default=0),
    Column("message", Text, nullable=False, default=""),
)

sync_errors = Table(
    "sync_errors",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("run_id", ForeignKey("sync_runs.id", ondelete="CASCADE")),
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("posting_number", String(64)),
    Column("where", String(300), nullable=False, default=""),
    Column("kind", String(60), nullable=False),
    Column("message", Text, nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime, nullable=False, index=True),
    Column("user_id", ForeignKey("users.id", ondelete="SET NULL")),
    Column("actor", String(100), nullable=False),
    Column("action", String(100), nullable=False),
    Column("store_id", ForeignKey("stores.id", ondelete="SET NULL")),
    Column("object_type", String(60), nullable=False, default=""),
    Column("object_id", String(100), nullable=False, default=""),
    Column("details", JSON),
)

# --- Order checks: each open posting's verdict, its reasons, and the reasons accepted ----------

posting_checks = Table(
    "posting_checks",
    metadata,
    Column("posting_id", ForeignKey("postings.id", ondelete="CASCADE"), primary_key=True),
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), nullable=False),
    Column("verdict", String(20), nullable=False),
    Column("checked_at", UtcDateTime, nullable=False),
    # The queue's "needs attention" filter reads this index's attention range: a small set.
    Index("ix_posting_checks_verdict", "verdict", "posting_id"),
    Index("ix_posting_checks_store_verdict", "store_id", "verdict"),
)

posting_check_reasons = Table(
    "posting_check_reasons",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("posting_id", ForeignKey("postings.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("code", String(40), nullable=False),
    Column("subject", String(200), nullable=False, default=""),
    # Machine values for the page to put into words in the reader's language.
    Column("params", JSON, nullable=False),
    UniqueConstraint("posting_id", "code", "subject", name="uq_posting_check_reasons_reason"),
)

posting_check_acceptances = Table(
    "posting_check_acceptances",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("posting_id", ForeignKey("postings.id", ondelete="CASCADE"), nullable=False),
    Column("code", String(40), nullable=False),
    Column("subject", String(200), nullable=False, default=""),
    Column("actor", String(100), nullable=False),
    Column("accepted_at", UtcDateTime, nullable=False),
    Column("note", Text, nullable=False, default=""),
    UniqueConstraint("posting_id", "code", "subject", name="uq_posting_check_acceptances_reason"),
)

order_check_settings = Table(
    "order_check_settings",
    metadata,
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True),
    # How close in time two postings of one buyer with the same items count as a double order.
    Column("duplicate_window_minutes", Integer, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)


# --- Shortfalls: what the manager decided for postings short of stock ---------------------------

shortfall_decisions = Table(
    "shortfall_decisions",
    metadata,
    Column("posting_id", ForeignKey("postings.id", ondelete="CASCADE"), primary_key=True),
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), nullable=False),
    # wait | cancel_items | cancel_posting (posylka.domain.shortfalls.Decision)
    Column("decision", String(20), nullable=False),
    Column("expected_on", Date),
    Column("reason_id", Integer),
    Column("note", Text, nullable=False, default=""),
    Column("decided_by", String(100), nullable=False),
    Column("decided_at", UtcDateTime, nullable=False),
    Index("ix_shortfall_decisions_store", "store_id", "decision"),
)


# --- Documents: each store's after-sales card, pick-list batches and the postings in them ------

after_sales_cards = Table(
    "after_sales_cards",
    metadata,
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True),
    Column("enabled", Boolean, nullable=False, default=False),
    Column("headline", String(200), nullable=False, default=""),
    Column("message", Text, nullable=False, default=""),
    # One way of reaching the seller per line.
    Column("contacts", Text, nullable=False, default=""),
    Column("link", String(500), nullable=False, default=""),
    Column("link_caption", String(200), nullable=False, default=""),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("updated_by", String(100), nullable=False, default=""),
)

pick_batches = Table(
    "pick_batches",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), nullable=False),
    Column("title", String(300), nullable=False, default=""),
    Column("created_by", String(100), nullable=False),
    Column("user_id", ForeignKey("users.id", ondelete="SET NULL")),
    Column("created_at", UtcDateTime, nullable=False),
    Index("ix_pick_batches_store", "store_id", "id"),
)

pick_batch_postings = Table(
    "pick_batch_postings",
    metadata,
    Column("batch_id", ForeignKey("pick_batches.id", ondelete="CASCADE"), primary_key=True),
    # The order the postings were chosen in (the pick list's posting index follows it).
    Column("position", Integer, primary_key=True),
    Column("posting_id", ForeignKey("postings.id", ondelete="CASCADE"), nullable=False),
    Index("ix_pick_batch_postings_posting", "posting_id"),
)


# --- Stock on Ozon: push state per product × warehouse pair, and push/reconcile runs ------------

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


# --- Inventory: the stock ledger, current levels, reservations of postings, intake markers -----

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


# --- Printing: printers, default printers per user or station, the print queue ------------------

printers = Table(
    "printers",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("kind", String(20), nullable=False),
    Column("address", String(300), nullable=False),
    Column("format", String(10), nullable=False),
    Column("dpi", Integer, nullable=False),
    Column("label_size", String(20), nullable=False),
    Column("is_active", Boolean, nullable=False, default=True),
    Column("created_at", UtcDateTime, nullable=False),
)

default_printers = Table(
    "default_printers",
    metadata,
    Column("scope", String(20), primary_key=True),
    Column("scope_key", String(100), primary_key=True),
    Column("printer_id", ForeignKey("printers.id", ondelete="CASCADE"), nullable=False),
)

print_jobs = Table(
    "print_jobs",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("printer_id", ForeignKey("printers.id", ondelete="SET NULL")),
    Column("printer_name", String(100), nullable=False),
    Column("document", String(300), nullable=False),
    Column("format", String(10), nullable=False),
    Column("copies", Integer, nullable=False),
    Column("status", String(10), nullable=False, index=True),
    Column("error", Text, nullable=False, default=""),
    Column("error_key", String(40), nullable=False, default=""),
    Column("error_params", JSON),
    Column("content", LargeBinary, nullable=False),
    Column("size", Integer, nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("user_id", ForeignKey("users.id", ondelete="SET NULL")),
    Column("created_at", UtcDateTime, nullable=False, index=True),
    Column("sent_at", UtcDateTime),
    Column("attempts", Integer, nullable=False, default=0),
    Column("reprint_of", ForeignKey("print_jobs.id", ondelete="SET NULL")),
)


# --- Package labels: batches fetched from Ozon with their print file, and every label printed ----

label_batches = Table(
    "label_batches",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("created_at", UtcDateTime, nullable=False, index=True),
    Column("actor", String(100), nullable=False),
    Column("user_id", ForeignKey("users.id", ondelete="SET NULL")),
    Column("requested", Integer, nullable=False),
    Column("printed", Integer, nullable=False),
    Column("page_count", Integer, nullable=False),
    # [{"store_id", "posting_number", "reason", "detail"}]: postings that got no label, and why.
    Column("set_aside", JSON, nullable=False),
    # The one PDF of the batch, kept so that any label of it can be printed again.
    Column("pdf", LargeBinary),
)

label_prints = Table(
    "label_prints",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("batch_id", ForeignKey("label_batches.id", ondelete="CASCADE"), nullable=False),
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), nullable=False),
    Column("posting_number", String(64), nullable=False),
    # Where the label sits in its batch's PDF (pages from 0).
    Column("first_page", Integer, nullable=False),
    Column("page_count", Integer, nullable=False),
    Column("printed_at", UtcDateTime, nullable=False),
    Column("actor", String(100), nullable=False),
    Column("user_id", ForeignKey("users.id", ondelete="SET NULL")),
    Column("reprint", Boolean, nullable=False, default=False),
    Index("ix_label_prints_posting", "store_id", "posting_number", "id"),
    Index("ix_label_prints_batch", "batch_id"),
)

# Later areas' tables, each declared in its own module on the same metadata.
from posylka.adapters.db.tables import assembly as assembly  # noqa: E402
from posylka.adapters.db.tables import boxes as boxes  # noqa: E402
from posylka.adapters.db.tables import handover as handover  # noqa: E402
from posylka.adapters.db.tables import packing as packing  # noqa: E402
from posylka.adapters.db.tables import recipes as recipes  # noqa: E402
