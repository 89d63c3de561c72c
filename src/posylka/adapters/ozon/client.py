"""The Ozon Seller API client: one Client-Id, one HTTP connection pool, Ozon's limits respected.

Every request goes through the same path: wait for the rate limiter, send with the store's
``Client-Id`` and ``Api-Key`` headers (Seller API, "Authorization"), count it, and either return
the decoded reply or turn the failure into an error of ``posylka.domain.errors``. Safe calls are
repeated under the retry policy; unsafe ones and refused credentials never are.

The HTTP client is injected: production passes one bound to ``https://api-seller.ozon.ru``, tests
and the demo pass one bound to the sandbox (over a real socket, an ASGI transport or a mock).
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import AsyncIterator
from functools import cache
from typing import Any

import httpx
from pydantic import ValidationError

from posylka.adapters.ozon.endpoints import Endpoint, ReplyT, RequestT
from posylka.adapters.ozon.errors import (
    decode_json,
    describe_invalid,
    error_from_reply,
    gave_up,
    malformed_reply,
    transport_failure,
)
from posylka.adapters.ozon.limits import RateLimiter
from posylka.adapters.ozon.retry import RetryPolicy, RetryReason, reason_for_status
from posylka.domain.errors import MarketplaceError
from posylka.domain.stores import OZON_BASE_URL

log = logging.getLogger(__name__)

USER_AGENT = "posylka"

POOL_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=64)
"""The connection pool of one store's client. A sync keeps ``sync_concurrency`` list pages (12 by
default, at most 50) and two reference calls in flight; keeping up to 64 connections alive lets
each of them reuse its connection page after page instead of opening a new one. The pool opens
only as many connections as there are requests in flight at once."""


@cache
def default_tls_context() -> ssl.SSLContext:
    """The certificate store for Ozon's HTTPS, loaded once per process and shared by every store's
    client: loading it costs tens of milliseconds of CPU, more than reading a page of postings."""
    return httpx.create_ssl_context()


class OzonClient:
    """Sends typed requests to one Ozon seller account and returns typed replies."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        client_id: str,
        api_key: str,
        store: str = "",
        limiter: RateLimiter | None = None,
        retry: RetryPolicy | None = None,
        owns_http: bool = False,
    ) -> None:
        self._http = http
        self._headers = {
            "Client-Id": client_id,
            "Api-Key": api_key,
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
        }
        self.store = store or f"with Client-Id {client_id}"
        """How errors name the store to the seller."""
        self.limiter = limiter or RateLimiter()
        self.retry = retry or RetryPolicy()
        self._owns_http = owns_http
        self._api_calls = 0
        self._retries = dict.fromkeys(RetryReason, 0)

    @classmethod
    def connect(
        cls,
        client_id: str,
        api_key: str,
        *,
        base_url: str = OZON_BASE_URL,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 30.0,
        store: str = "",
        limiter: RateLimiter | None = None,
        retry: RetryPolicy | None = None,
    ) -> OzonClient:
        """A client with its own HTTP connection pool, closed by :meth:`aclose`."""
        http = httpx.AsyncClient(
            base_url=base_url,
            transport=transport,
            timeout=timeout,
            verify=default_tls_context(),
            limits=POOL_LIMITS,
        )
        return cls(
            http,
            client_id=client_id,
            api_key=api_key,
            store=store,
            limiter=limiter,
            retry=retry,
            owns_http=True,
        )

    @property
    def http(self) -> httpx.AsyncClient:
        """The HTTP client underneath (base URL, timeout, connection pool)."""
        return self._http

    @property
    def api_calls(self) -> int:
        """HTTP requests sent so far, every retry included."""
        return self._api_calls

    @property
    def retries(self) -> dict[RetryReason, int]:
        """How many times a request was sent again, by reason."""
        return dict(self._retries)

    async def call(
        self, endpoint: Endpoint[RequestT, ReplyT], request: RequestT, *, context: str = ""
    ) -> ReplyT:
        """Send ``request`` and read the reply into the endpoint's reply model.

        ``context`` names the call in error messages (e.g. which page of a list).
        """
        response = await self.call_reply(endpoint, request)
        try:
            # Parsed and validated in one pass, without building the JSON as Python objects.
            return endpoint.reply.model_validate_json(response.content)
        except ValidationError:
            pass
        # Not readable in one pass: read it again step by step, so the error says whether the
        # body is not JSON or which field is wrong.
        payload = decode_json(response, path=endpoint.path, context=context)
        try:
            return endpoint.reply.model_validate(payload)
        except ValidationError as exc:
            raise malformed_reply(
                describe_invalid(exc), path=endpoint.path, context=context
            ) from exc

    async def call_json(
        self, endpoint: Endpoint[RequestT, Any], request: RequestT, *, context: str = ""
    ) -> object:
        """Send ``request`` and return the decoded JSON reply, for callers reading it leniently."""
        response = await self.call_reply(endpoint, request)
        return decode_json(response, path=endpoint.path, context=context)

    async def call_reply(
        self, endpoint: Endpoint[RequestT, Any], request: RequestT
    ) -> httpx.Response:
        """Send ``request`` and return Ozon's successful reply unread, for callers that parse the
        body themselves; failures are errors as in :meth:`call`."""
        body = request.to_wire()
        attempt = 0
        while True:
            attempt += 1
            retry_after: str | None = None
            try:
                response = await self._send(endpoint.path, body)
            except httpx.TransportError as exc:
                error: MarketplaceError = transport_failure(exc, path=endpoint.path)
                reason: RetryReason | None = (
                    RetryReason.TIMEOUT
                    if isinstance(exc, httpx.TimeoutException)
                    else RetryReason.CONNECTION_DROPPED
                )
            else:
                if response.is_success:
                    return response
                error = error_from_reply(response, path=endpoint.path, store=self.store)
                reason = reason_for_status(response.status_code)
                retry_after = response.headers.get("Retry-After")
            delay = self.retry.delay(attempt, retry_after) if endpoint.safe and reason else None
            if reason is None or delay is None:
                raise gave_up(error, attempt)
            self._retries[reason] += 1
            log.info(
                "ozon retry: %s %s, attempt %d, waiting %.2fs",
                endpoint.path,
                reason,
                attempt,
                delay,
            )
            await self.retry.sleep(delay)

    async def pages(
        self, endpoint: Endpoint[RequestT, ReplyT], request: RequestT
    ) -> AsyncIterator[ReplyT]:
        """Every page of a cursor-paged list, following ``cursor`` while ``has_next``."""
        seen: set[str] = set()
        while True:
            page = await self.call(endpoint, request)
            yield page
            if not getattr(page, "has_next", False):
                return
            cursor = getattr(page, "cursor", None) or ""
            if not cursor or cursor in seen:
                problem = "no cursor" if not cursor else f"cursor {cursor!r} seen before"
                raise malformed_reply(f"has_next is true but {problem}", path=endpoint.path)
            seen.add(cursor)
            request = request.model_copy(update={"cursor": cursor})

    async def _send(self, path: str, body: dict[str, Any]) -> httpx.Response:
        await self.limiter.acquire(path)
        self._api_calls += 1
        return await self._http.post(path, json=body, headers=self._headers)

    async def aclose(self) -> None:
        """Close the HTTP connection pool if this client opened it."""
        if self._owns_http:
            await self._http.aclose()
