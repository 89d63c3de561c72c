"""How injected faults look on the wire: error statuses with the bodies the real API (or the proxy
in front of it) sends, malformed bodies, and connections dropped without an answer."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
from starlette.responses import Response
from starlette.types import Scope, Send

from posylka.sandbox.ozon.errors import (
    INTERNAL,
    INTERNAL_ERROR,
    RATE_LIMITED,
    RESOURCE_EXHAUSTED,
    UNAVAILABLE,
    OzonError,
)
from posylka.sandbox.ozon.faults import MalformedStyle

UNKNOWN_STATUS = "awaiting_customs_clearance"
"""A status posylka does not know, as a new Ozon status would arrive one day."""

_PROXY_PAGE = (
    "<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n"
    "<center><h1>{code} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)
_REASONS = {502: "Bad Gateway", 504: "Gateway Time-out"}


def status_response(status: int) -> Response:
    """An injected error answer. 429 and 500 come from Ozon's gateway in its JSON envelope
    (messages from the Seller API's "Errors" section); 503 is the "Circle is open" breaker (the
    pairing with 503 and code 14 is the sandbox's reading); 502 and 504 come from the HTTP proxy in
    front of the API, as an HTML page."""
    if status == 429:
        return OzonError(429, RESOURCE_EXHAUSTED, RATE_LIMITED).response()
    if status == 503:
        return OzonError(503, UNAVAILABLE, "Circle is open").response()
    if status in _REASONS:
        page = _PROXY_PAGE.format(code=status, reason=_REASONS[status])
        return Response(page, status_code=status, media_type="text/html")
    return OzonError(status, INTERNAL, INTERNAL_ERROR).response()


def _first_record(data: Any) -> dict[str, Any] | None:
    """The record in the middle of the answer's main list (or its single ``result`` object)."""
    if not isinstance(data, dict):
        return None
    for key in ("postings", "warehouses", "delivery_methods", "result"):
        value = data.get(key)
        if isinstance(value, list) and value and isinstance(value[len(value) // 2], dict):
            record: dict[str, Any] = value[len(value) // 2]
            return record
        if isinstance(value, dict):
            return value
    return None


def malform(body: bytes, style: MalformedStyle) -> bytes:
    """Spoil a successful answer: cut it mid-way (not JSON any more), drop one record's id
    (``missing_field``), or give one posting a status nobody knows (``unknown_status``). When the
    answer has no record to spoil, it is cut instead."""
    if style != "json":
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        record = _first_record(data)
        if record is not None:
            if style == "unknown_status" and "status" in record:
                record["status"] = UNKNOWN_STATUS
            else:
                for key in ("posting_number", "warehouse_id", "id"):
                    record.pop(key, None)
            return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    return body[: max(1, len(body) // 2)]


async def drop_connection(scope: Scope, send: Send) -> None:
    """End the exchange with no answer at all.

    On a real socket served by uvicorn, ``send`` is bound to the request cycle that owns the
    socket's transport: closing it is exactly a server that hangs up, and the client sees
    "Server disconnected without sending a response". Under an in-process ASGI transport there is
    no socket, so the same error the client would get from one is raised instead.
    """
    cycle: Any = getattr(send, "__self__", None)
    transport: Any = getattr(cycle, "transport", None)
    # uvloop's transports do not derive from asyncio's, so look for the behaviour, not the type.
    if callable(getattr(transport, "close", None)) and callable(
        getattr(transport, "is_closing", None)
    ):
        transport.close()
        # Let the server notice the closed connection, so it does not try to answer 500.
        for _ in range(20):
            if getattr(cycle, "disconnected", True):
                break
            await asyncio.sleep(0)
        return
    raise httpx.RemoteProtocolError(
        "Server disconnected without sending a response.", request=_request_of(scope)
    )


def _request_of(scope: Scope) -> httpx.Request:
    host, port = scope.get("server") or ("sandbox", None)
    netloc = f"{host}:{port}" if port else str(host)
    url = f"{scope.get('scheme', 'http')}://{netloc}{scope.get('path', '/')}"
    return httpx.Request(scope.get("method", "POST"), url)
