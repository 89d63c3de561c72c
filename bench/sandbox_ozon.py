"""Benchmark: the Ozon sandbox.

1. Seeding: time to build a sandbox of 10,000 and of 100,000 postings (the goal for 10,000 is well
   under a second or two).
2. In-process answers (over ``httpx.ASGITransport``): a page of 100 postings from
   ``/v4/posting/fbs/list``, a page of ``/v4/posting/fbs/unfulfilled/list`` (with its ``count``)
   and one ``/v3/posting/fbs/get``, on the 10,000-posting sandbox.
3. CPU per list page: the sandbox's own CPU time (the ASGI app called directly, no HTTP client
   in the figure) for each page of a whole ``/v4/posting/fbs/list`` walk of the 10,000-posting
   sandbox, 100 postings a page with ``analytics_data``, ``barcodes`` and ``legal_info`` as
   posylka's sync asks: the first walk (every posting written for the first time), the walk
   after it, and a walk after sandbox time moved on six hours; beside them, the CPU the plain
   rendering (the wire models) takes for the same pages.
4. Over a real socket: requests sent at 50 per second for a few seconds with 200 ms of injected
   latency (the rate limit switched off, so only the server's capacity shows); reports the rate
   achieved, answer times and any non-200 answer.

    .venv/bin/python bench/sandbox_ozon.py [--runs 3] [--requests 200] [--seconds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import statistics
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from posylka.adapters.ozon import schemas as wire
from posylka.sandbox.ozon import listing
from posylka.sandbox.ozon.app import SandboxApp, create_app
from posylka.sandbox.ozon.config import SandboxConfig
from posylka.sandbox.ozon.faults import FaultPlan
from posylka.sandbox.ozon.rendering import Extras, posting_v4
from posylka.sandbox.ozon.server import running_sandbox

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SYNC_WITH = {"analytics_data": True, "barcodes": True, "legal_info": True}
"""What posylka's sync asks each posting to carry."""


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def headers(app: SandboxApp) -> dict[str, str]:
    return {"Client-Id": app.config.client_id, "Api-Key": app.config.accepted_api_key}


def quantiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def bench_seeding(runs: int) -> None:
    for size in (10_000, 100_000):
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            create_app(SandboxConfig(seed=1, postings=size, now=NOW))
            times.append(time.perf_counter() - started)
        print(f"seed {size:>7,} postings: median {statistics.median(times):.2f} s (runs: {runs})")


async def bench_in_process(requests: int) -> None:
    app = create_app(SandboxConfig(seed=1, postings=10_000, now=NOW, rate_limit=0))
    list_body = {
        "limit": 100,
        "filter": {"since": iso(NOW - timedelta(days=61)), "to": iso(NOW)},
        "with": SYNC_WITH,
    }
    unfulfilled_body = {
        "limit": 100,
        "filter": {
            "cutoff_from": iso(NOW - timedelta(days=7)),
            "cutoff_to": iso(NOW + timedelta(days=7)),
        },
    }
    number = app.state.postings[5000].posting_number
    cases = [
        ("/v4/posting/fbs/list (100 postings)", "/v4/posting/fbs/list", list_body),
        ("/v4/posting/fbs/unfulfilled/list (100 + count)", "/v4/posting/fbs/unfulfilled/list",
         unfulfilled_body),
        ("/v3/posting/fbs/get", "/v3/posting/fbs/get", {"posting_number": number}),
    ]  # fmt: skip
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://sandbox", headers=headers(app)
    ) as client:
        for label, path, body in cases:
            samples = []
            for _ in range(requests):
                started = time.perf_counter()
                answer = await client.post(path, json=body)
                samples.append(time.perf_counter() - started)
                assert answer.status_code == 200, answer.text
            print(f"in-process {label}: {quantiles(samples)} ({requests} requests)")


async def call(app: SandboxApp, path: str, body: dict[str, Any]) -> bytes:
    """One POST straight into the ASGI app; the answer's body."""
    raw = json.dumps(body).encode()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"client-id", app.config.client_id.encode()),
            (b"api-key", app.config.accepted_api_key.encode()),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(raw)).encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("sandbox", 80),
    }
    chunks: list[bytes] = []
    status = 0
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": raw, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)  # type: ignore[arg-type]
    assert status == 200, b"".join(chunks)
    return b"".join(chunks)


async def walk_cpu(app: SandboxApp) -> tuple[int, float, list[bytes]]:
    """Walk the whole list as the sync does; the pages, the sandbox's CPU seconds for them and
    the cursors that asked for each page."""
    now = app.state.clock.now()
    body: dict[str, Any] = {
        "limit": 100,
        "sort_dir": "ASC",
        "filter": {"since": iso(now - timedelta(days=61)), "to": iso(now)},
        "with": SYNC_WITH,
    }
    cpu = 0.0
    cursor = ""
    pages = []
    while True:
        started = time.process_time()
        answer = await call(app, "/v4/posting/fbs/list", {**body, "cursor": cursor})
        cpu += time.process_time() - started
        pages.append(answer)
        page = json.loads(answer)
        if not page["has_next"]:
            return len(pages), cpu, pages
        cursor = page["cursor"]


def plain_cpu(app: SandboxApp) -> tuple[int, float]:
    """The CPU the plain rendering (wire models, ``model_dump_json``) takes for the same pages:
    the selection is done first and not counted."""
    state = app.state
    now = state.now()
    moment = state.clock.now()
    request = wire.PostingListRequest.model_validate(
        {
            "limit": 100,
            "filter": {"since": iso(moment - timedelta(days=61)), "to": iso(moment)},
            "with": SYNC_WITH,
        }
    )
    query = listing.list_query(request)
    extras = Extras.of(request.with_, request.translit)
    pages = []
    cursor = ""
    while True:
        page = listing.page(state, query, cursor, now)
        pages.append(page)
        if not page.has_next:
            break
        cursor = page.cursor
    started = time.process_time()
    for page in pages:
        postings = [posting_v4(p, now, extras) for p in page.postings]
        wire.PostingListResponse(
            cursor=page.cursor, has_next=page.has_next, postings=postings
        ).model_dump_json()
    return len(pages), time.process_time() - started


async def bench_page_cpu() -> None:
    app = create_app(SandboxConfig(seed=1, postings=10_000, now=NOW, rate_limit=0))
    figures = []
    count, cpu, first = await walk_cpu(app)
    figures.append(("first walk", count, cpu))
    count, cpu, again = await walk_cpu(app)
    assert again == first
    figures.append(("next walk", count, cpu))
    app.state.clock.advance(6 * 3600)
    count, cpu, _ = await walk_cpu(app)
    figures.append(("walk 6 h later", count, cpu))
    app.state.clock.advance(-6 * 3600)
    figures.append(("plain rendering", *plain_cpu(app)))
    for label, pages, seconds in figures:
        print(
            f"cpu per /v4/posting/fbs/list page of 100 (10,000 postings), {label}: "
            f"{seconds * 1000 / pages:.2f} ms ({pages} pages, {seconds:.2f} s)"
        )


async def _paced(base_url: str, app: SandboxApp, seconds: float, rate: int) -> None:
    samples: list[float] = []
    outcomes: Counter[str] = Counter()
    limits = httpx.Limits(max_connections=rate, max_keepalive_connections=rate)
    async with httpx.AsyncClient(base_url=base_url, headers=headers(app), limits=limits) as client:

        async def one() -> None:
            started = time.perf_counter()
            try:
                answer = await client.post("/v2/posting/fbs/cancel-reason/list")
                outcomes[str(answer.status_code)] += 1
            except httpx.TransportError as exc:
                outcomes[type(exc).__name__] += 1
            samples.append(time.perf_counter() - started)

        tasks = []
        begun = time.perf_counter()
        total = int(seconds * rate)
        for index in range(total):
            delay = begun + index / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one()))
        await asyncio.gather(*tasks)
        elapsed = time.perf_counter() - begun
    print(
        f"socket at {rate} rps with 200 ms latency: {total / elapsed:.1f} rps over "
        f"{elapsed:.1f} s, answers {quantiles(samples)}, outcomes {dict(outcomes)}"
    )


def bench_socket(seconds: float) -> None:
    app = create_app(
        SandboxConfig(seed=1, postings=1_000, faults=FaultPlan(latency_ms=200), rate_limit=0)
    )
    with running_sandbox(app) as base_url:
        asyncio.run(_paced(base_url, app, seconds, 50))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    bench_seeding(args.runs)
    asyncio.run(bench_in_process(args.requests))
    asyncio.run(bench_page_cpu())
    bench_socket(args.seconds)
    print("reproduce: .venv/bin/python bench/sandbox_ozon.py " + " ".join(sys.argv[1:]))


if __name__ == "__main__":
    main()
