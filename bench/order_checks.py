"""Benchmark: order checks over 100,000 postings, and the queue pages that show their verdicts.

Fills a SQLite database with the data set of ``bench/queue_page.py`` (same generator, same seed),
puts 95% of its products into the catalogue, then times ``check_postings`` over every open
posting of each store (one unit of work per store, as the intake's first pass after a backfill)
and whole HTTP round trips of the queue with its verdict column, filtered to "needs attention",
and of a posting page with its reasons. Prints median and p95 of many runs and the command that
reproduces them.

    .venv/bin/python bench/order_checks.py [--postings 100000] [--runs 100] [--seed 7]
"""

from __future__ import annotations

import argparse
import platform
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).parent))  # the sibling benchmarks build the data set
from posylka.adapters.db.tables import posting_items, postings
from posylka.adapters.security import Argon2PasswordHasher
from posylka.config import Settings
from posylka.domain.catalogue import ProductDraft
from posylka.domain.ids import OfferId, Sku, StoreId
from posylka.domain.stores import Role
from posylka.entrypoints.web.app import create_app
from posylka.entrypoints.web.deps import WebDeps
from posylka.services.accounts import NewUser, create_user
from posylka.services.order_checks import check_postings, row_checks
from posylka.services.ports import QueueQuery
from posylka.services.queue import list_queue
from queue_page import NOW, build
from web_queue_page import CSRF, PASSWORD, FixedClock

KNOWN_SHARE = 0.95
"""Share of the data set's products put into the catalogue; the rest stay unknown."""
ATTENTION_ROW = re.compile(
    r'href="(/postings/[^"]+)"[^>]*>[^<]*</a>(?:(?!</tr>).)*data-verdict="attention"', re.S
)


def measure(run: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """Median and p95 wall-clock milliseconds, and median CPU milliseconds, of ``runs`` calls.
    On a busy machine the CPU figure is the steadier one."""
    run()
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        run()
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu_started) * 1000)
    walls.sort()
    p95 = walls[min(len(walls) - 1, int(len(walls) * 0.95))]
    return statistics.median(walls), p95, statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        factory = build(Path(directory) / "bench.db", args.postings, args.seed)[0]
        clock = FixedClock()
        pick = random.Random(args.seed)
        with factory() as uow:
            rows = uow.connection.execute(
                select(postings.c.store_id, posting_items.c.sku, posting_items.c.offer_id)
                .join(postings, postings.c.id == posting_items.c.posting_id)
                .distinct()
            ).all()
            drafts = {
                (store, offer): ProductDraft(
                    store_id=StoreId(store), offer_id=OfferId(offer), sku=Sku(sku)
                )
                for store, sku, offer in sorted(rows)
                if pick.random() < KNOWN_SHARE
            }
            uow.catalogue.upsert_many(list(drafts.values()), now=NOW)
            stores = [s.id for s in uow.stores.list()]
            open_numbers = {s: uow.checks.open_posting_numbers(s) for s in stores}
            uow.commit()

        checked = attention = 0
        started, cpu_started = time.perf_counter(), time.process_time()
        for store_id, numbers in open_numbers.items():
            with factory() as uow:
                summary = check_postings(uow, store_id, numbers, now=NOW)
                uow.commit()
            checked += summary.checked
            attention += summary.attention
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started

        hasher = Argon2PasswordHasher()
        create_user(
            NewUser("bench", PASSWORD, Role.MANAGER, "ru"),
            by=None,
            uow=factory,
            hasher=hasher,
            clock=clock,
        )
        settings = Settings(data_dir=Path(directory))
        deps = WebDeps(settings, factory, clock, hasher, lambda store: None, factory.reader())
        client = TestClient(create_app(deps), follow_redirects=False)
        token = CSRF.search(client.get("/login").text)
        assert token
        form = {"username": "bench", "password": PASSWORD, "csrf_token": token.group(1)}
        assert client.post("/login", data=form).status_code == 303
        flagged = client.get("/?check=attention").text
        posting = ATTENTION_ROW.search(flagged)
        assert posting, "no posting needs attention"
        fragment = {"HX-Request": "true"}
        store = stores[0]
        cases: list[tuple[str, Callable[[], object]]] = [
            ("queue page with verdicts", lambda: client.get("/")),
            ("needs attention, all stores", lambda: client.get("/?check=attention")),
            (
                "needs attention, one store (htmx)",
                lambda: client.get(f"/?check=attention&store={store}", headers=fragment),
            ),
            ("ready, all stores (htmx)", lambda: client.get("/?check=ready", headers=fragment)),
            ("posting page with reasons", lambda: client.get(posting.group(1))),
        ]
        reader = factory.reader()
        page_ids = [e.row.id for e in list_queue(QueueQuery(), uow=reader, clock=clock).entries]
        queries = [
            (
                "use case: queue rows (no verdicts)",
                lambda: list_queue(QueueQuery(), uow=reader, clock=clock, with_choices=False),
            ),
            ("use case: verdicts of 50 rows", lambda: row_checks(page_ids, uow=reader)),
            (
                "use case: needs-attention rows",
                lambda: list_queue(
                    QueueQuery(check="attention"), uow=reader, clock=clock, with_choices=False
                ),
            ),
        ]
        cases = queries + cases
        print(f"posylka order checks: {args.postings:,} postings, SQLite {sqlite3.sqlite_version}")
        print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}")
        print(
            f"check_postings: {checked:,} open postings in {wall:.2f} s wall, {cpu:.2f} s CPU "
            f"({checked / wall:,.0f} a second); {attention:,} need attention"
        )
        print(f"{'case':36} {'median ms':>10} {'p95 ms':>8} {'CPU median ms':>14}")
        for label, run in cases:
            median, p95, cpu_median = measure(run, args.runs)
            print(f"{label:36} {median:>10.1f} {p95:>8.1f} {cpu_median:>14.1f}")
    print("reproduce:", " ".join([".venv/bin/python", "bench/order_checks.py", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
