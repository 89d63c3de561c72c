"""The PDF renderer of documents (the ``DocumentRenderer`` port): data in, PDF bytes out."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from posylka.adapters.documents.cards import draw_card
from posylka.adapters.documents.drawing import Canvas, new_document
from posylka.adapters.documents.pick_lists import PickListDrawer
from posylka.adapters.documents.slips import SlipDrawer
from posylka.domain.documents import AfterSalesCardData, PaperSize, PickListData, SlipData


class PdfDocumentRenderer:
    """Slips, after-sales cards and pick lists as PDF, with times shown in the desk's time zone."""

    def __init__(self, timezone: ZoneInfo) -> None:
        self.timezone = timezone

    def slips(
        self,
        slips: Sequence[SlipData],
        size: PaperSize,
        *,
        language: str,
        card: AfterSalesCardData | None = None,
    ) -> bytes:
        """Every slip in one PDF, each starting on a new page; with ``card``, the after-sales card
        follows each slip on its own page so they come out of the printer together."""
        title = slips[0].posting_number if len(slips) == 1 else f"{len(slips)} slips"
        canvas = Canvas(new_document(size, title))
        drawer = SlipDrawer(canvas, size, language, self.timezone)
        for slip in slips:
            drawer.draw(slip)
            if card is not None:
                draw_card(canvas, card, size)
        return _output(canvas)

    def cards(self, cards: Sequence[AfterSalesCardData], size: PaperSize) -> bytes:
        canvas = Canvas(new_document(size, "after-sales card"))
        for card in cards:
            draw_card(canvas, card, size)
        return _output(canvas)

    def pick_list(self, data: PickListData, *, language: str) -> bytes:
        canvas = Canvas(new_document(PaperSize.A4, data.code))
        PickListDrawer(canvas, language, self.timezone).draw(data)
        return _output(canvas)


def _output(canvas: Canvas) -> bytes:
    if canvas.pdf.page == 0:
        canvas.page()
    return bytes(canvas.pdf.output())
