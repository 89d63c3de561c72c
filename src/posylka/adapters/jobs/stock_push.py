"""Stock push jobs: push one store's due pairs, a push of every store each minute, and a
periodic reconcile against Ozon's view.

A change of stock must reach Ozon within a minute. Pending values wait a few seconds (the
debounce) and Ozon allows a pair once in 30 seconds, so a push that leaves values due before the
next minute's run queues itself again for the moment the first of them falls due. Two pushes of
one store never overlap: each holds a lock named after the store in the queue's storage, so a
second one would only collect Ozon's "too soon" answers.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Protocol

from huey import crontab
from huey.exceptions import TaskLockedException
from huey.storage import RedisExpireStorage

from posylka.adapters.jobs.tasks import every_minutes

log = logging.getLogger(__name__)

STOCK_PUSH_STORE = "stock_push_store"
STOCK_PUSH_PERIODIC = "stock_push_periodic"
STOCK_RECONCILE_STORE = "stock_reconcile_store"
STOCK_RECONCILE_PERIODIC = "stock_reconcile_periodic"

LOCK_TTL_SECONDS = 20 * 60
"""Longer than pushing 50,000 pairs takes at Ozon's 80 calls a minute (about 6.5 minutes)."""

SOON_SECONDS = 60.0
"""Values due within this time are pushed by a job queued for that moment, not by the next
minute's run."""


class PushOutcome(Protocol):
    next_due_at: datetime | None

    def describe(self) -> str: ...


class ReconcileOutcome(Protocol):
    def describe(self) -> str: ...


class StockPushRunner(Protocol):
    """The stock push use cases, run to completion from a worker thread."""

    def push_store(self, store_id: int, *, now_all: bool = False) -> PushOutcome: ...
    def reconcile_store(self, store_id: int) -> ReconcileOutcome: ...
    def store_ids(self) -> list[int]: ...


class StockPushJobs:
    """The stock tasks of one huey queue, bound to the runner that does the work."""

    def __init__(self, huey: Any, runner: StockPushRunner, *, reconcile_minutes: int = 60) -> None:
        self.huey = huey
        self.runner = runner
        self._reconcile_minutes = reconcile_minutes
        self._lock_ttl = LOCK_TTL_SECONDS if isinstance(huey.storage, RedisExpireStorage) else None
        self.push_task = huey.task(name=STOCK_PUSH_STORE)(self._push_store)
        self.reconcile_task = huey.task(name=STOCK_RECONCILE_STORE)(self._reconcile_store)
        self.periodic_push = huey.periodic_task(crontab(), name=STOCK_PUSH_PERIODIC)(self._push_all)
        self.periodic_reconcile = huey.periodic_task(
            every_minutes(reconcile_minutes), name=STOCK_RECONCILE_PERIODIC
        )(self._reconcile_all)

    def request_push(self, store_id: int) -> None:
        """Queue a push of everything pending, debounce or not (the page's "Push now")."""
        self.push_task(int(store_id), now_all=True)

    def request_reconcile(self, store_id: int) -> None:
        self.reconcile_task(int(store_id))

    @contextmanager
    def store_lock(self, store_id: int) -> Iterator[bool]:
        """Hold the store's push lock; yields ``False`` when a push of the store holds it."""
        lock = self.huey.lock_task(_lock_name(store_id), ttl=self._lock_ttl)
        try:
            lock.acquire()
        except TaskLockedException:
            yield False
            return
        try:
            yield True
        finally:
            lock.release()

    def clear_locks(self) -> None:
        """Drop the stores' push locks; only for a process that owns the queue alone, at start."""
        names = [_lock_name(store_id) for store_id in self.runner.store_ids()]
        if names:
            self.huey.flush_locks(*names)

    # --- the work --------------------------------------------------------------------------------

    def _push_store(self, store_id: int, now_all: bool = False) -> str:
        with self.store_lock(store_id) as acquired:
            if not acquired:
                return "skipped: a push of this store is running"
            outcome = self.runner.push_store(store_id, now_all=now_all)
        text = outcome.describe()
        log.info("stock of store #%s pushed: %s", store_id, text)
        self._come_back(store_id, outcome.next_due_at)
        return text

    def _come_back(self, store_id: int, due: datetime | None) -> None:
        if due is None:
            return
        wait = (due - datetime.now(UTC)).total_seconds()
        if wait < SOON_SECONDS:
            self.push_task.schedule((int(store_id),), delay=max(1.0, wait + 0.5))

    def _reconcile_store(self, store_id: int) -> str:
        text = self.runner.reconcile_store(store_id).describe()
        log.info("stock of store #%s reconciled: %s", store_id, text)
        return text

    def _claimed(self, name: str, minutes: int) -> bool:
        """Whether this consumer is the first to claim this period's run: every consumer runs
        huey's scheduler, so with several ``posylka worker`` processes on Redis each would start
        the periodic run. One process owns a SQLite queue, so there is nothing to claim there."""
        if self._lock_ttl is None:
            return True
        slot = int(time.time() // 60) // minutes
        return bool(self.huey.put_if_empty(f"{name}-{slot}", "1", minutes * 60))

    def _push_all(self) -> int:
        if not self._claimed(STOCK_PUSH_PERIODIC, 1):
            return 0
        store_ids = self.runner.store_ids()
        for store_id in store_ids:
            self.push_task(store_id)
        return len(store_ids)

    def _reconcile_all(self) -> int:
        if not self._claimed(STOCK_RECONCILE_PERIODIC, self._reconcile_minutes):
            return 0
        store_ids = self.runner.store_ids()
        for store_id in store_ids:
            self.reconcile_task(store_id)
        return len(store_ids)


def _lock_name(store_id: int) -> str:
    return f"stock-push-{int(store_id)}"
