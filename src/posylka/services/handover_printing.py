"""A handover's documents sent to a printer: the act and waybill are A4 pages and go to a PDF
printer as they are; container labels go to a PDF printer, or to a label printer as ZPL graphics.

A label printer cannot print the A4 act legibly, so the act sent to one is refused with the reason
and nothing is queued; the page says to choose an office printer.
"""

from __future__ import annotations

from posylka.domain.handover import DocumentKind, Handover
from posylka.domain.ids import HandoverId
from posylka.domain.printing import Printer, PrintError, PrintFormat, PrintJob, PrintRequest
from posylka.services import handover as handovers
from posylka.services import printing
from posylka.services.ports import (
    Account,
    Clock,
    PrinterTransport,
    UnitOfWorkFactory,
    ZplRenderer,
)


class DocumentMissing(PrintError):
    key = "document_missing"


class ActNeedsPdfPrinter(PrintError):
    key = "act_needs_pdf_printer"


def request_for(
    handover: Handover, kind: DocumentKind, pdf: bytes, printer: Printer, *, zpl: ZplRenderer
) -> PrintRequest:
    name = f"{'act' if kind is DocumentKind.ACT else 'container labels'} #{handover.carriage_id}"
    if printer.format is PrintFormat.PDF:
        return PrintRequest(pdf, PrintFormat.PDF, name)
    if kind is DocumentKind.ACT:
        raise ActNeedsPdfPrinter(
            f"the act is an A4 document and {printer.name!r} prints labels; choose a PDF printer",
            params={"printer": printer.name},
        )
    text = zpl.pdf(pdf, printer.label_size, dpi=printer.dpi)
    return PrintRequest(text.encode(), PrintFormat.ZPL, name)


def print_handover_document(
    handover_id: HandoverId,
    kind: DocumentKind,
    printer: Printer,
    *,
    by: Account | None,
    actor: str = "",
    uow: UnitOfWorkFactory,
    transport: PrinterTransport,
    zpl: ZplRenderer,
    clock: Clock,
) -> PrintJob:
    """Queue the document for ``printer`` and send it; the job records what became of it."""
    view = handovers.view(handover_id, uow=uow, scans=0)
    pdf = handovers.document(handover_id, kind, uow=uow)
    if pdf is None:
        raise DocumentMissing(f"handover #{handover_id} has no {kind} yet; fetch the documents")
    request = request_for(view.handover, kind, pdf, printer, zpl=zpl)
    return printing.print_document(
        request, printer, by=by, actor=actor, uow=uow, transport=transport, clock=clock
    )
