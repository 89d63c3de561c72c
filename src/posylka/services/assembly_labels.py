"""The label of an assembled posting, from Ozon to the packer's printer.

Ozon prepares the package label 45–60 s after assembly. The assembly's label step asks once per
try (no waiting inside a request: the job queue comes back later) and, once the label is there,
logs it with the other labels (so it can be printed again from the labels page) and sends it to
the default printer of the packer (or of the station) in that printer's format, size and
resolution. A printer that is offline leaves the job on the print queue with its reason; the
assembly stays assembled.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from posylka.domain.ids import PostingNumber, StoreId, UserId
from posylka.domain.labels import LabelBatch, SetAsideReason
from posylka.domain.printing import PrintError, PrintJobStatus
from posylka.services import print_documents, printing
from posylka.services.package_labels import LabelOptions, fetch_labels
from posylka.services.ports import (
    Clock,
    MarketplaceFactory,
    PdfPages,
    PrinterTransport,
    UnitOfWorkFactory,
    ZplRenderer,
)
from posylka.services.ports.assembly import LabelOutcome

ACTOR = "assembly"

NO_PRINTER = (
    "no default printer is set for the packer or this station: the label is on the labels page, "
    "print it from there"
)

ONE_TRY = LabelOptions(ready_rounds=1)


class AssemblyLabels:
    """The ``LabelPrinter`` of the assembly steps, built by ``bootstrap``."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        marketplace: MarketplaceFactory,
        pdf: PdfPages,
        transport: PrinterTransport,
        zpl: ZplRenderer,
        clock: Clock,
        station: str = "",
    ) -> None:
        self.uow = uow
        self.marketplace = marketplace
        self.pdf = pdf
        self.transport = transport
        self.zpl = zpl
        self.clock = clock
        self.station = station

    async def print_assembly_labels(
        self,
        store_id: StoreId,
        posting_numbers: Sequence[PostingNumber],
        *,
        user_id: UserId | None,
        final: bool,
    ) -> LabelOutcome:
        with self.uow() as tx:
            credentials = tx.stores.credentials(store_id)
        gateway = self.marketplace(store_id, credentials)
        try:
            batch = await fetch_labels(
                [(store_id, n) for n in posting_numbers],
                gateways=lambda _: gateway,
                pdf=self.pdf,
                options=ONE_TRY,
            )
        finally:
            await gateway.aclose()
        not_ready = [s for s in batch.set_aside if s.reason is SetAsideReason.NOT_READY]
        if not_ready and not final:
            return LabelOutcome(not_ready=True)
        return await asyncio.to_thread(self._log_and_print, batch, posting_numbers, user_id)

    def _log_and_print(
        self, batch: LabelBatch, numbers: Sequence[PostingNumber], user_id: UserId | None
    ) -> LabelOutcome:
        with self.uow() as tx:
            account = tx.users.get(user_id) if user_id is not None else None
            actor = account.username if account is not None else ACTOR
            tx.labels.add_batch(
                batch, requested=len(numbers), at=self.clock.now(), actor=actor, user_id=user_id
            )
            tx.commit()
        missing = "; ".join(
            f"{s.posting_number}: {s.reason.value}{' (' + s.detail + ')' if s.detail else ''}"
            for s in batch.set_aside
        )
        if batch.pdf is None:
            return LabelOutcome(error=f"Ozon gave no label ({missing})")
        printer = printing.default_printer(user_id=user_id, station=self.station, uow=self.uow)
        if printer is None:
            return LabelOutcome(error=NO_PRINTER)
        target = print_documents.Target(printer.format, printer.label_size, printer.dpi)
        try:
            request = print_documents.labels(
                batch.pdf, [p.posting_number for p in batch.printed], target, zpl=self.zpl
            )
            job = printing.print_document(
                request,
                printer,
                by=account,
                uow=self.uow,
                transport=self.transport,
                clock=self.clock,
                actor=actor,
            )
        except PrintError as exc:
            return LabelOutcome(error=str(exc))
        error = job.error if job.status is PrintJobStatus.FAILED else ""
        if missing and not error:
            error = f"some labels did not come ({missing})"
        return LabelOutcome(print_job=job.id, error=error)
