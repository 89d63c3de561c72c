"""The database schema as SQLAlchemy Core tables.

The column types and the shared ``MetaData`` are in ``base``; each area declares its tables in a
module of its own here, on that metadata: ``marketplace`` (stores, warehouses, delivery methods),
``accounts`` (users, web sessions, the audit log), ``catalogue``, ``posting_records`` (postings,
their items and status history), ``sync``, ``checks`` (order checks), ``shortfalls``,
``documents``, ``stock_push``, ``stock`` (levels, ledger, reservations, intake), ``printing``,
``labels``, ``recipes``, ``boxes``, ``assembly``, ``packing`` and ``handover``. The older areas'
tables are re-exported here, so ``tables.<name>`` finds them.

Core tables rather than ORM classes: the sync upserts thousands of postings a second with
``executemany``, and the queue page reads columns, not objects. Migrations live in ``migrations/``
and must be kept in step with these modules (a test compares them).
"""

from __future__ import annotations

from posylka.adapters.db.tables import assembly as assembly
from posylka.adapters.db.tables import boxes as boxes
from posylka.adapters.db.tables import handover as handover
from posylka.adapters.db.tables import packing as packing
from posylka.adapters.db.tables import recipes as recipes
from posylka.adapters.db.tables.accounts import audit_log as audit_log
from posylka.adapters.db.tables.accounts import users as users
from posylka.adapters.db.tables.accounts import web_sessions as web_sessions
from posylka.adapters.db.tables.base import Id as Id
from posylka.adapters.db.tables.base import Money as Money
from posylka.adapters.db.tables.base import UtcDateTime as UtcDateTime
from posylka.adapters.db.tables.base import metadata as metadata
from posylka.adapters.db.tables.catalogue import product_barcodes as product_barcodes
from posylka.adapters.db.tables.catalogue import product_bins as product_bins
from posylka.adapters.db.tables.catalogue import products as products
from posylka.adapters.db.tables.checks import order_check_settings as order_check_settings
from posylka.adapters.db.tables.checks import posting_check_acceptances as posting_check_acceptances
from posylka.adapters.db.tables.checks import posting_check_reasons as posting_check_reasons
from posylka.adapters.db.tables.checks import posting_checks as posting_checks
from posylka.adapters.db.tables.documents import after_sales_cards as after_sales_cards
from posylka.adapters.db.tables.documents import pick_batch_postings as pick_batch_postings
from posylka.adapters.db.tables.documents import pick_batches as pick_batches
from posylka.adapters.db.tables.labels import label_batches as label_batches
from posylka.adapters.db.tables.labels import label_prints as label_prints
from posylka.adapters.db.tables.marketplace import delivery_methods as delivery_methods
from posylka.adapters.db.tables.marketplace import stores as stores
from posylka.adapters.db.tables.marketplace import warehouses as warehouses
from posylka.adapters.db.tables.posting_records import OPEN_ONLY as OPEN_ONLY
from posylka.adapters.db.tables.posting_records import posting_items as posting_items
from posylka.adapters.db.tables.posting_records import (
    posting_status_history as posting_status_history,
)
from posylka.adapters.db.tables.posting_records import postings as postings
from posylka.adapters.db.tables.printing import default_printers as default_printers
from posylka.adapters.db.tables.printing import print_jobs as print_jobs
from posylka.adapters.db.tables.printing import printers as printers
from posylka.adapters.db.tables.shortfalls import shortfall_decisions as shortfall_decisions
from posylka.adapters.db.tables.stock import posting_intake as posting_intake
from posylka.adapters.db.tables.stock import stock_levels as stock_levels
from posylka.adapters.db.tables.stock import stock_movements as stock_movements
from posylka.adapters.db.tables.stock import stock_reservations as stock_reservations
from posylka.adapters.db.tables.stock_push import stock_push_pairs as stock_push_pairs
from posylka.adapters.db.tables.stock_push import stock_push_runs as stock_push_runs
from posylka.adapters.db.tables.sync import sync_checkpoints as sync_checkpoints
from posylka.adapters.db.tables.sync import sync_errors as sync_errors
from posylka.adapters.db.tables.sync import sync_runs as sync_runs
