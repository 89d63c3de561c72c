"""Ozon's error answers: the ``rpcStatus`` envelope and the statuses and codes Ozon pairs with it.

Ozon's gateway is grpc-gateway: errors carry ``{"code": <gRPC code>, "message": ...,
"details": []}`` (Seller API, components ``rpcStatus`` and ``protobufAny``). The gRPC code and the
HTTP status go together the way grpc-gateway maps them: 3 INVALID_ARGUMENT → 400, 5 NOT_FOUND →
404, 7 PERMISSION_DENIED → 403, 8 RESOURCE_EXHAUSTED → 429, 13 INTERNAL → 500, 14 UNAVAILABLE →
503, 16 UNAUTHENTICATED → 401.
"""

from __future__ import annotations

from starlette.responses import Response

from posylka.adapters.ozon.schemas import ErrorResponse

INVALID_ARGUMENT = 3
NOT_FOUND = 5
PERMISSION_DENIED = 7
RESOURCE_EXHAUSTED = 8
INTERNAL = 13
UNAVAILABLE = 14
UNAUTHENTICATED = 16

# Messages from the Seller API's "Errors" section (all methods). Ozon's documents do not say which
# HTTP status goes with them; the pairs below are what integrations observe from the live API:
# no headers → 401 with code 16; an unknown key (or a key of another Client-Id) → 404 with code 5,
# odd as that is; a non-numeric Client-Id → 400 with code 3; the per-second limit → 429 with code 8.
MISSING_CREDENTIALS = "Client-Id and Api-Key headers are required"
CLIENT_ID_NOT_NUMBER = "Client-Id header value should be positive integer"
INVALID_API_KEY = "Invalid Api-Key, please check the key and try again"
RATE_LIMITED = "You have reached request rate limit per second"
INTERNAL_ERROR = "Internal error"


class OzonError(Exception):
    """An error answer, raised anywhere in a handler and drawn as Ozon draws it."""

    def __init__(self, http_status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.http_status = http_status
        self.code = code
        self.message = message

    def body(self) -> bytes:
        envelope = ErrorResponse(code=self.code, message=self.message, details=[])
        return envelope.model_dump_json().encode()

    def response(self) -> Response:
        return Response(self.body(), status_code=self.http_status, media_type="application/json")


def invalid(message: str) -> OzonError:
    """A request Ozon would refuse: bad JSON, wrong types, values out of range, broken rules."""
    return OzonError(400, INVALID_ARGUMENT, message)


def not_found(message: str) -> OzonError:
    return OzonError(404, NOT_FOUND, message)
