"""Slips, pick lists and after-sales cards as native ZPL, from the same data as their PDFs.

Native ZPL is small (a slip is about a kilobyte, against tens of kilobytes as a graphic of the
whole page) and prints at the printer's full sharpness. Lines the printer's font cannot print
(Chinese staff wording, a Chinese product name) become small ``^GF`` graphics in their place
(:class:`posylka.adapters.documents.zpl.ZplLabel`); the barcodes stay native.

A document longer than one label continues on the next, with its number repeated at the top.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from posylka.adapters.documents.recipe_words import recipe_lines
from posylka.adapters.documents.wording import word
from posylka.adapters.documents.zpl import ZplLabel
from posylka.domain.documents import (
    UNKNOWN,
    AfterSalesCardData,
    PaperSize,
    PickListData,
    SlipData,
)

MARGIN = 3.0
"""Millimetres kept clear on every side."""


class Flow:
    """Lays blocks out top to bottom, starting a new label when one is full."""

    def __init__(self, size: PaperSize, dpi: int, heading: str) -> None:
        self.size = size
        self.dpi = dpi
        self.heading = heading
        self.labels: list[ZplLabel] = []
        self.y = 0.0
        self.small = size.width_mm < 80
        self.width = size.width_mm - 2 * MARGIN
        self._new_label()

    @property
    def label(self) -> ZplLabel:
        return self.labels[-1]

    def _new_label(self) -> None:
        self.labels.append(ZplLabel.of(self.size, self.dpi))
        self.y = MARGIN
        if len(self.labels) > 1:
            self.y += self.label.text(MARGIN, self.y, self.width, self.heading, size=2.6)

    def room(self, height: float) -> None:
        """Start a new label unless ``height`` mm still fit on this one."""
        if self.y + height > self.size.height_mm - MARGIN and self.y > MARGIN + 8:
            self._new_label()

    def text(self, value: str, *, size: float = 2.8, lines: int = 1, indent: float = 0.0) -> None:
        self.room(size * 1.25 * lines)
        self.y += self.label.text(
            MARGIN + indent, self.y, self.width - indent, value, size=size, lines=lines
        )

    def code128(self, value: str, *, height: float = 12.0) -> None:
        self.room(height + 4)
        self.y += self.label.code128(MARGIN, self.y, value, height=height, max_width=self.width)

    def rule(self) -> None:
        self.room(2)
        self.label.rule(MARGIN, self.y + 0.5, self.width)
        self.y += 2.0

    def gap(self, mm: float = 1.5) -> None:
        self.y += mm

    def zpl(self) -> str:
        return "".join(label.zpl() for label in self.labels)


def _when(value: datetime | None, tz: ZoneInfo) -> str:
    return value.astimezone(tz).strftime("%d.%m.%Y %H:%M") if value else UNKNOWN


def slip_zpl(slip: SlipData, *, size: PaperSize, dpi: int, language: str, tz: ZoneInfo) -> str:
    """An order details slip as ZPL labels (one, or more when it is long)."""

    def w(key: str) -> str:
        return word(key, language)

    flow = Flow(size, dpi, f"{slip.posting_number} ({w('continued')})")
    flow.text(f"{w('slip')} · {slip.store_name}", size=2.6)
    flow.text(slip.posting_number, size=5.0)
    flow.code128(slip.posting_number, height=10.0 if flow.small else 14.0)
    flow.text(f"{w('order')}: {slip.order_number}")
    flow.text(f"{w('ship_by')}: {_when(slip.ship_by, tz)}", size=3.2)
    flow.text(f"{w('delivery')}: {slip.delivery_method}", lines=2)
    flow.text(f"{w('warehouse')}: {slip.warehouse}")
    flow.rule()
    flow.text(f"{w('items')}: {slip.total_quantity} {w('item_count')}", size=3.2)
    for line in slip.lines:
        flow.room(14)
        flow.text(f"{line.quantity} × {line.offer_id}", size=3.6)
        flow.text(line.name, lines=2, indent=2)
        flow.text(
            f"{w('bin')}: {line.bin or UNKNOWN} · {w('barcode')}: {line.barcode or UNKNOWN}",
            size=2.6,
            indent=2,
        )
        flow.gap(1.0)
    flow.rule()
    flow.text(w("packaging"), size=3.0)
    for said in recipe_lines(slip.recipe, language, tick="-"):
        flow.text(said, lines=3, indent=2)
    if slip.recipient:
        flow.rule()
        flow.text(slip.recipient.name, size=3.2)
        for address in slip.recipient.address_lines:
            flow.text(address, lines=2)
        if slip.recipient.phone:
            flow.text(slip.recipient.phone)
    return flow.zpl()


def pick_list_zpl(
    pick: PickListData, *, size: PaperSize, dpi: int, language: str, tz: ZoneInfo
) -> str:
    """A batch's pick list as ZPL labels (as many as it takes)."""

    def w(key: str) -> str:
        return word(key, language)

    flow = Flow(size, dpi, f"{pick.code} ({w('continued')})")
    flow.text(f"{w('pick_list')} · {pick.store_name}", size=2.6)
    flow.text(pick.code, size=5.0)
    flow.code128(pick.code, height=10.0)
    if pick.title:
        flow.text(pick.title, lines=2)
    flow.text(f"{w('created')}: {_when(pick.created_at, tz)}, {w('by')} {pick.created_by}")
    flow.text(
        f"{w('postings')}: {len(pick.posting_numbers)} · {w('units')}: {pick.total_quantity}",
        size=3.2,
    )
    flow.rule()
    for entry in pick.entries:
        flow.room(16)
        flow.text(f"{entry.bin or UNKNOWN} · {entry.total_quantity} × {entry.offer_id}", size=3.6)
        flow.text(entry.name, lines=2, indent=2)
        for part in entry.parts:
            flow.text(f"{part.posting_number} × {part.quantity}", size=2.6, indent=4)
        flow.gap(1.0)
    return flow.zpl()


def after_sales_card_zpl(card: AfterSalesCardData, *, size: PaperSize, dpi: int) -> str:
    """The buyer's card (Russian) as one ZPL label."""
    label = ZplLabel.of(size, dpi)
    width = size.width_mm - 2 * MARGIN
    compact = size.height_mm < 60
    y = MARGIN
    qr_size = min(width, size.height_mm * (0.6 if compact else 0.35))
    text_width = width - qr_size - 2 if compact and card.link else width
    y += label.text(MARGIN, y, text_width, card.headline, size=3.0 if compact else 5.0, lines=2)
    if not compact:
        y += label.text(MARGIN, y, width, card.store_name, size=3.0)
        y += 2
        y += label.text(MARGIN, y, width, card.message, size=3.0, lines=8)
        if card.contacts:
            y += 1
            for contact in card.contacts:
                y += label.text(MARGIN, y, width, contact, size=2.8)
    else:
        y += label.text(MARGIN, y, text_width, card.message, size=2.4, lines=4)
    if card.link:
        qr_x = size.width_mm - MARGIN - qr_size if compact else MARGIN
        qr_y = MARGIN if compact else max(y + 2, size.height_mm - MARGIN - qr_size - 6)
        used = label.qr(qr_x, qr_y, card.link, size=qr_size)
        if card.link_caption and not compact:
            label.text(MARGIN, qr_y + used, width, card.link_caption, size=2.8)
    return label.zpl()
