"""The print queue (every role: what was sent where, retry, reprint, one's default printer) and
the printers' settings (admins)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from posylka.domain.documents import PaperSize
from posylka.domain.ids import PrintJobId
from posylka.domain.printing import DPIS, PrinterKind, PrintError, PrintFormat, PrintJobStatus
from posylka.entrypoints.web.guards import AdminSession, CurrentSession, deps_of
from posylka.entrypoints.web.messages import Message
from posylka.entrypoints.web.print_words import (
    JOB_STATUS,
    NOTICES,
    PRINTER_KIND,
    job_reason,
    printer_error,
)
from posylka.entrypoints.web.rendering import render
from posylka.services import printing
from posylka.services.accounts import Session
from posylka.services.ports import PrinterTransport

router = APIRouter()

PAGE_SIZE = 100


def _transport(request: Request) -> PrinterTransport:
    transport = deps_of(request).printers
    if transport is None:
        raise PrintError("printing is not set up in this process", key="no_transport")
    return transport


@router.get("/print-jobs")
def print_jobs_page(
    request: Request, session: CurrentSession, status: str = "", notice: str = ""
) -> Response:
    deps = deps_of(request)
    chosen = PrintJobStatus(status) if status in {s.value for s in PrintJobStatus} else None
    page = printing.list_jobs(uow=deps.reader, status=chosen, limit=PAGE_SIZE)
    printers = printing.list_printers(uow=deps.reader, active_only=True)
    default = printing.default_printer(user_id=session.account.id, uow=deps.reader)
    context = {
        "page": page,
        "status": chosen.value if chosen else "",
        "statuses": JOB_STATUS,
        "reason": job_reason,
        "printers": printers,
        "default": default,
        "notice": NOTICES.get(notice, ""),
    }
    return render(request, "print_jobs.html", context)


def _after(job_status: PrintJobStatus) -> Response:
    notice = "sent" if job_status is PrintJobStatus.SENT else "failed"
    return RedirectResponse(f"/print-jobs?notice={notice}", status_code=303)


@router.post("/print-jobs/{job_id}/retry")
def retry_job(request: Request, session: CurrentSession, job_id: int) -> Response:
    deps = deps_of(request)
    try:
        job = printing.retry(
            PrintJobId(job_id), uow=deps.uow, transport=_transport(request), clock=deps.clock
        )
    except (printing.UnknownPrintJob, printing.UnknownPrinter):
        raise HTTPException(404) from None
    except PrintError:
        return RedirectResponse("/print-jobs?notice=cannot_print", status_code=303)
    return _after(job.status)


@router.post("/print-jobs/{job_id}/reprint")
def reprint_job(
    request: Request,
    session: CurrentSession,
    job_id: int,
    printer_id: Annotated[int | None, Form()] = None,
) -> Response:
    deps = deps_of(request)
    try:
        job = printing.reprint(
            PrintJobId(job_id),
            printer_id=printer_id,
            by=session.account,
            uow=deps.uow,
            transport=_transport(request),
            clock=deps.clock,
        )
    except (printing.UnknownPrintJob, printing.UnknownPrinter):
        raise HTTPException(404) from None
    except PrintError:
        return RedirectResponse("/print-jobs?notice=cannot_print", status_code=303)
    return _after(job.status)


@router.post("/print-jobs/default-printer")
def choose_default(
    request: Request, session: CurrentSession, printer_id: Annotated[str, Form()] = ""
) -> Response:
    chosen = int(printer_id) if printer_id.isdigit() else None
    try:
        printing.set_default_printer(chosen, user_id=session.account.id, uow=deps_of(request).uow)
    except printing.UnknownPrinter:
        raise HTTPException(404) from None
    return RedirectResponse("/print-jobs?notice=default_set", status_code=303)


# --- settings ------------------------------------------------------------------------------------

EMPTY_FORM = {
    "name": "",
    "kind": PrinterKind.RAW9100.value,
    "address": "",
    "format": PrintFormat.ZPL.value,
    "dpi": "203",
    "label_size": PaperSize.THERMAL_100X150.value,
}


def _printers_page(
    request: Request,
    session: Session,
    form: dict[str, str],
    errors: dict[str, Message],
    notice: str = "",
    status_code: int = 200,
) -> Response:
    context = {
        "printers": printing.list_printers(uow=deps_of(request).reader),
        "kinds": PRINTER_KIND,
        "formats": [f.value for f in PrintFormat],
        "dpis": DPIS,
        "sizes": [s.value for s in PaperSize],
        "form": form,
        "errors": errors,
        "notice": notice,
    }
    return render(request, "settings_printers.html", context, status_code=status_code)


@router.get("/settings/printers")
def printers_page(request: Request, session: AdminSession, notice: str = "") -> Response:
    return _printers_page(request, session, dict(EMPTY_FORM), {}, NOTICES.get(notice, ""))


@router.post("/settings/printers")
def add_printer_submit(
    request: Request,
    session: AdminSession,
    name: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "",
    address: Annotated[str, Form()] = "",
    format: Annotated[str, Form()] = "",
    dpi: Annotated[str, Form()] = "",
    label_size: Annotated[str, Form()] = "",
) -> Response:
    deps = deps_of(request)
    form = {
        "name": name,
        "kind": kind,
        "address": address,
        "format": format,
        "dpi": dpi,
        "label_size": label_size,
    }
    try:
        printing.add_printer(
            printing.NewPrinter(name, kind, address, format, dpi, label_size),
            by=session.account,
            uow=deps.uow,
            clock=deps.clock,
        )
    except PrintError as exc:
        return _printers_page(request, session, form, printer_error(exc), status_code=422)
    return RedirectResponse("/settings/printers?notice=printer_added", status_code=303)
