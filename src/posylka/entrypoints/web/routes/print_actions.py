"""Sending documents from the desk's pages to one's printer: the slips of the postings ticked in
the queue, or of the posting on its page, go to the user's default printer in its format, size
and resolution, and land on the print queue page with what became of them."""

from __future__ import annotations

from itertools import groupby
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from posylka.domain.printing import PrintError, PrintJobStatus
from posylka.entrypoints.web.guards import CurrentSession, deps_of
from posylka.entrypoints.web.rendering import pages_of
from posylka.entrypoints.web.selection import ticked_postings
from posylka.services import documents, print_documents, printing

router = APIRouter()


def _to_queue(notice: str) -> Response:
    return RedirectResponse(f"/print-jobs?notice={notice}", status_code=303)


@router.post("/print/slips")
def print_slips(
    request: Request,
    session: CurrentSession,
    posting: Annotated[list[str] | None, Form()] = None,
    with_card: Annotated[str, Form()] = "",
) -> Response:
    """Slips of the chosen postings (with the after-sales card when the store has it on, or when
    ticked) to the user's default printer, one job per store."""
    deps = deps_of(request)
    wanted = ticked_postings(posting or [])
    if not wanted:
        return _to_queue("nothing_selected")
    printer = printing.default_printer(user_id=session.account.id, uow=deps.reader)
    if printer is None:
        return _to_queue("no_default")
    if deps.printers is None or deps.documents is None or deps.zpl is None:
        return _to_queue("cannot_print")
    target = print_documents.Target(printer.format, printer.label_size, printer.dpi)
    language = pages_of(request).language_of(request)
    sent = True
    for store_id, group in groupby(wanted, key=lambda pair: pair[0]):
        numbers = [number for _, number in group]
        try:
            job_request = print_documents.slips(
                store_id,
                numbers,
                target,
                language=language,
                with_card=True if with_card else None,
                uow=deps.reader,
                renderer=deps.documents,
                zpl=deps.zpl,
            )
        except documents.UnknownPostings:
            return _to_queue("unknown_posting")
        except PrintError:
            return _to_queue("cannot_print")
        job = printing.print_document(
            job_request,
            printer,
            by=session.account,
            uow=deps.uow,
            transport=deps.printers,
            clock=deps.clock,
        )
        sent = sent and job.status is PrintJobStatus.SENT
    return _to_queue("sent" if sent else "failed")
