"""rFBS delivery by the seller's own or a non-integrated carrier over the wire: tracking numbers
(``/v2/fbs/posting/tracking-number/set``, at most 20 pairs a call) and the status moves
(``/v2/fbs/posting/delivering``, ``/last-mile``, ``/delivered``).

Ozon answers each posting on its own, inside a 200 (Seller API, section "Errors":
``TRANSITION_IS_NOT_POSSIBLE``, ``HAS_INCORRECT_TPL_INTEGRATION_TYPE``…), so these calls return
one ``ItemResult`` per posting asked for, in the order asked; a posting Ozon's reply leaves out is
reported as not done. The moves are asynchronous at Ozon: read the posting back to see it move.
"""

from __future__ import annotations

from collections.abc import Sequence

from posylka.adapters.ozon import endpoints
from posylka.adapters.ozon.client import OzonClient
from posylka.adapters.ozon.schemas import rfbs as wire
from posylka.domain.errors import BadRequest
from posylka.domain.ids import PostingNumber
from posylka.domain.shipping import TRACKING_BATCH_LIMIT, ItemResult, RfbsMove

MISSING_FROM_REPLY = "missing from Ozon's reply"

MOVES = {
    RfbsMove.DELIVERING: endpoints.RFBS_DELIVERING,
    RfbsMove.LAST_MILE: endpoints.RFBS_LAST_MILE,
    RfbsMove.DELIVERED: endpoints.RFBS_DELIVERED,
}


def read_items(reply: wire.MoveStatusResponse, asked: Sequence[PostingNumber]) -> list[ItemResult]:
    """One result per posting asked for, in that order; ``ok`` only where Ozon said so and gave
    no error."""
    answers: dict[str, wire.MoveStatusItem] = {}
    for answer in reply.result or []:
        if answer.posting_number:
            answers[answer.posting_number] = answer
    results: list[ItemResult] = []
    for number in asked:
        item = answers.get(number)
        if item is None:
            results.append(ItemResult(number, False, MISSING_FROM_REPLY))
            continue
        error = (item.error or "").strip()
        ok = bool(item.result) and not error
        results.append(ItemResult(number, ok, error if not ok else ""))
    return results


async def set_tracking_numbers(
    client: OzonClient, pairs: Sequence[tuple[PostingNumber, str]]
) -> list[ItemResult]:
    """Give Ozon the carrier's tracking number of each posting; refused locally, without a call,
    when there are none or more than Ozon takes at once."""
    endpoint = endpoints.TRACKING_NUMBER_SET
    if not pairs or len(pairs) > TRACKING_BATCH_LIMIT:
        raise BadRequest(
            f"Tracking numbers go to Ozon 1 to {TRACKING_BATCH_LIMIT} at a time, not {len(pairs)}.",
            path=endpoint.path,
        )
    request = wire.TrackingNumberSetRequest(
        tracking_numbers=[
            wire.TrackingNumber(posting_number=number, tracking_number=tracking)
            for number, tracking in pairs
        ]
    )
    reply = await client.call(endpoint, request, context=f"{len(pairs)} tracking numbers")
    return read_items(reply, [number for number, _ in pairs])


async def move_rfbs_status(
    client: OzonClient, move: RfbsMove, posting_numbers: Sequence[PostingNumber]
) -> list[ItemResult]:
    """Tell Ozon the parcels moved on (``delivering``, ``last-mile`` or ``delivered``)."""
    endpoint = MOVES[move]
    if not posting_numbers:
        return []
    request = wire.MoveStatusRequest(posting_number=list(posting_numbers))
    reply = await client.call(endpoint, request, context=f"{len(posting_numbers)} postings")
    return read_items(reply, posting_numbers)
