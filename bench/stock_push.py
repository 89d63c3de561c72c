"""Benchmark: push the stock of 50,000 product × warehouse pairs to the Ozon sandbox.

A store with 10,000 products in 5 warehouses (50,000 levels) in a real database (a SQLite file,
or PostgreSQL with --database-url); the sandbox (``posylka sandbox serve``, a process of its own)
serves Ozon's /v2/products/stocks over a real socket and enforces its limits: 80 calls a minute
per Client-Id (429 past that), 100 pairs a call, a pair at most once in 30 seconds. The push use
case reads the levels, queues every pair and sends them. The figures: API calls (must be exactly
ceil(50,000 / 100) = 500), 429s (must be 0), and the wall time against the floor that 80 calls a
minute sets.

The floor, for a limiter that lets a call start once the call 80 before it is a full window old:
call k starts no earlier than floor(k / 80) windows after the first, so the last of N calls starts
floor((N - 1) / 80) windows in: 6 windows for 500 calls. With Ozon's 60 s window that is 360 s;
posylka's limiter stretches the stock window by 2% (61.2 s), so its own floor is 367.2 s.
"(500 - 80) / 80 minutes" (5.25 min) would be a token bucket's floor, which a sliding window of
80 cannot reach without putting more than 80 calls into some minute.

--window-scale shrinks the minute (and the 30 s) of both the sandbox and the client, to run the
same schedule compressed: 0.1 gives 6 s windows and a 36 s floor.

    .venv/bin/python bench/stock_push.py [--pairs 50000] [--warehouses 5] [--window-scale 0.1]
        [--database-url postgresql://...]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import insert

from posylka.adapters.db.engine import create_engine_for
from posylka.adapters.db.migrator import upgrade
from posylka.adapters.db.scratch import scratch_schema
from posylka.adapters.db.tables import products, stock_levels
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.ozon.client import OzonClient
from posylka.adapters.ozon.gateway import OzonGateway
from posylka.adapters.ozon.limits import METHOD_LIMITS, RateLimit, RateLimiter
from posylka.adapters.security import ApiKeyCipher
from posylka.domain.ids import StoreId
from posylka.domain.stock_push import CALLS_PER_MINUTE, MAX_PAIRS_PER_CALL, stock_for_ozon
from posylka.domain.stores import StoreCredentials
from posylka.services.stock_push import PushSummary, StockPushOptions, push_stock

PATH = "/v2/products/stocks"
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class TimedGateway:
    """The real gateway, noting when the first call started and the last answer came."""

    def __init__(self, inner: OzonGateway) -> None:
        self.inner = inner
        self.first: float | None = None
        self.last = 0.0

    @property
    def api_calls(self) -> int:
        return self.inner.api_calls

    async def push_stocks(self, items):  # type: ignore[no-untyped-def]
        if self.first is None:
            self.first = time.monotonic()
        answers = await self.inner.push_stocks(items)
        self.last = time.monotonic()
        return answers

    async def fetch_warehouse_stocks(self):  # type: ignore[no-untyped-def]
        return await self.inner.fetch_warehouse_stocks()

    async def aclose(self) -> None:
        await self.inner.aclose()


def seed(engine_url: str, store_id: int, offers: int, warehouses: list[int]) -> None:
    engine = create_engine_for(engine_url)
    with engine.begin() as conn:
        rows = [
            {"store_id": store_id, "offer_id": f"LOAD-{n:06d}", "updated_at": NOW}
            for n in range(1, offers + 1)
        ]
        conn.execute(insert(products), rows)
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM products ORDER BY id")]
        levels = [
            {
                "product_id": pid,
                "warehouse_id": w,
                "on_hand": 5 + (pid % 50),
                "reserved": pid % 3,
                "changed_at": datetime.now(UTC) - timedelta(minutes=1),
            }
            for pid in ids
            for w in warehouses
        ]
        for start in range(0, len(levels), 5000):
            conn.execute(insert(stock_levels), levels[start : start + 5000])
    engine.dispose()


@dataclass
class Sandbox:
    url: str
    client_id: str
    api_key: str
    process: subprocess.Popen[str]


def start_sandbox(scale: float, offers: int) -> Sandbox:
    """``posylka sandbox serve`` in a process of its own, as Ozon is a server of its own."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [
        str(Path(sys.executable).parent / "posylka"),
        "sandbox",
        "serve",
        "--port",
        str(port),
        "--postings",
        "20",
        "--window-scale",
        str(scale),
        "--load-offers",
        str(offers),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    printed = ""
    deadline = time.monotonic() + 120
    while "Uvicorn running" not in printed and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        printed += line
    found = re.search(r"Client-Id:\s*(\S+).*?Api-Key:\s*(\S+)", printed, re.S)
    if "Uvicorn running" not in printed or found is None:
        process.kill()
        raise SystemExit(f"the sandbox did not start:\n{printed}")
    return Sandbox(f"http://127.0.0.1:{port}", found[1], found[2], process)


async def run(args: argparse.Namespace, database_url: str) -> None:
    scale = args.window_scale
    offers = math.ceil(args.pairs / args.warehouses)
    sandbox = start_sandbox(scale, offers)
    try:
        await measure(args, database_url, sandbox, offers)
    finally:
        sandbox.process.terminate()
        sandbox.process.wait(timeout=30)


async def measure(
    args: argparse.Namespace, database_url: str, sandbox: Sandbox, offers: int
) -> None:
    scale = args.window_scale
    stock_limit = METHOD_LIMITS[PATH]
    scaled = RateLimit(stock_limit.requests, stock_limit.seconds * scale, margin=stock_limit.margin)
    client = OzonClient.connect(
        sandbox.client_id,
        sandbox.api_key,
        base_url=sandbox.url,
        limiter=RateLimiter(method_limits={PATH: scaled}),
    )
    inner = OzonGateway(StoreId(1), client)
    warehouses = [w.warehouse_id for w in await inner.fetch_warehouses()][: args.warehouses]
    if len(warehouses) < args.warehouses:
        raise SystemExit(f"the sandbox has only {len(warehouses)} warehouses")
    engine = create_engine_for(database_url)
    upgrade(engine)
    uow = SqlUnitOfWorkFactory(engine, ApiKeyCipher("bench secret"))
    with uow() as tx:
        store = tx.stores.add(
            "Bench", StoreCredentials(sandbox.client_id, sandbox.api_key, sandbox.url), now=NOW
        )
        tx.commit()
    seed(database_url, store.id, offers, warehouses)
    pairs = offers * len(warehouses)
    gateway = TimedGateway(inner)
    calls_before = inner.api_calls
    started = time.monotonic()
    cpu = time.process_time()
    summary: PushSummary = await push_stock(
        store.id,
        uow=uow,
        gateway=gateway,
        clock=SystemClock(),
        options=StockPushOptions(),
        now_all=True,
    )
    wall = time.monotonic() - started
    cpu = time.process_time() - cpu
    on_ozon = await inner.fetch_warehouse_stocks()
    async with httpx.AsyncClient(base_url=sandbox.url) as http:
        stats = (await http.get("/__sandbox/stats")).json()
    await gateway.aclose()
    engine.dispose()
    with uow() as tx:
        levels = {(r.offer_id, r.warehouse_id): r for r in tx.inventory.levels(store.id)}
    matching = sum(
        1
        for s in on_ozon
        if (row := levels.get((s.offer_id, s.warehouse_id))) is not None
        and s.free_stock == stock_for_ozon(row.on_hand, row.reserved, row.safety_buffer)
    )

    answers = stats["requests"].get(PATH, {})
    calls_needed = math.ceil(pairs / MAX_PAIRS_PER_CALL)
    windows = (calls_needed - 1) // CALLS_PER_MINUTE
    ozon_window = 60.0 * scale
    own_window = scaled.seconds * (1 + (scaled.margin or 0.0))
    floor_ozon = max(windows * ozon_window, 1e-9)
    floor_own = max(windows * own_window, 1e-9)
    push_phase = gateway.last - (gateway.first or gateway.last)
    collect = (gateway.first or started) - started
    print(f"python {platform.python_version()}, {os.cpu_count()} cpus, {platform.platform()}")
    print(f"database {database_url.split(':', 1)[0]}, window scale {scale} (a minute is "
          f"{ozon_window:g} s, the client's window {own_window:g} s)")  # fmt: skip
    print(f"pairs {pairs:,}: sent {summary.sent:,}, updated {summary.updated:,}, "
          f"refused {summary.rejected}, to retry {summary.too_soon}")  # fmt: skip
    print(f"  API calls            {summary.api_calls} (needed {calls_needed}) "
          f"{'OK' if summary.api_calls == calls_needed else 'NOT EQUAL'}")  # fmt: skip
    print(f"  sandbox answers      {answers}")
    print(f"  Ozon's view          {len(on_ozon):,} pairs, {matching:,} equal to posylka's")
    print(f"  floor                {floor_ozon:.2f} s over Ozon's window ({windows} windows "
          f"after the first burst); {floor_own:.2f} s over the client's")  # fmt: skip
    print(f"  first call → last answer  {push_phase:.2f} s = {push_phase / floor_ozon:.4f}× "
          f"Ozon's floor, {push_phase / floor_own:.4f}× the client's")  # fmt: skip
    print(f"  levels read and queued before the first call  {collect:.2f} s")
    print(f"  whole push (read, queue, send, record)  {wall:.2f} s = "
          f"{wall / floor_ozon:.4f}× Ozon's floor")  # fmt: skip
    print(f"  cpu of this process  {cpu:.2f} s; API calls before the push {calls_before}")
    print(f"load {os.getloadavg()[0]:.1f} at the end")
    print("reproduce:", " ".join([".venv/bin/python", "bench/stock_push.py", *sys.argv[1:]]))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--pairs", type=int, default=50_000)
    parser.add_argument("--warehouses", type=int, default=5)
    parser.add_argument(
        "--window-scale",
        type=float,
        default=0.1,
        help="shrink the sandbox's and the client's minute (1.0: real time, about 6 minutes)",
    )
    parser.add_argument(
        "--database-url", default="", help="PostgreSQL URL (default: a SQLite file in a temp dir)"
    )
    args = parser.parse_args()
    if args.database_url:
        with scratch_schema(args.database_url, prefix="bench") as engine:
            url = engine.url.render_as_string(hide_password=False)
            engine.dispose()
            asyncio.run(run(args, url))
        return
    with tempfile.TemporaryDirectory() as scratch:
        asyncio.run(run(args, f"sqlite:///{(Path(scratch) / 'bench.db').as_posix()}"))


if __name__ == "__main__":
    main()
