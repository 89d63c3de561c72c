"""Benchmark: the queue and posting pages as a browser gets them, over 100,000 postings.

Fills a SQLite database with the data set of ``bench/queue_page.py`` (same generator, same seed),
builds the web app around it, logs in, and times whole HTTP round trips through the ASGI app:
session lookup, CSRF frame, the queue use case, the filter choices, the sync line and rendering
in Russian. Prints median and p95 of many runs and the command that reproduces them.

    .venv/bin/python bench/web_queue_page.py [--postings 100000] [--runs 100] [--seed 7]
"""

from __future__ import annotations

import argparse
import platform
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parent))  # the sibling benchmark builds the data set
from posylka.adapters.security import Argon2PasswordHasher
from posylka.config import Settings
from posylka.domain.stores import Role
from posylka.entrypoints.web.app import create_app
from posylka.entrypoints.web.deps import WebDeps
from posylka.services.accounts import NewUser, create_user
from queue_page import NOW, build

PASSWORD = "bench password"
CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)">')
NEXT = re.compile(r'href="([^"]+)"[^>]*data-testid="page-next"')
POSTING = re.compile(r'href="(/postings/[^"]+)"')


class FixedClock:
    def now(self):  # type: ignore[no-untyped-def]
        return NOW


def measure(run: Callable[[], object], runs: int) -> tuple[float, float]:
    run()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        factory = build(Path(directory) / "bench.db", args.postings, args.seed)[0]
        filled = time.perf_counter() - started
        hasher = Argon2PasswordHasher()
        clock = FixedClock()
        create_user(
            NewUser("bench", PASSWORD, Role.MANAGER, "ru"),
            by=None,
            uow=factory,
            hasher=hasher,
            clock=clock,
        )
        settings = Settings(data_dir=Path(directory))
        deps = WebDeps(settings, factory, clock, hasher, lambda store: None, factory.reader())
        app = create_app(deps)
        client = TestClient(app, follow_redirects=False)
        token = CSRF.search(client.get("/login").text)
        assert token
        form = {"username": "bench", "password": PASSWORD, "csrf_token": token.group(1)}
        assert client.post("/login", data=form).status_code == 303

        first = client.get("/").text
        deep = "/"
        for _ in range(20):  # walk twenty pages in by cursor, as a reader clicking "Next"
            found = NEXT.search(client.get(deep).text)
            if not found:
                break
            deep = found.group(1).replace("&amp;", "&")
        posting = POSTING.search(first)
        assert posting
        warehouse = re.search(
            r'name="warehouse"[^>]*>\s*<option value="">[^<]*</option>\s*'
            r'<option value="(\d+)"',
            first,
        )
        assert warehouse
        filtered = f"/?warehouse={warehouse.group(1)}&status=awaiting_packaging&q=кружка"
        fragment = {"HX-Request": "true"}
        cases: list[tuple[str, Callable[[], object]]] = [
            ("queue page, first 50 rows", lambda: client.get("/")),
            ("queue rows fragment (htmx)", lambda: client.get("/", headers=fragment)),
            ("queue page 21 (by cursor)", lambda: client.get(deep)),
            ("filtered (warehouse+status+text)", lambda: client.get(filtered, headers=fragment)),
            ("text search over all statuses", lambda: client.get("/?status=all&q=王")),
            ("posting page", lambda: client.get(posting.group(1))),
        ]
        print(f"posylka web pages: {args.postings:,} postings, SQLite {sqlite3.sqlite_version}")
        print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}")
        print(f"database filled in {filled:.1f} s; every request is a full ASGI round trip")
        print(f"{'case':36} {'median ms':>10} {'p95 ms':>8}")
        for label, run in cases:
            median, p95 = measure(run, args.runs)
            print(f"{label:36} {median:>10.1f} {p95:>8.1f}")
    print("reproduce:", " ".join([".venv/bin/python", "bench/web_queue_page.py", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
