"""The stock push's periodic runs on a real queue: with Redis several ``posylka worker`` processes
run huey's scheduler, and only the first to claim a period starts the run; a SQLite queue has one
consumer and nothing to claim."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from posylka.adapters.jobs.queue import build_huey
from posylka.adapters.jobs.stock_push import StockPushJobs
from posylka.config import Settings

REDIS_URL = os.environ.get("POSYLKA_TEST_REDIS_URL", "")


@dataclass
class Outcome:
    next_due_at: datetime | None = None

    def describe(self) -> str:
        return ""


@dataclass
class Runner:
    reconciled: list[int] = field(default_factory=list)

    def push_store(self, store_id: int, *, now_all: bool = False) -> Outcome:
        return Outcome()

    def reconcile_store(self, store_id: int) -> Outcome:
        self.reconciled.append(store_id)
        return Outcome()

    def store_ids(self) -> list[int]:
        return [1, 2]


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "redis",
            marks=[
                pytest.mark.redis,
                pytest.mark.skipif(not REDIS_URL, reason="POSYLKA_TEST_REDIS_URL is not set"),
            ],
        ),
    ]
)
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, redis_url=REDIS_URL if request.param == "redis" else "")


@pytest.fixture
def name() -> str:
    return f"test-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def queues(settings: Settings, name: str) -> Iterator[list[Any]]:
    made = [build_huey(settings, name=name) for _ in range(2)]
    yield made
    made[0].flush()


def test_only_one_worker_starts_a_periods_reconcile_on_redis(
    settings: Settings, queues: list[Any]
) -> None:
    first, second = (StockPushJobs(q, Runner()) for q in queues)

    started = [first.periodic_reconcile.call_local(), second.periodic_reconcile.call_local()]

    assert started == ([2, 0] if settings.redis_url else [2, 2])
