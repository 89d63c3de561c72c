"""Benchmark: assemble 1,000 postings on the Ozon sandbox at Ozon's rate limit.

The sandbox runs in this process on a real socket (uvicorn in a thread) and enforces Ozon's 50
requests a second per Client-Id (429 past that); it carries an accepted assembly out after
``--ship-seconds`` of real time. posylka records every assembly in a SQLite file first (as the
packing station does), then takes them all through their steps at once, sharing one store
gateway, so one rate limiter, as one worker process does: ``ship`` for each, then reads of the
posting until it awaits delivery. Labels are left out (Ozon makes them ready 45-60 s later; that
wait, not posylka, would set the time).

With ``--workers N`` the steps run instead as the job queue runs them: N worker threads, each step
in its own event loop (``asyncio.run``) with a gateway opened for it through the factory the
process's bootstrap uses (so sharing the store's one limiter), and a posting's next step queued
for when its delay is up.

The figures: Ozon calls made (ship and get), 429s (must be 0), the wall time against the floor
that 50 requests a second sets (calls / 50 s; posylka's limiter stretches each one-second window
by 5%, so its own floor is about calls / 47.6 s), and the median and 95th percentile from a
posting's first step to its being assembled.

    .venv/bin/python bench/assembly.py [--postings 1000] [--concurrency 100] [--ship-seconds 1]
        [--workers 0]
"""

from __future__ import annotations

import argparse
import asyncio
import heapq
import platform
import statistics
import tempfile
import threading
import time
from functools import partial
from pathlib import Path
from typing import Any

import httpx

from posylka.adapters.clock import SystemClock
from posylka.adapters.db.engine import create_engine_for
from posylka.adapters.db.migrator import upgrade
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.ozon.gateway import open_gateway
from posylka.adapters.ozon.limits import DEFAULT_MARGIN, RateLimiters
from posylka.adapters.security import ApiKeyCipher
from posylka.domain.assembly import AssemblyState
from posylka.domain.ids import PostingNumber, Sku, StoreId
from posylka.domain.shipping import Package, PackageLine
from posylka.domain.stores import StoreCredentials
from posylka.sandbox.ozon.app import SandboxApp, create_app
from posylka.sandbox.ozon.config import OZON_RATE_LIMIT, SandboxConfig
from posylka.sandbox.ozon.server import running_sandbox
from posylka.services.assembly import start_assembly
from posylka.services.assembly_steps import AssemblySteps, StepOptions
from posylka.services.ports.shipping import ShippingGateway, ShippingGatewayFactory


class NoQueue:
    def enqueue_assembly(self, store_id: Any, posting_number: Any) -> None:
        return None


def ready_postings(app: SandboxApp, count: int) -> list[tuple[PostingNumber, Package]]:
    now = app.state.now()
    found = []
    for posting in app.state.postings:
        event = posting.timeline.at(now)
        if event is None or event.status != "awaiting_packaging":
            continue
        units: dict[int, int] = {}
        for item in posting.items:
            units[item.product.sku] = units.get(item.product.sku, 0) + item.quantity
        package = Package(tuple(PackageLine(Sku(s), q) for s, q in units.items()))
        found.append((PostingNumber(posting.posting_number), package))
        if len(found) == count:
            return found
    raise SystemExit(f"only {len(found)} postings await packaging; ask for fewer")


async def assemble_all(
    steps: AssemblySteps,
    gateway: ShippingGateway,
    store_id: StoreId,
    numbers: list[PostingNumber],
    concurrency: int,
) -> list[float]:
    gate = asyncio.Semaphore(concurrency)
    took: list[float] = []

    async def one(number: PostingNumber) -> None:
        async with gate:
            started = time.perf_counter()
            while True:
                result = await steps.advance(store_id, number, gateway=gateway, with_label=False)
                state = result.assembly.state if result.assembly else None
                if result.delay is None or state is AssemblyState.ASSEMBLED:
                    break
                await asyncio.sleep(result.delay)
            took.append(time.perf_counter() - started)

    await asyncio.gather(*(one(n) for n in numbers))
    return took


def assemble_in_workers(
    steps: AssemblySteps, store_id: StoreId, numbers: list[PostingNumber], workers: int
) -> list[float]:
    """Each step as a queued job: a worker thread takes the next step whose time has come and
    runs it in its own event loop, the gateway opened for the step (``BlockingAssembly``)."""
    due = [(0.0, order, number) for order, number in enumerate(numbers)]
    first: dict[PostingNumber, float] = {}
    took: list[float] = []
    ready = threading.Condition()
    left = len(numbers)
    order = len(numbers)

    def work() -> None:
        nonlocal left, order
        while True:
            with ready:
                while True:
                    if left == 0:
                        return
                    now = time.perf_counter()
                    if due and due[0][0] <= now:
                        _, _, number = heapq.heappop(due)
                        break
                    ready.wait(due[0][0] - now if due else None)
            first.setdefault(number, time.perf_counter())
            result = asyncio.run(steps.advance(store_id, number, with_label=False))
            state = result.assembly.state if result.assembly else None
            with ready:
                if result.delay is None or state is AssemblyState.ASSEMBLED:
                    took.append(time.perf_counter() - first[number])
                    left -= 1
                    ready.notify_all()
                else:
                    order += 1
                    heapq.heappush(due, (time.perf_counter() + result.delay, order, number))
                    ready.notify()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--ship-seconds", type=int, default=1)
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="run each step as a queued job in this many worker threads (0: one event loop)",
    )
    args = parser.parse_args()
    mode = f"{args.workers} worker threads" if args.workers else "one event loop"
    print(
        f"assembly on {platform.python_implementation()} {platform.python_version()}, "
        f"steps in {mode}"
    )
    config = SandboxConfig(
        seed=5, postings=max(8000, args.postings * 12), ship_seconds=args.ship_seconds
    )
    app = create_app(config)
    postings = ready_postings(app, args.postings)
    with tempfile.TemporaryDirectory() as scratch, running_sandbox(app) as url:
        engine = create_engine_for(f"sqlite:///{Path(scratch) / 'posylka.db'}")
        upgrade(engine)
        uow = SqlUnitOfWorkFactory(engine, ApiKeyCipher("bench secret"))
        clock = SystemClock()
        credentials = StoreCredentials(config.client_id, config.accepted_api_key, url)
        with uow() as tx:
            store = tx.stores.add("bench", credentials, now=clock.now())
            tx.commit()
        started = time.perf_counter()
        for number, package in postings:
            start_assembly(
                uow_factory=uow,
                jobs=NoQueue(),
                store_id=store.id,
                posting_number=number,
                packages=[package],
                user_id=None,
                clock=clock,
            )
        recording = time.perf_counter() - started
        opened: list[ShippingGateway] = []
        # As bootstrap wires a process: every gateway opened for the store shares its limiter.
        limiters = RateLimiters(rps=float(OZON_RATE_LIMIT))
        factory: ShippingGatewayFactory = partial(open_gateway, limiters=limiters)

        def shipping(store_id: StoreId, credentials: StoreCredentials) -> ShippingGateway:
            gateway = factory(store_id, credentials)
            opened.append(gateway)
            return gateway

        steps = AssemblySteps(
            uow=uow,
            shipping=shipping,
            clock=clock,
            options=StepOptions(follow_seconds=1.0, follow_max_seconds=5.0),
        )
        gateway = factory(store.id, credentials)
        httpx.post(f"{url}/__sandbox/stats/reset")

        async def run() -> list[float]:
            try:
                return await assemble_all(
                    steps, gateway, store.id, [n for n, _ in postings], args.concurrency
                )
            finally:
                await gateway.aclose()

        started = time.perf_counter()
        if args.workers:
            took = assemble_in_workers(steps, store.id, [n for n, _ in postings], args.workers)
            asyncio.run(gateway.aclose())
        else:
            took = asyncio.run(run())
        wall = time.perf_counter() - started
        stats = httpx.get(f"{url}/__sandbox/stats").json()
        stats = stats.get("result", stats)
        with uow() as tx:
            states = tx.assemblies.count_by_state(store.id)
        engine.dispose()
    calls = gateway.api_calls + sum(g.api_calls for g in opened)
    ships = stats["requests"].get("/v4/posting/fbs/ship", {})
    answered = calls - stats["rate_limited"]
    floor = calls / OZON_RATE_LIMIT
    own_floor = floor * (1 + DEFAULT_MARGIN)
    took.sort()
    print(
        f"  recorded {len(postings)} assemblies in {recording:.2f} s "
        f"({len(postings) / recording:.0f}/s)"
    )
    print(
        f"  assembled: {states.get(AssemblyState.ASSEMBLED, 0)} of {len(postings)} "
        f"(states {dict((s.value, n) for s, n in states.items())})"
    )
    print(
        f"  Ozon calls: {calls} ({calls / len(postings):.2f} per posting); ship answers "
        f"{ships}; 429s: {stats['rate_limited']}"
    )
    print(
        f"  wall {wall:.1f} s; floor {floor:.1f} s at {OZON_RATE_LIMIT}/s "
        f"({own_floor:.1f} s with the limiter's {DEFAULT_MARGIN:.0%} margin); "
        f"{wall / floor:.2f}x the floor; {wall / (answered / OZON_RATE_LIMIT):.2f}x the floor "
        f"of the {answered} calls not refused"
    )
    print(
        f"  per posting, first step to assembled: median {statistics.median(took):.2f} s, "
        f"p95 {took[int(len(took) * 0.95) - 1]:.2f} s"
    )
    print(
        "reproduce: .venv/bin/python bench/assembly.py "
        f"--postings {args.postings} --concurrency {args.concurrency} "
        f"--ship-seconds {args.ship_seconds} --workers {args.workers}"
    )


if __name__ == "__main__":
    main()
