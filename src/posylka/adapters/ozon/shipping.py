"""Assembly over the wire: ``/v4/posting/fbs/ship`` and ``/v1/posting/fbs/restrictions``, read
into ``posylka.domain.shipping``.

``ship`` changes the posting at Ozon, so it is sent once and never repeated by the client (its
endpoint is not *safe*): a timeout leaves the answer unknown, and the caller finds out by reading
the posting. Ozon refuses with a 400 whose message carries a code (Seller API,
PostingAPI_ShipFbsPostingV4, "Errors"); that code becomes a ``ShipRefusal``. A 200 does not mean
the posting is assembled yet: Ozon carries the assembly out afterwards, and a failure shows as the
substatus ``ship_failed`` on the posting.

Restrictions come in grams and centimetres; posylka keeps grams, millimetres and roubles.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from posylka.adapters.ozon import endpoints
from posylka.adapters.ozon.client import OzonClient
from posylka.adapters.ozon.errors import malformed_reply
from posylka.adapters.ozon.schemas import shipping as wire
from posylka.domain.errors import BadRequest, NotFound
from posylka.domain.ids import PostingNumber
from posylka.domain.shipping import Package, PostingRestrictions, ShipRefusal, ShipRefused

MM_PER_CM = 10
KOPECK = Decimal("0.01")


def ship_request(posting_number: PostingNumber, packages: Sequence[Package]) -> wire.ShipRequest:
    """The request that assembles ``posting_number`` as ``packages``; ``ValueError`` for an
    assembly with no package or an empty one (Ozon would refuse it, and it is never meant)."""
    if not packages:
        raise ValueError(f"posting {posting_number}: an assembly needs at least one package")
    body: list[wire.ShipPackage] = []
    for index, package in enumerate(packages, start=1):
        if not package.lines or any(line.quantity <= 0 for line in package.lines):
            raise ValueError(
                f"posting {posting_number}: package {index} must hold at least one unit of "
                "each product it lists"
            )
        body.append(
            wire.ShipPackage(
                products=[
                    wire.ShipProduct(product_id=line.sku, quantity=line.quantity)
                    for line in package.lines
                ]
            )
        )
    return wire.ShipRequest(
        posting_number=posting_number,
        packages=body,
        with_=wire.ShipWith(additional_data=True),
    )


def read_ship_error(exc: BadRequest) -> BadRequest:
    """Ozon's refusal of ``ship`` as ``ShipRefused`` with its code; ``NotFound`` stays as it is
    (Ozon has no such posting)."""
    if isinstance(exc, NotFound | ShipRefused):
        return exc
    refusal = ShipRefusal.from_text(f"{exc.code} {exc.message}")
    return ShipRefused(refusal, exc.message, path=exc.path, status=exc.status or 400)


async def ship_posting(
    client: OzonClient, posting_number: PostingNumber, packages: Sequence[Package]
) -> tuple[PostingNumber, ...]:
    """Assemble a posting; the postings Ozon lists for it, the original first.

    An empty ``result`` from a 200 is read as the posting kept whole: Ozon accepted the assembly,
    and the postings it made show in the lists either way.
    """
    endpoint = endpoints.POSTING_SHIP
    request = ship_request(posting_number, packages)
    try:
        reply = await client.call(endpoint, request, context=f"posting {posting_number}")
    except BadRequest as exc:
        raise read_ship_error(exc) from exc
    numbers = tuple(PostingNumber(number) for number in reply.result or () if number)
    if not numbers:
        return (posting_number,)
    if len(set(numbers)) != len(numbers):
        raise malformed_reply(
            f"posting {posting_number}: the same posting number is listed twice",
            path=endpoint.path,
        )
    return numbers


def _grams(value: float | None) -> int | None:
    return round(value) if value else None


def _millimetres(centimetres: float | None) -> int | None:
    return round(centimetres * MM_PER_CM) if centimetres else None


def _roubles(value: float | None) -> Decimal | None:
    return Decimal(str(value)).quantize(KOPECK) if value else None


def map_restrictions(
    posting_number: PostingNumber, result: wire.Restrictions | None
) -> PostingRestrictions:
    """Ozon's limits in posylka's units; a zero or missing value is no limit."""
    if result is None:
        return PostingRestrictions(posting_number)
    return PostingRestrictions(
        posting_number=PostingNumber(result.posting_number or posting_number),
        max_weight_g=_grams(result.max_posting_weight),
        min_weight_g=_grams(result.min_posting_weight),
        max_length_mm=_millimetres(result.length),
        max_width_mm=_millimetres(result.width),
        max_height_mm=_millimetres(result.height),
        max_price=_roubles(result.max_posting_price),
        min_price=_roubles(result.min_posting_price),
    )


async def fetch_restrictions(
    client: OzonClient, posting_number: PostingNumber
) -> PostingRestrictions:
    """The drop-off point's limits for one posting (``/v1/posting/fbs/restrictions``)."""
    reply = await client.call(
        endpoints.POSTING_RESTRICTIONS,
        wire.RestrictionsRequest(posting_number=posting_number),
        context=f"posting {posting_number}",
    )
    return map_restrictions(posting_number, reply.result)
