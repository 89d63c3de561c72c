"""The FBS hand-over over the wire: carriages (create, approve, get, cancel, the list of a
delivery method's carriages on a day), the postings of a carriage, its documents (shipping list
and waybill) and container labels, read into ``posylka.domain.shipping``.

Ozon refuses carriage calls with a code in its error message (Seller API, section "Errors",
``/v2/posting/fbs/act/create``, which the carriage methods share: ``no_postings``,
``there_are_incomplete_carriages``, ``Incorrect_carriage_status``…); those become
``CarriageRefused`` with the code, so the hand-over desk can say what to do. ``/v1/carriage/cancel``
may also answer 200 with its ``error`` filled: that is a refusal too.

The documents come as the PDF itself (the live API) or as the documented JSON with
``file_content``; both are read.
"""

from __future__ import annotations

import re
from datetime import date

from posylka.adapters.ozon import endpoints
from posylka.adapters.ozon.client import OzonClient
from posylka.adapters.ozon.endpoints import Endpoint, ReplyT, RequestT
from posylka.adapters.ozon.errors import malformed_reply
from posylka.adapters.ozon.pdf_replies import read_pdf_reply
from posylka.adapters.ozon.schemas import carriage as wire
from posylka.domain.errors import BadRequest, NotFound
from posylka.domain.ids import DeliveryMethodId, PostingNumber, WarehouseId
from posylka.domain.shipping import Carriage, CarriageRefused

CANCEL_ACTION = "cancel"

KNOWN_CODES = (
    "DELIVERY_METHOD_NOT_FOUND",
    "Incorrect_carriage_status",
    "Trying set ContainersCount to not HasEntrustedAcceptance company",
    "there_are_incomplete_carriages",
    "posting_statuses_not_ready",
    "new_postings_are_possible",
    "package_time_not_passed",
    "partial_carriage_in_proccess",
    "partial_carriage_formed",
    "has_postings_with_registration_error",
    "has_seller_returns_in_stock",
    "first_mile_is_changing",
    "first_mile_absent",
    "not_accepted_on_sc",
    "non_carriageable",
    "not_registered",
    "not_packaged",
    "no_postings",
    "has_overflow",
    "has_surge",
    "outdated",
)
"""Ozon's carriage error codes (Seller API, "Errors"), looked for as whole words in a message."""

_CODE_PREFIX = re.compile(r"^\s*([A-Za-z_]+)\s*(?::|$)")


def refusal_code(message: str) -> str:
    """Ozon's code in a refusal's message: a known one anywhere in it, else a leading word
    (``some_code: explanation``), else empty."""
    for code in KNOWN_CODES:
        if re.search(rf"(?<![A-Za-z_]){re.escape(code)}(?![A-Za-z_])", message):
            return code
    match = _CODE_PREFIX.match(message)
    return match.group(1) if match else ""


def as_refusal(exc: BadRequest) -> BadRequest:
    """A 400 that names a carriage code as ``CarriageRefused``; anything else (404 of an
    unknown carriage, a malformed request) stays as it was."""
    if isinstance(exc, NotFound):
        return exc
    code = refusal_code(exc.message)
    if not code:
        return exc
    return CarriageRefused(exc.message, code=code, status=exc.status, path=exc.path)


async def _call(
    client: OzonClient, endpoint: Endpoint[RequestT, ReplyT], request: RequestT, context: str
) -> ReplyT:
    try:
        return await client.call(endpoint, request, context=context)
    except BadRequest as exc:
        raise as_refusal(exc) from exc


async def create_carriage(
    client: OzonClient, delivery_method_id: DeliveryMethodId, departure_date: date
) -> int:
    """A new carriage of the method's assembled postings due by ``departure_date``."""
    endpoint = endpoints.CARRIAGE_CREATE
    request = wire.CarriageCreateRequest(
        delivery_method_id=delivery_method_id, departure_date=departure_date.isoformat()
    )
    reply = await _call(client, endpoint, request, f"delivery method {delivery_method_id}")
    if reply.carriage_id is None:
        raise malformed_reply("no carriage_id", path=endpoint.path)
    return reply.carriage_id


async def approve_carriage(
    client: OzonClient, carriage_id: int, containers_count: int | None = None
) -> None:
    request = wire.CarriageApproveRequest(
        carriage_id=carriage_id, containers_count=containers_count
    )
    await _call(client, endpoints.CARRIAGE_APPROVE, request, f"carriage {carriage_id}")


async def fetch_carriage(client: OzonClient, carriage_id: int) -> Carriage:
    endpoint = endpoints.CARRIAGE_GET
    request = wire.CarriageGetRequest(carriage_id=carriage_id)
    reply = await _call(client, endpoint, request, f"carriage {carriage_id}")
    return map_carriage(reply, carriage_id, path=endpoint.path)


def map_carriage(reply: wire.CarriageGetResponse, carriage_id: int, *, path: str) -> Carriage:
    """The carriage in posylka's words; a reply without a status cannot be used."""
    if not reply.status:
        raise malformed_reply(f"carriage {carriage_id} has no status", path=path)
    departure: date | None = None
    if reply.departure_date:
        try:
            departure = date.fromisoformat(reply.departure_date[:10])
        except ValueError as exc:
            raise malformed_reply(
                f"carriage {carriage_id}: departure_date {reply.departure_date!r}", path=path
            ) from exc
    actions = tuple(reply.available_actions or ())
    cancel = reply.cancel_availability
    return Carriage(
        carriage_id=reply.carriage_id or carriage_id,
        status=reply.status,
        delivery_method_id=(
            DeliveryMethodId(reply.delivery_method_id) if reply.delivery_method_id else None
        ),
        warehouse_id=WarehouseId(reply.warehouse_id) if reply.warehouse_id else None,
        departure_date=departure,
        available_actions=actions,
        containers_count=reply.containers_count,
        is_partial=bool(reply.is_partial),
        has_postings_for_next_carriage=bool(reply.has_postings_for_next_carriage),
        cancel_available=(
            bool(cancel.is_cancel_available) if cancel is not None else CANCEL_ACTION in actions
        ),
    )


async def list_carriages(
    client: OzonClient, delivery_method_id: DeliveryMethodId, departure_date: date
) -> list[Carriage]:
    """The carriages Ozon has for the method and day (``/v1/posting/carriage-available/list``).

    A line without a ``carriage_id`` is the method's hand-over with no carriage made yet: left
    out. The list gives only the id and status of each carriage; the rest is read from the
    request."""
    endpoint = endpoints.CARRIAGE_AVAILABLE_LIST
    request = wire.CarriageAvailableListRequest(
        delivery_method_id=delivery_method_id, departure_date=departure_date.isoformat()
    )
    reply = await _call(client, endpoint, request, f"delivery method {delivery_method_id}")
    found = []
    for line in reply.result or []:
        if not line.carriage_id:
            continue
        if line.delivery_method_id and line.delivery_method_id != delivery_method_id:
            continue
        found.append(
            Carriage(
                carriage_id=line.carriage_id,
                status=line.carriage_status or "",
                delivery_method_id=delivery_method_id,
                warehouse_id=WarehouseId(line.warehouse_id) if line.warehouse_id else None,
                departure_date=departure_date,
            )
        )
    return found


async def cancel_carriage(client: OzonClient, carriage_id: int) -> None:
    """Cancel a carriage not yet approved; its postings may go into another one."""
    endpoint = endpoints.CARRIAGE_CANCEL
    request = wire.CarriageCancelRequest(carriage_id=carriage_id)
    reply = await _call(client, endpoint, request, f"carriage {carriage_id}")
    if reply.error:
        raise CarriageRefused(
            f"Ozon did not cancel carriage {carriage_id}: {reply.error}",
            code=refusal_code(reply.error) or reply.error,
            status=200,
            path=endpoint.path,
        )


async def carriage_postings(client: OzonClient, carriage_id: int) -> list[PostingNumber]:
    endpoint = endpoints.ACT_POSTINGS
    request = wire.ActRequest(id=carriage_id)
    reply = await _call(client, endpoint, request, f"carriage {carriage_id}")
    return [PostingNumber(p.posting_number) for p in reply.result or [] if p.posting_number]


async def fetch_act_pdf(client: OzonClient, carriage_id: int) -> bytes:
    """The shipping list and waybill of an approved carriage, one PDF."""
    return await _fetch_pdf(client, endpoints.ACT_PDF, carriage_id)


async def fetch_container_labels(client: OzonClient, carriage_id: int) -> bytes:
    return await _fetch_pdf(client, endpoints.ACT_CONTAINER_LABELS, carriage_id)


async def _fetch_pdf(
    client: OzonClient, endpoint: Endpoint[wire.ActRequest, wire.ActFile], carriage_id: int
) -> bytes:
    try:
        response = await client.call_reply(endpoint, wire.ActRequest(id=carriage_id))
    except BadRequest as exc:
        raise as_refusal(exc) from exc
    return read_pdf_reply(response, path=endpoint.path, what="document")
