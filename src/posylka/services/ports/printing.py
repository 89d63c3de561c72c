"""Ports of the printing area: printers and the print queue, ZPL rendering, and the transport
that hands a document to a printer."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from posylka.domain.documents import AfterSalesCardData, PaperSize, PickListData, SlipData
from posylka.domain.ids import PrintJobId, UserId
from posylka.domain.printing import (
    Printer,
    PrinterKind,
    PrintFormat,
    PrintJob,
    PrintJobStatus,
    PrintRequest,
)


class PrintingRepository(Protocol):
    """Printers, default printers per user or station, and print jobs with their bytes."""

    def add_printer(
        self,
        *,
        name: str,
        kind: PrinterKind,
        address: str,
        format: PrintFormat,
        dpi: int,
        label_size: PaperSize,
        now: datetime,
    ) -> Printer: ...
    def update_printer(self, printer: Printer) -> None: ...
    def printers(self, *, active_only: bool = False) -> list[Printer]: ...
    def printer(self, printer_id: int) -> Printer | None: ...
    def printer_by_name(self, name: str) -> Printer | None: ...
    def set_default(self, scope: str, key: str, printer_id: int | None) -> None: ...
    def default(self, scope: str, key: str) -> Printer | None: ...
    def add_job(
        self,
        printer: Printer,
        request: PrintRequest,
        *,
        created_by: str,
        user_id: UserId | None,
        now: datetime,
        reprint_of: PrintJobId | None = None,
    ) -> PrintJobId: ...
    def job(self, job_id: PrintJobId) -> PrintJob | None: ...
    def content(self, job_id: PrintJobId) -> bytes | None: ...
    def jobs(
        self, *, status: PrintJobStatus | None = None, limit: int = 100, offset: int = 0
    ) -> list[PrintJob]: ...
    def count_jobs(self, *, status: PrintJobStatus | None = None) -> int: ...
    def claim(self, job_id: PrintJobId) -> bool: ...
    def mark(
        self,
        job_id: PrintJobId,
        status: PrintJobStatus,
        *,
        error: str = "",
        error_key: str = "",
        error_params: dict[str, str] | None = None,
        at: datetime | None = None,
    ) -> None: ...


class ZplRenderer(Protocol):
    """Documents as ZPL for label printers: posylka's own as native ZPL (lines the printer's font
    cannot print as small graphics), any PDF (Ozon's labels) as ``^GF`` graphics."""

    def slip(self, slip: SlipData, size: PaperSize, *, dpi: int, language: str) -> str: ...
    def pick_list(self, data: PickListData, size: PaperSize, *, dpi: int, language: str) -> str: ...
    def card(self, card: AfterSalesCardData, size: PaperSize, *, dpi: int) -> str: ...
    def pdf(self, pdf: bytes, size: PaperSize, *, dpi: int) -> str: ...


class PrinterTransport(Protocol):
    """Hands a document to a printer; raises ``posylka.domain.printing.PrintError`` with the
    reason when the printer cannot take it."""

    def send(
        self, printer: Printer, content: bytes, *, format: PrintFormat, copies: int, title: str
    ) -> str: ...
