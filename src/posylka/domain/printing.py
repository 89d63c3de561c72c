"""Printers and print jobs: where a document goes, in which form, and what became of it.

A print job is one document (PDF or ZPL bytes) for one printer, with who asked for it and when.
It is ``queued`` until it is handed to the printer, then ``sent``, or ``failed`` with the reason
in one sentence ("printer 10.0.0.5:9100 did not answer within 5 s"). A failed job keeps its bytes
and can be retried; a reprint makes a new job from the same bytes. Nothing is lost when a
printer is offline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from posylka.domain.documents import PaperSize
from posylka.domain.errors import PosylkaError
from posylka.domain.ids import PrintJobId, UserId

RAW_PORT = 9100
"""The raw (JetDirect) port every Zebra-compatible network printer listens on."""


class PrinterKind(StrEnum):
    """How a document reaches the printer."""

    CUPS = "cups"
    """Through the operating system's CUPS queue (``lp -d QUEUE``)."""
    RAW9100 = "raw9100"
    """Straight to the printer's raw port over TCP."""


class PrintFormat(StrEnum):
    PDF = "pdf"
    ZPL = "zpl"


DPIS = (203, 300)
"""Print heads of thermal label printers: 8 dots per mm (203 dpi) and 12 (300 dpi)."""


def dots(mm: float, dpi: int) -> int:
    """Millimetres to printer dots."""
    return round(mm * dpi / 25.4)


class PrintJobStatus(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Printer:
    id: int
    name: str
    kind: PrinterKind
    address: str
    """``host[:port]`` for a raw printer, the CUPS queue name for a CUPS printer."""
    format: PrintFormat
    dpi: int
    label_size: PaperSize
    active: bool = True

    @property
    def where(self) -> str:
        """The printer's address as a person reads it in an error message."""
        if self.kind is PrinterKind.RAW9100:
            host, port = raw_endpoint(self.address)
            return f"{host}:{port}"
        return f"CUPS queue {self.address}"


@dataclass(frozen=True, slots=True)
class PrintJob:
    id: PrintJobId
    printer_id: int
    printer_name: str
    document: str
    """What is printed, for people: "slips 0208245774-0029-1 (+2)"."""
    format: PrintFormat
    copies: int
    status: PrintJobStatus
    error: str
    created_by: str
    user_id: UserId | None
    created_at: datetime
    sent_at: datetime | None
    attempts: int
    size: int
    """Bytes of the document."""
    reprint_of: PrintJobId | None = None
    error_key: str = ""
    """What kind of failure ``error`` is (``PrintError.key``), with ``error_params``, so a page
    can word it in the reader's language."""
    error_params: dict[str, str] | None = None


@dataclass(frozen=True, slots=True)
class PrintRequest:
    """A document to print: its bytes, what it is and how many copies."""

    content: bytes
    format: PrintFormat
    document: str
    copies: int = 1


# --- errors -------------------------------------------------------------------------------------


class PrintError(PosylkaError):
    """A document could not be handed to a printer; the message is the reason a person reads.

    ``key`` and ``params`` say the same for a page that words it in the reader's language."""

    key = "print_error"

    def __init__(self, message: str, *, key: str = "", params: dict[str, str] | None = None):
        super().__init__(message)
        if key:
            self.key = key
        self.params: dict[str, str] = params or {}


class PrinterUnreachable(PrintError):
    """The printer did not take the connection or the data; ``key`` says how."""

    def __init__(self, where: str, reason: str, *, key: str, detail: str = "") -> None:
        params = {"where": where, "detail": detail}
        super().__init__(f"printer {where} {reason}", key=key, params=params)
        self.where = where
        self.reason = reason


class SpoolerMissing(PrintError):
    """``lp`` (CUPS) is not installed on this machine."""

    key = "spooler_missing"

    def __init__(self, command: str) -> None:
        super().__init__(
            f"the command {command!r} was not found: install CUPS (the cups-client package) "
            "or use a printer of kind raw9100",
            params={"command": command},
        )
        self.command = command


class SpoolerRefused(PrintError):
    key = "spooler_refused"

    def __init__(self, queue: str, status: int, output: str) -> None:
        detail = output.strip().splitlines()[-1] if output.strip() else f"exit status {status}"
        super().__init__(
            f"CUPS queue {queue} refused the job: {detail}",
            params={"queue": queue, "detail": detail},
        )
        self.queue = queue
        self.status = status
        self.output = output


class InvalidPrinter(PrintError):
    """A printer's settings are wrong; ``field`` names the one to fix."""

    key = "invalid_printer"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, params={"field": field})
        self.field = field


def raw_endpoint(address: str) -> tuple[str, int]:
    """``host``, ``host:port`` or ``[v6]:port`` as host and port (9100 when not given)."""
    text = address.strip()
    if not text:
        raise InvalidPrinter("address", "a raw printer needs a host name or IP address")
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        port_text = rest.removeprefix(":")
    elif text.count(":") == 1:
        host, _, port_text = text.partition(":")
    else:
        host, port_text = text, ""
    if not host or any(c.isspace() for c in host):
        raise InvalidPrinter("address", f"{address!r} is not a host name or IP address")
    if not port_text:
        return host, RAW_PORT
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise InvalidPrinter("address", f"{port_text!r} in {address!r} is not a TCP port")
    return host, int(port_text)


def check_cups_queue(name: str) -> str:
    """CUPS queue names are printable characters without spaces, slashes or '#'."""
    text = name.strip()
    if not text or any(c.isspace() or c in "/#\\'\"" for c in text) or len(text) > 127:
        raise InvalidPrinter("address", f"{name!r} is not a CUPS queue name")
    return text
