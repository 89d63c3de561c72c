"""Documents: what goes onto a posting's slip, a pick list and an after-sales card.

These values are the whole content of a document, already gathered from postings and the
catalogue; a renderer (PDF, ZPL) only lays them out. Nothing here knows about fonts, pages or
languages: texts that the staff read are chosen by the renderer from codes (the packing recipe's
materials, steps and marks), texts that come from Ozon or the seller (names, addresses) travel as
they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from posylka.domain.ids import (
    BatchId,
    OfferId,
    OrderNumber,
    PostingNumber,
    Sku,
    StoreId,
)
from posylka.domain.recipes import Recipe

UNKNOWN = "—"
"""What a document shows where a value is not known (no bin, no barcode, no ship-by)."""


class PaperSize(StrEnum):
    """The sheets posylka prints on: office A4 and the common thermal label rolls."""

    A4 = "a4"
    THERMAL_100X150 = "100x150"
    THERMAL_75X120 = "75x120"
    THERMAL_58X40 = "58x40"

    @property
    def width_mm(self) -> float:
        return _SIZES_MM[self][0]

    @property
    def height_mm(self) -> float:
        return _SIZES_MM[self][1]

    @property
    def is_thermal(self) -> bool:
        return self is not PaperSize.A4

    @classmethod
    def parse(cls, raw: str) -> PaperSize:
        """Read a size as a user or a URL writes it (``a4``, ``100x150``, ``100×150``)."""
        cleaned = raw.strip().lower().replace("×", "x").replace(" ", "").removesuffix("mm")
        try:
            return cls(cleaned)
        except ValueError:
            allowed = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown paper size {raw!r}: expected one of {allowed}") from None


_SIZES_MM: dict[PaperSize, tuple[float, float]] = {
    PaperSize.A4: (210.0, 297.0),
    PaperSize.THERMAL_100X150: (100.0, 150.0),
    PaperSize.THERMAL_75X120: (75.0, 120.0),
    PaperSize.THERMAL_58X40: (58.0, 40.0),
}

SLIP_SIZES = (PaperSize.A4, PaperSize.THERMAL_100X150, PaperSize.THERMAL_75X120)
"""Sizes an order details slip is printed in (58×40 is too small for its item list)."""


@dataclass(frozen=True, slots=True)
class SlipLine:
    """One item of a posting as the packer needs it: what, how many, where it lies, how to scan it.

    ``bin`` and ``barcode`` are ``None`` when the catalogue does not know them (shown as "—").
    """

    offer_id: OfferId
    sku: Sku
    name: str
    quantity: int
    bin: str | None = None
    barcode: str | None = None


@dataclass(frozen=True, slots=True)
class Recipient:
    """The rFBS buyer who receives the parcel; FBS slips have none (Ozon hides the buyer)."""

    name: str
    address_lines: tuple[str, ...]
    phone: str = ""


@dataclass(frozen=True, slots=True)
class SlipData:
    """An order details slip: everything the packer needs to assemble one posting.

    ``recipe`` is how to pack it (the store's packing rules over the items' flags); ``None`` or
    a plain recipe means "no special steps" and the slip says so.
    """

    store_id: StoreId
    store_name: str
    posting_number: PostingNumber
    order_number: OrderNumber
    ship_by: datetime | None
    delivery_method: str
    warehouse: str
    is_rfbs: bool
    lines: tuple[SlipLine, ...]
    recipe: Recipe | None = None
    recipient: Recipient | None = None

    @property
    def total_quantity(self) -> int:
        return sum(line.quantity for line in self.lines)


@dataclass(frozen=True, slots=True)
class AfterSalesCardData:
    """An insert for the buyer, in Russian: thanks, how to reach the seller, a QR code to a link.

    Any part may be empty; an empty ``link`` means no QR code.
    """

    store_name: str
    headline: str
    message: str
    contacts: tuple[str, ...] = ()
    link: str = ""
    link_caption: str = ""


@dataclass(frozen=True, slots=True)
class AfterSalesCardSettings:
    """A store's after-sales card as configured in the settings; ``enabled`` means it is printed
    with every slip unless the user says otherwise."""

    store_id: StoreId
    enabled: bool = False
    headline: str = ""
    message: str = ""
    contacts: tuple[str, ...] = ()
    link: str = ""
    link_caption: str = ""
    updated_at: datetime | None = None
    updated_by: str = ""

    def card(self, store_name: str) -> AfterSalesCardData:
        return AfterSalesCardData(
            store_name=store_name,
            headline=self.headline,
            message=self.message,
            contacts=self.contacts,
            link=self.link,
            link_caption=self.link_caption,
        )


@dataclass(frozen=True, slots=True)
class PickBatch:
    """A stored pick-list batch: the postings picked together, in the order they were chosen."""

    id: BatchId
    store_id: StoreId
    title: str
    created_by: str
    created_at: datetime
    posting_numbers: tuple[PostingNumber, ...]

    @property
    def code(self) -> str:
        return batch_code(self.id)


@dataclass(frozen=True, slots=True)
class PickListPart:
    """How much of a product one posting of the batch takes."""

    posting_number: PostingNumber
    quantity: int


@dataclass(frozen=True, slots=True)
class PickListEntry:
    """One product to pick: its total over the batch and the postings it goes to."""

    offer_id: OfferId
    sku: Sku
    name: str
    bin: str | None
    barcode: str | None
    total_quantity: int
    parts: tuple[PickListPart, ...]


@dataclass(frozen=True, slots=True)
class PickListData:
    """A batch's pick list: products in walking order (by bin), each with its per-posting split."""

    store_id: StoreId
    store_name: str
    batch_id: BatchId
    created_at: datetime
    created_by: str
    posting_numbers: tuple[PostingNumber, ...]
    entries: tuple[PickListEntry, ...]
    title: str = ""
    """What the batch was made from (a delivery method and cutoff); empty for a hand selection."""

    @property
    def code(self) -> str:
        return batch_code(self.batch_id)

    @property
    def total_quantity(self) -> int:
        return sum(e.total_quantity for e in self.entries)


BATCH_CODE_PREFIX = "PL"


def batch_code(batch_id: BatchId) -> str:
    """The batch's printed and scanned number, e.g. ``PL-000042`` (Code128 on the pick list)."""
    return f"{BATCH_CODE_PREFIX}-{batch_id:06d}"


def parse_batch_code(code: str) -> BatchId | None:
    """The batch id in a scanned code, or ``None`` when the code is not a batch's."""
    prefix, sep, digits = code.strip().upper().partition("-")
    if prefix != BATCH_CODE_PREFIX or not sep or not digits.isdigit():
        return None
    return BatchId(int(digits))


@dataclass(frozen=True, slots=True)
class PickSource:
    """One posting's items as a pick list reads them."""

    posting_number: PostingNumber
    lines: Sequence[SlipLine]


def bin_order_key(bin_: str | None) -> tuple[int, tuple[tuple[int, int | str], ...]]:
    """Sort key for bin locations in walking order: ``A-2-10`` after ``A-2-9``; unknown bins last.

    Digit runs compare as numbers, other runs as case-folded text.
    """
    if not bin_:
        return (1, ())
    parts: list[tuple[int, int | str]] = []
    run = ""
    for ch in bin_.strip():
        if run and ch.isdigit() != run[-1].isdigit():
            parts.append(_bin_part(run))
            run = ""
        run += ch
    if run:
        parts.append(_bin_part(run))
    return (0, tuple(parts))


def _bin_part(run: str) -> tuple[int, int | str]:
    return (0, int(run)) if run.isdigit() else (1, run.casefold())


def pick_entries(sources: Iterable[PickSource]) -> tuple[PickListEntry, ...]:
    """Merge the items of many postings into one line per product, sorted for one walk.

    A product is the same when its SKU is the same (Ozon's id); lines are ordered by bin
    location, then offer_id, so the picker passes each shelf once; products with no known bin
    come last. Within a product the postings keep the order they were given in.
    """
    totals: dict[tuple[Sku, OfferId], list[SlipLine]] = {}
    parts: dict[tuple[Sku, OfferId], list[PickListPart]] = {}
    for source in sources:
        for line in source.lines:
            if line.quantity <= 0:
                continue
            key = (line.sku, line.offer_id)
            totals.setdefault(key, []).append(line)
            parts.setdefault(key, []).append(PickListPart(source.posting_number, line.quantity))
    entries = []
    for key, lines in totals.items():
        first = lines[0]
        entries.append(
            PickListEntry(
                offer_id=first.offer_id,
                sku=first.sku,
                name=first.name,
                bin=next((ln.bin for ln in lines if ln.bin), None),
                barcode=next((ln.barcode for ln in lines if ln.barcode), None),
                total_quantity=sum(ln.quantity for ln in lines),
                parts=tuple(parts[key]),
            )
        )
    entries.sort(key=lambda e: (bin_order_key(e.bin), e.offer_id, e.sku))
    return tuple(entries)
