"""Documents for ZPL printers (the ``ZplRenderer`` port): posylka's own documents as native ZPL,
PDFs (Ozon's labels) as ``^GF`` graphics."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from posylka.adapters.documents.zpl_documents import (
    after_sales_card_zpl,
    pick_list_zpl,
    slip_zpl,
)
from posylka.adapters.documents.zpl_graphic import pdf_to_zpl
from posylka.domain.documents import AfterSalesCardData, PaperSize, PickListData, SlipData


@dataclass(frozen=True, slots=True)
class ZplDocumentRenderer:
    timezone: ZoneInfo

    def slip(self, slip: SlipData, size: PaperSize, *, dpi: int, language: str) -> str:
        return slip_zpl(slip, size=size, dpi=dpi, language=language, tz=self.timezone)

    def pick_list(self, data: PickListData, size: PaperSize, *, dpi: int, language: str) -> str:
        return pick_list_zpl(data, size=size, dpi=dpi, language=language, tz=self.timezone)

    def card(self, card: AfterSalesCardData, size: PaperSize, *, dpi: int) -> str:
        return after_sales_card_zpl(card, size=size, dpi=dpi)

    def pdf(self, pdf: bytes, size: PaperSize, *, dpi: int) -> str:
        return pdf_to_zpl(pdf, size=size, dpi=dpi)
