"""Benchmark: stock reserved for 10,000 postings arriving at once, by 4 worker processes.

A store with 300 products and stock in one warehouse (a third of the products too scarce for
every posting that wants them), and 10,000 new postings of 1 to 3 items each, stored as the sync
stores them. Then ``--workers`` OS processes, each with its own engine, take in a share of the
postings at the same moment (``services.intake.take_in`` with the order checks left out, so the
figure is the stock half of the intake pass), batches of 200 per transaction.

Reported per run: wall time from the start signal to the last worker's exit, postings per
second, and the check from the ledger: no level reserves more than it holds, every level equals
the sum of its movements, and per product the reservations never exceed what was received.
Runs on SQLite always and on PostgreSQL when ``POSYLKA_TEST_DATABASE_URL`` is set; each run
starts from a fresh database. Prints the median of ``--runs`` and the command that reproduces
them. Nothing is asserted on time.

    .venv/bin/python bench/reserve_stock.py [--postings 10000] [--workers 4] [--runs 3]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, case, func, insert, select

from posylka.adapters.db.engine import create_engine_for
from posylka.adapters.db.migrator import upgrade
from posylka.adapters.db.scratch import scratch_schema
from posylka.adapters.db.tables import postings, products, stock_levels, stock_movements
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.security import ApiKeyCipher
from posylka.bootstrap import tune_runtime
from posylka.domain.ids import (
    DeliveryMethodId,
    OfferId,
    OrderNumber,
    PostingNumber,
    Sku,
    StoreId,
    WarehouseId,
)
from posylka.domain.postings import IntegrationType, Money, Posting, PostingItem, PostingStatus
from posylka.domain.stores import StoreCredentials, Warehouse
from posylka.services.intake import take_in
from posylka.services.inventory import EntryKind, StockEntry, record_stock

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
WAREHOUSE = WarehouseId(11)
PRODUCTS = 300
SECRET = "bench secret"


class Clock:
    def now(self) -> datetime:
        return T0


def no_checks(*args: object, **kwargs: object) -> None:
    """The order checks are left out: this measures the stock half of the intake pass."""


def make_postings(count: int, seed: int) -> list[Posting]:
    rng = random.Random(seed)
    made = []
    for n in range(1, count + 1):
        chosen = rng.sample(range(PRODUCTS), rng.randint(1, 3))
        items = tuple(
            PostingItem(
                sku=Sku(1_000_000 + p),
                offer_id=OfferId(f"ART-{p:04d}"),
                name=f"Товар {p}",
                quantity=rng.randint(1, 2),
                price=Money(Decimal("499.00")),
            )
            for p in chosen
        )
        made.append(
            Posting(
                store_id=StoreId(1),
                posting_number=PostingNumber(f"0300{n:06d}-0001-1"),
                order_id=n,
                order_number=OrderNumber(f"0300{n:06d}-0001"),
                status=PostingStatus.AWAITING_PACKAGING,
                substatus="posting_created",
                status_raw="awaiting_packaging",
                integration_type=IntegrationType.OZON,
                delivery_method_id=DeliveryMethodId(21),
                delivery_method_name="Ozon Логистика",
                warehouse_id=WAREHOUSE,
                warehouse_name="Склад",
                in_process_at=T0,
                ship_by=T0 + timedelta(days=1, seconds=n),
                delivering_date=None,
                status_changed_at=T0,
                items=items,
            )
        )
    return made


def prepare(engine: Engine, count: int, seed: int) -> tuple[StoreId, list[int], int]:
    """A store, its products and stock, and ``count`` new postings; returns the posting ids
    and the units wanted in all."""
    upgrade(engine)
    factory = SqlUnitOfWorkFactory(engine, ApiKeyCipher(SECRET))
    with factory() as tx:
        store = tx.stores.add(
            "Bench", StoreCredentials("1", "k", "https://api-seller.ozon.ru"), now=T0
        )
        tx.stores.replace_warehouses(store.id, [Warehouse(store.id, WAREHOUSE, "Склад")], now=T0)
        tx.commit()
    with engine.begin() as conn:
        conn.execute(
            insert(products),
            [
                {
                    "store_id": store.id,
                    "offer_id": f"ART-{p:04d}",
                    "sku": 1_000_000 + p,
                    "name": f"Товар {p}",
                    "updated_at": T0,
                }
                for p in range(PRODUCTS)
            ],
        )
    made = [replace(p, store_id=store.id) for p in make_postings(count, seed)]
    wanted = sum(i.quantity for p in made for i in p.items)
    # Two thirds of the products hold enough for everyone, a third about a tenth of the demand.
    entries = [
        StockEntry(f"ART-{p:04d}", WAREHOUSE, 1000 if p % 3 else 10, EntryKind.RECEIPT)
        for p in range(PRODUCTS)
    ]
    record_stock(entries, store_id=store.id, actor="bench", uow=factory, clock=Clock())
    with factory() as tx:
        for start in range(0, len(made), 1000):
            tx.postings.upsert_many(made[start : start + 1000], now=T0)
        tx.commit()
    with engine.connect() as conn:
        ids = list(conn.execute(select(postings.c.id).order_by(postings.c.id)).scalars())
    return store.id, ids, wanted


def worker(url: str, store_id: int, ids: list[int], start: Any, done: Any) -> None:
    tune_runtime()
    engine = create_engine_for(url)
    factory = SqlUnitOfWorkFactory(engine, ApiKeyCipher(SECRET))
    with engine.connect():
        pass  # connect before the start signal, as a running worker would be
    start.wait(120)
    take_in(
        StoreId(store_id),
        uow=factory,
        clock=Clock(),
        batch_size=200,
        posting_ids=ids,
        check=no_checks,
    )
    engine.dispose()
    done.put(time.perf_counter())


def verify(engine: Engine) -> tuple[int, int, bool]:
    """(units reserved, levels over-reserved, ledger agrees with the levels)."""
    q = stock_movements.c.quantity
    kind = stock_movements.c.kind
    with engine.connect() as conn:
        per_product = conn.execute(
            select(
                stock_movements.c.product_id,
                func.sum(case((kind == "receipt", q), else_=0)),
                func.sum(case((kind == "reservation", q), else_=0)),
            ).group_by(stock_movements.c.product_id)
        ).all()
        over = conn.execute(
            select(func.count()).where(stock_levels.c.reserved > stock_levels.c.on_hand)
        ).scalar_one()
        levels = {
            row.product_id: (row.on_hand, row.reserved)
            for row in conn.execute(select(stock_levels))
        }
    oversold = sum(1 for _, received, reserved in per_product if reserved > received)
    agrees = all(
        levels.get(product_id, (0, 0)) == (received, reserved)
        for product_id, received, reserved in per_product
    )
    reserved_units = sum(reserved for _, _, reserved in per_product)
    return reserved_units, int(over) + oversold, agrees


def run_once(
    make_engine: Callable[[], AbstractContextManager[Engine]], args: argparse.Namespace, n: int
) -> dict[str, Any]:
    with make_engine() as engine:
        store_id, ids, wanted = prepare(engine, args.postings, args.seed + n)
        url = engine.url.render_as_string(hide_password=False)
        context = multiprocessing.get_context("spawn")
        start, done = context.Event(), context.Queue()
        processes = [
            context.Process(
                target=worker, args=(url, int(store_id), ids[k :: args.workers], start, done)
            )
            for k in range(args.workers)
        ]
        for process in processes:
            process.start()
        time.sleep(2.0)  # every worker has imported posylka and connected
        began = time.perf_counter()
        start.set()
        ends = [done.get(timeout=600) for _ in processes]
        for process in processes:
            process.join(60)
        if any(p.exitcode != 0 for p in processes):
            raise SystemExit("a worker failed")
        elapsed = max(ends) - began
        reserved, oversold, agrees = verify(engine)
    return {
        "seconds": elapsed,
        "rate": args.postings / elapsed,
        "wanted": wanted,
        "reserved": reserved,
        "oversold": oversold,
        "ledger_agrees": agrees,
    }


@contextmanager
def sqlite_engine() -> Iterator[Engine]:
    with tempfile.TemporaryDirectory() as directory:
        engine = create_engine_for(f"sqlite:///{Path(directory, 'bench.db').as_posix()}")
        try:
            yield engine
        finally:
            engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--postings", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL")
    args = parser.parse_args()
    tune_runtime()
    backends: list[tuple[str, Callable[[], AbstractContextManager[Engine]]]] = []
    postgres_url = os.environ.get("POSYLKA_TEST_DATABASE_URL", "")
    if postgres_url and not args.sqlite_only:
        backends.append(("PostgreSQL", lambda: scratch_schema(postgres_url, prefix="bench")))
    backends.append(("SQLite", sqlite_engine))
    print(
        f"{args.postings} postings, {args.workers} worker processes, {PRODUCTS} products, "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs"
    )
    for name, make_engine in backends:
        runs = []
        for n in range(args.runs):
            result = run_once(make_engine, args, n)
            runs.append(result)
            print(
                f"  {name} run {n + 1}: {result['seconds']:.2f} s, "
                f"{result['rate']:.0f} postings/s, {result['reserved']} of "
                f"{result['wanted']} units reserved, oversold levels: {result['oversold']}, "
                f"ledger agrees: {result['ledger_agrees']}"
            )
        print(
            f"{name}: median {statistics.median(r['rate'] for r in runs):.0f} postings/s "
            f"({statistics.median(r['seconds'] for r in runs):.2f} s); oversold levels in all "
            f"runs: {sum(r['oversold'] for r in runs)}; ledger agrees in every run: "
            f"{all(r['ledger_agrees'] for r in runs)}"
        )
    print(
        "reproduce: POSYLKA_TEST_DATABASE_URL=postgresql://... .venv/bin/python "
        f"bench/reserve_stock.py --postings {args.postings} --workers {args.workers} "
        f"--runs {args.runs}"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
