"""The hand-over pages: today's groups of assembled postings → "Create handover" → approve →
the act, waybill and container labels (download or print to one's printer) → the pallet
checklist with its scan input → handed over."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from posylka.domain.handover import DocumentKind, HandoverProblem
from posylka.domain.ids import DeliveryMethodId, HandoverId, StoreId
from posylka.domain.printing import PrintError, PrintJobStatus
from posylka.entrypoints.web import handover_words as words
from posylka.entrypoints.web.errors import error_page
from posylka.entrypoints.web.guards import CurrentSession, deps_of
from posylka.entrypoints.web.labels import N_
from posylka.entrypoints.web.messages import Message
from posylka.entrypoints.web.rendering import is_fragment_request, render
from posylka.services import handover as handovers
from posylka.services import printing
from posylka.services.handover_printing import print_handover_document
from posylka.services.ports.shipping import ShippingGatewayFactory

router = APIRouter()

NO_OZON = N_("Ozon cannot be reached from this installation, so handovers cannot be created here.")
STALE_GROUP = N_(
    "No assembled postings are left in that group (another handover took them, or they "
    "changed status). The list below is up to date."
)
NOTICES = {
    "printed": N_("Sent to your printer."),
    "print_failed": N_("The printer did not take it; see the print queue for the reason."),
    "no_printer": N_("Choose your default printer on your account page first."),
    "act_needs_pdf": N_("The act is an A4 document: choose a PDF printer as your default."),
    "missing": N_(
        "Some parcels are not on the pallet yet. Scan them, or tick “hand over without them”."
    ),
    "no_ozon": NO_OZON,
    "taken_up": words.TAKEN_UP,
    "wrong_state": N_(
        "This step does not fit the handover's state any more; the page is reloaded."
    ),
}


def _shipping(request: Request) -> ShippingGatewayFactory | None:
    return deps_of(request).shipping


def _tz(request: Request) -> ZoneInfo:
    return ZoneInfo(deps_of(request).settings.timezone)


def _to(handover_id: int, notice: str = "") -> Response:
    suffix = f"?notice={notice}" if notice else ""
    return RedirectResponse(f"/handovers/{handover_id}{suffix}", status_code=303)


@router.get("/handovers")
def board_page(request: Request, session: CurrentSession, notice: str = "") -> Response:
    deps = deps_of(request)
    board = handovers.board(uow=deps.reader, clock=deps.clock, tz=_tz(request))
    context = {
        "board": board,
        "states": words.STATES,
        "available": deps.shipping is not None,
        "problem": STALE_GROUP if notice == "stale" else "",
    }
    return render(request, "handovers.html", context)


@router.post("/handovers")
async def create_handover(
    request: Request,
    session: CurrentSession,
    store_id: Annotated[int, Form()],
    delivery_method_id: Annotated[int, Form()],
    departure_date: Annotated[date, Form()],
) -> Response:
    deps = deps_of(request)
    shipping = _shipping(request)
    if shipping is None:
        return RedirectResponse("/handovers", status_code=303)
    try:
        created = await handovers.create(
            store_id=StoreId(store_id),
            delivery_method_id=DeliveryMethodId(delivery_method_id),
            departure_date=departure_date,
            actor=session.account.username,
            user_id=session.account.id,
            uow=deps.uow,
            shipping=shipping,
            clock=deps.clock,
            tz=_tz(request),
        )
    except handovers.NothingToHandOver:
        return RedirectResponse("/handovers?notice=stale", status_code=303)
    return _to(created.handover.id, "taken_up" if created.taken_up else "")


@router.get("/handovers/{handover_id}")
def handover_page(
    request: Request, session: CurrentSession, handover_id: int, notice: str = ""
) -> Response:
    try:
        view = handovers.view(HandoverId(handover_id), uow=deps_of(request).reader)
    except handovers.UnknownHandover:
        return error_page(request, 404, "not_found")
    handover = view.handover
    problem = (
        words.refusal(handover.error_code, handover.error_message) if handover.error_code else ""
    )
    context = {
        "view": view,
        "handover": handover,
        "states": words.STATES,
        "carriage_statuses": words.CARRIAGE_STATUSES,
        "problem": problem,
        "notice": NOTICES.get(notice, ""),
    }
    return render(request, "handover.html", context)


async def _step(request: Request, handover_id: int, step: str, containers: int | None) -> Response:
    deps = deps_of(request)
    shipping = _shipping(request)
    if shipping is None:
        return _to(handover_id, "no_ozon")
    hid = HandoverId(handover_id)
    try:
        if step == "approve":
            await handovers.approve(
                hid, containers_count=containers, uow=deps.uow, shipping=shipping, clock=deps.clock
            )
        elif step == "documents":
            await handovers.fetch_documents(hid, uow=deps.uow, shipping=shipping, clock=deps.clock)
        else:
            await handovers.cancel(hid, uow=deps.uow, shipping=shipping, clock=deps.clock)
    except handovers.UnknownHandover:
        return error_page(request, 404, "not_found")
    except HandoverProblem:
        return _to(handover_id, "wrong_state")
    return _to(handover_id)


@router.post("/handovers/{handover_id}/approve")
async def approve(
    request: Request,
    session: CurrentSession,
    handover_id: int,
    containers_count: Annotated[str, Form()] = "",
) -> Response:
    text = containers_count.strip()
    containers = int(text) if text.isdigit() else None
    return await _step(request, handover_id, "approve", containers)


@router.post("/handovers/{handover_id}/documents")
async def documents(request: Request, session: CurrentSession, handover_id: int) -> Response:
    return await _step(request, handover_id, "documents", None)


@router.post("/handovers/{handover_id}/cancel")
async def cancel(request: Request, session: CurrentSession, handover_id: int) -> Response:
    return await _step(request, handover_id, "cancel", None)


@router.post("/handovers/{handover_id}/hand-over")
def hand_over(
    request: Request,
    session: CurrentSession,
    handover_id: int,
    with_missing: Annotated[str, Form()] = "",
) -> Response:
    deps = deps_of(request)
    try:
        handovers.hand_over(
            HandoverId(handover_id), with_missing=bool(with_missing), uow=deps.uow, clock=deps.clock
        )
    except handovers.UnknownHandover:
        return error_page(request, 404, "not_found")
    except handovers.ChecklistIncomplete:
        return _to(handover_id, "missing")
    except HandoverProblem:
        return _to(handover_id, "wrong_state")
    return _to(handover_id)


@router.get("/handovers/{handover_id}/{kind}.pdf")
def document_file(
    request: Request, session: CurrentSession, handover_id: int, kind: str
) -> Response:
    try:
        wanted = DocumentKind(kind)
    except ValueError:
        return error_page(request, 404, "not_found")
    pdf = handovers.document(HandoverId(handover_id), wanted, uow=deps_of(request).reader)
    if pdf is None:
        return error_page(request, 404, "not_found")
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="handover-{handover_id}-{kind}.pdf"'},
    )


@router.post("/handovers/{handover_id}/print/{kind}")
def print_document(
    request: Request, session: CurrentSession, handover_id: int, kind: str
) -> Response:
    deps = deps_of(request)
    try:
        wanted = DocumentKind(kind)
    except ValueError:
        return error_page(request, 404, "not_found")
    printer = printing.default_printer(user_id=session.account.id, uow=deps.reader)
    if printer is None:
        return _to(handover_id, "no_printer")
    if deps.printers is None or deps.zpl is None:
        return _to(handover_id, "print_failed")
    try:
        job = print_handover_document(
            HandoverId(handover_id),
            wanted,
            printer,
            by=session.account,
            uow=deps.uow,
            transport=deps.printers,
            zpl=deps.zpl,
            clock=deps.clock,
        )
    except handovers.UnknownHandover:
        return error_page(request, 404, "not_found")
    except PrintError as exc:
        return _to(
            handover_id, "act_needs_pdf" if exc.key == "act_needs_pdf_printer" else "print_failed"
        )
    return _to(handover_id, "printed" if job.status is PrintJobStatus.SENT else "print_failed")


@router.get("/handovers/{handover_id}/checklist")
def checklist_page(request: Request, session: CurrentSession, handover_id: int) -> Response:
    try:
        view = handovers.view(HandoverId(handover_id), uow=deps_of(request).reader)
    except handovers.UnknownHandover:
        return error_page(request, 404, "not_found")
    context = {
        "view": view,
        "handover": view.handover,
        "states": words.STATES,
        "scan": None,
        "scan_log": words.SCAN_LOG,
    }
    return render(request, "handover_checklist.html", context)


@router.post("/handovers/{handover_id}/scan")
def scan(
    request: Request,
    session: CurrentSession,
    handover_id: int,
    code: Annotated[str, Form()] = "",
) -> Response:
    deps = deps_of(request)
    hid = HandoverId(handover_id)
    try:
        outcome = handovers.scan(
            hid, code, actor=session.account.username, uow=deps.uow, clock=deps.clock
        )
    except handovers.UnknownHandover:
        return error_page(request, 404, "not_found")
    except HandoverProblem:
        return _to(handover_id, "wrong_state")
    result = outcome.result
    said = [Message(words.SCANS[result.outcome], {"number": result.posting_number or result.code})]
    said += [
        Message(words.ELSEWHERE, {"id": other.id, "date": other.departure_date.isoformat()})
        for other in outcome.elsewhere
    ]
    view = handovers.view(hid, uow=deps.uow)
    context = {
        "view": view,
        "handover": view.handover,
        "states": words.STATES,
        "scan": {"outcome": result.outcome.value, "accepted": result.accepted, "said": said},
        "scan_log": words.SCAN_LOG,
    }
    template = (
        "_handover_checklist.html" if is_fragment_request(request) else "handover_checklist.html"
    )
    return render(request, template, context)
