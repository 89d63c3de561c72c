"""rFBS methods of a seller delivering through a non-integrated carrier:
``/v2/fbs/posting/tracking-number/set`` and ``/v2/fbs/posting/delivering``, ``/last-mile`` and
``/delivered``.

Each answers 200 with ``{result: [{posting_number, result, error}]}``, one item per posting in the
order sent, ``error`` empty where it went through (rules in ``sandbox/ozon/rfbs.py``). The call as
a whole is refused (400, code 3) when it names no posting, when a tracking pair lacks its posting
or tracking number, or when it brings more than 20 tracking numbers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from posylka.adapters.ozon.schemas import rfbs as wire
from posylka.domain.shipping import TRACKING_BATCH_LIMIT, RfbsMove
from posylka.sandbox.ozon import rfbs
from posylka.sandbox.ozon.bodies import parse
from posylka.sandbox.ozon.errors import invalid
from posylka.sandbox.ozon.routes.replies import reply
from posylka.sandbox.ozon.state import SandboxState


def _item(number: str, error: str) -> wire.MoveStatusItem:
    return wire.MoveStatusItem(posting_number=number, result=not error, error=error)


def routes(state: SandboxState) -> list[BaseRoute]:
    async def set_tracking(request: Request) -> Response:
        body = parse(wire.TrackingNumberSetRequest, await request.body())
        pairs = body.tracking_numbers or []
        if not pairs:
            raise invalid("invalid request body: tracking_numbers: value is required")
        if len(pairs) > TRACKING_BATCH_LIMIT:
            raise invalid(
                f"invalid request body: tracking_numbers: at most {TRACKING_BATCH_LIMIT} "
                f"items, got {len(pairs)}"
            )
        for index, pair in enumerate(pairs):
            for field in ("posting_number", "tracking_number"):
                if not (getattr(pair, field) or "").strip():
                    raise invalid(
                        f"invalid request body: tracking_numbers[{index}].{field}: "
                        "value is required"
                    )
        items = [
            _item(
                pair.posting_number or "",
                rfbs.set_tracking(
                    state, pair.posting_number or "", (pair.tracking_number or "").strip()
                ),
            )
            for pair in pairs
        ]
        return reply(wire.MoveStatusResponse(result=items))

    def mover(to: RfbsMove) -> Callable[[Request], Awaitable[Response]]:
        async def move(request: Request) -> Response:
            body = parse(wire.MoveStatusRequest, await request.body())
            numbers = body.posting_number or []
            if not numbers:
                raise invalid("invalid request body: posting_number: value is required")
            items = [_item(number, rfbs.move(state, to, number)) for number in numbers]
            return reply(wire.MoveStatusResponse(result=items))

        return move

    return [
        Route("/v2/fbs/posting/tracking-number/set", set_tracking, methods=["POST"]),
        *(Route(f"/v2/fbs/posting/{to.value}", mover(to), methods=["POST"]) for to in RfbsMove),
    ]
