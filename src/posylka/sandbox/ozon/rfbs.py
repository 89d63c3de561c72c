"""rFBS delivery by the seller's own or a non-integrated carrier, as the sandbox applies it:
tracking numbers and the seller's status moves, each posting answered on its own.

Rules (Seller API, «rFBS Стандарт», ``/v2/fbs/posting/tracking-number/set``,
``/v2/fbs/posting/delivering|last-mile|delivered`` and their "Errors"):

- only postings whose ``tpl_integration_type`` is ``non_integrated`` take either call; others get
  ``HAS_INCORRECT_TPL_INTEGRATION_TYPE``; an unknown number gets ``POSTING_NOT_FOUND``;
- a tracking number is set while the posting awaits delivery, is being delivered or was sent by
  the seller (``awaiting_deliver``, ``delivering``, ``sent_by_seller``), else
  ``HAS_INCORRECT_STATUS``; it shows as ``tracking_number`` in the lists and ``get`` at once;
- the moves go ``awaiting_deliver`` (or ``sent_by_seller``) → ``delivering`` → last mile →
  ``delivered``; the last mile may be skipped, nothing may be repeated or go back:
  ``TRANSITION_IS_NOT_POSSIBLE``. ``delivering`` needs a tracking number first: the sandbox answers
  ``TRACKING_NUMBER_NOT_SET`` (its own code; Ozon documents none for this case).

Ozon applies the moves asynchronously; the sandbox applies them at once, and the posting stays
where the seller put it (its seeded future is dropped). The last mile is ``delivering`` with the
substatus ``posting_in_courier_service`` (the courier is taking the parcel to the buyer); the move
to ``delivering`` gives ``posting_transferred_to_courier_service``.
"""

from __future__ import annotations

from posylka.domain.shipping import RfbsMove
from posylka.sandbox.ozon.rendering import tracking
from posylka.sandbox.ozon.seeding import SandboxPosting
from posylka.sandbox.ozon.state import SandboxState, UnknownPosting

NON_INTEGRATED = "non_integrated"
POSTING_NOT_FOUND = "POSTING_NOT_FOUND"
INCORRECT_INTEGRATION = "HAS_INCORRECT_TPL_INTEGRATION_TYPE"
INCORRECT_STATUS = "HAS_INCORRECT_STATUS"
TRANSITION_NOT_POSSIBLE = "TRANSITION_IS_NOT_POSSIBLE"
TRACKING_NOT_SET = "TRACKING_NUMBER_NOT_SET"

TRACKABLE = frozenset({"awaiting_deliver", "delivering", "sent_by_seller"})
BEFORE_DELIVERING = frozenset({"awaiting_deliver", "sent_by_seller"})
DELIVERING = "delivering"
HANDED_TO_COURIER = "posting_transferred_to_courier_service"
LAST_MILE = "posting_in_courier_service"
DELIVERED = "delivered"
DELIVERED_SUBSTATUS = "posting_delivered"


def _rfbs_posting(state: SandboxState, number: str) -> SandboxPosting | str:
    """The posting, or the error code that stops it before any status check."""
    try:
        posting = state.posting(number)
    except UnknownPosting:
        return POSTING_NOT_FOUND
    if posting.method.integration != NON_INTEGRATED:
        return INCORRECT_INTEGRATION
    return posting


def _now_at(state: SandboxState, posting: SandboxPosting) -> tuple[str, str]:
    event = posting.timeline.at(state.now())
    return (event.status, event.substatus) if event else ("", "")


def tracking_shown(state: SandboxState, posting: SandboxPosting) -> str:
    """The tracking number Ozon shows now: the seller's, or the seeded one once handed over."""
    return tracking(posting, posting.timeline.handed_over_at(state.now()))


def set_tracking(state: SandboxState, number: str, tracking_number: str) -> str:
    """Set one posting's tracking number; the error code, or ``""`` when it is set."""
    found = _rfbs_posting(state, number)
    if isinstance(found, str):
        return found
    status, _ = _now_at(state, found)
    if status not in TRACKABLE:
        return INCORRECT_STATUS
    found.seller_tracking = tracking_number
    found.revision += 1
    return ""


def move(state: SandboxState, to: RfbsMove, number: str) -> str:
    """Move one posting on; the error code, or ``""`` when it moved."""
    found = _rfbs_posting(state, number)
    if isinstance(found, str):
        return found
    status, substatus = _now_at(state, found)
    if to is RfbsMove.DELIVERING:
        if status not in BEFORE_DELIVERING:
            return TRANSITION_NOT_POSSIBLE
        if not tracking_shown(state, found):
            return TRACKING_NOT_SET
        state.set_status(number, DELIVERING, HANDED_TO_COURIER)
    elif to is RfbsMove.LAST_MILE:
        if status != DELIVERING or substatus == LAST_MILE:
            return TRANSITION_NOT_POSSIBLE
        state.set_status(number, DELIVERING, LAST_MILE)
    else:
        if status != DELIVERING:
            return TRANSITION_NOT_POSSIBLE
        state.set_status(number, DELIVERED, DELIVERED_SUBSTATUS)
    return ""
