"""The sync's job queue with a real consumer: SQLite storage with the consumer embedded in this
process, and Redis storage when ``POSYLKA_TEST_REDIS_URL`` is set."""

from __future__ import annotations

import os
import signal
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from posylka.adapters.jobs.consumer import start_embedded, stop_embedded
from posylka.adapters.jobs.queue import build_huey
from posylka.adapters.jobs.tasks import SyncJobs
from posylka.config import Settings

REDIS_URL = os.environ.get("POSYLKA_TEST_REDIS_URL", "")
WAIT = 20.0

STORAGES = [
    "sqlite",
    pytest.param(
        "redis",
        marks=[
            pytest.mark.redis,
            pytest.mark.skipif(not REDIS_URL, reason="POSYLKA_TEST_REDIS_URL is not set"),
        ],
    ),
]


class GatedRunner:
    """Syncs that wait for ``release`` before finishing, so a test can overlap them."""

    def __init__(self, stores: list[int]) -> None:
        self.stores = stores
        self.release = threading.Event()
        self.started = threading.Event()
        self.finished = threading.Event()
        self.synced: list[int] = []
        self._lock = threading.Lock()

    def sync_store(self, store_id: int, *, full: bool = False) -> str:
        with self._lock:
            self.synced.append(store_id)
        self.started.set()
        self.release.wait(WAIT)
        self.finished.set()
        return "done"

    def store_ids(self) -> list[int]:
        return list(self.stores)


@pytest.fixture(params=STORAGES)
def queue_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    if request.param == "redis":
        return Settings(data_dir=tmp_path, redis_url=REDIS_URL)
    return Settings(data_dir=tmp_path, redis_url="")


@pytest.fixture
def huey(queue_settings: Settings) -> Iterator[Any]:
    queue = build_huey(queue_settings, name=f"test-{uuid.uuid4().hex[:8]}")
    yield queue
    queue.flush()


def test_a_queued_sync_runs_on_the_embedded_consumer(huey: Any) -> None:
    runner = GatedRunner([3])
    runner.release.set()
    jobs = SyncJobs(huey, runner)
    consumer = start_embedded(jobs, workers=2, periodic=False)
    try:
        jobs.request_sync(3)
        assert runner.finished.wait(WAIT)
    finally:
        stop_embedded(consumer)

    assert runner.synced == [3]


def test_the_embedded_consumer_leaves_the_signal_handlers_alone(huey: Any) -> None:
    before = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    consumer = start_embedded(SyncJobs(huey, GatedRunner([])), workers=1)
    try:
        during = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    finally:
        stop_embedded(consumer)

    assert during == before


def test_a_second_sync_of_a_store_being_synced_is_skipped(huey: Any) -> None:
    runner = GatedRunner([4])
    jobs = SyncJobs(huey, runner)
    consumer = start_embedded(jobs, workers=2, periodic=False)
    try:
        jobs.request_sync(4)
        assert runner.started.wait(WAIT)
        jobs.request_sync(4)
        _wait_until_queue_is_empty(huey)
        runner.release.set()
        assert runner.finished.wait(WAIT)
    finally:
        stop_embedded(consumer)

    assert runner.synced == [4]
    assert not jobs.is_syncing(4)


def test_stopping_the_consumer_lets_a_running_sync_finish(huey: Any) -> None:
    runner = GatedRunner([5])
    jobs = SyncJobs(huey, runner)
    consumer = start_embedded(jobs, workers=1, periodic=False)
    jobs.request_sync(5)
    assert runner.started.wait(WAIT)
    threading.Timer(0.2, runner.release.set).start()

    stop_embedded(consumer)

    assert runner.finished.is_set()


def _wait_until_queue_is_empty(huey: Any) -> None:
    deadline = threading.Event()
    for _ in range(int(WAIT / 0.02)):
        if huey.pending_count() == 0:
            # The consumer has taken the job; give it a moment to find the lock taken.
            deadline.wait(0.3)
            return
        deadline.wait(0.02)
    raise AssertionError("the consumer never took the queued job")


def test_the_command_line_cannot_take_the_lock_of_a_store_being_synced(huey: Any) -> None:
    jobs = SyncJobs(huey, GatedRunner([6]))

    with jobs.store_lock(6) as first, jobs.store_lock(6) as second:
        assert (first, second) == (True, False)

    with jobs.store_lock(6) as again:
        assert again


def test_with_several_workers_one_of_them_starts_each_periodic_run(
    huey: Any, queue_settings: Settings
) -> None:
    runner = GatedRunner([1, 2])
    runner.release.set()
    # Two processes' queues over the same storage, each firing the periodic job.
    first = SyncJobs(huey, runner)
    second = SyncJobs(build_huey(queue_settings, name=huey.name), runner)

    started = first.periodic_task.func() + second.periodic_task.func()

    # On Redis the first to claim the interval starts it; SQLite has one consumer only.
    assert started == (2 if queue_settings.redis_url else 4)
