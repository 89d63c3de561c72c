"""The pick list: one A4 list per batch, products in bin order, each with its per-posting split.

The picker walks the warehouse once, top to bottom of the list, ticking the box of each product
picked; the batch's Code128 at the top is scanned at the packing desk to open the batch.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from posylka.adapters.documents.drawing import Canvas
from posylka.adapters.documents.slips import format_time
from posylka.adapters.documents.wording import word
from posylka.domain.documents import UNKNOWN, PickListData, PickListEntry

MARGIN = 12.0
TEXT_PT = 9.0
SMALL_PT = 7.5
TITLE_PT = 16.0
BAR_HEIGHT = 12.0
# Column shares of the printable width: check box, bin, total, product, per-posting split.
COLUMNS = (("picked", 0.06), ("bin", 0.12), ("qty", 0.08), ("name", 0.42), ("for_postings", 0.32))
NAME_LINES = 2
SPLIT_LINES = 40
"""A product shared by more postings than fit in 40 lines ends with an ellipsis; the batch's
posting index at the end still lists them all."""


class PickListDrawer:
    def __init__(self, canvas: Canvas, language: str, tz: ZoneInfo) -> None:
        self.c = canvas
        self.language = language
        self.tz = tz
        self.left = MARGIN
        self.width = canvas.width - 2 * MARGIN
        self.bottom = canvas.height - MARGIN
        self.y = 0.0
        self.page_no = 0
        self.data: PickListData | None = None
        self.cols: list[tuple[float, float]] = []
        x = self.left
        for _, share in COLUMNS:
            self.cols.append((x, self.width * share - 2))
            x += self.width * share

    def w(self, key: str) -> str:
        return word(key, self.language)

    def draw(self, data: PickListData) -> None:
        self.data = data
        self._first_page(data)
        self._head_row()
        for entry in data.entries:
            self._entry(entry)
        self._posting_index(data)

    def _new_page(self) -> None:
        self.c.page()
        self.page_no += 1
        self.y = MARGIN
        if self.page_no > 1:
            assert self.data is not None
            self.c.font(SMALL_PT)
            self.y += self.c.line_height()
            label = f"{self.w('pick_list')} {self.data.code} · {self.w('page')} {self.page_no}"
            self.c.text(self.left, self.y, label, self.width)
            self.y += 1.5

    def _first_page(self, data: PickListData) -> None:
        c = self.c
        self._new_page()
        bar_width = self.width * 0.42
        bars = c.code128(
            self.left + self.width - bar_width, self.y, data.code, bar_width, BAR_HEIGHT
        )
        text_width = bars.x - self.left - 3
        c.font(TITLE_PT)
        y = self.y + c.line_height()
        c.text(self.left, y, f"{self.w('pick_list')} {data.code}", text_width)
        c.font(TEXT_PT)
        pitch = c.line_height()
        if data.title:
            y += pitch
            c.text(self.left, y, data.title, text_width)
        y += pitch
        created = f"{self.w('created')}: {format_time(data.created_at, self.tz)}"
        if data.created_by:
            created += f" · {self.w('by')}: {data.created_by}"
        c.text(self.left, y, f"{data.store_name} · {created}", text_width)
        y += pitch
        totals = (
            f"{self.w('postings')}: {len(data.posting_numbers)} · "
            f"{self.w('products')}: {len(data.entries)} · {self.w('units')}: {data.total_quantity}"
        )
        c.text(self.left, y, totals, text_width)
        c.font(SMALL_PT)
        caption_y = bars.y + bars.height + c.line_height()
        c.text(bars.x, caption_y, data.code, bars.width)
        self.y = max(y, caption_y) + 3

    def _head_row(self) -> None:
        c = self.c
        c.font(SMALL_PT)
        self.y += c.line_height()
        for (key, _), (cx, cw) in zip(COLUMNS, self.cols, strict=True):
            c.text(cx, self.y, self.w(key), cw)
        self.y += 1.0
        c.rule(self.left, self.y, self.width)

    def _entry(self, entry: PickListEntry) -> None:
        c = self.c
        c.font(TEXT_PT)
        pitch = c.line_height()
        names = c.wrap(entry.name, self.cols[3][1], NAME_LINES)
        c.font(SMALL_PT)
        small = c.line_height()
        split = ", ".join(f"{p.posting_number} ×{p.quantity}" for p in entry.parts)
        split_lines = c.wrap(split, self.cols[4][1], SPLIT_LINES)
        height = max(pitch * (1 + len(names)) + small, small * len(split_lines) + pitch * 0.5)
        if self.y + height + 1 > self.bottom:
            self._new_page()
            self._head_row()
        top = self.y
        c.font(TEXT_PT)
        y = top + pitch
        c.box(self.cols[0][0] + 1, y - pitch * 0.75, pitch * 0.8)
        c.text(self.cols[1][0], y, entry.bin or UNKNOWN, self.cols[1][1])
        c.text(self.cols[2][0], y, f"{entry.total_quantity}", self.cols[2][1])
        c.text(self.cols[3][0], y, entry.offer_id, self.cols[3][1])
        for name in names:
            y += pitch
            c.pdf.text(self.cols[3][0], y, name)
        c.font(SMALL_PT)
        y += small
        c.text(
            self.cols[3][0], y, f"{self.w('barcode')}: {entry.barcode or UNKNOWN}", self.cols[3][1]
        )
        sy = top + pitch
        for line in split_lines:
            c.pdf.text(self.cols[4][0], sy, line)
            sy += small
        self.y = max(y, sy - small) + small * 0.5
        c.rule(self.left, self.y, self.width)

    def _posting_index(self, data: PickListData) -> None:
        """The batch's postings at the end, to tick off as each is packed."""
        c = self.c
        c.font(TEXT_PT)
        pitch = c.line_height()
        if self.y + pitch * 3 > self.bottom:
            self._new_page()
        self.y += pitch * 1.5
        c.text(self.left, self.y, self.w("postings_in_batch"), self.width)
        c.font(SMALL_PT)
        small = c.line_height()
        per_row = 4
        col_width = self.width / per_row
        for i, number in enumerate(data.posting_numbers):
            if i % per_row == 0:
                if self.y + small * 1.4 > self.bottom:
                    self._new_page()
                self.y += small * 1.3
            x = self.left + (i % per_row) * col_width
            c.box(x, self.y - small * 0.7, small * 0.75)
            c.text(x + small, self.y, number, col_width - small - 1)
