"""The Ozon client wired to the sandbox, in-process (``httpx.ASGITransport``) or over a real socket,
with the sandbox's control endpoints at hand for injecting faults and reading its counts."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from posylka.adapters.ozon.client import OzonClient
from posylka.adapters.ozon.gateway import OzonGateway
from posylka.adapters.ozon.limits import RateLimiter
from posylka.adapters.ozon.retry import RetryPolicy
from posylka.domain.ids import StoreId
from posylka.domain.sync import ItemError, PostingQuery
from posylka.sandbox.ozon.app import SandboxApp, create_app
from posylka.sandbox.ozon.config import SandboxConfig
from posylka.sandbox.ozon.server import running_sandbox

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
EVERYTHING = PostingQuery(since=NOW - timedelta(days=61), to=NOW + timedelta(days=1))
"""Every posting the sandbox seeds (processing dates in the 60 days before its anchor)."""
STORE = StoreId(1)
IN_PROCESS_URL = "http://sandbox.test"


def make_app(**overrides: Any) -> SandboxApp:
    """A small sandbox frozen at ``NOW``."""
    settings: dict[str, Any] = {"seed": 11, "postings": 150, "now": NOW}
    settings.update(overrides)
    return create_app(SandboxConfig(**settings))


@dataclass
class SandboxLink:
    """One sandbox and the way to reach it: ``base_url`` set means a real socket."""

    app: SandboxApp
    base_url: str | None = None

    @property
    def over_socket(self) -> bool:
        return self.base_url is not None

    def transport(self) -> httpx.AsyncBaseTransport | None:
        return None if self.over_socket else httpx.ASGITransport(app=self.app)

    @asynccontextmanager
    async def gateway(
        self,
        *,
        api_key: str | None = None,
        rps: float = 50.0,
        max_attempts: int = 8,
        timeout: float = 5.0,
        max_delay: float = 0.02,
    ) -> AsyncIterator[OzonGateway]:
        """A gateway with millisecond backoff, so retried faults cost little real time."""
        client = OzonClient.connect(
            self.app.config.client_id,
            self.app.config.accepted_api_key if api_key is None else api_key,
            base_url=self.base_url or IN_PROCESS_URL,
            transport=self.transport(),
            timeout=timeout,
            store="Sandbox",
            limiter=RateLimiter(rps=rps),
            retry=RetryPolicy(max_attempts=max_attempts, base_delay=0.002, max_delay=max_delay),
        )
        gateway = OzonGateway(STORE, client)
        try:
            yield gateway
        finally:
            await gateway.aclose()

    async def control(self, method: str, path: str, body: Any = None) -> Any:
        """Call a ``/__sandbox`` endpoint (no credentials, no faults) and return its JSON."""
        async with httpx.AsyncClient(
            transport=self.transport(), base_url=self.base_url or IN_PROCESS_URL
        ) as http:
            answer = await http.request(method, f"/__sandbox{path}", json=body)
        answer.raise_for_status()
        return answer.json()

    async def inject(self, **plan: Any) -> None:
        await self.control("POST", "/faults", plan)

    async def stats(self) -> dict[str, Any]:
        stats: dict[str, Any] = await self.control("GET", "/stats")
        return stats

    async def visible_postings(self) -> int:
        info = await self.control("GET", "")
        return int(info["visible_now"])


@contextmanager
def linked(over_socket: bool, **overrides: Any) -> Iterator[SandboxLink]:
    app = make_app(**overrides)
    if not over_socket:
        yield SandboxLink(app)
        return
    with running_sandbox(app) as url:
        yield SandboxLink(app, url)


async def read_everything(
    gateway: OzonGateway, query: PostingQuery = EVERYTHING
) -> tuple[list[str], list[ItemError]]:
    """Every posting number of a full paging run, in order, and the postings set aside."""
    numbers: list[str] = []
    errors: list[ItemError] = []
    async for page in gateway.iter_postings_pages(query):
        numbers.extend(p.posting_number for p in page.postings)
        errors.extend(page.errors)
    return numbers, errors
