"""Ozon package labels: fetch them for the postings selected in the queue (or one posting), see
what came and what was set aside, open the one PDF, and the log of prints with reprints."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from posylka.domain.errors import MarketplaceError
from posylka.domain.ids import StoreId
from posylka.domain.labels import SetAsideReason
from posylka.entrypoints.web.errors import error_page
from posylka.entrypoints.web.guards import CurrentSession, deps_of
from posylka.entrypoints.web.labels import N_
from posylka.entrypoints.web.messages import Message
from posylka.entrypoints.web.rendering import render
from posylka.entrypoints.web.selection import ticked_postings
from posylka.services.package_labels import LabelDesk, LabelOptions, NothingToReprint

router = APIRouter()

LOG_SIZE = 200

REASONS = {
    SetAsideReason.NOT_READY: N_(
        "Ozon has not prepared the label yet (it takes up to a minute after assembly). "
        "Try again in a minute."
    ),
    SetAsideReason.WRONG_STATUS: N_(
        "The posting is not awaiting shipment: labels exist only after assembly and until "
        "hand-over."
    ),
    SetAsideReason.UNKNOWN: N_("Ozon does not know this posting (or its store is gone)."),
    SetAsideReason.REFUSED: N_("Ozon refused the label."),
}
NO_SELECTION = N_("Select at least one posting to get its label.")
OZON_FAILED = N_("Ozon could not give the labels; nothing was printed. Ozon said: %(why)s")
WEB_WAIT = LabelOptions(ready_rounds=5, ready_wait_seconds=15.0)
"""A page waits up to a minute for labels Ozon has not prepared yet (it asks for 45–60 seconds
after assembly); the batch page offers to ask again for any still missing."""
NO_DESK = N_("Labels cannot be fetched from Ozon on this installation.")


def _desk(request: Request) -> LabelDesk | None:
    return deps_of(request).labels


@router.post("/labels")
async def fetch_labels(
    request: Request,
    session: CurrentSession,
    posting: Annotated[list[str] | None, Form()] = None,
) -> Response:
    desk = _desk(request)
    wanted = ticked_postings(posting or [])
    if desk is None or not wanted:
        notice = NO_DESK if desk is None else NO_SELECTION
        return render(
            request, "label_batch.html", {"batch": None, "problem": notice}, status_code=400
        )
    try:
        outcome = await desk.print_labels(
            wanted, actor=session.account.username, user_id=session.account.id, options=WEB_WAIT
        )
    except MarketplaceError as exc:
        problem = Message(OZON_FAILED, {"why": exc.message})
        context = {"batch": None, "problem": problem}
        return render(request, "label_batch.html", context, status_code=502)
    return RedirectResponse(f"/labels/batches/{outcome.batch_id}", status_code=303)


@router.get("/labels/batches/{batch_id}")
def batch_page(request: Request, session: CurrentSession, batch_id: int) -> Response:
    desk = _desk(request)
    batch = desk.batch(batch_id) if desk is not None else None
    if batch is None:
        return error_page(request, 404, "not_found")
    return render(request, "label_batch.html", {"batch": batch, "problem": "", "reasons": REASONS})


@router.get("/labels/batches/{batch_id}/labels.pdf")
def batch_file(request: Request, session: CurrentSession, batch_id: int) -> Response:
    desk = _desk(request)
    pdf = desk.batch_file(batch_id) if desk is not None else None
    if pdf is None:
        return error_page(request, 404, "not_found")
    return _pdf(pdf, f"labels-{batch_id}.pdf")


@router.get("/labels")
def log_page(request: Request, session: CurrentSession) -> Response:
    desk = _desk(request)
    prints = desk.log(limit=LOG_SIZE) if desk is not None else []
    return render(request, "labels.html", {"prints": prints, "available": desk is not None})


@router.get("/labels/postings/{store_id}/{posting_number}")
def posting_labels(
    request: Request, session: CurrentSession, store_id: int, posting_number: str
) -> Response:
    """The label part of the posting page (loaded into it by htmx)."""
    desk = _desk(request)
    prints = (
        desk.log(limit=50, store_id=StoreId(store_id), posting_number=posting_number)
        if desk is not None
        else []
    )
    context = {"prints": prints, "store_id": store_id, "posting_number": posting_number}
    return render(request, "_posting_labels.html", context)


@router.post("/labels/reprint")
def reprint(
    request: Request,
    session: CurrentSession,
    print_id: Annotated[list[int] | None, Form()] = None,
) -> Response:
    desk = _desk(request)
    if desk is None or not print_id:
        return error_page(request, 404, "not_found")
    try:
        pdf = desk.reprint(print_id, actor=session.account.username, user_id=session.account.id)
    except NothingToReprint:
        return error_page(request, 404, "not_found")
    return _pdf(pdf, "labels-reprint.pdf")


def _pdf(pdf: bytes, name: str) -> Response:
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )
