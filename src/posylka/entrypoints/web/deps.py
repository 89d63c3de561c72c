"""What the web application needs from the outside, handed in by whoever builds it.

The web layer never builds adapters itself (the layer contract forbids it): ``bootstrap`` or a test
assembles a :class:`WebDeps` and passes it to :func:`posylka.entrypoints.web.app.create_app`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from posylka.config import Settings
from posylka.domain.ids import StoreId
from posylka.services.package_labels import LabelDesk
from posylka.services.ports import (
    Clock,
    DocumentRenderer,
    MarketplaceFactory,
    PasswordHasher,
    PrinterTransport,
    UnitOfWorkFactory,
    ZplRenderer,
)
from posylka.services.ports.assembly import AssemblyQueue
from posylka.services.ports.boxes import ExactPacker
from posylka.services.ports.packing import EvidenceFiles
from posylka.services.ports.shipping import ShippingGatewayFactory
from posylka.services.station_boxes import PlanMemo


@dataclass(frozen=True, slots=True)
class WebDeps:
    settings: Settings
    uow: UnitOfWorkFactory
    clock: Clock
    hasher: PasswordHasher
    request_sync: Callable[[StoreId | None], None]
    """Enqueue a sync job for one store, or for every store when given ``None``."""
    reads: UnitOfWorkFactory | None = None
    """Read-only units of work for pages that only look (the session check, the queue, the
    posting page). On SQLite they never wait for a writer such as a running sync. When not
    given, ``uow`` serves reads too."""
    marketplace: MarketplaceFactory | None = None
    """Opens a store's Ozon gateway, for pages that change something at Ozon (cancelling a
    posting). Without it those actions answer that Ozon cannot be reached from here."""
    request_stock_push: Callable[[StoreId], None] | None = None
    """Enqueue a push of a store's pending stock to Ozon (the "Stock on Ozon" page's "Push
    now"). Without it the button answers that pushing is not available here."""
    labels: LabelDesk | None = None
    """Ozon package labels: fetch, log and reprint. Without it the label actions answer that
    labels cannot be fetched from here."""
    documents: DocumentRenderer | None = None
    """Lays out slips, pick lists and after-sales cards as PDF. Without it those pages answer that
    documents cannot be made here."""
    printers: PrinterTransport | None = None
    """Sends print jobs to printers (retry and reprint on the print queue page). Without it
    those actions answer that the job cannot be printed from here."""
    zpl: ZplRenderer | None = None
    """Lays out documents as ZPL for label printers, so pages can send slips to a ZPL printer."""
    evidence: EvidenceFiles | None = None
    """Where the packing station keeps photos and videos of packing. Without it the station
    answers that recordings cannot be kept here."""
    assembly_jobs: AssemblyQueue | None = None
    """Queues the assembly of a fully scanned posting on Ozon (the packing station). Without it
    the station answers that assembly is not available here."""
    shipping: ShippingGatewayFactory | None = None
    """Opens a store's Ozon for carriages and rFBS tracking (the hand-over and tracking pages).
    Without it those pages answer that Ozon cannot be reached from here."""
    box_packer: ExactPacker | None = None
    """The exact box packer (OR-Tools CP-SAT) when the ``packing`` extra is installed; without
    it box recommendations come from the heuristic alone."""
    plan_memo: PlanMemo = field(default_factory=PlanMemo)
    """The packing station's recent box recommendations, so a scan does not work them out again."""

    @property
    def reader(self) -> UnitOfWorkFactory:
        return self.reads or self.uow
