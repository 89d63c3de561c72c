"""Documents made ready for a printer: slips, pick lists and Ozon package labels as the bytes a
printer of a given format, label size and resolution takes.

A PDF printer gets the PDFs the documents use cases make. A ZPL printer gets slips, cards and
pick lists as native ZPL made from the same data (lines in Chinese drawn as small graphics), and
Ozon's labels, which come only as PDF, as ``^GF`` graphics.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from posylka.domain.documents import (
    SLIP_SIZES,
    AfterSalesCardData,
    PaperSize,
    PickListData,
    PickSource,
    SlipData,
    batch_code,
    pick_entries,
)
from posylka.domain.ids import BatchId, StoreId
from posylka.domain.postings import Posting
from posylka.domain.printing import PrintError, PrintFormat, PrintRequest
from posylka.services import documents
from posylka.services.ports import DocumentRenderer, UnitOfWorkFactory, ZplRenderer


@dataclass(frozen=True, slots=True)
class Target:
    """What the document is made for: a printer's format, label size and resolution."""

    format: PrintFormat
    size: PaperSize
    dpi: int = 203


def describe(kind: str, names: Sequence[str]) -> str:
    """A job's document as people read it: ``slips 0208245774-0029-1, … (+3)``."""
    shown = ", ".join(names[:2])
    more = f" (+{len(names) - 2})" if len(names) > 2 else ""
    return f"{kind} {shown}{more}"


def slips(
    store_id: StoreId,
    posting_numbers: Sequence[str],
    target: Target,
    *,
    language: str,
    with_card: bool | None = None,
    copies: int = 1,
    uow: UnitOfWorkFactory,
    renderer: DocumentRenderer,
    zpl: ZplRenderer,
) -> PrintRequest:
    """Slips of postings in the order asked for, each followed by the store's after-sales card
    when it is switched on (or ``with_card`` says so)."""
    if target.size not in SLIP_SIZES:
        raise PrintError(
            f"slips do not fit {target.size.value} mm labels: use 100x150, 75x120 or A4"
        )
    numbers = list(dict.fromkeys(n.strip() for n in posting_numbers if n.strip()))
    name = describe("slips", numbers)
    if target.format is PrintFormat.PDF:
        request = documents.SlipRequest(store_id, numbers, target.size, language, with_card)
        pdf = documents.print_slips(request, uow=uow, renderer=renderer)
        return PrintRequest(pdf, PrintFormat.PDF, name, copies)
    found, card = _slip_data(store_id, numbers, with_card, uow=uow)
    parts = []
    for slip in found:
        parts.append(zpl.slip(slip, target.size, dpi=target.dpi, language=language))
        if card is not None:
            parts.append(zpl.card(card, target.size, dpi=target.dpi))
    return PrintRequest("".join(parts).encode(), PrintFormat.ZPL, name, copies)


def _slip_data(
    store_id: StoreId, numbers: list[str], with_card: bool | None, *, uow: UnitOfWorkFactory
) -> tuple[list[SlipData], AfterSalesCardData | None]:
    if not numbers:
        raise documents.NothingSelected("no posting was chosen")
    with uow() as tx:
        store = tx.stores.get(store_id)
        if store is None:
            raise documents.UnknownPostings(store_id, numbers)
        found: dict[str, Posting] = {
            p.posting_number: p for p in tx.documents.postings(store_id, numbers)
        }
        missing = [n for n in numbers if n not in found]
        if missing:
            raise documents.UnknownPostings(store_id, missing)
        data = documents.slips_for(tx, store.name, [found[n] for n in numbers])
        settings = tx.documents.card_settings(store_id)
    use_card = settings is not None and settings.enabled if with_card is None else with_card
    card = settings.card(store.name) if use_card and settings is not None else None
    return data, card


def pick_list(
    batch_id: BatchId,
    target: Target,
    *,
    language: str,
    copies: int = 1,
    uow: UnitOfWorkFactory,
    renderer: DocumentRenderer,
    zpl: ZplRenderer,
) -> PrintRequest:
    """A batch's pick list, made again from today's bins."""
    name = describe("pick list", [batch_code(batch_id)])
    if target.format is PrintFormat.PDF:
        _, pdf = documents.pick_list_pdf(batch_id, language=language, uow=uow, renderer=renderer)
        return PrintRequest(pdf, PrintFormat.PDF, name, copies)
    data = _pick_list_data(batch_id, uow=uow)
    text = zpl.pick_list(data, target.size, dpi=target.dpi, language=language)
    return PrintRequest(text.encode(), PrintFormat.ZPL, name, copies)


def _pick_list_data(batch_id: BatchId, *, uow: UnitOfWorkFactory) -> PickListData:
    with uow() as tx:
        batch = tx.documents.batch(batch_id)
        if batch is None:
            raise documents.UnknownBatch(batch_id)
        store = tx.stores.get(batch.store_id)
        store_name = store.name if store else ""
        found = tx.documents.postings(batch.store_id, batch.posting_numbers)
        slips_data = documents.slips_for(tx, store_name, found)
    return PickListData(
        store_id=batch.store_id,
        store_name=store_name,
        batch_id=batch.id,
        created_at=batch.created_at,
        created_by=batch.created_by,
        posting_numbers=batch.posting_numbers,
        entries=pick_entries(PickSource(s.posting_number, s.lines) for s in slips_data),
        title=batch.title,
    )


def labels(
    pdf: bytes,
    posting_numbers: Sequence[str],
    target: Target,
    *,
    copies: int = 1,
    zpl: ZplRenderer,
) -> PrintRequest:
    """Ozon's package labels (one PDF) for the printer: as they are, or as ZPL graphics, each
    page cropped to the label and turned to fit."""
    name = describe("labels", list(posting_numbers))
    if target.format is PrintFormat.PDF:
        return PrintRequest(pdf, PrintFormat.PDF, name, copies)
    text = zpl.pdf(pdf, target.size, dpi=target.dpi)
    return PrintRequest(text.encode(), PrintFormat.ZPL, name, copies)
