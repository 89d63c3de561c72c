"""Ports: what the use cases need from the outside world, as ``typing.Protocol`` interfaces.

Adapters satisfy them structurally (they never import this module); ``bootstrap`` wires real
adapters in, tests wire in-memory fakes. The read models the ports return are defined in
``posylka.domain.views``, so adapters can build them, and are re-exported here.

Later areas keep their ports in modules of their own here (``recipes``, ``boxes``, ``assembly``,
``packing``, ``handover``, ``shipping``); those modules import domain types only, never this one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from types import TracebackType
from typing import IO, Any, Protocol, Self

from posylka.domain import shortfalls as shortfall_rules
from posylka.domain import stock_push as stock_push_rules
from posylka.domain.cancellation import CancelItem
from posylka.domain.catalogue import (
    CatalogueChanges,
    CataloguePage,
    CatalogueQuery,
    MarketplaceProductPage,
    Product,
    ProductDraft,
)
from posylka.domain.documents import (
    AfterSalesCardData,
    AfterSalesCardSettings,
    PaperSize,
    PickBatch,
    PickListData,
    SlipData,
)
from posylka.domain.ids import (
    BatchId,
    DeliveryMethodId,
    OfferId,
    PostingNumber,
    PrintJobId,
    ProductId,
    Sku,
    StoreId,
    UserId,
    WarehouseId,
)
from posylka.domain.labels import (
    LabelBatch,
    LabelPages,
    LabelPrint,
    LabelTask,
    LabelTaskState,
    LoggedBatch,
)
from posylka.domain.order_checks import AcceptedReason, PostingCheck, Reason, Verdict
from posylka.domain.postings import Posting
from posylka.domain.printing import (
    Printer,
    PrinterKind,
    PrintFormat,
    PrintJob,
    PrintJobStatus,
    PrintRequest,
)
from posylka.domain.stock import Movement, StockKey, StockLevel
from posylka.domain.stock_reservations import IntakePosting, PostingReservation, ReservationLine
from posylka.domain.stock_views import (
    LevelDrift,
    MovementRecord,
    ProductRef,
    StockLevelRow,
    StockQuery,
    WarehouseRef,
)
from posylka.domain.stores import DeliveryMethod, Role, Store, StoreCredentials, Warehouse
from posylka.domain.sync import ItemError, PostingPage, PostingQuery
from posylka.domain.views import (
    Account,
    FilterOption,
    PostingDetails,
    QueueFilters,
    QueuePage,
    QueueQuery,
    QueueRow,
    SyncStatus,
    UpsertResult,
)
from posylka.services.ports.assembly import AssemblyRepository
from posylka.services.ports.boxes import BoxRepository
from posylka.services.ports.handover import HandoverRepository
from posylka.services.ports.packing import PackingRepository
from posylka.services.ports.recipes import RecipeRepository


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


# --- The marketplace ---------------------------------------------------------------------------


class MarketplaceGateway(Protocol):
    """One store's view of Ozon. Raises ``posylka.domain.errors.MarketplaceError`` subclasses."""

    @property
    def api_calls(self) -> int:
        """HTTP requests sent so far, retries included."""
        ...

    async def fetch_postings_page(self, query: PostingQuery, cursor: str = "") -> PostingPage: ...

    async def fetch_posting(self, posting_number: PostingNumber) -> Posting: ...

    async def fetch_warehouses(self) -> list[Warehouse]: ...

    async def fetch_delivery_methods(self) -> list[DeliveryMethod]: ...

    async def fetch_products_page(
        self, last_id: str = "", limit: int = 1000
    ) -> MarketplaceProductPage:
        """A page of the seller's products on Ozon (at most ``limit``), after ``last_id``."""
        ...

    async def cancel_posting(
        self, posting_number: PostingNumber, reason_id: int, message: str = ""
    ) -> None: ...

    async def cancel_items(
        self,
        posting_number: PostingNumber,
        items: Sequence[CancelItem],
        reason_id: int,
        message: str,
    ) -> None: ...

    async def fetch_package_labels(self, posting_numbers: Sequence[PostingNumber]) -> bytes:
        """One PDF with the labels of at most 20 postings; ``LabelsNotReady`` or
        ``LabelsRefused`` (``posylka.domain.labels``) when Ozon refuses the call."""
        ...

    async def create_label_task(
        self, posting_numbers: Sequence[PostingNumber]
    ) -> list[LabelTask]: ...

    async def fetch_label_task(self, task_id: int) -> LabelTaskState: ...

    async def download_label_file(self, url: str) -> bytes: ...

    async def aclose(self) -> None: ...


class MarketplaceFactory(Protocol):
    def __call__(self, store_id: StoreId, credentials: StoreCredentials) -> MarketplaceGateway: ...


# --- Repositories (never commit; the unit of work does) ----------------------------------------


class StoreRepository(Protocol):
    def add(self, name: str, credentials: StoreCredentials, *, now: datetime) -> Store: ...
    def list(self, *, active_only: bool = True) -> list[Store]: ...
    def get(self, store_id: StoreId) -> Store | None: ...
    def by_name(self, name: str) -> Store | None: ...
    def credentials(self, store_id: StoreId) -> StoreCredentials: ...
    def update_credentials(self, store_id: StoreId, credentials: StoreCredentials) -> None: ...
    def record_sync(self, store_id: StoreId, *, at: datetime, error: str = "") -> None: ...
    def replace_warehouses(
        self, store_id: StoreId, items: Sequence[Warehouse], *, now: datetime
    ) -> None: ...
    def replace_delivery_methods(
        self, store_id: StoreId, items: Sequence[DeliveryMethod], *, now: datetime
    ) -> None: ...
    def warehouses(self, store_id: StoreId) -> Sequence[Warehouse]: ...


class PostingRepository(Protocol):
    def upsert_many(self, postings: Sequence[Posting], *, now: datetime) -> UpsertResult: ...
    def details(self, store_id: StoreId | None, posting_number: str) -> PostingDetails | None: ...
    def queue(self, query: QueueQuery) -> QueuePage: ...
    def queue_filters(self, store_id: StoreId | None) -> QueueFilters: ...
    def count(self, store_id: StoreId | None = None) -> int: ...


class SyncStateRepository(Protocol):
    def load(self, store_id: StoreId, kind: str) -> dict[str, Any] | None: ...
    def save(
        self, store_id: StoreId, kind: str, state: dict[str, Any], *, now: datetime
    ) -> None: ...
    def clear(self, store_id: StoreId, kind: str) -> None: ...
    def start_run(self, store_id: StoreId, *, now: datetime) -> int: ...
    def finish_run(self, run_id: int, summary: Any, *, now: datetime) -> None: ...
    def record_errors(
        self, store_id: StoreId, run_id: int | None, errors: Sequence[ItemError], *, now: datetime
    ) -> None: ...
    def status(self, store_id: StoreId | None = None) -> list[SyncStatus]: ...


class CatalogueRepository(Protocol):
    """A store's products (``posylka.domain.catalogue``). A posting item matches a product by
    ``sku`` first, then by ``offer_id``."""

    def get(self, product_id: ProductId) -> Product | None: ...
    def by_offer_ids(
        self, store_id: StoreId, offer_ids: Iterable[OfferId]
    ) -> dict[OfferId, Product]: ...
    def by_skus(self, store_id: StoreId, skus: Iterable[Sku]) -> dict[Sku, Product]: ...
    def by_barcode(self, store_id: StoreId, barcode: str) -> Product | None: ...
    def bins(
        self, store_id: StoreId, warehouse_id: WarehouseId, product_ids: Iterable[ProductId]
    ) -> dict[ProductId, str]:
        """The bin of each product in one warehouse (products without one are left out)."""
        ...

    def count(self, store_id: StoreId) -> int: ...
    def search(self, query: CatalogueQuery) -> CataloguePage: ...
    def iterate(self, store_id: StoreId, *, batch: int = 1000) -> Iterator[Product]:
        """Every product of the store in offer_id order, a batch at a time."""
        ...

    def upsert_many(self, drafts: Sequence[ProductDraft], *, now: datetime) -> CatalogueChanges:
        """Create or update by (store, offer_id); barcodes and bins are replaced."""
        ...

    def save(self, product_id: ProductId, draft: ProductDraft, *, now: datetime) -> bool: ...
    def delete(self, product_id: ProductId) -> bool: ...


class UserRepository(Protocol):
    def add(
        self, username: str, password_hash: str, role: Role, *, language: str, now: datetime
    ) -> Account: ...
    def by_username(self, username: str) -> tuple[Account, str] | None:
        """The account and its password hash."""
        ...

    def get(self, user_id: UserId) -> Account | None: ...
    def list(self) -> list[Account]: ...
    def set_language(self, user_id: UserId, language: str) -> None: ...
    def set_password_hash(self, user_id: UserId, password_hash: str) -> None: ...


class SessionRepository(Protocol):
    def create(
        self,
        token_hash: str,
        user_id: UserId,
        csrf_token: str,
        *,
        now: datetime,
        expires_at: datetime,
    ) -> None: ...
    def lookup(self, token_hash: str, *, now: datetime) -> tuple[Account, str] | None:
        """The session's account and CSRF token, if the session is live."""
        ...

    def delete(self, token_hash: str) -> None: ...
    def purge_expired(self, *, now: datetime) -> int: ...


class AuditLog(Protocol):
    def record(
        self,
        action: str,
        *,
        at: datetime,
        actor: str,
        user_id: UserId | None = None,
        store_id: StoreId | None = None,
        object_type: str = "",
        object_id: str = "",
        details: dict[str, Any] | None = None,
    ) -> None: ...


class CheckRepository(Protocol):
    """Order checks: what the rules read and the verdicts they leave (``domain.order_checks``)."""

    def postings(self, store_id: StoreId, posting_numbers: Sequence[str]) -> list[Posting]: ...
    def nearby(
        self, store_id: StoreId, around: Sequence[datetime], window: timedelta
    ) -> list[Posting]:
        """The store's postings with a buyer processed within ``window`` of any of ``around``."""
        ...

    def catalogue_keys(
        self, store_id: StoreId, skus: Sequence[Sku], offer_ids: Sequence[OfferId]
    ) -> tuple[frozenset[Sku], frozenset[OfferId]]:
        """Which of these SKUs and offer_ids the store's catalogue knows."""
        ...

    def open_posting_numbers(self, store_id: StoreId) -> list[PostingNumber]: ...
    def with_reason(self, store_id: StoreId, code: str, subject: str) -> list[PostingNumber]: ...
    def deadlines_passed_since_check(
        self, store_id: StoreId, now: datetime
    ) -> list[PostingNumber]: ...
    def duplicate_window(self, store_id: StoreId) -> timedelta | None: ...
    def set_duplicate_window(
        self, store_id: StoreId, window: timedelta, *, now: datetime
    ) -> None: ...
    def acceptances(
        self, store_id: StoreId, posting_numbers: Sequence[str]
    ) -> dict[PostingNumber, list[AcceptedReason]]: ...
    def save(
        self,
        store_id: StoreId,
        results: Sequence[tuple[PostingNumber, Verdict, Sequence[Reason]]],
        *,
        now: datetime,
    ) -> None: ...
    def clear(self, store_id: StoreId, posting_numbers: Sequence[str]) -> None: ...
    def accept(self, store_id: StoreId, posting_number: str, accepted: AcceptedReason) -> bool: ...
    def of_posting(self, store_id: StoreId, posting_number: str) -> PostingCheck | None: ...
    def by_posting_ids(self, posting_ids: Sequence[int]) -> dict[int, PostingCheck]: ...


class ShortfallRepository(Protocol):
    """The manager's decisions for postings short of stock (one per posting)."""

    def posting_id(self, store_id: StoreId, posting_number: str) -> int | None: ...
    def decide(self, decision: shortfall_rules.ShortfallDecision) -> None: ...
    def clear(self, posting_ids: Sequence[int]) -> None: ...
    def decisions(
        self, posting_ids: Sequence[int]
    ) -> dict[int, shortfall_rules.ShortfallDecision]: ...
    def waiting(
        self, store_id: StoreId | None = None
    ) -> list[shortfall_rules.ShortfallDecision]: ...


class DocumentRepository(Protocol):
    """After-sales card settings per store, pick-list batches, and postings read for printing."""

    def card_settings(self, store_id: StoreId) -> AfterSalesCardSettings | None: ...
    def save_card_settings(
        self, settings: AfterSalesCardSettings, *, by: str, now: datetime
    ) -> None: ...
    def postings(self, store_id: StoreId, posting_numbers: Sequence[str]) -> list[Posting]:
        """The store's postings among these numbers, in the order asked for; unknown ones are
        left out."""
        ...

    def ready_postings(
        self, store_id: StoreId, delivery_method_id: DeliveryMethodId, *, ship_by_until: datetime
    ) -> list[PostingNumber]: ...
    def add_batch(
        self,
        store_id: StoreId,
        posting_numbers: Sequence[str],
        *,
        title: str,
        created_by: str,
        user_id: UserId | None,
        now: datetime,
    ) -> BatchId: ...
    def batch(self, batch_id: BatchId) -> PickBatch | None: ...
    def batches(self, store_id: StoreId | None = None, *, limit: int = 100) -> list[PickBatch]: ...
    def count_batches(self, store_id: StoreId | None = None) -> int: ...


class DocumentRenderer(Protocol):
    """Lays documents out as PDF bytes."""

    def slips(
        self,
        slips: Sequence[SlipData],
        size: PaperSize,
        *,
        language: str,
        card: AfterSalesCardData | None = None,
    ) -> bytes: ...
    def cards(self, cards: Sequence[AfterSalesCardData], size: PaperSize) -> bytes: ...
    def pick_list(self, data: PickListData, *, language: str) -> bytes: ...


class StockGateway(Protocol):
    """Stock on one store's Ozon account (``/v2/products/stocks`` and Ozon's view of it)."""

    @property
    def api_calls(self) -> int: ...

    async def push_stocks(
        self, items: list[stock_push_rules.StockPushItem]
    ) -> list[stock_push_rules.StockUpdate]: ...

    async def fetch_warehouse_stocks(self) -> list[stock_push_rules.OzonStock]: ...

    async def aclose(self) -> None: ...


class StockGatewayFactory(Protocol):
    def __call__(self, store_id: StoreId, credentials: StoreCredentials) -> StockGateway: ...


class StockPushRepository(Protocol):
    """Push state per product × warehouse pair and the push and reconcile runs."""

    def states(
        self, store_id: StoreId, product_ids: Iterable[ProductId] | None = None
    ) -> dict[tuple[ProductId, WarehouseId], stock_push_rules.PairState]: ...
    def apply_changes(
        self, store_id: StoreId, changes: Sequence[stock_push_rules.PairChange], *, now: datetime
    ) -> None: ...
    def due(
        self, store_id: StoreId, *, now: datetime, limit: int
    ) -> list[stock_push_rules.StockPushItem]: ...
    def next_due_at(self, store_id: StoreId) -> datetime | None: ...
    def record_answers(
        self,
        store_id: StoreId,
        sent: Sequence[stock_push_rules.StockPushItem],
        answers: Sequence[stock_push_rules.StockUpdate],
        *,
        now: datetime,
        pair_interval: timedelta,
    ) -> None: ...
    def record_failure(
        self,
        store_id: StoreId,
        sent: Sequence[stock_push_rules.StockPushItem],
        message: str,
        *,
        retry_at: datetime,
    ) -> None: ...
    def record_reconcile(
        self,
        store_id: StoreId,
        observed: Sequence[tuple[tuple[ProductId, WarehouseId], int | None, int | None]],
        *,
        now: datetime,
    ) -> None: ...
    def record_run(self, store_id: StoreId, run: stock_push_rules.PushRunView) -> None: ...
    def last_run(self, store_id: StoreId, kind: str) -> stock_push_rules.PushRunView | None: ...
    def overview(
        self, store_id: StoreId, *, limit: int = 200
    ) -> stock_push_rules.StockPushOverview: ...


class InventoryRepository(Protocol):
    """Stock levels, the movement ledger, reservations of postings and intake markers.

    Writers lock the levels they change (:meth:`lock_levels`) and write them back with their
    movements in one call (:meth:`write`), inside the caller's transaction."""

    def levels(
        self, store_id: StoreId, *, changed_since: datetime | None = None
    ) -> list[StockLevelRow]: ...
    def search(self, store_id: StoreId, query: StockQuery) -> list[StockLevelRow]: ...
    def low_stock_count(self, store_id: StoreId | None = None) -> int: ...
    def lock_levels(self, keys: Iterable[StockKey], *, now: datetime) -> list[StockLevel]: ...
    def write(
        self,
        changes: Sequence[tuple[StockLevel, StockLevel]],
        movements: Sequence[Movement],
        *,
        now: datetime,
    ) -> None: ...
    def history(
        self, product_id: ProductId, *, warehouse_id: WarehouseId | None = None, limit: int = 100
    ) -> list[MovementRecord]: ...
    def drift(self, store_id: StoreId | None = None) -> list[LevelDrift]: ...
    def set_level(self, drift: LevelDrift, *, now: datetime) -> None: ...
    def pending_intake(
        self, store_id: StoreId, *, limit: int, posting_ids: Sequence[int] | None = None
    ) -> list[IntakePosting]: ...
    def pending_count(self, store_id: StoreId) -> int: ...
    def forget_unmatched(self, store_id: StoreId) -> int: ...
    def reservation_lines(self, posting_ids: Sequence[int]) -> dict[int, list[ReservationLine]]: ...
    def held_lines(
        self, keys: Iterable[StockKey], *, latest_first: bool
    ) -> list[ReservationLine]: ...
    def save_lines(
        self, posting_ids: Sequence[int], lines: Sequence[ReservationLine], *, now: datetime
    ) -> None: ...
    def update_lines(self, lines: Sequence[ReservationLine], *, now: datetime) -> None: ...
    def mark_taken(self, marks: Sequence[tuple[int, str]], *, now: datetime) -> None: ...
    def reservation(self, posting_id: int) -> PostingReservation | None: ...
    def short_postings(
        self, store_id: StoreId, *, limit: int = 500
    ) -> list[PostingReservation]: ...
    def find_products(
        self, store_id: StoreId, references: Iterable[str]
    ) -> dict[str, ProductRef]: ...
    def product(self, product_id: ProductId) -> ProductRef | None: ...
    def warehouses(self, store_id: StoreId) -> list[WarehouseRef]: ...


class PrintingRepository(Protocol):
    """Printers, default printers per user or station, and print jobs with their bytes."""

    def add_printer(
        self,
        *,
        name: str,
        kind: PrinterKind,
        address: str,
        format: PrintFormat,
        dpi: int,
        label_size: PaperSize,
        now: datetime,
    ) -> Printer: ...
    def update_printer(self, printer: Printer) -> None: ...
    def printers(self, *, active_only: bool = False) -> list[Printer]: ...
    def printer(self, printer_id: int) -> Printer | None: ...
    def printer_by_name(self, name: str) -> Printer | None: ...
    def set_default(self, scope: str, key: str, printer_id: int | None) -> None: ...
    def default(self, scope: str, key: str) -> Printer | None: ...
    def add_job(
        self,
        printer: Printer,
        request: PrintRequest,
        *,
        created_by: str,
        user_id: UserId | None,
        now: datetime,
        reprint_of: PrintJobId | None = None,
    ) -> PrintJobId: ...
    def job(self, job_id: PrintJobId) -> PrintJob | None: ...
    def content(self, job_id: PrintJobId) -> bytes | None: ...
    def jobs(
        self, *, status: PrintJobStatus | None = None, limit: int = 100, offset: int = 0
    ) -> list[PrintJob]: ...
    def count_jobs(self, *, status: PrintJobStatus | None = None) -> int: ...
    def claim(self, job_id: PrintJobId) -> bool: ...
    def mark(
        self,
        job_id: PrintJobId,
        status: PrintJobStatus,
        *,
        error: str = "",
        error_key: str = "",
        error_params: dict[str, str] | None = None,
        at: datetime | None = None,
    ) -> None: ...


class ZplRenderer(Protocol):
    """Documents as ZPL for label printers: posylka's own as native ZPL (lines the printer's font
    cannot print as small graphics), any PDF (Ozon's labels) as ``^GF`` graphics."""

    def slip(self, slip: SlipData, size: PaperSize, *, dpi: int, language: str) -> str: ...
    def pick_list(self, data: PickListData, size: PaperSize, *, dpi: int, language: str) -> str: ...
    def card(self, card: AfterSalesCardData, size: PaperSize, *, dpi: int) -> str: ...
    def pdf(self, pdf: bytes, size: PaperSize, *, dpi: int) -> str: ...


class PrinterTransport(Protocol):
    """Hands a document to a printer; raises ``posylka.domain.printing.PrintError`` with the
    reason when the printer cannot take it."""

    def send(
        self, printer: Printer, content: bytes, *, format: PrintFormat, copies: int, title: str
    ) -> str: ...


class LabelRepository(Protocol):
    """The log of package labels: batches with their print file, and every print."""

    def add_batch(
        self,
        batch: LabelBatch,
        *,
        requested: int,
        at: datetime,
        actor: str,
        user_id: UserId | None,
    ) -> int | None:
        """Log a batch and a print per label in it; the batch's id (``None`` if nothing was
        asked for)."""
        ...

    def batch(self, batch_id: int) -> LoggedBatch | None: ...
    def batch_pdf(self, batch_id: int) -> bytes | None: ...
    def pages(self, print_ids: Sequence[int]) -> list[LabelPages]: ...
    def add_reprints(
        self, pages: Sequence[LabelPages], *, at: datetime, actor: str, user_id: UserId | None
    ) -> None: ...
    def prints(
        self, *, limit: int, store_id: StoreId | None = None, posting_number: str = ""
    ) -> list[LabelPrint]:
        """The latest prints, newest first."""
        ...


class PdfPages(Protocol):
    """Cutting PDFs into pages and joining them (labels come in several files, print in one)."""

    def count(self, pdf: bytes) -> int: ...
    def split(self, pdf: bytes) -> list[bytes]: ...
    def pick(self, pdf: bytes, first: int, count: int) -> bytes: ...
    def join(self, parts: Sequence[bytes]) -> bytes: ...


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


class Spreadsheets(Protocol):
    """Spreadsheet files (``csv`` or ``xlsx``) as rows of cells. ``read`` raises
    ``posylka.domain.catalogue_sheet.SheetRejected`` for a file it cannot read."""

    def read(self, data: IO[bytes], fmt: str) -> Iterator[Sequence[Any]]: ...
    def write(self, rows: Iterable[Sequence[Any]], fmt: str, sink: IO[bytes]) -> None: ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...
    def verify(self, password_hash: str, password: str) -> bool: ...


__all__ = [
    "Account",
    "AuditLog",
    "CatalogueRepository",
    "CheckRepository",
    "Clock",
    "DocumentRenderer",
    "DocumentRepository",
    "FilterOption",
    "InventoryRepository",
    "MarketplaceFactory",
    "MarketplaceGateway",
    "PasswordHasher",
    "PostingDetails",
    "PostingRepository",
    "PrinterTransport",
    "PrintingRepository",
    "QueueFilters",
    "QueuePage",
    "QueueQuery",
    "QueueRow",
    "SessionRepository",
    "ShortfallRepository",
    "Spreadsheets",
    "StoreRepository",
    "SyncStateRepository",
    "SyncStatus",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "UpsertResult",
    "UserRepository",
    "ZplRenderer",
]
