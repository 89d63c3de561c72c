"""The inventory repository: stock levels, the movement ledger, reservations and intake markers,
behind the ``InventoryRepository`` port.

Its parts live in their own modules, one table family each: levels and their locking
(``stock_levels``), the ledger's history and check (``stock_ledger``), reservation lines
(``stock_reservations``), intake of postings (``stock_intake``) and the stock page's searches
(``stock_search``). This class puts them together on one connection.
"""

from __future__ import annotations

from posylka.adapters.db.stock_intake import SqlIntake
from posylka.adapters.db.stock_ledger import SqlStockLedger
from posylka.adapters.db.stock_levels import SqlStockLevels
from posylka.adapters.db.stock_reservations import SqlReservations
from posylka.adapters.db.stock_search import SqlStockSearch


class SqlInventoryRepository(
    SqlStockLevels, SqlStockLedger, SqlIntake, SqlReservations, SqlStockSearch
):
    """Stock on one connection; never commits (the unit of work does)."""
