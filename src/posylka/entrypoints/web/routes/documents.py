"""Documents: a posting's slip, pick lists from the queue, the batches page, the after-sales card.

Documents come back as PDF shown in the browser (``Content-Disposition: inline``) so the user
prints them with the browser's own dialog or saves them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from posylka.domain.documents import SLIP_SIZES, PaperSize, parse_batch_code
from posylka.domain.ids import BatchId, DeliveryMethodId, StoreId
from posylka.entrypoints.web.guards import CurrentSession, Forbidden, deps_of
from posylka.entrypoints.web.labels import N_
from posylka.entrypoints.web.messages import Message
from posylka.entrypoints.web.rendering import pages_of, render
from posylka.services import documents as docs
from posylka.services.accounts import NotAllowed, Session
from posylka.services.ports import DocumentRenderer

router = APIRouter()

SIZE_NAMES = {
    PaperSize.A4: N_("A4"),
    PaperSize.THERMAL_100X150: N_("Label 100×150 mm"),
    PaperSize.THERMAL_75X120: N_("Label 75×120 mm"),
    PaperSize.THERMAL_58X40: N_("Label 58×40 mm"),
}
CARD_SIZES = (*SLIP_SIZES, PaperSize.THERMAL_58X40)

NOTHING_SELECTED = Message(N_("Tick at least one posting for the pick list."))
ONE_STORE = Message(N_("A pick list holds the postings of one store. Tick postings of one store."))
TOO_MANY = Message(N_("At most %(n)s postings go into one pick list."), {"n": docs.MAX_POSTINGS})
NONE_READY = Message(
    N_("No posting awaits packaging for this delivery method by %(day)s."), {"day": ""}
)
CHOOSE_STORE_AND_METHOD = Message(N_("Choose a store and a delivery method."))
CHOOSE_DAY = Message(N_("Choose the day the postings must ship by."))
NO_RENDERER = Message(N_("Documents cannot be made on this server."))
CARD_SAVED = N_("After-sales card saved.")
CARD_ERRORS = {
    "headline": N_("The headline is too long (200 characters at most)."),
    "message": N_("Write a message, contacts or a link before turning the card on."),
    "message_too_long": N_("The message is too long (2,000 characters at most)."),
    "contacts": N_("Up to 8 contact lines of 200 characters each."),
    "link": N_("The link must be a full address starting with https:// or http://."),
    "link_caption": N_("The caption is too long (200 characters at most)."),
    "store": N_("Choose a store."),
}


def unknown_postings(exc: docs.UnknownPostings) -> Message:
    return Message(
        N_("Posting %(numbers)s was not found in this store. Sync the store or check the number."),
        {"numbers": ", ".join(exc.posting_numbers[:10])},
    )


def _renderer(request: Request) -> DocumentRenderer | None:
    return deps_of(request).documents


def _language(request: Request) -> str:
    return pages_of(request).language_of(request)


def pdf_response(content: bytes, filename: str) -> Response:
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


def _require_manager(session: Session) -> None:
    if not session.account.role.can_manage_postings:
        raise Forbidden


# --- the slip ------------------------------------------------------------------------------------


@router.get("/documents/postings/{store_id}/{posting_number}")
def slip_form(
    request: Request, session: CurrentSession, store_id: int, posting_number: str
) -> Response:
    """The posting page's "Print slip" box (loaded into the page by htmx)."""
    context = {
        "store_id": store_id,
        "posting_number": posting_number,
        "sizes": [(s.value, SIZE_NAMES[s]) for s in SLIP_SIZES],
    }
    return render(request, "_slip_form.html", context)


@router.get("/postings/{store_id}/{posting_number}/slip")
def slip_pdf(
    request: Request,
    session: CurrentSession,
    store_id: int,
    posting_number: str,
    size: str = PaperSize.A4.value,
    card: str = "",
) -> Response:
    renderer = _renderer(request)
    if renderer is None:
        return _problem(request, NO_RENDERER, 503)
    try:
        paper = PaperSize.parse(size)
    except ValueError:
        return _problem(request, Message(N_("Choose one of the offered paper sizes.")), 400)
    with_card = {"yes": True, "no": False}.get(card)
    request_ = docs.SlipRequest(
        StoreId(store_id), [posting_number], paper, _language(request), with_card
    )
    try:
        pdf = docs.print_slips(request_, uow=deps_of(request).reader, renderer=renderer)
    except docs.UnknownPostings as exc:
        return _problem(request, unknown_postings(exc), 404)
    return pdf_response(pdf, f"slip-{posting_number}-{paper.value}.pdf")


# --- pick lists ----------------------------------------------------------------------------------


@router.post("/picklists")
def pick_list_from_selection(
    request: Request,
    session: CurrentSession,
    posting: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Make a batch of the postings ticked in the queue (each value is ``store:posting``)."""
    _require_manager(session)
    chosen = [value.partition(":") for value in posting or []]
    stores = {store for store, _, _ in chosen}
    if not chosen:
        return _problem(request, NOTHING_SELECTED, 400)
    if len(stores) > 1 or not all(s.isdigit() for s in stores):
        return _problem(request, ONE_STORE, 400)
    store_id = StoreId(int(stores.pop()))
    return _make_batch(request, session, store_id, [number for _, _, number in chosen], "")


@router.post("/picklists/ready")
def pick_list_of_ready(
    request: Request,
    session: CurrentSession,
    store: Annotated[str, Form()] = "",
    delivery: Annotated[str, Form()] = "",
    day: Annotated[str, Form()] = "",
) -> Response:
    """Make a batch of every posting awaiting packaging for a delivery method by a day."""
    _require_manager(session)
    deps = deps_of(request)
    tz = ZoneInfo(deps.settings.timezone)
    if not store.isdigit() or not delivery.isdigit():
        return _batches_page(request, session, {"ready": CHOOSE_STORE_AND_METHOD}, 422)
    try:
        chosen_day = date.fromisoformat(day) if day else deps.clock.now().astimezone(tz).date()
    except ValueError:
        return _batches_page(request, session, {"ready": CHOOSE_DAY}, 422)
    store_id = StoreId(int(store))
    numbers = docs.ready_postings(
        store_id, DeliveryMethodId(int(delivery)), chosen_day, timezone=tz, uow=deps.reader
    )
    if not numbers:
        message = Message(NONE_READY.msgid, {"day": chosen_day.strftime("%d.%m.%Y")})
        return _batches_page(request, session, {"ready": message}, 422)
    method = _method_name(request, store_id, delivery)
    title = f"{method} · {chosen_day.strftime('%d.%m.%Y')}" if method else ""
    return _make_batch(request, session, store_id, numbers, title)


def _method_name(request: Request, store_id: StoreId, delivery: str) -> str:
    choices = docs.pick_list_choices(uow=deps_of(request).reader)
    return next(
        (o.label for o in choices.delivery_methods if str(o.value) == delivery),
        "",
    )


def _make_batch(
    request: Request, session: Session, store_id: StoreId, numbers: Sequence[str], title: str
) -> Response:
    deps = deps_of(request)
    try:
        batch_id = docs.create_pick_list(
            store_id, numbers, title=title, by=session.account, uow=deps.uow, clock=deps.clock
        )
    except docs.NothingSelected:
        return _problem(request, NOTHING_SELECTED, 400)
    except docs.TooManyPostings:
        return _problem(request, TOO_MANY, 400)
    except docs.UnknownPostings as exc:
        return _problem(request, unknown_postings(exc), 404)
    except NotAllowed:
        raise Forbidden from None
    return RedirectResponse(f"/picklists/{batch_id}.pdf", status_code=303)


@router.get("/picklists/{batch_id}.pdf")
def pick_list_pdf(request: Request, session: CurrentSession, batch_id: int) -> Response:
    renderer = _renderer(request)
    if renderer is None:
        return _problem(request, NO_RENDERER, 503)
    try:
        batch, pdf = docs.pick_list_pdf(
            BatchId(batch_id),
            language=_language(request),
            uow=deps_of(request).reader,
            renderer=renderer,
        )
    except docs.UnknownBatch:
        return _problem(request, Message(N_("There is no pick list with this number.")), 404)
    return pdf_response(pdf, f"{batch.code}.pdf")


@router.get("/picklists")
def batches_page(request: Request, session: CurrentSession, code: str = "") -> Response:
    """Recent batches with their reprint links; a scanned batch code opens its pick list."""
    if code.strip():
        batch_id = parse_batch_code(code)
        if batch_id is not None:
            return RedirectResponse(f"/picklists/{batch_id}.pdf", status_code=303)
        return _batches_page(request, session, {"code": Message(N_("This is not a batch code."))})
    return _batches_page(request, session, {})


def _batches_page(
    request: Request, session: Session, errors: dict[str, Message], status_code: int = 200
) -> Response:
    deps = deps_of(request)
    tz = ZoneInfo(deps.settings.timezone)
    context = {
        "batches": docs.list_batches(uow=deps.reader, limit=100),
        "choices": docs.pick_list_choices(uow=deps.reader),
        "today": deps.clock.now().astimezone(tz).date().isoformat(),
        "errors": errors,
        "can_make": session.account.role.can_manage_postings,
    }
    return render(request, "pick_lists.html", context, status_code=status_code)


# --- the after-sales card ------------------------------------------------------------------------


@router.get("/settings/after-sales-card")
def card_page(
    request: Request, session: CurrentSession, store: str = "", notice: str = ""
) -> Response:
    _require_manager(session)
    return _card_page(request, store, None, {}, CARD_SAVED if notice == "saved" else "")


def _card_page(
    request: Request,
    store: str,
    form: dict[str, object] | None,
    errors: dict[str, Message],
    notice: str = "",
    status_code: int = 200,
) -> Response:
    deps = deps_of(request)
    stores = docs.stores_for_cards(uow=deps.reader)
    store_id = int(store) if store.isdigit() else (stores[0][0] if stores else None)
    if form is None and store_id is not None:
        saved = docs.card_settings(StoreId(store_id), uow=deps.reader)
        form = {
            "enabled": saved.enabled,
            "headline": saved.headline,
            "message": saved.message,
            "contacts": "\n".join(saved.contacts),
            "link": saved.link,
            "link_caption": saved.link_caption,
            "updated_at": saved.updated_at,
            "updated_by": saved.updated_by,
        }
    context = {
        "stores": stores,
        "store_id": store_id,
        "form": form or {},
        "errors": errors,
        "notice": notice,
        "sizes": [(s.value, SIZE_NAMES[s]) for s in CARD_SIZES],
    }
    return render(request, "after_sales_card.html", context, status_code=status_code)


@router.post("/settings/after-sales-card")
def save_card(
    request: Request,
    session: CurrentSession,
    store: Annotated[str, Form()] = "",
    enabled: Annotated[str, Form()] = "",
    headline: Annotated[str, Form()] = "",
    message: Annotated[str, Form()] = "",
    contacts: Annotated[str, Form()] = "",
    link: Annotated[str, Form()] = "",
    link_caption: Annotated[str, Form()] = "",
) -> Response:
    _require_manager(session)
    deps = deps_of(request)
    form = docs.CardForm(bool(enabled), headline, message, contacts, link, link_caption)
    try:
        if not store.isdigit():
            raise docs.InvalidCardSettings("store", "unknown")
        docs.save_card_settings(
            StoreId(int(store)), form, by=session.account, uow=deps.uow, clock=deps.clock
        )
    except docs.InvalidCardSettings as exc:
        key = (
            "message_too_long" if (exc.field, exc.problem) == ("message", "too_long") else exc.field
        )
        values: dict[str, object] = {
            "enabled": form.enabled,
            "headline": headline,
            "message": message,
            "contacts": contacts,
            "link": link,
            "link_caption": link_caption,
        }
        errors = {exc.field: Message(CARD_ERRORS.get(key, CARD_ERRORS["store"]))}
        return _card_page(request, store, values, errors, status_code=422)
    return RedirectResponse(f"/settings/after-sales-card?store={store}&notice=saved", 303)


@router.get("/settings/after-sales-card/sample.pdf")
def card_sample(
    request: Request, session: CurrentSession, store: str = "", size: str = "100x150"
) -> Response:
    """The saved card alone, to check how it prints (or to print a stack of inserts)."""
    renderer = _renderer(request)
    if renderer is None:
        return _problem(request, NO_RENDERER, 503)
    try:
        paper = PaperSize.parse(size)
        if not store.isdigit():
            raise ValueError(store)
        pdf = docs.card_pdf(
            StoreId(int(store)), paper, uow=deps_of(request).reader, renderer=renderer
        )
    except (ValueError, docs.InvalidCardSettings):
        return _problem(request, Message(CARD_ERRORS["store"]), 400)
    return pdf_response(pdf, f"after-sales-card-{paper.value}.pdf")


# --- problems ------------------------------------------------------------------------------------


def _problem(request: Request, message: Message, status_code: int) -> Response:
    """A plain page saying what went wrong and where (documents open in a tab of their own)."""
    return render(request, "document_problem.html", {"problem": message}, status_code=status_code)
