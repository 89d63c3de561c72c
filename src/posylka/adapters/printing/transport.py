"""The printer transport: sends a document to a configured printer by its kind."""

from __future__ import annotations

from dataclasses import dataclass

from posylka.adapters.printing.cups import LP_TIMEOUT_SECONDS, send_lp
from posylka.adapters.printing.raw import (
    CONNECT_TIMEOUT_SECONDS,
    WRITE_TIMEOUT_SECONDS,
    send_raw,
)
from posylka.domain.printing import Printer, PrinterKind, PrintFormat


@dataclass(frozen=True, slots=True)
class PrinterTransport:
    """Sends documents to printers (the ``PrinterTransport`` port). Raises ``PrintError``."""

    connect_timeout: float = CONNECT_TIMEOUT_SECONDS
    write_timeout: float = WRITE_TIMEOUT_SECONDS
    lp_command: str = "lp"
    lp_timeout: float = LP_TIMEOUT_SECONDS

    def send(
        self, printer: Printer, content: bytes, *, format: PrintFormat, copies: int, title: str
    ) -> str:
        if printer.kind is PrinterKind.RAW9100:
            send_raw(
                printer.address,
                content,
                copies=copies,
                connect_timeout=self.connect_timeout,
                write_timeout=self.write_timeout,
            )
            return f"sent to {printer.where}"
        return send_lp(
            printer.address,
            content,
            format=format,
            copies=copies,
            label_size=printer.label_size,
            title=title,
            command=self.lp_command,
            timeout=self.lp_timeout,
        )
