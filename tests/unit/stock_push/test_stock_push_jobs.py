"""The stock push jobs on a huey queue in immediate mode: "Push now", the run of every store each
minute, the hourly reconcile, one push per store at a time, and a push queued again for the moment
its next value falls due."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from posylka.adapters.jobs.queue import build_huey
from posylka.adapters.jobs.stock_push import StockPushJobs
from posylka.config import Settings


@dataclass
class Outcome:
    next_due_at: datetime | None = None

    def describe(self) -> str:
        return "3 pairs sent"


@dataclass
class Runner:
    stores: list[int]
    next_due_in: timedelta | None = None
    pushed: list[tuple[int, bool]] = field(default_factory=list)
    reconciled: list[int] = field(default_factory=list)

    def push_store(self, store_id: int, *, now_all: bool = False) -> Outcome:
        self.pushed.append((store_id, now_all))
        due = datetime.now(UTC) + self.next_due_in if self.next_due_in is not None else None
        return Outcome(due)

    def reconcile_store(self, store_id: int) -> Outcome:
        self.reconciled.append(store_id)
        return Outcome()

    def store_ids(self) -> list[int]:
        return list(self.stores)


def jobs_for(tmp_path: Path, runner: Runner) -> StockPushJobs:
    return StockPushJobs(build_huey(Settings(data_dir=tmp_path), immediate=True), runner)


def test_push_now_pushes_everything_pending_of_that_store(tmp_path: Path) -> None:
    runner = Runner([1, 2])
    jobs_for(tmp_path, runner).request_push(2)
    assert runner.pushed == [(2, True)]


def test_the_minute_run_pushes_every_store_after_its_debounce(tmp_path: Path) -> None:
    runner = Runner([1, 2, 3])
    jobs_for(tmp_path, runner).periodic_push()
    assert runner.pushed == [(1, False), (2, False), (3, False)]


def test_the_periodic_reconcile_covers_every_store(tmp_path: Path) -> None:
    runner = Runner([4, 5])
    jobs_for(tmp_path, runner).periodic_reconcile()
    assert runner.reconciled == [4, 5]


def test_a_push_of_a_store_being_pushed_is_skipped(tmp_path: Path) -> None:
    runner = Runner([1])
    jobs = jobs_for(tmp_path, runner)
    with jobs.store_lock(1) as held:
        assert held
        jobs.request_push(1)
    jobs.request_push(1)
    assert runner.pushed == [(1, True)]


def test_a_value_due_within_the_minute_brings_the_push_back_then(tmp_path: Path) -> None:
    runner = Runner([1], next_due_in=timedelta(seconds=20))
    jobs = jobs_for(tmp_path, runner)
    jobs.request_push(1)
    scheduled = jobs.huey.scheduled()
    assert [task.args for task in scheduled] == [(1,)]
    wait = (scheduled[0].eta - datetime.now(UTC).replace(tzinfo=None)).total_seconds()
    assert 15 < wait <= 21


def test_a_value_due_later_is_left_to_the_minute_run(tmp_path: Path) -> None:
    runner = Runner([1], next_due_in=timedelta(minutes=5))
    jobs = jobs_for(tmp_path, runner)
    jobs.request_push(1)
    assert jobs.huey.scheduled() == []
