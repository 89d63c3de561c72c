"""``posylka print``: slips, pick lists and Ozon package labels to a printer (or a file), the
printers, and the print queue.

A document goes to ``--printer``, else to the station's default printer (``--station`` or
``POSYLKA_STATION``). It is recorded on the print queue before it is sent, so a printer that is
offline leaves a failed job with the reason; ``posylka print retry JOB`` sends it again. With
``--out FILE`` the document is written to the file instead, in the printer's format or the one
``--format`` asks for.
"""

from __future__ import annotations

import asyncio
import getpass
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from posylka import bootstrap
from posylka.bootstrap import Container
from posylka.domain.documents import PaperSize
from posylka.domain.ids import BatchId, PostingNumber, PrintJobId
from posylka.domain.printing import Printer, PrintFormat, PrintJobStatus, PrintRequest
from posylka.entrypoints.commands._runtime import StoreOption, console, container, fail, one_store
from posylka.services import print_documents, printing
from posylka.services.print_documents import Target

printing_app = typer.Typer(
    help="Print slips, pick lists and labels; printers and the print queue.",
    no_args_is_help=True,
)

PrinterOption = Annotated[
    str | None,
    typer.Option("--printer", "-p", help="The printer's name (see `posylka print printers`)."),
]
StationOption = Annotated[
    str,
    typer.Option(
        "--station",
        envvar="POSYLKA_STATION",
        help="This packing station's name: its default printer is used without --printer.",
    ),
]
FormatOption = Annotated[
    PrintFormat | None, typer.Option("--format", help="pdf or zpl (default: the printer's).")
]
SizeOption = Annotated[
    str | None, typer.Option("--size", help="Label size: 100x150, 75x120, 58x40 or a4.")
]
DpiOption = Annotated[int | None, typer.Option("--dpi", help="203 or 300 (ZPL only).")]
OutOption = Annotated[
    Path | None, typer.Option("--out", "-o", help="Write the document to this file instead.")
]
CopiesOption = Annotated[int, typer.Option("--copies", min=1, max=printing.MAX_COPIES)]
LanguageOption = Annotated[
    str | None, typer.Option("--language", help="Staff wording: en, ru or zh-CN.")
]


def _actor() -> str:
    try:
        return f"{getpass.getuser()} (command line)"
    except (KeyError, OSError):
        return "command line"


def _printer(app: Container, name: str | None, station: str) -> Printer | None:
    if name:
        return printing.find_printer(name, uow=app.reads)
    return printing.default_printer(station=station, uow=app.reads)


def _target(
    printer: Printer | None,
    *,
    out: Path | None,
    format: PrintFormat | None,
    size: str | None,
    dpi: int | None,
) -> Target:
    """The format, size and resolution to make the document in."""
    if printer is None and out is None:
        raise fail(
            "Choose a printer with --printer (see `posylka print printers`), set a default "
            "printer for this station (`posylka print default NAME --station ...`), "
            "or write to a file with --out."
        )
    if printer is not None and format is not None and format is not printer.format and not out:
        takes, asked = printer.format.value.upper(), format.value.upper()
        raise fail(f"Printer {printer.name!r} takes {takes}, not {asked}.")
    try:
        paper = PaperSize.parse(size) if size else None
    except ValueError as exc:
        raise fail(str(exc)) from None
    if dpi is not None and dpi not in (203, 300):
        raise fail(f"{dpi} dpi: choose 203 or 300.")
    if printer is not None:
        return Target(format or printer.format, paper or printer.label_size, dpi or printer.dpi)
    chosen = format or PrintFormat.PDF
    default = PaperSize.THERMAL_100X150 if chosen is PrintFormat.ZPL else PaperSize.A4
    return Target(chosen, paper or default, dpi or 203)


def _deliver(
    app: Container, request: PrintRequest, printer: Printer | None, out: Path | None
) -> None:
    if out is not None:
        try:
            out.write_bytes(request.content)
        except OSError as exc:
            raise fail(f"{out} cannot be written: {exc.strerror}.") from None
        console.print(
            f"{request.document}: {len(request.content):,} bytes of {request.format.value.upper()} "
            f"written to {out}."
        )
        return
    assert printer is not None
    job = printing.print_document(
        request,
        printer,
        by=None,
        uow=app.uow,
        transport=bootstrap.printer_transport(),
        clock=app.clock,
        actor=_actor(),
    )
    if job.status is PrintJobStatus.SENT:
        console.print(f"Job #{job.id} ({job.document}) sent to {printer.name}.")
        return
    raise fail(
        f"Job #{job.id} ({job.document}) failed: {job.error}. It stays on the print queue; "
        f"send it again with `posylka print retry {job.id}`."
    )


@printing_app.command("slips")
def slips(
    postings: Annotated[list[str], typer.Argument(help="Posting numbers, in print order.")],
    store: StoreOption = None,
    printer: PrinterOption = None,
    station: StationOption = "",
    format: FormatOption = None,
    size: SizeOption = None,
    dpi: DpiOption = None,
    language: LanguageOption = None,
    card: Annotated[
        bool | None,
        typer.Option(
            "--card/--no-card",
            help="After-sales card after each slip (default: the store's setting).",
        ),
    ] = None,
    copies: CopiesOption = 1,
    out: OutOption = None,
) -> None:
    """Print the order details slips of postings."""
    with container() as app:
        chosen = one_store(app, store)
        device = _printer(app, printer, station)
        target = _target(device, out=out, format=format, size=size, dpi=dpi)
        request = print_documents.slips(
            chosen.id,
            postings,
            target,
            language=language or app.settings.default_language,
            with_card=card,
            copies=copies,
            uow=app.reads,
            renderer=bootstrap.document_renderer(app.settings),
            zpl=bootstrap.zpl_renderer(app.settings),
        )
        _deliver(app, request, device, out)


@printing_app.command("picklist")
def picklist(
    batch: Annotated[int, typer.Argument(help="The pick list's batch number (PL-000042 is 42).")],
    printer: PrinterOption = None,
    station: StationOption = "",
    format: FormatOption = None,
    size: SizeOption = None,
    dpi: DpiOption = None,
    language: LanguageOption = None,
    copies: CopiesOption = 1,
    out: OutOption = None,
) -> None:
    """Print a batch's pick list."""
    with container() as app:
        device = _printer(app, printer, station)
        target = _target(device, out=out, format=format, size=size, dpi=dpi)
        request = print_documents.pick_list(
            BatchId(batch),
            target,
            language=language or app.settings.default_language,
            copies=copies,
            uow=app.reads,
            renderer=bootstrap.document_renderer(app.settings),
            zpl=bootstrap.zpl_renderer(app.settings),
        )
        _deliver(app, request, device, out)


@printing_app.command("labels")
def labels(
    postings: Annotated[list[str], typer.Argument(help="Posting numbers awaiting shipment.")],
    store: StoreOption = None,
    printer: PrinterOption = None,
    station: StationOption = "",
    format: FormatOption = None,
    size: SizeOption = None,
    dpi: DpiOption = None,
    copies: CopiesOption = 1,
    out: OutOption = None,
) -> None:
    """Fetch Ozon's package labels of postings and print them (ZPL graphics on a ZPL printer)."""
    with container() as app:
        chosen = one_store(app, store)
        device = _printer(app, printer, station)
        target = _target(device, out=out, format=format, size=size, dpi=dpi)
        wanted = [(chosen.id, PostingNumber(n.strip())) for n in postings if n.strip()]
        if not wanted:
            raise fail("Give at least one posting number.")
        desk = bootstrap.label_desk(app)
        outcome = asyncio.run(desk.print_labels(wanted, actor=_actor()))
        for aside in outcome.batch.set_aside:
            detail = f": {aside.detail}" if aside.detail else ""
            console.print(
                f"{aside.posting_number}: no label ({aside.reason.value}{detail})", markup=False
            )
        if outcome.batch.pdf is None:
            raise fail("Ozon gave no label for these postings; nothing was printed.")
        numbers = [label.posting_number for label in outcome.batch.printed]
        request = print_documents.labels(
            outcome.batch.pdf,
            numbers,
            target,
            copies=copies,
            zpl=bootstrap.zpl_renderer(app.settings),
        )
        _deliver(app, request, device, out)
        if outcome.batch.set_aside:
            raise typer.Exit(1)


@printing_app.command("printers")
def printers() -> None:
    """List the printers."""
    with container() as app:
        found = printing.list_printers(uow=app.reads)
    if not found:
        console.print("No printers yet: add one with `posylka print add-printer` or in Settings.")
        return
    table = Table("name", "kind", "address", "format", "dpi", "label size")
    for item in found:
        table.add_row(
            item.name,
            item.kind.value,
            item.address,
            item.format.value,
            str(item.dpi),
            item.label_size.value,
        )
    console.print(table)


@printing_app.command("add-printer")
def add_printer(
    name: Annotated[str, typer.Argument(help="A name people recognise, e.g. 'Packing 1'.")],
    address: Annotated[
        str, typer.Option("--address", help="host[:port] (raw9100) or the CUPS queue name.")
    ],
    kind: Annotated[str, typer.Option("--kind", help="raw9100 or cups.")] = "raw9100",
    format: Annotated[str, typer.Option("--format", help="zpl or pdf.")] = "zpl",
    dpi: Annotated[int, typer.Option("--dpi", help="203 or 300.")] = 203,
    size: Annotated[str, typer.Option("--size", help="100x150, 75x120, 58x40 or a4.")] = "100x150",
) -> None:
    """Set up a printer."""
    with container() as app:
        try:
            label_size = PaperSize.parse(size).value
        except ValueError as exc:
            raise fail(str(exc)) from None
        added = printing.add_printer(
            printing.NewPrinter(name, kind, address, format, dpi, label_size),
            by=None,
            uow=app.uow,
            clock=app.clock,
        )
    console.print(f"Printer {added.name!r} added ({added.where}).")


@printing_app.command("default")
def default(
    printer: Annotated[str, typer.Argument(help="The printer's name, or 'none' to clear.")],
    station: StationOption = "",
) -> None:
    """Make a printer this station's default."""
    if not station.strip():
        raise fail("Name the station with --station (or POSYLKA_STATION).")
    with container() as app:
        chosen = (
            None if printer.lower() == "none" else printing.find_printer(printer, uow=app.reads)
        )
        printing.set_default_printer(chosen.id if chosen else None, station=station, uow=app.uow)
    console.print(
        f"Station {station!r} prints to {chosen.name!r} by default."
        if chosen
        else f"Station {station!r} has no default printer now."
    )


@printing_app.command("jobs")
def jobs(
    failed: Annotated[bool, typer.Option("--failed", help="Only jobs that failed.")] = False,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000)] = 20,
) -> None:
    """The print queue, newest first: what was sent where, by whom, and what failed."""
    with container() as app:
        page = printing.list_jobs(
            uow=app.reads, status=PrintJobStatus.FAILED if failed else None, limit=limit
        )
    table = Table("job", "document", "printer", "who", "when (UTC)", "status", "reason")
    for job in page.jobs:
        table.add_row(
            f"#{job.id}",
            job.document,
            job.printer_name,
            job.created_by,
            job.created_at.strftime("%Y-%m-%d %H:%M"),
            job.status.value,
            job.error,
        )
    console.print(table)
    console.print(f"{page.total} jobs, {page.failed} failed.")


@printing_app.command("retry")
def retry(job: Annotated[int, typer.Argument(help="The job's number on the print queue.")]) -> None:
    """Send a failed job to its printer again."""
    with container() as app:
        done = printing.retry(
            PrintJobId(job), uow=app.uow, transport=bootstrap.printer_transport(), clock=app.clock
        )
    if done.status is not PrintJobStatus.SENT:
        raise fail(f"Job #{done.id} failed again: {done.error}.")
    console.print(f"Job #{done.id} ({done.document}) sent to {done.printer_name}.")


@printing_app.command("send-queued")
def send_queued() -> None:
    """Send every job still queued (left by a process that stopped before sending it)."""
    with container() as app:
        sent = printing.send_queued(
            uow=app.uow, transport=bootstrap.printer_transport(), clock=app.clock
        )
    failed = [job for job in sent if job.status is not PrintJobStatus.SENT]
    console.print(f"{len(sent) - len(failed)} of {len(sent)} queued jobs sent.")
    for job in failed:
        console.print(f"#{job.id}: {job.error}", markup=False)
    if failed:
        raise typer.Exit(1)


def install(app: typer.Typer) -> None:
    app.add_typer(printing_app, name="print")
