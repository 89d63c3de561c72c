"""The front door of every Ozon request, in the order the real API applies its checks: latency,
credentials, the per-second rate limit, then (for tests) injected faults, and finally the method.
Every answer is counted. Control endpoints (``/__sandbox/...``) go straight through: no
credentials, no limit, no faults, no counting.
"""

from __future__ import annotations

import asyncio

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from posylka.sandbox.ozon.breakage import drop_connection, malform, status_response
from posylka.sandbox.ozon.errors import (
    CLIENT_ID_NOT_NUMBER,
    INVALID_API_KEY,
    INVALID_ARGUMENT,
    MISSING_CREDENTIALS,
    NOT_FOUND,
    RATE_LIMITED,
    RESOURCE_EXHAUSTED,
    UNAUTHENTICATED,
    OzonError,
)
from posylka.sandbox.ozon.faults import Fault
from posylka.sandbox.ozon.runtime import Runtime

CONTROL_PREFIX = "/__sandbox"


class OzonGate:
    """ASGI middleware in front of the sandbox's routes."""

    def __init__(self, inner: ASGIApp, runtime: Runtime) -> None:
        self.inner = inner
        self.runtime = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(CONTROL_PREFIX):
            await self.inner(scope, receive, send)
            return
        runtime = self.runtime
        path: str = scope["path"]
        headers = Headers(scope=scope)
        client_id = headers.get("client-id", "")
        latency = runtime.faults.plan.latency_ms
        if latency:
            await asyncio.sleep(latency / 1000)

        refusal = self.refusal(headers)
        if refusal is None and not runtime.limiter.admit(client_id):
            runtime.stats.record_rate_limited()
            refusal = OzonError(429, RESOURCE_EXHAUSTED, RATE_LIMITED)
        if refusal is not None:
            await refusal.response()(scope, receive, send)
            runtime.stats.record(path, str(refusal.http_status), client_id)
            return

        fault = runtime.faults.next_fault(path)
        if fault is not None:
            runtime.stats.record_fault(fault.label)
        if fault is not None and fault.kind == "drop":
            runtime.stats.record(path, "drop", client_id)
            await drop_connection(scope, send)
            return
        if fault is not None and fault.kind == "status":
            await status_response(fault.status)(scope, receive, send)
            runtime.stats.record(path, str(fault.status), client_id)
            return
        status = await self.answer(scope, receive, send, fault)
        runtime.stats.record(path, str(status), client_id)

    def refusal(self, headers: Headers) -> OzonError | None:
        """Ozon's answer to missing or wrong credentials, or ``None`` when they are right."""
        client_id = headers.get("client-id", "").strip()
        api_key = headers.get("api-key", "").strip()
        if not client_id or not api_key:
            return OzonError(401, UNAUTHENTICATED, MISSING_CREDENTIALS)
        if not client_id.isdigit() or int(client_id) <= 0:
            return OzonError(400, INVALID_ARGUMENT, CLIENT_ID_NOT_NUMBER)
        config = self.runtime.config
        if client_id != config.client_id or api_key != config.accepted_api_key:
            return OzonError(404, NOT_FOUND, INVALID_API_KEY)
        return None

    async def answer(self, scope: Scope, receive: Receive, send: Send, fault: Fault | None) -> int:
        """Run the method; with a ``malformed`` fault, spoil its answer if it succeeded. Returns
        the HTTP status sent."""
        sent_status = 0
        if fault is None:

            async def counting_send(message: Message) -> None:
                nonlocal sent_status
                if message["type"] == "http.response.start":
                    sent_status = message["status"]
                await send(message)

            await self.inner(scope, receive, counting_send)
            return sent_status

        start: Message = {}
        chunks: list[bytes] = []

        async def buffering_send(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.inner(scope, receive, buffering_send)
        body = b"".join(chunks)
        sent_status = int(start.get("status", 500))
        if sent_status == 200:
            body = malform(body, fault.style)
        headers = [
            (name, value if name.lower() != b"content-length" else str(len(body)).encode())
            for name, value in start.get("headers", [])
        ]
        await send({"type": "http.response.start", "status": sent_status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
        return sent_status
