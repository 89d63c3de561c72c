"""Ports: what the use cases need from the outside world, as ``typing.Protocol`` interfaces.

Adapters satisfy them structurally (they never import this package); ``bootstrap`` wires real
adapters in, tests wire in-memory fakes. The read models the ports return are defined in
``posylka.domain.views``, so adapters can build them, and are re-exported here.

Each area keeps its ports in a module of its own here: ``core`` (the clock, the audit log,
spreadsheet files), ``accounts`` (users, sessions, password hashing), ``marketplace`` (Ozon),
``stores``, ``postings`` (postings and the sync's state), ``catalogue``, ``order_checks``,
``shortfalls``, ``documents``, ``stock_push``, ``inventory``, ``printing``, ``labels``,
``recipes``, ``boxes``, ``assembly``, ``packing``, ``handover`` and ``shipping``. Those modules
import domain types only, never this package; this package re-exports their ports, and holds the
unit of work that gathers the repositories into one transaction.

Repositories never commit; the unit of work does.
"""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from posylka.domain.views import Account as Account
from posylka.domain.views import FilterOption as FilterOption
from posylka.domain.views import PostingDetails as PostingDetails
from posylka.domain.views import QueueFilters as QueueFilters
from posylka.domain.views import QueuePage as QueuePage
from posylka.domain.views import QueueQuery as QueueQuery
from posylka.domain.views import QueueRow as QueueRow
from posylka.domain.views import SyncStatus as SyncStatus
from posylka.domain.views import UpsertResult as UpsertResult
from posylka.services.ports.accounts import PasswordHasher as PasswordHasher
from posylka.services.ports.accounts import SessionRepository as SessionRepository
from posylka.services.ports.accounts import UserRepository as UserRepository
from posylka.services.ports.assembly import AssemblyRepository as AssemblyRepository
from posylka.services.ports.boxes import BoxRepository as BoxRepository
from posylka.services.ports.catalogue import CatalogueRepository as CatalogueRepository
from posylka.services.ports.core import AuditLog as AuditLog
from posylka.services.ports.core import Clock as Clock
from posylka.services.ports.core import Spreadsheets as Spreadsheets
from posylka.services.ports.documents import DocumentRenderer as DocumentRenderer
from posylka.services.ports.documents import DocumentRepository as DocumentRepository
from posylka.services.ports.handover import HandoverRepository as HandoverRepository
from posylka.services.ports.inventory import InventoryRepository as InventoryRepository
from posylka.services.ports.labels import LabelRepository as LabelRepository
from posylka.services.ports.labels import PdfPages as PdfPages
from posylka.services.ports.marketplace import MarketplaceFactory as MarketplaceFactory
from posylka.services.ports.marketplace import MarketplaceGateway as MarketplaceGateway
from posylka.services.ports.order_checks import CheckRepository as CheckRepository
from posylka.services.ports.packing import PackingRepository as PackingRepository
from posylka.services.ports.postings import PostingRepository as PostingRepository
from posylka.services.ports.postings import SyncStateRepository as SyncStateRepository
from posylka.services.ports.printing import PrinterTransport as PrinterTransport
from posylka.services.ports.printing import PrintingRepository as PrintingRepository
from posylka.services.ports.printing import ZplRenderer as ZplRenderer
from posylka.services.ports.recipes import RecipeRepository as RecipeRepository
from posylka.services.ports.shortfalls import ShortfallRepository as ShortfallRepository
from posylka.services.ports.stock_push import StockGateway as StockGateway
from posylka.services.ports.stock_push import StockGatewayFactory as StockGatewayFactory
from posylka.services.ports.stock_push import StockPushRepository as StockPushRepository
from posylka.services.ports.stores import StoreRepository as StoreRepository


class UnitOfWork(Protocol):
    """One transaction: ``with uow: ...; uow.commit()``. Leaving without commit rolls back."""

    # Read-only members, so an implementation may hold its own repository classes.
    @property
    def stores(self) -> StoreRepository: ...
    @property
    def postings(self) -> PostingRepository: ...
    @property
    def sync_state(self) -> SyncStateRepository: ...
    @property
    def users(self) -> UserRepository: ...
    @property
    def sessions(self) -> SessionRepository: ...
    @property
    def audit(self) -> AuditLog: ...
    @property
    def labels(self) -> LabelRepository: ...
    @property
    def printing(self) -> PrintingRepository: ...
    @property
    def inventory(self) -> InventoryRepository: ...
    @property
    def documents(self) -> DocumentRepository: ...
    @property
    def checks(self) -> CheckRepository: ...
    @property
    def catalogue(self) -> CatalogueRepository: ...
    @property
    def shortfalls(self) -> ShortfallRepository: ...
    @property
    def stock_push(self) -> StockPushRepository: ...
    @property
    def recipes(self) -> RecipeRepository: ...
    @property
    def boxes(self) -> BoxRepository: ...
    @property
    def assemblies(self) -> AssemblyRepository: ...
    @property
    def packing(self) -> PackingRepository: ...
    @property
    def handovers(self) -> HandoverRepository: ...

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


__all__ = [
    "Account",
    "AssemblyRepository",
    "AuditLog",
    "BoxRepository",
    "CatalogueRepository",
    "CheckRepository",
    "Clock",
    "DocumentRenderer",
    "DocumentRepository",
    "FilterOption",
    "HandoverRepository",
    "InventoryRepository",
    "LabelRepository",
    "MarketplaceFactory",
    "MarketplaceGateway",
    "PackingRepository",
    "PasswordHasher",
    "PdfPages",
    "PostingDetails",
    "PostingRepository",
    "PrinterTransport",
    "PrintingRepository",
    "QueueFilters",
    "QueuePage",
    "QueueQuery",
    "QueueRow",
    "RecipeRepository",
    "SessionRepository",
    "ShortfallRepository",
    "Spreadsheets",
    "StockGateway",
    "StockGatewayFactory",
    "StockPushRepository",
    "StoreRepository",
    "SyncStateRepository",
    "SyncStatus",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "UpsertResult",
    "UserRepository",
    "ZplRenderer",
]
