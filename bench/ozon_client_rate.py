"""Benchmark: the Ozon client's throughput under its rate limiter, against the sandbox.

1. Rate: N concurrent callers share one client (one Client-Id) and call Ozon as fast as the limiter
   lets them, over a real socket to the sandbox with injected latency and the sandbox enforcing
   Ozon's 50 requests per second. Reports the rate achieved, the 429s the sandbox had to send
   (the goal is none) and how often the limiter held a request back.
2. Paging: one cursor chain over every posting of a 2,000-posting sandbox, 100 a page, in-process
   and over the socket, without latency: the client's own cost per page.

    .venv/bin/python bench/ozon_client_rate.py [--callers 12] [--requests 600] [--latency-ms 200]
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import sys
import time
from datetime import UTC, datetime, timedelta

import httpx

from posylka.adapters.ozon.client import OzonClient
from posylka.adapters.ozon.gateway import OzonGateway
from posylka.adapters.ozon.limits import DEFAULT_MARGIN, RateLimiter
from posylka.domain.ids import StoreId
from posylka.domain.sync import PostingQuery
from posylka.sandbox.ozon.app import SandboxApp, create_app
from posylka.sandbox.ozon.config import SandboxConfig
from posylka.sandbox.ozon.faults import FaultPlan
from posylka.sandbox.ozon.server import running_sandbox

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
EVERYTHING = PostingQuery(since=NOW - timedelta(days=61), to=NOW + timedelta(days=1))


def gateway_for(
    app: SandboxApp,
    base_url: str,
    transport: httpx.AsyncBaseTransport | None = None,
    margin: float = DEFAULT_MARGIN,
) -> OzonGateway:
    client = OzonClient.connect(
        app.config.client_id,
        app.config.accepted_api_key,
        base_url=base_url,
        transport=transport,
        limiter=RateLimiter(rps=50.0, margin=margin),
    )
    return OzonGateway(StoreId(1), client)


async def bench_rate(callers: int, requests: int, latency_ms: int, margin: float) -> None:
    app = create_app(
        SandboxConfig(seed=1, postings=100, now=NOW, faults=FaultPlan(latency_ms=latency_ms))
    )
    with running_sandbox(app) as url:
        gateway = gateway_for(app, url, margin=margin)
        share, extra = divmod(requests, callers)

        async def caller(count: int) -> None:
            for _ in range(count):
                await gateway.fetch_cancel_reasons()

        started = time.perf_counter()
        await asyncio.gather(*(caller(share + (i < extra)) for i in range(callers)))
        elapsed = time.perf_counter() - started
        await gateway.aclose()
        async with httpx.AsyncClient(base_url=url) as control:
            stats = (await control.get("/__sandbox/stats")).json()
    sent = gateway.api_calls
    print(
        f"rate: {callers} callers, {latency_ms} ms latency, margin {margin:.0%}: "
        f"{sent} requests in {elapsed:.2f} s = {sent / elapsed:.1f} req/s; "
        f"sandbox 429s: {stats['rate_limited']}; "
        f"retries: {sum(gateway.retries.values())}; limiter waits: {gateway.client.limiter.waits}"
    )


async def bench_paging() -> None:
    app = create_app(SandboxConfig(seed=1, postings=2000, now=NOW, rate_limit=0))
    in_process = gateway_for(app, "http://sandbox", httpx.ASGITransport(app=app))
    with running_sandbox(app) as url:
        over_socket = gateway_for(app, url)
        for name, gateway in (("in-process", in_process), ("socket", over_socket)):
            started = time.perf_counter()
            seen = 0
            async for page in gateway.iter_postings_pages(EVERYTHING):
                seen += len(page.postings)
            elapsed = time.perf_counter() - started
            pages = gateway.api_calls
            print(
                f"paging ({name}): {seen} postings in {pages} pages, {elapsed:.2f} s, "
                f"{elapsed / pages * 1000:.1f} ms a page (sandbox and client together)"
            )
            await gateway.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--callers", type=int, default=12)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--latency-ms", type=int, default=200)
    parser.add_argument("--margin", type=float, default=DEFAULT_MARGIN)
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}; {' '.join(sys.argv)}")
    asyncio.run(bench_rate(args.callers, args.requests, args.latency_ms, args.margin))
    asyncio.run(bench_paging())


if __name__ == "__main__":
    main()
