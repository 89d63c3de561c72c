"""Printers and the print queue: set printers up, send documents to them, retry and reprint.

Every document is first recorded as a ``queued`` job with its bytes, committed, and only then
handed to the printer; the outcome (``sent``, or ``failed`` with the reason) is committed after.
A printer that is offline therefore loses nothing: the job stays on the print queue page with
its reason until someone retries it (same job) or reprints it (a new job, possibly elsewhere).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from posylka.domain.documents import PaperSize
from posylka.domain.ids import PrintJobId, UserId
from posylka.domain.printing import (
    DPIS,
    InvalidPrinter,
    Printer,
    PrinterKind,
    PrintError,
    PrintFormat,
    PrintJob,
    PrintJobStatus,
    PrintRequest,
    check_cups_queue,
    raw_endpoint,
)
from posylka.services.accounts import SYSTEM_ACTOR, NotAllowed
from posylka.services.ports import Account, Clock, PrinterTransport, UnitOfWorkFactory

log = logging.getLogger(__name__)

USER_SCOPE = "user"
STATION_SCOPE = "station"
MAX_COPIES = 50


class UnknownPrinter(PrintError):
    def __init__(self, printer: int | str) -> None:
        super().__init__(f"no printer {printer!r}")
        self.printer = printer


class UnknownPrintJob(PrintError):
    def __init__(self, job_id: int) -> None:
        super().__init__(f"no print job #{job_id}")
        self.job_id = job_id


class NoPrinterChosen(PrintError):
    def __init__(self) -> None:
        super().__init__("no printer given and no default printer is set for this user or station")


class WrongFormat(PrintError):
    """A document in one format sent to a printer set up for the other."""

    def __init__(self, printer: Printer, format: PrintFormat) -> None:
        super().__init__(
            f"printer {printer.name!r} takes {printer.format.value.upper()}, "
            f"this document is {format.value.upper()}"
        )
        self.printer = printer
        self.format = format


@dataclass(frozen=True, slots=True)
class NewPrinter:
    name: str
    kind: str
    address: str
    format: str
    dpi: str | int
    label_size: str


def _actor(by: Account | None, name: str = "") -> tuple[str, UserId | None]:
    """Who did it: the logged-in account, else ``name`` (the command line's user), else the
    system."""
    if by is not None:
        return by.username, by.id
    return name or SYSTEM_ACTOR, None


def _check_admin(by: Account | None, action: str) -> None:
    if by is not None and not by.role.can_manage_settings:
        raise NotAllowed(by.role, action)


def _validated(new: NewPrinter) -> Printer:
    """The printer ``new`` describes (id 0), or ``InvalidPrinter`` naming the first wrong field."""
    name = new.name.strip()
    if not name or len(name) > 100:
        raise InvalidPrinter("name", "a printer needs a name of at most 100 characters")
    try:
        kind = PrinterKind(new.kind)
    except ValueError:
        raise InvalidPrinter("kind", f"{new.kind!r} is not a kind (cups, raw9100)") from None
    if kind is PrinterKind.RAW9100:
        raw_endpoint(new.address)
        address = new.address.strip()
    else:
        address = check_cups_queue(new.address)
    try:
        format = PrintFormat(new.format)
    except ValueError:
        raise InvalidPrinter("format", f"{new.format!r} is not a format (pdf, zpl)") from None
    if kind is PrinterKind.RAW9100 and format is PrintFormat.PDF:
        raise InvalidPrinter("format", "a raw printer on port 9100 takes ZPL, not PDF")
    dpi = int(new.dpi) if str(new.dpi).isdigit() else 0
    if dpi not in DPIS:
        raise InvalidPrinter("dpi", f"{new.dpi!r} dpi: choose 203 or 300")
    try:
        label_size = PaperSize(new.label_size)
    except ValueError:
        raise InvalidPrinter("label_size", f"{new.label_size!r} is not a label size") from None
    if format is PrintFormat.ZPL and label_size is PaperSize.A4:
        raise InvalidPrinter("label_size", "ZPL printers take label stock, not A4")
    return Printer(0, name, kind, address, format, dpi, label_size)


def add_printer(
    new: NewPrinter, *, by: Account | None, uow: UnitOfWorkFactory, clock: Clock
) -> Printer:
    """Set up a printer; every field is checked and the first wrong one is named."""
    _check_admin(by, "set up printers")
    checked = _validated(new)
    actor, user_id = _actor(by)
    now = clock.now()
    with uow() as tx:
        printer = tx.printing.add_printer(
            name=checked.name,
            kind=checked.kind,
            address=checked.address,
            format=checked.format,
            dpi=checked.dpi,
            label_size=checked.label_size,
            now=now,
        )
        tx.audit.record(
            "printer.created",
            at=now,
            actor=actor,
            user_id=user_id,
            object_type="printer",
            object_id=str(printer.id),
            details={"name": printer.name, "kind": printer.kind.value, "address": printer.address},
        )
        tx.commit()
    return printer


def update_printer(
    printer_id: int,
    new: NewPrinter,
    *,
    active: bool = True,
    by: Account | None,
    uow: UnitOfWorkFactory,
    clock: Clock,
) -> Printer:
    """Change a printer's settings (a new address after a printer moved, another label size).
    Jobs keep the printer; a failed job retried afterwards goes to the new address."""
    _check_admin(by, "change printers")
    checked = _validated(new)
    actor, user_id = _actor(by)
    with uow() as tx:
        current = tx.printing.printer(printer_id)
        if current is None:
            raise UnknownPrinter(printer_id)
        named = tx.printing.printer_by_name(checked.name)
        if named is not None and named.id != printer_id:
            raise InvalidPrinter("name", f"a printer named {checked.name!r} exists")
        printer = replace(checked, id=printer_id, active=active)
        tx.printing.update_printer(printer)
        tx.audit.record(
            "printer.changed",
            at=clock.now(),
            actor=actor,
            user_id=user_id,
            object_type="printer",
            object_id=str(printer_id),
            details={"name": printer.name, "kind": printer.kind.value, "address": printer.address},
        )
        tx.commit()
    return printer


def list_printers(*, uow: UnitOfWorkFactory, active_only: bool = False) -> list[Printer]:
    with uow() as tx:
        return tx.printing.printers(active_only=active_only)


def find_printer(name_or_id: str, *, uow: UnitOfWorkFactory) -> Printer:
    """A printer by its name, or by its number."""
    with uow() as tx:
        printer = tx.printing.printer_by_name(name_or_id.strip())
        if printer is None and name_or_id.strip().isdigit():
            printer = tx.printing.printer(int(name_or_id))
    if printer is None:
        raise UnknownPrinter(name_or_id)
    return printer


def set_default_printer(
    printer_id: int | None,
    *,
    user_id: UserId | None = None,
    station: str = "",
    uow: UnitOfWorkFactory,
) -> None:
    """Make a printer the default of a user (the web) or of a station (a packing PC, named in
    ``POSYLKA_STATION`` or ``--station``); ``None`` clears it."""
    scope, key = _scope(user_id, station)
    with uow() as tx:
        if printer_id is not None and tx.printing.printer(printer_id) is None:
            raise UnknownPrinter(printer_id)
        tx.printing.set_default(scope, key, printer_id)
        tx.commit()


def default_printer(
    *, user_id: UserId | None = None, station: str = "", uow: UnitOfWorkFactory
) -> Printer | None:
    """The station's default printer, else the user's."""
    with uow() as tx:
        if station.strip():
            found = tx.printing.default(STATION_SCOPE, station.strip())
            if found is not None:
                return found
        if user_id is not None:
            return tx.printing.default(USER_SCOPE, str(user_id))
    return None


def _scope(user_id: UserId | None, station: str) -> tuple[str, str]:
    if station.strip():
        return STATION_SCOPE, station.strip()[:100]
    if user_id is not None:
        return USER_SCOPE, str(user_id)
    raise PrintError("a default printer belongs to a user or a station")


# --- jobs ----------------------------------------------------------------------------------------


def submit(
    request: PrintRequest,
    printer: Printer,
    *,
    by: Account | None,
    uow: UnitOfWorkFactory,
    clock: Clock,
    reprint_of: PrintJobId | None = None,
    actor: str = "",
) -> PrintJobId:
    """Record a document as a queued job (committed) without sending it yet. ``actor`` names
    who asked when no account did (the command line)."""
    if request.format is not printer.format:
        raise WrongFormat(printer, request.format)
    if not 1 <= request.copies <= MAX_COPIES:
        raise PrintError(f"{request.copies} copies: print 1 to {MAX_COPIES} at a time")
    if not request.content:
        raise PrintError(f"the document {request.document!r} is empty")
    created_by, user_id = _actor(by, actor)
    with uow() as tx:
        job_id = tx.printing.add_job(
            printer,
            request,
            created_by=created_by,
            user_id=user_id,
            now=clock.now(),
            reprint_of=reprint_of,
        )
        tx.commit()
    return job_id


def send(
    job_id: PrintJobId, *, uow: UnitOfWorkFactory, transport: PrinterTransport, clock: Clock
) -> PrintJob:
    """Hand a queued or failed job to its printer and record the outcome. Never raises for a
    printer's failure: the job comes back ``failed`` with the reason."""
    with uow() as tx:
        job = tx.printing.job(job_id)
        if job is None:
            raise UnknownPrintJob(job_id)
        if job.status is PrintJobStatus.SENT or not tx.printing.claim(job_id):
            return job
        printer = tx.printing.printer(job.printer_id) if job.printer_id else None
        content = tx.printing.content(job_id) or b""
        tx.commit()
    failure: PrintError | None = None
    if printer is None:
        failure = PrintError(
            f"the printer {job.printer_name!r} was removed; reprint the job on another",
            key="printer_removed",
            params={"printer": job.printer_name},
        )
    else:
        try:
            transport.send(
                printer, content, format=job.format, copies=job.copies, title=job.document
            )
        except PrintError as exc:
            failure = exc
        except Exception as exc:  # the sender records every failure on the job, then logs it
            log.exception("print job #%s failed unexpectedly", job_id)
            failure = PrintError(
                f"unexpected error: {exc}", key="unexpected", params={"detail": str(exc)}
            )
    with uow() as tx:
        if failure is not None:
            tx.printing.mark(
                job_id,
                PrintJobStatus.FAILED,
                error=str(failure),
                error_key=failure.key,
                error_params=failure.params,
            )
        else:
            tx.printing.mark(job_id, PrintJobStatus.SENT, at=clock.now())
        found = tx.printing.job(job_id)
        tx.commit()
    assert found is not None
    return found


def print_document(
    request: PrintRequest,
    printer: Printer,
    *,
    by: Account | None,
    uow: UnitOfWorkFactory,
    transport: PrinterTransport,
    clock: Clock,
    actor: str = "",
) -> PrintJob:
    """Record and send: the usual way to print."""
    job_id = submit(request, printer, by=by, uow=uow, clock=clock, actor=actor)
    return send(job_id, uow=uow, transport=transport, clock=clock)


def retry(
    job_id: PrintJobId, *, uow: UnitOfWorkFactory, transport: PrinterTransport, clock: Clock
) -> PrintJob:
    """Send a failed (or still queued) job again, as the same job."""
    return send(job_id, uow=uow, transport=transport, clock=clock)


def reprint(
    job_id: PrintJobId,
    *,
    printer_id: int | None = None,
    by: Account | None,
    uow: UnitOfWorkFactory,
    transport: PrinterTransport,
    clock: Clock,
) -> PrintJob:
    """Print a job's document again as a new job, on its printer or another of the same
    format."""
    with uow() as tx:
        job = tx.printing.job(job_id)
        if job is None:
            raise UnknownPrintJob(job_id)
        content = tx.printing.content(job_id) or b""
        target = printer_id or job.printer_id
        printer = tx.printing.printer(target) if target else None
    if printer is None:
        raise UnknownPrinter(target or job.printer_name)
    request = PrintRequest(content, job.format, job.document, job.copies)
    new_id = submit(request, printer, by=by, uow=uow, clock=clock, reprint_of=job.id)
    return send(new_id, uow=uow, transport=transport, clock=clock)


def send_queued(
    *, uow: UnitOfWorkFactory, transport: PrinterTransport, clock: Clock, limit: int = 100
) -> list[PrintJob]:
    """Send every job still queued (left by a process that stopped before sending)."""
    with uow() as tx:
        queued = tx.printing.jobs(status=PrintJobStatus.QUEUED, limit=limit)
    return [send(job.id, uow=uow, transport=transport, clock=clock) for job in reversed(queued)]


@dataclass(frozen=True, slots=True)
class JobPage:
    jobs: list[PrintJob]
    total: int
    failed: int


def list_jobs(
    *, uow: UnitOfWorkFactory, status: PrintJobStatus | None = None, limit: int = 100
) -> JobPage:
    with uow() as tx:
        return JobPage(
            tx.printing.jobs(status=status, limit=limit),
            tx.printing.count_jobs(status=status),
            tx.printing.count_jobs(status=PrintJobStatus.FAILED),
        )
