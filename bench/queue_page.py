"""Benchmark: the posting queue's query on a SQLite database of 100,000 postings.

Builds the database through the sync's own write path (``upsert_many`` in pages of 100, as the
sync writes them; the first 10,000 into the empty database are timed on their own), then times the
repository's ``queue`` call, which is what a page render waits for: the default first page, a page
further on by cursor, a filtered page (warehouse + status + text) and a text search over
everything, plus the filter choices. Prints median and p95 of many runs and the command that
reproduces them. The goal is p95 <= 150 ms for the first and the filtered page. The CPU column
(this process only) helps to read figures taken on a busy machine.

    .venv/bin/python bench/queue_page.py [--postings 100000] [--runs 200] [--seed 7]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import islice
from pathlib import Path

from posylka.adapters.db.engine import create_engine_for
from posylka.adapters.db.migrator import upgrade
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.security import ApiKeyCipher
from posylka.domain.ids import (
    DeliveryMethodId,
    OfferId,
    OrderNumber,
    PostingNumber,
    Sku,
    StoreId,
    WarehouseId,
)
from posylka.domain.postings import (
    Address,
    Buyer,
    IntegrationType,
    Money,
    Posting,
    PostingItem,
    PostingStatus,
)
from posylka.domain.stores import StoreCredentials
from posylka.domain.views import QueueQuery

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
PAGE = 100

# Share of each status in a year of a busy store: most postings are long delivered.
STATUS_MIX = (
    (PostingStatus.DELIVERED, 0.66),
    (PostingStatus.CANCELLED, 0.09),
    (PostingStatus.DELIVERING, 0.09),
    (PostingStatus.AWAITING_PACKAGING, 0.07),
    (PostingStatus.AWAITING_DELIVER, 0.05),
    (PostingStatus.ACCEPTANCE_IN_PROGRESS, 0.02),
    (PostingStatus.AWAITING_APPROVE, 0.01),
    (PostingStatus.AWAITING_REGISTRATION, 0.01),
)
NOUNS = ("Кружка", "Футболка", "Чехол", "Зарядка", "Лампа", "Рюкзак", "Кабель", "Наушники")
ADJECTIVES = ("керамическая", "хлопковая", "силиконовый", "быстрая", "настольная", "городской")
CHINESE = ("保温杯", "手机壳", "数据线", "耳机", "台灯", "背包")
FIRST = ("Иван", "Мария", "Алексей", "Ольга", "Дмитрий", "Анна", "Сергей", "Елена", "王", "李")
LAST = ("Петров", "Иванова", "Смирнов", "Кузнецова", "Попов", "Соколова", "Лебедев", "伟", "娜")


@dataclass(frozen=True)
class Route:
    store_id: StoreId
    warehouse_id: WarehouseId
    warehouse_name: str
    method_id: DeliveryMethodId
    method_name: str
    integration: IntegrationType


def routes(store_ids: list[StoreId]) -> list[Route]:
    """Each store ships from 2-3 warehouses, each with 2-3 delivery methods."""
    found = []
    for s, store_id in enumerate(store_ids):
        for w in range(2 + s % 2):
            warehouse_id = WarehouseId(1_000 + s * 10 + w)
            for m in range(2 + (s + w) % 2):
                integration = (IntegrationType.OZON, IntegrationType.NON_INTEGRATED)[m % 2]
                found.append(
                    Route(
                        store_id,
                        warehouse_id,
                        f"Склад {s + 1}-{w + 1}",
                        DeliveryMethodId(20_000 + warehouse_id * 10 + m),
                        f"Доставка {m + 1} со склада {s + 1}-{w + 1}",
                        integration,
                    )
                )
    return found


def catalogue(rng: random.Random) -> list[tuple[Sku, OfferId, str, Decimal]]:
    products = []
    for n in range(2_000):
        name = f"{rng.choice(NOUNS)} {rng.choice(ADJECTIVES)} {rng.choice(CHINESE)} {n}"
        price = Decimal(rng.randrange(19_900, 999_900)) / 100
        products.append((Sku(300_000_000 + n), OfferId(f"SKU-{n:05d}"), name, price))
    return products


def postings(count: int, store_ids: list[StoreId], seed: int) -> Iterator[Posting]:
    rng = random.Random(seed)
    paths = routes(store_ids)
    products = catalogue(rng)
    statuses = [s for s, _ in STATUS_MIX]
    weights = [w for _, w in STATUS_MIX]
    for n in range(count):
        route = rng.choice(paths)
        status = rng.choices(statuses, weights)[0]
        if status.is_open:  # the seller's work: due from two days ago to five days ahead
            ship_by = NOW + timedelta(minutes=rng.randrange(-2 * 1440, 5 * 1440))
        else:  # handed over or closed: due some time in the past year
            ship_by = NOW - timedelta(minutes=rng.randrange(3 * 1440, 365 * 1440))
        order = f"{70_000_000 + n // 2:08d}-{n % 9999:04d}"
        items = tuple(
            PostingItem(sku, offer, name, rng.randint(1, 3), Money(price))
            # One to five lines, three on average.
            for sku, offer, name, price in rng.sample(products, rng.randint(1, 5))
        )
        rfbs = route.integration is not IntegrationType.OZON
        buyer = (
            Buyer(
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                phone=f"+7912{rng.randrange(10**7):07d}",
                address=Address(city="Казань", zip_code="420000", address_tail="ул. Баумана, 1"),
            )
            if rfbs
            else None
        )
        yield Posting(
            store_id=route.store_id,
            posting_number=PostingNumber(f"{order}-{1 + n % 3}"),
            order_id=900_000_000 + n,
            order_number=OrderNumber(order),
            status=status,
            substatus="",
            status_raw=status.value,
            integration_type=route.integration,
            delivery_method_id=route.method_id,
            delivery_method_name=route.method_name,
            warehouse_id=route.warehouse_id,
            warehouse_name=route.warehouse_name,
            in_process_at=ship_by - timedelta(days=2),
            # About one in a hundred postings has no ship-by yet.
            ship_by=None if rng.random() < 0.01 else ship_by,
            delivering_date=None,
            status_changed_at=ship_by - timedelta(hours=rng.randrange(1, 40)),
            tracking_number=f"RA{rng.randrange(10**9):09d}RU" if rfbs else "",
            items=items,
            buyer=buyer,
        )


def build(
    path: Path, count: int, seed: int
) -> tuple[SqlUnitOfWorkFactory, list[tuple[float, float]]]:
    """Create and fill the database a page at a time, one unit of work (and commit) per page;
    returns the factory and, per page, the wall-clock and CPU seconds of ``upsert_many`` and
    the commit (making the postings up is not counted)."""
    engine = create_engine_for(f"sqlite:///{path.as_posix()}")
    upgrade(engine)
    factory = SqlUnitOfWorkFactory(engine, ApiKeyCipher("bench"))
    with factory() as uow:
        store_ids = [
            uow.stores.add(
                f"Магазин {n}", StoreCredentials(str(100_000 + n), "key", "http://x"), now=NOW
            ).id
            for n in range(1, 5)
        ]
        uow.commit()
    spent: list[tuple[float, float]] = []
    made = postings(count, store_ids, seed)
    while batch := list(islice(made, PAGE)):
        started, cpu_started = time.perf_counter(), time.process_time()
        with factory() as uow:
            uow.postings.upsert_many(batch, now=NOW)
            uow.commit()
        spent.append((time.perf_counter() - started, time.process_time() - cpu_started))
    return factory, spent


def measure(run: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """Median and p95 wall-clock milliseconds, and median CPU milliseconds, of ``runs`` calls."""
    run()  # warm the page cache and the statement cache
    wall, cpu = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        run()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    wall.sort()
    p95 = wall[min(len(wall) - 1, int(len(wall) * 0.95))]
    return statistics.median(wall), p95, statistics.median(cpu)


def report_build(count: int, spent: list[tuple[float, float]]) -> None:
    first = spent[: 10_000 // PAGE]
    first_wall, first_cpu = sum(w for w, _ in first), sum(c for _, c in first)
    print(
        f"upsert: first {min(count, 10_000):,} postings into the empty database, pages of {PAGE}, "
        f"a commit per page: {first_wall:.2f} s ({first_cpu:.2f} s CPU)"
    )
    wall, cpu = sum(w for w, _ in spent), sum(c for _, c in spent)
    print(f"upsert: all {count:,} postings: {wall:.1f} s ({cpu:.1f} s CPU; {count / wall:,.0f}/s)")


def report_queries(factory: SqlUnitOfWorkFactory, runs: int) -> None:
    with factory.reader()() as uow:
        repo = uow.postings
        first = repo.queue(QueueQuery())
        number = first.rows[-1].order_number
        warehouse = int(repo.queue_filters(None).warehouses[0].value)
        filtered = QueueQuery(warehouse_id=warehouse, status="awaiting_packaging", text="кружка")
        cases: list[tuple[str, Callable[[], object]]] = [
            ("first page (open, 50 rows)", lambda: repo.queue(QueueQuery())),
            ("next page by cursor", lambda: repo.queue(QueueQuery(after=first.next_cursor))),
            ("filtered (warehouse + status + text)", lambda: repo.queue(filtered)),
            ("open in one warehouse", lambda: repo.queue(QueueQuery(warehouse_id=warehouse))),
            ("scanned order number", lambda: repo.queue(QueueQuery(text=number))),
            ("text over all statuses", lambda: repo.queue(QueueQuery(status="all", text="王"))),
            ("all statuses, first page", lambda: repo.queue(QueueQuery(status="all"))),
            ("filter choices (all stores)", lambda: repo.queue_filters(None)),
            ("filter choices (one store)", lambda: repo.queue_filters(StoreId(1))),
        ]
        print(f"{'case':38} {'rows':>5} {'total':>7} {'median ms':>10} {'p95 ms':>8} {'cpu ms':>7}")
        for label, run in cases:
            result = run()
            rows = len(getattr(result, "rows", ()))
            total = getattr(result, "total", "")
            median, p95, cpu = measure(run, runs)
            print(f"{label:38} {rows:>5} {total!s:>7} {median:>10.1f} {p95:>8.1f} {cpu:>7.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--database", type=Path, help="keep the database here; an existing one is reused as is"
    )
    args = parser.parse_args()

    print(f"posylka queue benchmark: {args.postings:,} postings, SQLite {sqlite3.sqlite_version}")
    print(
        f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f} at start"
    )
    with tempfile.TemporaryDirectory() as directory:
        path = args.database or Path(directory) / "bench.db"
        if path.exists():
            engine = create_engine_for(f"sqlite:///{path.as_posix()}")
            factory = SqlUnitOfWorkFactory(engine, ApiKeyCipher("bench"))
            print(f"reusing {path}")
        else:
            factory, spent = build(path, args.postings, args.seed)
            report_build(args.postings, spent)
        report_queries(factory, args.runs)
        print(f"load average {os.getloadavg()[0]:.1f} at the end")
    print("reproduce:", " ".join([".venv/bin/python", "bench/queue_page.py", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
