"""Benchmark: the sync's write path, ``upsert_many``, as a first sync and the syncs after it.

The postings are the Ozon sandbox's own (seeded, rendered as ``/v4/posting/fbs/list`` shows them
and mapped to domain postings by the Ozon adapter), so their shape is what a real sync writes:
one to five items each, FBS and rFBS, buyers, requirements. They are written as the sync's writer
thread writes them: pages of 100, one unit of work and one commit per page. Each run starts from an
empty, migrated database and times three passes:

1. new: every posting into the empty database (a store's first sync);
2. unchanged: the same postings again (a sync that finds nothing new);
3. 10% moved: the same postings with one in ten moved on to a next status of Ozon's lifecycle.

Making and mapping the postings is not timed. For each pass it prints the median wall-clock and
CPU seconds (this process only) of ``--runs`` runs, on SQLite and, when
``POSYLKA_TEST_DATABASE_URL`` is set, on PostgreSQL (a schema of its own per run, dropped after).

    .venv/bin/python bench/posting_upsert.py [--postings 10000] [--runs 5] [--sqlite-only]
        [--profile new|unchanged|'10% moved']

CPU is this process's only (a PostgreSQL server's own work is not in it); on a busy machine compare
the lowest of the per-run figures as well as the medians.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine

from posylka.adapters.db.engine import create_engine_for
from posylka.adapters.db.migrator import upgrade
from posylka.adapters.db.scratch import scratch_schema
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.ozon.mapping import map_posting
from posylka.adapters.security import ApiKeyCipher
from posylka.domain.ids import StoreId
from posylka.domain.postings import TRANSITIONS, Posting, PostingStatus
from posylka.domain.stores import StoreCredentials
from posylka.sandbox.ozon.config import SandboxConfig
from posylka.sandbox.ozon.rendering import Extras, posting_v4
from posylka.sandbox.ozon.state import SandboxState

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
PAGE = 100
MOVED_SHARE = 10
"""One posting in this many changes status in the third pass."""

PASSES = ("new", "unchanged", "10% moved")


def sandbox_postings(count: int, seed: int, store_id: StoreId) -> list[Posting]:
    """The sandbox's postings as the sync maps them from a v4 list with analytics and legal info."""
    state = SandboxState(SandboxConfig(seed=seed, postings=count, now=NOW))
    now = state.now()
    extras = Extras(analytics_data=True, legal_info=True)
    return [map_posting(store_id, posting_v4(p, now, extras)) for p in state.postings]


def moved_on(postings: list[Posting], at: datetime) -> list[Posting]:
    """The same postings, one in ``MOVED_SHARE`` of those that can still move moved to its first
    next status in Ozon's lifecycle."""
    movable = [n for n, p in enumerate(postings) if _next_status(p.status) is not None]
    wanted = min(len(movable), len(postings) // MOVED_SHARE)
    chosen = {movable[k * len(movable) // wanted] for k in range(wanted)}  # spread evenly
    moved = list(postings)
    for n in chosen:
        posting = postings[n]
        status = _next_status(posting.status)
        assert status is not None
        moved[n] = replace(
            posting, status=status, status_raw=status.value, substatus="", status_changed_at=at
        )
    return moved


def _next_status(status: PostingStatus) -> PostingStatus | None:
    allowed = sorted(TRANSITIONS.get(status, frozenset()) - {PostingStatus.UNKNOWN})
    return allowed[0] if allowed else None


def write_in_pages(factory: SqlUnitOfWorkFactory, postings: list[Posting], now: datetime) -> None:
    for start in range(0, len(postings), PAGE):
        with factory() as uow:
            uow.postings.upsert_many(postings[start : start + PAGE], now=now)
            uow.commit()


def timed(run: Callable[[], None], profile: cProfile.Profile | None) -> tuple[float, float]:
    started, cpu_started = time.perf_counter(), time.process_time()
    if profile is not None:
        profile.enable()
    run()
    if profile is not None:
        profile.disable()
    return time.perf_counter() - started, time.process_time() - cpu_started


def one_run(
    engine: Engine,
    postings: list[Posting],
    moved: list[Posting],
    profiled: str | None,
    profile: cProfile.Profile,
) -> list[tuple[float, float]]:
    upgrade(engine)
    factory = SqlUnitOfWorkFactory(engine, ApiKeyCipher("bench"))
    with factory() as uow:
        uow.stores.add("Магазин", StoreCredentials("100001", "key", "http://x"), now=NOW)
        uow.commit()
    inputs = (
        (postings, NOW),
        (postings, NOW + timedelta(hours=1)),
        (moved, NOW + timedelta(hours=2)),
    )
    return [
        timed(
            lambda batch=batch, now=now: write_in_pages(factory, batch, now),  # type: ignore[misc]
            profile if profiled == name else None,
        )
        for name, (batch, now) in zip(PASSES, inputs, strict=True)
    ]


@contextmanager
def sqlite_engine() -> Iterator[Engine]:
    with tempfile.TemporaryDirectory() as directory:
        engine = create_engine_for(f"sqlite:///{(Path(directory) / 'bench.db').as_posix()}")
        try:
            yield engine
        finally:
            engine.dispose()


def postgres_engine(url: str) -> AbstractContextManager[Engine]:
    return scratch_schema(url, prefix="bench")


def report(label: str, runs: list[list[tuple[float, float]]], count: int) -> None:
    print(f"{label}: {count:,} postings in pages of {PAGE}, a commit per page, {len(runs)} runs")
    print(f"  {'pass':12} {'wall s':>8} {'cpu s':>8} {'postings/s':>11}   (medians; cpu per run)")
    for n, name in enumerate(PASSES):
        wall = statistics.median(run[n][0] for run in runs)
        cpu = statistics.median(run[n][1] for run in runs)
        each = " ".join(f"{run[n][1]:.2f}" for run in runs)
        print(f"  {name:12} {wall:>8.2f} {cpu:>8.2f} {count / wall:>11,.0f}   [{each}]")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--postings", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--profile", choices=PASSES, help="print the cProfile of this pass (all runs, SQLite)"
    )
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL")
    args = parser.parse_args()

    print(
        f"posylka upsert benchmark: python {platform.python_version()}, SQLite "
        f"{sqlite3.sqlite_version}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f} at start"
    )
    postings = sandbox_postings(args.postings, args.seed, StoreId(1))
    moved = moved_on(postings, NOW + timedelta(minutes=90))
    changed = sum(a is not b for a, b in zip(postings, moved, strict=True))
    items = sum(len(p.items) for p in postings)
    print(
        f"{len(postings):,} sandbox postings, {items:,} items; {changed:,} move in the third pass"
    )

    backends: list[tuple[str, Callable[[], AbstractContextManager[Engine]]]] = [
        ("SQLite", sqlite_engine)
    ]
    postgres_url = os.environ.get("POSYLKA_TEST_DATABASE_URL", "")
    if postgres_url and not args.sqlite_only:
        backends.append(("PostgreSQL", lambda: postgres_engine(postgres_url)))
    profile = cProfile.Profile(time.process_time)
    for label, make_engine in backends:
        runs = []
        for _ in range(args.runs):
            with make_engine() as engine:
                profiled = args.profile if label == "SQLite" else None
                runs.append(one_run(engine, postings, moved, profiled, profile))
        report(label, runs, len(postings))
    if args.profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(45)
    print(f"load {os.getloadavg()[0]:.1f} at the end")
    print("reproduce:", " ".join([".venv/bin/python", "bench/posting_upsert.py", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
