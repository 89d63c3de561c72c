"""rFBS tracking: postings a seller's own carrier delivers, their tracking numbers typed,
scanned or uploaded as a CSV, and the status moves; every posting's answer is shown."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from posylka.domain.ids import PostingNumber
from posylka.domain.rfbs_tracking import TrackingSheet, read_pairs
from posylka.domain.shipping import RfbsMove
from posylka.entrypoints.web import handover_words as words
from posylka.entrypoints.web.guards import CurrentSession, deps_of
from posylka.entrypoints.web.labels import N_
from posylka.entrypoints.web.messages import Message
from posylka.entrypoints.web.rendering import render
from posylka.services import rfbs_tracking

router = APIRouter()

MAX_UPLOAD = 2 * 1024 * 1024
MOVES = {
    RfbsMove.DELIVERING: N_("Delivering"),
    RfbsMove.LAST_MILE: N_("Last mile"),
    RfbsMove.DELIVERED: N_("Delivered"),
}
NO_OZON = N_("Ozon cannot be reached from this installation; nothing was sent.")
NOTHING = N_("Nothing to send: type a tracking number or choose a file.")
NOTHING_TICKED = N_("Tick the postings to move first.")
UNREADABLE = N_("The file could not be read as CSV: save it as posting_number,tracking_number.")
TOO_BIG = N_("The file is larger than 2 MB; split it.")
SENT = N_("%(ok)s of %(total)s accepted by Ozon.")


def _page(request: Request, **extra: Any) -> Response:
    deps = deps_of(request)
    context: dict[str, Any] = {
        "lines": rfbs_tracking.board(uow=deps.reader),
        "moves": MOVES,
        "available": deps.shipping is not None,
        "problem": "",
        "results": [],
        "refused_rows": [],
        "summary": "",
    }
    context.update(extra)
    status = 400 if context["problem"] else 200
    return render(request, "tracking.html", context, status_code=status)


@router.get("/tracking")
def tracking_page(request: Request, session: CurrentSession) -> Response:
    return _page(request)


async def _send(request: Request, session: CurrentSession, sheet: TrackingSheet) -> Response:
    deps = deps_of(request)
    refused_rows = [
        Message(
            words.ROW_PROBLEMS[r.problem],
            {"row": r.row, "number": r.posting_number, "first": r.first_row},
        )
        for r in sheet.refused
    ]
    if deps.shipping is None:
        return _page(request, problem=NO_OZON, refused_rows=refused_rows)
    if not sheet.pairs:
        return _page(
            request, problem=NOTHING if not refused_rows else "", refused_rows=refused_rows
        )
    outcomes = await rfbs_tracking.set_tracking_numbers(
        sheet.pairs,
        actor=session.account.username,
        uow=deps.uow,
        shipping=deps.shipping,
        clock=deps.clock,
    )
    return _results(request, outcomes, refused_rows=refused_rows)


def _results(
    request: Request,
    outcomes: list[rfbs_tracking.ItemOutcome],
    *,
    refused_rows: list[Message] | None = None,
) -> Response:
    results = [
        {"number": o.posting_number, "ok": o.ok, "why": "" if o.ok else words.item_error(o.error)}
        for o in outcomes
    ]
    ok = sum(1 for o in outcomes if o.ok)
    summary = Message(SENT, {"ok": ok, "total": len(outcomes)})
    return _page(request, results=results, refused_rows=refused_rows or [], summary=summary)


@router.post("/tracking/numbers")
async def set_numbers(
    request: Request,
    session: CurrentSession,
    posting: Annotated[list[str] | None, Form()] = None,
    tracking: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """The numbers typed or scanned next to each posting; empty fields are skipped."""
    rows = [[p, t] for p, t in zip(posting or [], tracking or [], strict=False) if t.strip()]
    return await _send(request, session, read_pairs(rows))


@router.post("/tracking/upload")
async def upload(
    request: Request, session: CurrentSession, file: Annotated[UploadFile, File()]
) -> Response:
    data = await file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        return _page(request, problem=TOO_BIG)
    try:
        sheet = rfbs_tracking.read_csv(data)
    except (rfbs_tracking.UnreadableFile, UnicodeDecodeError):
        return _page(request, problem=UNREADABLE)
    return await _send(request, session, sheet)


@router.post("/tracking/move")
async def move(
    request: Request,
    session: CurrentSession,
    step: Annotated[str, Form()],
    posting: Annotated[list[str] | None, Form()] = None,
) -> Response:
    deps = deps_of(request)
    try:
        wanted = RfbsMove(step)
    except ValueError:
        return _page(request, problem=NOTHING_TICKED)
    numbers = [PostingNumber(p.strip()) for p in posting or [] if p.strip()]
    if not numbers:
        return _page(request, problem=NOTHING_TICKED)
    if deps.shipping is None:
        return _page(request, problem=NO_OZON)
    outcomes = await rfbs_tracking.move(
        wanted,
        numbers,
        actor=session.account.username,
        uow=deps.uow,
        shipping=deps.shipping,
        clock=deps.clock,
    )
    return _results(request, outcomes)
