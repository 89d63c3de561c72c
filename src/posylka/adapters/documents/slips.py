"""The order details slip: one posting on A4 or a thermal label, continued on more pages if long.

Top: the posting number in words, as a QR code and as a Code128 to scan at the packing desk; the
order number, ship-by, delivery method and warehouse. Then every item (quantity, offer_id, name,
bin, barcode), the packing recipe (warnings, marks, materials, steps, inserts), and for rFBS the
recipient in Russian.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from posylka.adapters.documents.drawing import Canvas
from posylka.adapters.documents.recipe_words import recipe_lines
from posylka.adapters.documents.wording import buyer_word, word
from posylka.domain.documents import UNKNOWN, PaperSize, SlipData, SlipLine


@dataclass(frozen=True, slots=True)
class SlipLayout:
    margin: float
    title_pt: float
    number_pt: float
    text_pt: float
    small_pt: float
    qr_side: float
    bar_height: float
    tabular: bool
    name_lines: int
    address_lines: int


LAYOUTS = {
    PaperSize.A4: SlipLayout(12, 10, 18, 10, 8, 32, 16, True, 2, 6),
    PaperSize.THERMAL_100X150: SlipLayout(3, 7, 14, 9, 7, 25, 13, False, 2, 4),
    PaperSize.THERMAL_75X120: SlipLayout(2.5, 6, 11, 7.5, 6, 20, 11, False, 2, 3),
    PaperSize.THERMAL_58X40: SlipLayout(1.5, 5, 7, 5, 4.5, 14, 7, False, 1, 1),
}


def format_time(value: datetime | None, tz: ZoneInfo) -> str:
    """A deadline in the desk's time zone, written the same way in every language."""
    if value is None:
        return UNKNOWN
    return value.astimezone(tz).strftime("%d.%m.%Y %H:%M")


class SlipDrawer:
    """Draws slips one after another into a canvas."""

    def __init__(self, canvas: Canvas, size: PaperSize, language: str, tz: ZoneInfo) -> None:
        self.c = canvas
        self.size = size
        self.lay = LAYOUTS[size]
        self.language = language
        self.tz = tz
        self.left = self.lay.margin
        self.right = canvas.width - self.lay.margin
        self.width = self.right - self.left
        self.bottom = canvas.height - self.lay.margin
        self.y = 0.0
        self.slip: SlipData | None = None

    def w(self, key: str) -> str:
        return word(key, self.language)

    # --- page flow ------------------------------------------------------------------------------

    def ensure(self, height: float) -> None:
        """Start a continuation page when ``height`` mm do not fit below the cursor."""
        if self.y + height <= self.bottom:
            return
        assert self.slip is not None
        self.c.page()
        lay = self.lay
        self.y = lay.margin
        self.c.font(lay.text_pt)
        self.y += self.c.line_height()
        label = f"{self.w('posting')} {self.slip.posting_number} ({self.w('continued')})"
        self.c.text(self.left, self.y, label, self.width)
        self.y += self.c.line_height() * 0.6
        self.c.rule(self.left, self.y, self.width)
        self.y += 1.0

    # --- the slip -------------------------------------------------------------------------------

    def draw(self, slip: SlipData) -> None:
        self.slip = slip
        self.c.page()
        self.y = self.lay.margin
        self._header(slip)
        self._items(slip)
        self._packaging(slip)
        if slip.recipient is not None:
            self._recipient(slip)

    def _header(self, slip: SlipData) -> None:
        c, lay = self.c, self.lay
        qr_side = c.qr(self.right - lay.qr_side, self.y, slip.posting_number, lay.qr_side)
        text_width = self.width - qr_side - 1.5
        top = self.y
        y = top
        c.font(lay.title_pt)
        y += c.line_height()
        c.text(self.left, y, f"{self.w('slip')} · {slip.store_name}", text_width)
        c.font(lay.number_pt)
        y += c.line_height() * 0.95
        c.text(self.left, y, slip.posting_number, text_width)
        c.font(lay.text_pt)
        pitch = c.line_height()
        rows = (
            (self.w("order"), slip.order_number or UNKNOWN),
            (self.w("ship_by"), format_time(slip.ship_by, self.tz)),
            (self.w("delivery"), slip.delivery_method or UNKNOWN),
            (self.w("warehouse"), slip.warehouse or UNKNOWN),
        )
        for label, value in rows:
            y += pitch
            if y > top + qr_side and not lay.tabular:
                text_width = self.width
            c.text(self.left, y, f"{label}: {value}", text_width)
        self.y = max(y + pitch * 0.4, top + qr_side)
        # The page's white margins count as the symbol's quiet zones, so the bars may use the
        # whole label width: a thicker module scans better from a thermal print.
        full_width = self.width + 2 * lay.margin
        bars = c.code128(0, self.y, slip.posting_number, full_width, lay.bar_height)
        self.y = bars.y + bars.height
        c.font(lay.small_pt)
        self.y += c.line_height()
        caption = slip.posting_number
        c.text(self.left + (self.width - c.text_width(caption)) / 2, self.y, caption, self.width)
        self.y += c.line_height() * 0.5
        c.rule(self.left, self.y, self.width)
        self.y += 1.0

    def _section(self, title: str) -> None:
        self.c.font(self.lay.text_pt)
        pitch = self.c.line_height()
        self.ensure(pitch * 2.2)
        self.y += pitch
        self.c.text(self.left, self.y, title, self.width)
        self.y += pitch * 0.35

    def _items(self, slip: SlipData) -> None:
        count = f"{self.w('items')}: {slip.total_quantity} {self.w('item_count')}"
        self._section(count)
        if not slip.lines:
            self.c.font(self.lay.text_pt)
            self.y += self.c.line_height()
            self.c.text(self.left, self.y, self.w("no_items"), self.width)
            self.y += self.c.line_height() * 0.4
            return
        if self.lay.tabular:
            self._table(slip.lines)
        else:
            for line in slip.lines:
                self._item_block(line)

    # A4: one row per item, the name wrapped over two lines.
    _COLUMNS = (("qty", 0.07), ("offer_id", 0.2), ("name", 0.41), ("bin", 0.12), ("barcode", 0.2))

    def _table(self, lines: tuple[SlipLine, ...]) -> None:
        c, lay = self.c, self.lay
        xs = []
        x = self.left
        for _, share in self._COLUMNS:
            xs.append((x, self.width * share - 2))
            x += self.width * share
        c.font(lay.small_pt)
        self.y += c.line_height()
        for (key, _), (cx, cw) in zip(self._COLUMNS, xs, strict=True):
            c.text(cx, self.y, self.w(key), cw)
        self.y += 1.0
        c.rule(self.left, self.y, self.width)
        for line in lines:
            c.font(lay.text_pt)
            pitch = c.line_height()
            names = c.wrap(line.name, xs[2][1], lay.name_lines)
            self.ensure(pitch * (len(names) + 0.5))
            y = self.y + pitch
            cells = (
                f"{line.quantity}",
                line.offer_id,
                "",
                line.bin or UNKNOWN,
                line.barcode or UNKNOWN,
            )
            for value, (cx, cw) in zip(cells, xs, strict=True):
                if value:
                    c.text(cx, y, value, cw)
            for i, name in enumerate(names):
                c.pdf.text(xs[2][0], y + i * pitch, name)
            self.y = y + (len(names) - 1) * pitch + pitch * 0.35
            c.rule(self.left, self.y, self.width)

    def _item_block(self, line: SlipLine) -> None:
        c, lay = self.c, self.lay
        c.font(lay.text_pt)
        pitch = c.line_height()
        c.font(lay.small_pt)
        small = c.line_height()
        names = c.wrap(line.name, self.width, lay.name_lines)
        self.ensure(pitch + small * (len(names) + 1) + 1)
        c.font(lay.text_pt)
        self.y += pitch
        bin_text = f"{self.w('bin')}: {line.bin or UNKNOWN}"
        bin_width = min(c.text_width(bin_text), self.width * 0.45)
        c.text(self.right - bin_width, self.y, bin_text, bin_width)
        c.text(self.left, self.y, f"{line.quantity} × {line.offer_id}", self.width - bin_width - 2)
        c.font(lay.small_pt)
        for name in names:
            self.y += small
            c.pdf.text(self.left, self.y, name)
        self.y += small
        c.text(self.left, self.y, f"{self.w('barcode')}: {line.barcode or UNKNOWN}", self.width)
        self.y += small * 0.4
        c.rule(self.left, self.y, self.width)

    def _packaging(self, slip: SlipData) -> None:
        c, lay = self.c, self.lay
        self._section(self.w("packaging"))
        c.font(lay.text_pt)
        pitch = c.line_height()
        for line in recipe_lines(slip.recipe, self.language):
            wrapped = c.wrap(line, self.width, 3)
            self.ensure(pitch * len(wrapped))
            for text in wrapped:
                self.y += pitch
                c.pdf.text(self.left, self.y, text)

    def _recipient(self, slip: SlipData) -> None:
        c, lay = self.c, self.lay
        recipient = slip.recipient
        assert recipient is not None
        c.font(lay.text_pt)
        pitch = c.line_height()
        address = c.wrap(", ".join(recipient.address_lines), self.width, lay.address_lines)
        self.ensure(pitch * (len(address) + 3.5))
        self.y += pitch * 0.5
        c.rule(self.left, self.y, self.width)
        self.y += pitch
        c.text(self.left, self.y, f"{buyer_word('recipient')}: {recipient.name}", self.width)
        for text in address:
            self.y += pitch
            c.pdf.text(self.left, self.y, text)
        if recipient.phone:
            self.y += pitch
            c.text(self.left, self.y, f"{buyer_word('phone')}: {recipient.phone}", self.width)
