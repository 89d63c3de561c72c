"""The unit of work: one connection, one transaction, every repository bound to it.

``with factory() as uow: ...; uow.commit()``. Leaving the block without ``commit`` rolls back.
After a commit the unit of work can go on: the next statement starts a new transaction, so a long
sync can commit page by page without holding a transaction open while it waits for Ozon.

On SQLite a transaction of a writing unit of work begins ``IMMEDIATE``: it takes the write lock
with its first statement and waits (busy timeout) for another writer to finish, rather than
reading first and failing later when it tries to write. Read-only units of work begin deferred and
never wait for writers (WAL).
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine

from posylka.adapters.db.accounts import SqlSessionRepository, SqlUserRepository
from posylka.adapters.db.assembly import SqlAssemblyRepository
from posylka.adapters.db.audit import SqlAuditLog
from posylka.adapters.db.boxes import SqlBoxRepository
from posylka.adapters.db.catalogue import SqlCatalogueRepository
from posylka.adapters.db.documents import SqlDocumentRepository
from posylka.adapters.db.engine import SQLITE_BEGIN
from posylka.adapters.db.handover import SqlHandoverRepository
from posylka.adapters.db.inventory import SqlInventoryRepository
from posylka.adapters.db.labels import SqlLabelRepository
from posylka.adapters.db.order_checks import SqlCheckRepository
from posylka.adapters.db.packing import SqlPackingRepository
from posylka.adapters.db.postings import SqlPostingRepository
from posylka.adapters.db.printing import SqlPrintingRepository
from posylka.adapters.db.recipes import SqlRecipeRepository
from posylka.adapters.db.shortfalls import SqlShortfallRepository
from posylka.adapters.db.stock_push import SqlStockPushRepository
from posylka.adapters.db.stores import Cipher, SqlStoreRepository
from posylka.adapters.db.sync_state import SqlSyncStateRepository


class SqlUnitOfWork:
    """One transaction over every repository (the ``UnitOfWork`` port)."""

    stores: SqlStoreRepository
    postings: SqlPostingRepository
    sync_state: SqlSyncStateRepository
    users: SqlUserRepository
    sessions: SqlSessionRepository
    audit: SqlAuditLog
    labels: SqlLabelRepository
    printing: SqlPrintingRepository
    inventory: SqlInventoryRepository
    documents: SqlDocumentRepository
    checks: SqlCheckRepository
    catalogue: SqlCatalogueRepository
    shortfalls: SqlShortfallRepository
    stock_push: SqlStockPushRepository
    recipes: SqlRecipeRepository
    boxes: SqlBoxRepository
    assemblies: SqlAssemblyRepository
    packing: SqlPackingRepository
    handovers: SqlHandoverRepository

    def __init__(self, engine: Engine, cipher: Cipher, *, read_only: bool = False) -> None:
        self._engine = engine
        self._cipher = cipher
        self._read_only = read_only
        self._conn: Connection | None = None

    @property
    def connection(self) -> Connection:
        if self._conn is None:
            raise RuntimeError("the unit of work is used outside its `with` block")
        return self._conn

    def __enter__(self) -> Self:
        if self._conn is not None:
            raise RuntimeError("a unit of work cannot be entered twice")
        conn = self._engine.connect()
        if not self._read_only:
            conn.execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})
        self._conn = conn
        self.stores = SqlStoreRepository(conn, self._cipher)
        self.postings = SqlPostingRepository(conn)
        self.sync_state = SqlSyncStateRepository(conn)
        self.users = SqlUserRepository(conn)
        self.sessions = SqlSessionRepository(conn)
        self.audit = SqlAuditLog(conn)
        self.labels = SqlLabelRepository(conn)
        self.printing = SqlPrintingRepository(conn)
        self.inventory = SqlInventoryRepository(conn)
        self.documents = SqlDocumentRepository(conn)
        self.checks = SqlCheckRepository(conn)
        self.catalogue = SqlCatalogueRepository(conn)
        self.shortfalls = SqlShortfallRepository(conn)
        self.stock_push = SqlStockPushRepository(conn)
        self.recipes = SqlRecipeRepository(conn)
        self.boxes = SqlBoxRepository(conn)
        self.assemblies = SqlAssemblyRepository(conn)
        self.packing = SqlPackingRepository(conn)
        self.handovers = SqlHandoverRepository(conn)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            conn.rollback()
        finally:
            conn.close()

    def commit(self) -> None:
        self.connection.commit()

    def rollback(self) -> None:
        self.connection.rollback()


class SqlUnitOfWorkFactory:
    """Makes units of work on one engine (the ``UnitOfWorkFactory`` port)."""

    def __init__(self, engine: Engine, cipher: Cipher, *, read_only: bool = False) -> None:
        self.engine = engine
        self._cipher = cipher
        self._read_only = read_only

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, self._cipher, read_only=self._read_only)

    def reader(self) -> SqlUnitOfWorkFactory:
        """A factory of read-only units of work (pages that only look): on SQLite they never
        wait for a writer."""
        return SqlUnitOfWorkFactory(self.engine, self._cipher, read_only=True)
