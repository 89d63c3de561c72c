"""Benchmark: importing a 20,000-row XLSX catalogue, as ``posylka catalogue import`` does it.

The workbook is generated once per run of the script (names in Russian and Chinese, EAN-13
barcodes, sizes, costs, flags and a bin in each of two warehouses) and written to a temporary
file. Each run starts from an empty, migrated database with one store and its two warehouses and
times two passes, reading the file with openpyxl's read-only (streaming) mode each time:

1. new: every row into the empty catalogue (a seller's first import);
2. again: the same file once more (nothing changes; every row is read, checked and compared).

It prints the median wall-clock and CPU seconds of ``--runs`` runs per pass, on SQLite and, when
``POSYLKA_TEST_DATABASE_URL`` is set, on PostgreSQL (a schema of its own per run, dropped after),
then the peak memory of one more first import traced with ``tracemalloc`` (Python allocations
only; tracing slows the run, so it is not timed) and the process's peak resident set size.

    .venv/bin/python bench/catalogue_import.py [--rows 20000] [--runs 3] [--sqlite-only]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import Engine

from posylka.adapters.db.engine import create_engine_for
from posylka.adapters.db.migrator import upgrade
from posylka.adapters.db.scratch import scratch_schema
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.security import ApiKeyCipher
from posylka.adapters.spreadsheets import SpreadsheetFiles
from posylka.domain.catalogue import gtin_check_digit
from posylka.domain.catalogue_sheet import header_row
from posylka.domain.ids import StoreId, WarehouseId
from posylka.domain.stores import StoreCredentials, Warehouse
from posylka.services.catalogue import ImportReport, import_catalogue

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
WAREHOUSES = (WarehouseId(22254230), WarehouseId(22254231))
PASSES = ("new", "again")
NAMES = ("Кружка керамическая", "Футболка хлопковая", "陶瓷马克杯", "无线蓝牙耳机", "Термос 750 мл")


class FixedClock:
    def now(self) -> datetime:
        return NOW


def write_workbook(path: Path, rows: int, seed: int = 7) -> None:
    """A catalogue of ``rows`` products with every column filled as a seller would fill it.

    Written the way spreadsheet programs write it, with the sheet's dimension record: openpyxl's
    streaming reader needs one extra pass over a sheet that lacks it (as files from streaming
    writers do, posylka's own export among them)."""
    rng = random.Random(seed)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "catalogue"
    sheet.append(header_row(list(WAREHOUSES)))
    for n in range(1, rows + 1):
        body = f"46{n:010d}"
        liquid = n % 9 == 0
        sheet.append(
            [
                f"ART-{n:06d}",
                1_000_000_000 + n,
                700_000_000 + n,
                f"{rng.choice(NAMES)} {n}",
                f"{body}{gtin_check_digit(body)}" + (f"; OZN{n}" if n % 7 == 0 else ""),
                rng.randint(50, 600),
                rng.randint(50, 400),
                rng.randint(10, 300),
                rng.randint(30, 5000),
                round(rng.uniform(10, 9000), 2),
                "yes" if n % 5 == 0 else "",
                "yes" if liquid else "",
                rng.randint(50, 1000) if liquid else None,
                "yes" if n % 11 == 0 else "",
                "li_ion" if n % 13 == 0 else "",
                round(rng.uniform(1, 99), 2) if n % 13 == 0 else None,
                "",
                "",
                "yes" if liquid else "",
                "yes" if n % 4 == 0 else "",
                rng.choice((None, 3, 5, 10)),
                rng.choice((0, 0, 1, 2)),
                f"A-{n % 40:02d}-{n % 7}",
                f"B-{n % 25:02d}-{n % 5}",
            ]
        )
    book.save(path)


@contextmanager
def sqlite_engine() -> Iterator[Engine]:
    with tempfile.TemporaryDirectory(prefix="posylka-bench-") as directory:
        engine = create_engine_for(f"sqlite:///{Path(directory, 'bench.db').as_posix()}")
        try:
            yield engine
        finally:
            engine.dispose()


def prepared(engine: Engine) -> tuple[SqlUnitOfWorkFactory, StoreId]:
    upgrade(engine)
    uow = SqlUnitOfWorkFactory(engine, ApiKeyCipher("bench secret"))
    with uow() as tx:
        store = tx.stores.add("Bench", StoreCredentials("1", "key", "http://x"), now=NOW)
        tx.stores.replace_warehouses(
            store.id, [Warehouse(store.id, w, f"Склад {w}") for w in WAREHOUSES], now=NOW
        )
        tx.commit()
    return uow, store.id


def import_once(uow: SqlUnitOfWorkFactory, store_id: StoreId, path: Path) -> ImportReport:
    with path.open("rb") as data:
        return import_catalogue(
            store_id,
            SpreadsheetFiles().read(data, "xlsx"),
            by=None,
            uow=uow,
            clock=FixedClock(),
            source=path.name,
        )


def one_run(engine: Engine, path: Path, rows: int) -> dict[str, tuple[float, float]]:
    uow, store_id = prepared(engine)
    figures: dict[str, tuple[float, float]] = {}
    for name in PASSES:
        wall, cpu = time.perf_counter(), time.process_time()
        report = import_once(uow, store_id, path)
        figures[name] = (time.perf_counter() - wall, time.process_time() - cpu)
        expected = (rows, 0) if name == "new" else (0, rows)
        if (report.created, report.unchanged) != expected or report.problems:
            raise SystemExit(f"unexpected import report in pass {name}: {report}")
    return figures


def backends(sqlite_only: bool) -> list[tuple[str, object]]:
    found: list[tuple[str, object]] = [("SQLite", sqlite_engine)]
    url = os.environ.get("POSYLKA_TEST_DATABASE_URL", "")
    if url and not sqlite_only:
        found.append(("PostgreSQL", lambda: scratch_schema(url, prefix="bench")))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    print(f"posylka catalogue import, {args.rows} rows, median of {args.runs} runs")
    print(f"python {platform.python_version()} on {platform.platform()}, {os.cpu_count()} CPUs")
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    with tempfile.TemporaryDirectory(prefix="posylka-bench-") as directory:
        path = Path(directory, "catalogue.xlsx")
        started = time.perf_counter()
        write_workbook(path, args.rows)
        size = path.stat().st_size / 1e6
        print(f"workbook: {size:.1f} MB, written in {time.perf_counter() - started:.1f} s")
        for label, factory in backends(args.sqlite_only):
            runs = []
            for _ in range(args.runs):
                make = factory  # a context manager factory
                with make() as engine:  # type: ignore[operator]
                    runs.append(one_run(engine, path, args.rows))
            for name in PASSES:
                wall = statistics.median(r[name][0] for r in runs)
                cpu = statistics.median(r[name][1] for r in runs)
                rate = args.rows / wall
                print(
                    f"{label:<10} {name:<6} wall {wall:6.2f} s  cpu {cpu:6.2f} s  "
                    f"{rate:8.0f} rows/s  (runs: "
                    + ", ".join(f"{r[name][0]:.2f}" for r in runs)
                    + ")"
                )
        engine_context: AbstractContextManager[Engine] = sqlite_engine()
        with engine_context as engine:
            uow, store_id = prepared(engine)
            tracemalloc.start()
            import_once(uow, store_id, path)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        print(f"peak Python memory of a first import (tracemalloc): {peak / 1e6:.0f} MB")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak resident set size of this process: {rss:.0f} MB")


if __name__ == "__main__":
    main()
