"""Cancellation methods: the reasons, and cancelling a posting or some of its items.

- ``/v2/posting/fbs/cancel-reason/list`` (no body) → ``{result: [...]}``.
- ``/v2/posting/fbs/cancel`` ``{posting_number, cancel_reason_id, cancel_reason_message}`` →
  ``{result: true}``; the posting becomes ``cancelled``.
- ``/v2/posting/fbs/product/cancel`` ``{posting_number, cancel_reason_id, cancel_reason_message,
  items: [{sku, quantity}]}`` → ``{result: posting_number}``; the units leave the posting.

Refusals use the codes of the Seller API's "Errors" section: ``POSTING_NOT_FOUND``,
``POSTING_ALREADY_CANCELLED``, ``HAS_INCORRECT_STATUS``, ``HAS_INCORRECT_PRODUCT_QUANTITY``,
``UNKNOWN_PRODUCT_DEFINED`` and, for ``/v2/posting/fbs/cancel``, ``HAS_INCORRECT_CANCEL_REASON``.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from posylka.adapters.ozon import schemas as wire
from posylka.sandbox.ozon.bodies import parse, read_json
from posylka.sandbox.ozon.errors import invalid, not_found
from posylka.sandbox.ozon.reasons import CANCEL_REASONS, REASONS_BY_ID
from posylka.sandbox.ozon.routes.replies import reply
from posylka.sandbox.ozon.seeding import SandboxPosting
from posylka.sandbox.ozon.state import SandboxState, UnknownPosting

_REASONS = wire.CancelReasonListResponse(
    result=[
        wire.CancelReason(
            id=r.id,
            title=r.title,
            type_id=r.type_id,
            is_available_for_cancellation=r.is_available_for_cancellation,
        )
        for r in CANCEL_REASONS
    ]
)

POSTING_NOT_FOUND = "POSTING_NOT_FOUND"
ALREADY_CANCELLED = "POSTING_ALREADY_CANCELLED"
INCORRECT_STATUS = "HAS_INCORRECT_STATUS"
INCORRECT_REASON = "HAS_INCORRECT_CANCEL_REASON"
INCORRECT_QUANTITY = "HAS_INCORRECT_PRODUCT_QUANTITY"
UNKNOWN_PRODUCT = "UNKNOWN_PRODUCT_DEFINED"

OTHER_REASON = 402
WHILE_DELIVERING = frozenset({665, 666, 667})
"""Reasons allowed only while the parcel is on its way (Seller API, cancellation reasons)."""

BEFORE_HANDOVER = frozenset({"awaiting_packaging", "awaiting_deliver"})
"""Where a posting offers the ``cancel`` action: before the parcel leaves the seller."""

ITEMS_CANCELLABLE = frozenset({"awaiting_packaging"})
"""Where it offers ``product_cancel``: before it is assembled."""


def routes(state: SandboxState) -> list[BaseRoute]:
    async def reason_list(request: Request) -> Response:
        read_json(await request.body())  # the body is ignored, but it must still be JSON
        return reply(_REASONS)

    async def cancel(request: Request) -> Response:
        body = parse(wire.PostingCancelRequest, await request.body())
        posting = _posting(state, body.posting_number)
        status = _status(state, posting)
        reason_id = body.cancel_reason_id
        reason = REASONS_BY_ID.get(reason_id) if reason_id is not None else None
        if reason is None or reason.type_id != "seller" or not reason.is_available_for_cancellation:
            raise invalid(INCORRECT_REASON)
        if (reason.id in WHILE_DELIVERING) != (status == "delivering"):
            raise invalid(INCORRECT_REASON)
        if status not in BEFORE_HANDOVER and status != "delivering":
            raise invalid(INCORRECT_STATUS)
        if reason.id == OTHER_REASON and not (body.cancel_reason_message or "").strip():
            raise invalid("cancel_reason_message is required when cancel_reason_id is 402")
        state.cancel(posting.posting_number, reason.id)
        return reply(wire.PostingCancelResponse(result=True))

    async def product_cancel(request: Request) -> Response:
        body = parse(wire.ProductCancelRequest, await request.body())
        if body.cancel_reason_id is None or not (body.cancel_reason_message or "").strip():
            raise invalid("cancel_reason_id and cancel_reason_message are required")
        if not body.items:
            raise invalid("items: at least one item is required")
        posting = _posting(state, body.posting_number)
        status = _status(state, posting)
        reason = REASONS_BY_ID.get(body.cancel_reason_id)
        if reason is None or reason.type_id != "seller" or not reason.is_available_for_cancellation:
            raise invalid(INCORRECT_REASON)
        ticket = posting.assembly
        if status not in ITEMS_CANCELLABLE or (
            ticket is not None and ticket.in_process(state.now())
        ):
            # An accepted assembly being carried out has no ``product_cancel`` action either.
            raise invalid(INCORRECT_STATUS)
        units: dict[int, int] = {}
        for item in body.items:
            if item.quantity <= 0:
                raise invalid(INCORRECT_QUANTITY)
            units[item.sku] = units.get(item.sku, 0) + item.quantity
        held: dict[int, int] = {}
        for line in posting.items:
            held[line.product.sku] = held.get(line.product.sku, 0) + line.quantity
        for sku, quantity in units.items():
            if sku not in held:
                raise invalid(UNKNOWN_PRODUCT)
            if quantity > held[sku]:
                raise invalid(INCORRECT_QUANTITY)
        if units == held:
            # Nothing would be left to ship: the whole posting is cancelled instead.
            state.cancel(posting.posting_number, reason.id)
        else:
            state.remove_units(posting.posting_number, units)
        return reply(wire.ProductCancelResponse(result=posting.posting_number))

    return [
        Route("/v2/posting/fbs/cancel-reason/list", reason_list, methods=["POST"]),
        Route("/v2/posting/fbs/cancel", cancel, methods=["POST"]),
        Route("/v2/posting/fbs/product/cancel", product_cancel, methods=["POST"]),
    ]


def _posting(state: SandboxState, posting_number: str | None) -> SandboxPosting:
    if not posting_number:
        raise invalid("posting_number is required")
    try:
        return state.posting(posting_number)
    except UnknownPosting as exc:
        raise not_found(POSTING_NOT_FOUND) from exc


def _status(state: SandboxState, posting: SandboxPosting) -> str:
    event = posting.timeline.at(state.now())
    status = event.status if event else ""
    if status in ("cancelled", "cancelled_from_split_pending"):
        raise invalid(ALREADY_CANCELLED)
    if event is not None and event.substatus == "posting_conditionally_delivered":
        raise invalid(INCORRECT_STATUS)
    return status
