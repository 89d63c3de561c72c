"""The sync's jobs on a huey queue in immediate mode: what runs, what is skipped, what is retried,
and when the periodic sync fires."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from posylka.adapters.jobs.queue import build_huey
from posylka.adapters.jobs.tasks import SYNC_PERIODIC, SyncJobs, every_minutes
from posylka.config import Settings


class Runner:
    """Records the syncs it is asked for; fails the first ``failures`` of them."""

    def __init__(self, stores: list[int], failures: int = 0) -> None:
        self.stores = stores
        self.failures = failures
        self.synced: list[tuple[int, bool]] = []

    def sync_store(self, store_id: int, *, full: bool = False) -> str:
        self.synced.append((store_id, full))
        if self.failures:
            self.failures -= 1
            raise ConnectionError("the database went away")
        return "42 postings read"

    def store_ids(self) -> list[int]:
        return list(self.stores)


def immediate_jobs(tmp_path: Path, runner: Runner) -> SyncJobs:
    # Immediate mode runs a retry at once only when it has no delay to wait.
    huey = build_huey(Settings(data_dir=tmp_path), immediate=True)
    return SyncJobs(huey, runner, retry_delay=0)


def test_asking_for_one_store_syncs_that_store(tmp_path: Path) -> None:
    runner = Runner([1, 2])

    immediate_jobs(tmp_path, runner).request_sync(2)

    assert runner.synced == [(2, False)]


def test_asking_for_every_store_syncs_each_active_store_once(tmp_path: Path) -> None:
    runner = Runner([1, 2, 3])

    immediate_jobs(tmp_path, runner).request_sync(None)

    assert runner.synced == [(1, False), (2, False), (3, False)]


def test_a_full_sync_can_be_queued(tmp_path: Path) -> None:
    runner = Runner([7])

    immediate_jobs(tmp_path, runner).enqueue_store(7, full=True)

    assert runner.synced == [(7, True)]


def test_a_sync_of_a_store_already_syncing_is_skipped(tmp_path: Path) -> None:
    runner = Runner([1, 2])
    jobs = immediate_jobs(tmp_path, runner)

    with jobs.store_lock(1) as acquired:
        assert acquired
        assert jobs.is_syncing(1)
        jobs.request_sync(None)

    assert runner.synced == [(2, False)]
    assert not jobs.is_syncing(1)


def test_a_job_that_fails_outright_is_tried_again(tmp_path: Path) -> None:
    runner = Runner([5], failures=2)

    immediate_jobs(tmp_path, runner).request_sync(5)

    assert runner.synced == [(5, False)] * 3


def test_a_job_stops_after_its_retries(tmp_path: Path) -> None:
    runner = Runner([5], failures=10)

    immediate_jobs(tmp_path, runner).request_sync(5)

    assert len(runner.synced) == 3


def test_the_periodic_sync_is_registered_and_syncs_every_store(tmp_path: Path) -> None:
    runner = Runner([1, 2])
    jobs = immediate_jobs(tmp_path, runner)

    assert any(name.endswith(f".{SYNC_PERIODIC}") for name in jobs.huey._registry._registry)
    jobs.periodic_task()

    assert runner.synced == [(1, False), (2, False)]


@pytest.mark.parametrize("interval", [1, 5, 7, 60])
def test_the_periodic_sync_fires_every_interval(interval: int) -> None:
    due = every_minutes(interval)
    midnight = datetime(2026, 3, 8)  # noqa: DTZ001 (huey hands its schedule naive UTC times)
    minutes = [midnight + timedelta(minutes=m) for m in range(3 * 24 * 60)]

    fired = [m for m in minutes if due(m)]

    gaps = {later - earlier for earlier, later in pairwise(fired)}
    assert gaps == {timedelta(minutes=interval)}
