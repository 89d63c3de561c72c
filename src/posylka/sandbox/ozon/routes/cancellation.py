"""Cancellation methods: ``/v2/posting/fbs/cancel-reason/list`` (no body → ``{result: [...]}``)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from posylka.adapters.ozon import schemas as wire
from posylka.sandbox.ozon.bodies import read_json
from posylka.sandbox.ozon.reasons import CANCEL_REASONS
from posylka.sandbox.ozon.routes.replies import reply

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


def routes() -> list[BaseRoute]:
    async def reason_list(request: Request) -> Response:
        read_json(await request.body())  # the body is ignored, but it must still be JSON
        return reply(_REASONS)

    return [Route("/v2/posting/fbs/cancel-reason/list", reason_list, methods=["POST"])]
