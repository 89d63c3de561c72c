"""Benchmark: a store's first posting sync from the Ozon sandbox into an empty SQLite file.

The sandbox runs as a separate process (``posylka sandbox serve``) on a real socket, answering
every call after ``--latency-ms`` and holding Ozon's 50 requests a second per Client-Id. posylka's
own client, sync and SQLite adapter do the work, wired as ``bootstrap`` wires them. Three
scenarios, each ``--repeat`` times from an empty database:

1. first sync: time from the first request to the last commit of postings; API calls as the
   sandbox counted them; the floor (the fewest calls possible ÷ 50 a second: one list call per
   100 postings, plus the warehouse and delivery-method calls) and both ratios;
2. the sync after it, with nothing changed: its API calls;
3. a first sync with 10% of the posting-list calls failing with 5xx and a burst of 429s at the
   start, checking that every posting arrived exactly once.

Prints each run, then the medians, peak memory (max RSS of this process) and the command that
reproduces them. Nothing is asserted on time.

    .venv/bin/python bench/sync_postings.py [--postings 10000] [--latency-ms 200] [--repeat 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from sqlalchemy import func, select

from posylka.adapters.clock import SystemClock
from posylka.adapters.db.engine import create_engine_for
from posylka.adapters.db.migrator import upgrade
from posylka.adapters.db.tables import posting_status_history, postings
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.ozon.gateway import open_gateway
from posylka.adapters.security import ApiKeyCipher
from posylka.bootstrap import tune_runtime
from posylka.config import Settings
from posylka.domain.ids import PostingNumber, StoreId
from posylka.domain.stores import StoreCredentials
from posylka.domain.sync import PostingQuery, SyncSummary
from posylka.services.ports import MarketplaceGateway
from posylka.services.sync_postings import SyncOptions, sync_store

RATE = 50.0
PAGE = 100
LIST_PATH = "/v4/posting/fbs/list"
REFERENCE_PATHS = ("/v2/warehouse/list", "/v2/delivery-method/list")


# --- the sandbox process -------------------------------------------------------------------------


@dataclass
class Sandbox:
    url: str
    client_id: str
    api_key: str
    process: subprocess.Popen[str]

    def control(self, method: str, path: str, body: Any = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.url}/__sandbox{path}", data=data, method=method)
        request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read() or b"null")

    def calls(self) -> dict[str, int]:
        stats = self.control("GET", "/stats")["requests"]
        return {path: sum(by_status.values()) for path, by_status in stats.items()}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_sandbox(postings: int, latency_ms: int, seed: int) -> Sandbox:
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "posylka"),
        "sandbox",
        "serve",
        "--port",
        str(port),
        "--postings",
        str(postings),
        "--latency-ms",
        str(latency_ms),
        "--seed",
        str(seed),
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


# --- timing seams: the first request and the last commit of postings -----------------------------


@dataclass
class Marks:
    first_request: float | None = None
    last_posting_commit: float = 0.0

    def request(self) -> None:
        if self.first_request is None:
            self.first_request = time.perf_counter()


class TimedGateway:
    """The real gateway, noting when the sync first asks Ozon for anything."""

    def __init__(self, inner: MarketplaceGateway, marks: Marks) -> None:
        self._inner = inner
        self._marks = marks

    @property
    def api_calls(self) -> int:
        return self._inner.api_calls

    async def fetch_postings_page(self, query: PostingQuery, cursor: str = "") -> Any:
        self._marks.request()
        return await self._inner.fetch_postings_page(query, cursor)

    async def fetch_posting(self, posting_number: PostingNumber) -> Any:
        self._marks.request()
        return await self._inner.fetch_posting(posting_number)

    async def fetch_warehouses(self) -> Any:
        self._marks.request()
        return await self._inner.fetch_warehouses()

    async def fetch_delivery_methods(self) -> Any:
        self._marks.request()
        return await self._inner.fetch_delivery_methods()

    async def aclose(self) -> None:
        await self._inner.aclose()


class TimedUnitOfWork:
    """The real unit of work, noting when a transaction holding postings commits."""

    def __init__(self, inner: Any, marks: Marks) -> None:
        self._inner = inner
        self._marks = marks
        self._wrote_postings = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    @property
    def postings(self) -> Any:
        outer = self

        class Postings:
            def __getattr__(self, name: str) -> Any:
                if name == "upsert_many":
                    outer._wrote_postings = True
                return getattr(outer._inner.postings, name)

        return Postings()

    def __enter__(self) -> Self:
        self._inner.__enter__()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._inner.__exit__(kind, error, tb)

    def commit(self) -> None:
        self._inner.commit()
        if self._wrote_postings:
            self._marks.last_posting_commit = time.perf_counter()


# --- one run -------------------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    calls: int
    list_calls: int
    reference_calls: int
    summary: SyncSummary
    cpu: float = 0.0
    """CPU seconds this process spent (client, sync, writer thread and SQLite together)."""
    stored: int = 0
    first_sightings: int = 0
    extra: dict[str, int] = field(default_factory=dict)


class Store:
    """An empty SQLite database with one store pointed at the sandbox."""

    def __init__(self, directory: Path, sandbox: Sandbox) -> None:
        self.engine = create_engine_for(f"sqlite:///{(directory / 'posylka.db').as_posix()}")
        upgrade(self.engine)
        self.uow = SqlUnitOfWorkFactory(self.engine, ApiKeyCipher("bench secret key"))
        with self.uow() as tx:
            credentials = StoreCredentials(sandbox.client_id, sandbox.api_key, sandbox.url)
            self.store_id = tx.stores.add("Sandbox", credentials, now=SystemClock().now()).id
            tx.commit()
        self.sandbox = sandbox

    def sync(self, settings: Settings) -> Run:
        self.sandbox.control("POST", "/stats/reset")
        marks = Marks()

        def marketplace(store_id: StoreId, credentials: StoreCredentials) -> TimedGateway:
            gateway = open_gateway(
                store_id,
                credentials,
                rps=settings.ozon_rps,
                timeout=settings.ozon_timeout_seconds,
                max_attempts=settings.ozon_max_attempts,
            )
            return TimedGateway(gateway, marks)

        def uow() -> TimedUnitOfWork:
            return TimedUnitOfWork(self.uow(), marks)

        options = SyncOptions(
            initial_days=settings.sync_initial_days, concurrency=settings.sync_concurrency
        )
        cpu = time.process_time()
        summary = asyncio.run(
            sync_store(
                StoreId(self.store_id),
                uow=uow,
                marketplace=marketplace,
                clock=SystemClock(),
                options=options,
            )
        )
        cpu = time.process_time() - cpu
        calls = self.sandbox.calls()
        first = marks.first_request or 0.0
        return Run(
            seconds=max(marks.last_posting_commit - first, 0.0),
            calls=sum(calls.values()),
            list_calls=calls.get(LIST_PATH, 0),
            reference_calls=sum(calls.get(path, 0) for path in REFERENCE_PATHS),
            summary=summary,
            cpu=cpu,
            stored=self.count(postings),
            first_sightings=self.first_sightings(),
        )

    def count(self, table: Any) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

    def first_sightings(self) -> int:
        with self.engine.connect() as conn:
            query = select(func.count()).where(posting_status_history.c.old_status.is_(None))
            return int(conn.execute(query).scalar_one())

    def close(self) -> None:
        self.engine.dispose()


# --- the scenarios -------------------------------------------------------------------------------


def settle() -> None:
    """Let the sandbox's one-second rate window empty between runs."""
    time.sleep(1.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--postings", type=int, default=10_000)
    parser.add_argument("--latency-ms", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    tune_runtime()  # as every posylka process does (bootstrap.build)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    print(f"python {platform.python_version()}, {os.cpu_count()} cpus, {platform.platform()}")
    print(
        f"sandbox: {args.postings:,} postings, {args.latency_ms} ms per answer, "
        f"{RATE:.0f} requests/s per Client-Id; sync: {settings.sync_concurrency} pages in flight, "
        f"{settings.sync_initial_days}-day window"
    )
    sandbox = start_sandbox(args.postings, args.latency_ms, args.seed)
    visible = int(sandbox.control("GET", "")["visible_now"])
    try:
        firsts, seconds, faulty = [], [], []
        for round_ in range(1, args.repeat + 1):
            with tempfile.TemporaryDirectory() as directory:
                store = Store(Path(directory), sandbox)
                try:
                    settle()
                    first = store.sync(settings)
                    settle()
                    second = store.sync(settings)
                finally:
                    store.close()
            firsts.append(first)
            seconds.append(second)
            minimum = math.ceil(visible / PAGE) + first.reference_calls
            floor = minimum / RATE
            print(
                f"run {round_}: first sync {first.seconds:.3f} s ({first.seconds / floor:.3f}× "
                f"floor {floor:.2f} s), {first.calls} calls ({first.calls / minimum:.3f}× "
                f"minimum {minimum}), {first.cpu:.2f} s cpu, {first.stored:,} stored; "
                f"no-change sync {second.calls} call(s)"
            )
        for round_ in range(1, args.repeat + 1):
            with tempfile.TemporaryDirectory() as directory:
                store = Store(Path(directory), sandbox)
                try:
                    settle()
                    sandbox.control(
                        "POST",
                        "/faults",
                        {
                            "latency_ms": args.latency_ms,
                            "fault_rate": 0.1,
                            "kinds": ["5xx"],
                            "burst_429": 10,
                            "paths": [LIST_PATH],
                            "seed": round_,
                        },
                    )
                    run = store.sync(settings)
                    injected = sandbox.control("GET", "/stats")["injected_faults"]
                    run.extra = {str(k): int(v) for k, v in injected.items()}
                finally:
                    sandbox.control("POST", "/faults", {"latency_ms": args.latency_ms})
                    store.close()
            faulty.append(run)
            once = run.stored == visible == run.first_sightings and run.summary.ok
            print(
                f"faults {round_}: {run.seconds:.3f} s, {run.calls} calls, injected {run.extra}, "
                f"{run.stored:,} of {visible:,} stored, each exactly once: {once}"
            )
    finally:
        sandbox.process.terminate()
        sandbox.process.wait(10)

    minimum = math.ceil(visible / PAGE) + statistics.median(r.reference_calls for r in firsts)
    floor = minimum / RATE
    time_median = statistics.median(r.seconds for r in firsts)
    calls_median = statistics.median(r.calls for r in firsts)
    print()
    print(f"medians of {args.repeat} runs, {visible:,} postings:")
    print(f"  floor                       {floor:.3f} s ({minimum:.0f} calls at {RATE:.0f}/s)")
    print(f"  first request → last commit {time_median:.3f} s = {time_median / floor:.3f}× floor")
    print(f"  API calls                   {calls_median:.0f} = {calls_median / minimum:.3f}× min")
    print(f"  cpu of this process         {statistics.median(r.cpu for r in firsts):.2f} s")
    print(
        f"  no-change sync              {statistics.median(r.calls for r in seconds):.0f} call(s)"
    )
    print(
        f"  with faults                 {statistics.median(r.seconds for r in faulty):.3f} s, "
        f"{statistics.median(r.calls for r in faulty):.0f} calls; every posting exactly once in "
        f"{sum(r.stored == visible == r.first_sightings for r in faulty)} of {len(faulty)} runs"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak memory (max RSS)       {peak:.0f} MiB")
    print(f"load {os.getloadavg()[0]:.1f} at the end")
    print("reproduce:", " ".join([".venv/bin/python", "bench/sync_postings.py", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
