"""The one place that builds adapters from settings and wires them into the use cases.

Entrypoints (the CLI, the web server, the worker) call :func:`build` once and pass the container
down; nothing else constructs engines, clients or queues.
"""

from __future__ import annotations

import gc
import os
import secrets
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from pydantic import SecretStr
from sqlalchemy.engine import Engine

from posylka.adapters.clock import SystemClock
from posylka.adapters.db import migrator
from posylka.adapters.db.engine import check_database, create_engine_for
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.ozon.gateway import open_gateway
from posylka.adapters.ozon.limits import RateLimiters
from posylka.adapters.security import ApiKeyCipher, Argon2PasswordHasher
from posylka.config import Settings
from posylka.domain.errors import ConfigurationError
from posylka.services.assembly_steps import (
    AssemblySteps,
    BlockingAssembly,
    Checkpoint,
    StepOptions,
)
from posylka.services.catalogue_pull import BlockingCataloguePull
from posylka.services.intake import SyncThenIntake
from posylka.services.order_checks import DeadlineRechecks
from posylka.services.package_labels import LabelDesk
from posylka.services.ports import (
    Clock,
    MarketplaceFactory,
    PasswordHasher,
    Spreadsheets,
    StockGatewayFactory,
    UnitOfWorkFactory,
)
from posylka.services.ports.boxes import ExactPacker
from posylka.services.ports.shipping import ShippingGatewayFactory
from posylka.services.stock_push import BlockingStockPush
from posylka.services.sync_postings import BlockingSync, SyncOptions

if TYPE_CHECKING:
    # Documents, spreadsheets, printing and the job queue pull in large libraries (fpdf2 and its
    # font tools, openpyxl, pypdf, huey); each is imported where it is built, so a command that
    # needs none of them starts without them.
    from posylka.adapters.documents.renderer import PdfDocumentRenderer
    from posylka.adapters.documents.zpl_renderer import ZplDocumentRenderer
    from posylka.adapters.evidence_files import DiskEvidenceFiles
    from posylka.adapters.jobs.assembly import AssemblyJobs
    from posylka.adapters.jobs.catalogue import CatalogueJobs
    from posylka.adapters.jobs.stock_push import StockPushJobs
    from posylka.adapters.jobs.tasks import SyncJobs
    from posylka.adapters.printing.transport import PrinterTransport

KEY_FILE_NAME = "secret.key"


@dataclass
class Container:
    """Everything a running posylka needs, built from one ``Settings``."""

    settings: Settings
    engine: Engine
    uow: UnitOfWorkFactory
    reads: UnitOfWorkFactory
    """Read-only units of work, for pages that only look (on SQLite they never wait for a sync)."""
    clock: Clock
    hasher: PasswordHasher
    marketplace: MarketplaceFactory
    limiters: RateLimiters
    """One rate limiter per Ozon account for every gateway this process opens, in any thread."""

    def close(self) -> None:
        self.engine.dispose()

    @property
    def shipping(self) -> ShippingGatewayFactory:
        """Opens one store's Ozon for assembly and hand-over (close it with ``aclose``)."""
        return shipping_gateways(self.settings, self.limiters)


def prepare_data_dir(settings: Settings) -> Settings:
    """Create the data directory and, when no secret key is configured, use the one kept there
    (generated on first start, readable by the owner only)."""
    data_dir = settings.data_dir
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigurationError(
            f"The data directory {data_dir} (POSYLKA_DATA_DIR) cannot be created: {exc.strerror}."
        ) from None
    if settings.secret_key.get_secret_value():
        return settings
    secret = _read_or_create_secret(data_dir / KEY_FILE_NAME)
    return settings.model_copy(update={"secret_key": SecretStr(secret)})


def _read_or_create_secret(path: Path) -> str:
    try:
        if path.exists():
            return path.read_text(encoding="ascii").strip()
        secret = secrets.token_urlsafe(48)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secret + "\n")
        return secret
    except OSError as exc:
        raise ConfigurationError(
            f"The secret key file {path} cannot be read or written: {exc.strerror}. "
            "Set POSYLKA_SECRET_KEY or make POSYLKA_DATA_DIR writable."
        ) from None


GC_THRESHOLDS = (10_000, 20, 50)
"""Collector thresholds for posylka's processes. Reading a page of postings allocates tens of
thousands of short-lived objects; at CPython's default (700, 10, 10) the collector ran so often
that it took about a third of a 10,000-posting first sync's CPU (3.3 s → 2.2 s when raised)."""


def tune_runtime() -> None:
    """Process-wide settings every posylka process wants; idempotent."""
    gc.set_threshold(*GC_THRESHOLDS)


def build(settings: Settings | None = None, *, check: bool = True) -> Container:
    """Wire posylka from settings; with ``check`` the database is contacted once so a wrong
    ``POSYLKA_DATABASE_URL`` fails here, in one sentence."""
    tune_runtime()
    settings = prepare_data_dir(settings or Settings())
    engine = create_engine_for(settings.effective_database_url)
    if check:
        check_database(engine)
    cipher = ApiKeyCipher.from_settings(settings)
    limiters = RateLimiters(rps=settings.ozon_rps)
    marketplace: MarketplaceFactory = partial(
        open_gateway,
        timeout=settings.ozon_timeout_seconds,
        max_attempts=settings.ozon_max_attempts,
        limiters=limiters,
    )
    uow = SqlUnitOfWorkFactory(engine, cipher)
    return Container(
        settings=settings,
        engine=engine,
        uow=uow,
        reads=uow.reader(),
        clock=SystemClock(),
        hasher=Argon2PasswordHasher(),
        marketplace=marketplace,
        limiters=limiters,
    )


def document_renderer(settings: Settings) -> PdfDocumentRenderer:
    """Slips, pick lists and after-sales cards as PDF, with times in the desk's time zone."""
    from posylka.adapters.documents.renderer import PdfDocumentRenderer

    return PdfDocumentRenderer(ZoneInfo(settings.timezone))


def upgrade_database(container: Container) -> None:
    migrator.upgrade(container.engine)


def database_is_current(container: Container) -> bool:
    return migrator.is_up_to_date(container.engine)


# --- the posting sync and its job queue ----------------------------------------------------------


def sync_options(settings: Settings, *, full: bool = False) -> SyncOptions:
    return SyncOptions(
        full=full,
        initial_days=settings.sync_initial_days,
        concurrency=settings.sync_concurrency,
    )


def sync_jobs(container: Container, *, immediate: bool = False) -> SyncJobs:
    """The job queue (SQLite in the data directory, or Redis) with the sync's tasks bound to this
    container; ``request_sync`` is what the web's "Sync now" calls."""
    from posylka.adapters.jobs.queue import build_huey
    from posylka.adapters.jobs.tasks import SyncJobs

    settings = container.settings
    # Every sync run is followed by the intake pass: new and changed postings get their stock
    # reserved, released or picked and their order checks.
    runner = SyncThenIntake(
        BlockingSync(
            uow=container.uow,
            marketplace=container.marketplace,
            clock=container.clock,
            options=sync_options(settings),
        ),
        uow=container.uow,
        clock=container.clock,
    )
    return SyncJobs(
        build_huey(settings, immediate=immediate),
        # Then postings whose ship-by passed since their last check are checked again.
        DeadlineRechecks(runner, uow=container.uow, clock=container.clock),
        interval_minutes=settings.sync_interval_minutes,
    )


def start_job_consumer(jobs: SyncJobs, settings: Settings) -> object:
    """Run the queue inside this process (``posylka serve`` without Redis); returns the handle
    for :func:`stop_job_consumer`."""
    from posylka.adapters.jobs import consumer as job_consumer

    return job_consumer.start_embedded(jobs, workers=settings.embedded_workers)


def stop_job_consumer(handle: object) -> None:
    from posylka.adapters.jobs import consumer as job_consumer

    job_consumer.stop_embedded(handle)


def run_job_worker(jobs: SyncJobs, *, workers: int) -> None:
    """Run the queue in the foreground until interrupted (``posylka worker``)."""
    from posylka.adapters.jobs import consumer as job_consumer

    job_consumer.run_worker(jobs, workers=workers)


# --- the catalogue -------------------------------------------------------------------------------


def spreadsheets() -> Spreadsheets:
    """CSV and XLSX files for the catalogue's import and export."""
    from posylka.adapters.spreadsheets import SpreadsheetFiles

    return SpreadsheetFiles()


def catalogue_jobs(container: Container, huey: Any) -> CatalogueJobs:
    """The catalogue pull tasks on the queue ``huey`` (the one ``sync_jobs`` built): a pull of
    every store every six hours, and a pull of one store on request."""
    from posylka.adapters.jobs.catalogue import CatalogueJobs

    runner = BlockingCataloguePull(
        uow=container.uow, marketplace=container.marketplace, clock=container.clock
    )
    return CatalogueJobs(huey, runner)


# --- package labels ------------------------------------------------------------------------------


def label_desk(container: Container) -> LabelDesk:
    """Ozon package labels for the web and the command line: fetched with the store's gateway,
    joined into one PDF, logged in the database."""
    from posylka.adapters.pdf.pages import PypdfPages

    return LabelDesk(
        uow=container.uow,
        marketplace=container.marketplace,
        pdf=PypdfPages(),
        clock=container.clock,
    )


# --- stock on Ozon -------------------------------------------------------------------------------


def stock_gateways(settings: Settings, limiters: RateLimiters) -> StockGatewayFactory:
    """Opens a store's gateway for pushing stock (the same client and limiter as the sync's)."""
    return partial(
        open_gateway,
        timeout=settings.ozon_timeout_seconds,
        max_attempts=settings.ozon_max_attempts,
        limiters=limiters,
    )


# --- assembly and hand-over on Ozon -------------------------------------------------------------


def shipping_gateways(settings: Settings, limiters: RateLimiters) -> ShippingGatewayFactory:
    """Opens a store's gateway for assembly, carriages and rFBS tracking (the same client and
    limiter as the sync's)."""
    return partial(
        open_gateway,
        timeout=settings.ozon_timeout_seconds,
        max_attempts=settings.ozon_max_attempts,
        limiters=limiters,
    )


def exact_packer(settings: Settings) -> ExactPacker | None:
    """The exact box packer (OR-Tools CP-SAT) when the ``packing`` extra is installed and the
    settings allow it; ``None`` leaves the box choice to its heuristic."""
    from posylka.adapters.packing import cpsat

    if not settings.box_exact_solver or not cpsat.available():
        return None
    return cpsat.CpSatPacker(time_limit_s=settings.box_solver_seconds)


def stock_push_runner(container: Container) -> BlockingStockPush:
    return BlockingStockPush(
        uow=container.uow,
        marketplace=stock_gateways(container.settings, container.limiters),
        clock=container.clock,
    )


def stock_push_jobs(container: Container, huey: Any) -> StockPushJobs:
    """The stock push tasks on the queue ``huey`` (the one ``sync_jobs`` built): every process
    that runs or feeds the queue registers them, so a push asked for by the web server is found
    by the worker that runs it."""
    from posylka.adapters.jobs.stock_push import StockPushJobs

    return StockPushJobs(huey, stock_push_runner(container))


# --- printing ------------------------------------------------------------------------------------


def printer_transport() -> PrinterTransport:
    """Sends print jobs: raw to a network printer's port 9100 (5 s to answer), or to a CUPS
    queue through ``lp``."""
    from posylka.adapters.printing.transport import PrinterTransport

    return PrinterTransport()


def evidence_files(settings: Settings) -> DiskEvidenceFiles:
    """Photos and videos of packing, kept as files in the data directory."""
    from posylka.adapters.evidence_files import DiskEvidenceFiles

    return DiskEvidenceFiles(settings.evidence_dir)


def zpl_renderer(settings: Settings) -> ZplDocumentRenderer:
    """Documents as ZPL for label printers, times shown in the desk's time zone."""
    from posylka.adapters.documents.zpl_renderer import ZplDocumentRenderer

    return ZplDocumentRenderer(ZoneInfo(settings.timezone))


# --- assembly on Ozon ----------------------------------------------------------------------------

CRASH_AT_VARIABLE = "POSYLKA_CRASH_AT"
"""Fault injection for the tests that kill an assembly or a handover's create mid-way: naming one
of the assembly's checkpoints (``recorded``, ``sent``, ``called``, ``accepted``) or the handover's
(``carriage_sent``, ``carriage_called``) ends the process there with SIGKILL, as a power cut
would. Unset in every real installation."""


def crash_checkpoint() -> Checkpoint:
    """The assembly steps' checkpoint: nothing, unless ``POSYLKA_CRASH_AT`` names a point."""
    import signal

    from posylka.services.assembly_steps import no_checkpoint

    point = os.environ.get(CRASH_AT_VARIABLE, "").strip()
    if not point:
        return no_checkpoint

    def crash(name: str) -> None:
        if name == point:
            os.kill(os.getpid(), signal.SIGKILL)

    return crash


def assembly_steps(
    container: Container, *, station: str = "", options: StepOptions | None = None
) -> AssemblySteps:
    """Sending assemblies to Ozon, following them and printing their labels to the packer's (or
    the ``station``'s) default printer."""
    from posylka.adapters.pdf.pages import PypdfPages
    from posylka.services.assembly_labels import AssemblyLabels

    settings = container.settings
    labels = AssemblyLabels(
        uow=container.uow,
        marketplace=container.marketplace,
        pdf=PypdfPages(),
        transport=printer_transport(),
        zpl=zpl_renderer(settings),
        clock=container.clock,
        station=station,
    )
    return AssemblySteps(
        uow=container.uow,
        shipping=container.shipping,
        clock=container.clock,
        labels=labels,
        options=options,
        checkpoint=crash_checkpoint(),
    )


def assembly_jobs(container: Container, huey: Any) -> AssemblyJobs:
    """The assembly tasks on the queue ``huey`` (the one ``sync_jobs`` built): the step of one
    assembly, and the recovery every minute. ``start_assembly`` takes it as its queue."""
    from posylka.adapters.jobs.assembly import AssemblyJobs

    return AssemblyJobs(huey, BlockingAssembly(assembly_steps(container)))
