"""Benchmark: Ozon package labels.

1. The sandbox drawing labels: pages per second for a 20-posting PDF (the synchronous call's
   most), with each posting's content worked out for the first time and when kept.
2. The label service end to end against the in-process sandbox: N postings awaiting delivery
   fetched into one PDF, through calls of 20 and through one asynchronous task; wall time, API
   calls and pages per second (cutting the files into pages and joining them included).
3. Joining alone: cutting a PDF of N labels into pages and joining them again with pypdf.

    .venv/bin/python bench/package_labels.py [--postings 400] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import statistics
import sys
import time
from datetime import UTC, datetime

import httpx

from posylka.adapters.ozon.client import OzonClient
from posylka.adapters.ozon.gateway import OzonGateway
from posylka.adapters.ozon.retry import RetryPolicy
from posylka.adapters.pdf.pages import PypdfPages
from posylka.domain.ids import PostingNumber, StoreId
from posylka.sandbox.ozon.app import SandboxApp, create_app
from posylka.sandbox.ozon.config import SandboxConfig
from posylka.sandbox.ozon.labels import READY_AFTER_SECONDS, LabelContents, labels_for
from posylka.services.package_labels import LabelOptions, fetch_labels

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
STORE = StoreId(1)


def sandbox_with(count: int) -> tuple[SandboxApp, list[PostingNumber]]:
    """A sandbox where ``count`` postings await delivery and their labels are ready."""
    app = create_app(SandboxConfig(seed=4, postings=max(3000, count * 12), now=NOW, rate_limit=0))
    state = app.state
    now = state.now()
    waiting = [
        p.posting_number
        for p in state.postings
        if (event := p.timeline.at(now)) is not None and event.status == "awaiting_packaging"
    ][:count]
    if len(waiting) < count:
        sys.exit(f"only {len(waiting)} postings await packaging; ask for fewer")
    for number in waiting:
        state.set_status(number, "awaiting_deliver")
    state.clock.advance(READY_AFTER_SECONDS)
    return app, [PostingNumber(n) for n in waiting]


def drawing(app: SandboxApp, numbers: list[PostingNumber], runs: int) -> None:
    batch = numbers[:20]
    cold, warm = [], []
    for _ in range(runs):
        contents = LabelContents()
        started = time.perf_counter()
        labels_for(app.state, list(batch), contents)
        cold.append(time.perf_counter() - started)
        started = time.perf_counter()
        labels_for(app.state, list(batch), contents)
        warm.append(time.perf_counter() - started)
    for name, samples in (("first time", cold), ("content kept", warm)):
        best = min(samples)
        print(
            f"  sandbox, 20 labels, {name}: {best * 1000:.1f} ms best "
            f"({len(batch) / best:.0f} pages/s), median {statistics.median(samples) * 1000:.1f} ms"
        )


async def service(app: SandboxApp, numbers: list[PostingNumber], *, sync_up_to: int) -> None:
    client = OzonClient.connect(
        app.config.client_id,
        app.config.accepted_api_key,
        base_url="http://sandbox.bench",
        transport=httpx.ASGITransport(app=app),
        retry=RetryPolicy(max_attempts=2, base_delay=0.001, max_delay=0.002),
    )
    gateway = OzonGateway(STORE, client)

    async def sandbox_sleep(seconds: float) -> None:
        app.state.clock.advance(seconds)

    started = time.perf_counter()
    batch = await fetch_labels(
        [(STORE, n) for n in numbers],
        gateways=lambda _: gateway,
        pdf=PypdfPages(),
        sleep=sandbox_sleep,
        options=LabelOptions(sync_up_to=sync_up_to),
    )
    took = time.perf_counter() - started
    await gateway.aclose()
    way = "calls of 20" if len(numbers) <= sync_up_to else "one asynchronous task"
    print(
        f"  service, {len(numbers)} labels through {way}: {took:.2f} s, "
        f"{batch.api_calls} API calls, {batch.page_count / took:.0f} pages/s, "
        f"{len(batch.pdf or b'') / 1024:.0f} KiB, {len(batch.set_aside)} set aside"
    )


def joining(app: SandboxApp, numbers: list[PostingNumber]) -> None:
    pdf = labels_for(app.state, list(numbers), LabelContents())
    pages = PypdfPages()
    started = time.perf_counter()
    parts = pages.split(pdf)
    cut = time.perf_counter() - started
    started = time.perf_counter()
    joined = pages.join(parts)
    join = time.perf_counter() - started
    print(
        f"  pypdf, {len(parts)} pages: cut {cut:.2f} s, join {join:.2f} s "
        f"({len(pdf) / 1024:.0f} KiB in, {len(joined) / 1024:.0f} KiB out)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=400)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"package labels on {platform.python_implementation()} {platform.python_version()}")
    app, numbers = sandbox_with(args.postings)
    drawing(app, numbers, args.runs)
    asyncio.run(service(app, numbers, sync_up_to=len(numbers)))
    asyncio.run(service(app, numbers, sync_up_to=60))
    joining(app, numbers)
    print(f"reproduce: .venv/bin/python bench/package_labels.py --postings {args.postings}")


if __name__ == "__main__":
    main()
