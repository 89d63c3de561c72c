"""The sync's jobs: sync one store, sync them all, and the periodic run that keeps postings fresh.

The jobs do not know how a sync is done: they are handed a ``SyncRunner`` (the use case, bound to
its database and marketplace by ``bootstrap``) when the queue is built, in every process that
builds it: the web server that enqueues, the embedded consumer, ``posylka worker``. Task names
are fixed, so a job enqueued by one process is found by the consumer of another.

Two syncs of one store never overlap: each holds a lock named after the store in the queue's
storage (shared by every process). A sync asked for while another runs is skipped, not queued:
the running one is already reading what changed. On Redis the lock expires after
``LOCK_TTL_SECONDS``, so a worker that died mid-sync cannot block its store for good; SQLite
storage has no expiry, so the embedded consumer clears the sync locks when it starts (one process
owns that queue).
"""

from __future__ import annotations

import calendar
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Protocol

from huey.exceptions import TaskLockedException
from huey.storage import RedisExpireStorage

log = logging.getLogger(__name__)

SYNC_STORE = "sync_store"
SYNC_ALL = "sync_all"
SYNC_PERIODIC = "sync_periodic"
"""Task names; huey registers them under this module's path, the same in every process."""

QUEUE_CLAIM_PREFIX = "sync-periodic-"

LOCK_TTL_SECONDS = 30 * 60
"""Longer than any sync takes (a 100,000-posting store reads in well under a minute at Ozon's
50 requests a second), short enough that a dead worker's lock lets go."""

RETRIES = 2
RETRY_DELAY_SECONDS = 60
"""A job that fails outright (the database unreachable, a bug) is tried twice more, a minute
apart. Ozon refusing or failing is not a job failure: the sync records it and the next periodic
run tries again."""


class SyncRunner(Protocol):
    """The sync use case, run to completion from a worker thread."""

    def sync_store(self, store_id: int, *, full: bool = False) -> str:
        """Sync one store; returns a one-line outcome for the log."""
        ...

    def store_ids(self) -> list[int]:
        """The stores the periodic sync covers."""
        ...


def every_minutes(interval: int) -> Callable[[datetime], bool]:
    """A huey schedule that fires every ``interval`` minutes, counted from the epoch so that
    intervals that do not divide an hour stay regular (huey checks it once a minute)."""

    def due(moment: datetime) -> bool:
        return (calendar.timegm(moment.timetuple()) // 60) % interval == 0

    return due


class SyncJobs:
    """The sync tasks of one huey queue, bound to the runner that does the work."""

    def __init__(
        self,
        huey: Any,
        runner: SyncRunner,
        *,
        interval_minutes: int = 5,
        retries: int = RETRIES,
        retry_delay: int = RETRY_DELAY_SECONDS,
    ) -> None:
        self.huey = huey
        self.runner = runner
        self._interval = interval_minutes
        self._lock_ttl = LOCK_TTL_SECONDS if isinstance(huey.storage, RedisExpireStorage) else None
        self.sync_store_task = huey.task(name=SYNC_STORE, retries=retries, retry_delay=retry_delay)(
            self._sync_store
        )
        self.sync_all_task = huey.task(name=SYNC_ALL, retries=retries, retry_delay=retry_delay)(
            self._sync_all
        )
        self.periodic_task = huey.periodic_task(
            every_minutes(interval_minutes), name=SYNC_PERIODIC
        )(self._periodic)

    # --- asking for work -------------------------------------------------------------------------

    def request_sync(self, store_id: int | None) -> None:
        """Queue a sync of one store, or of every store (the web's "Sync now")."""
        if store_id is None:
            self.sync_all_task()
        else:
            self.sync_store_task(int(store_id))

    def enqueue_store(self, store_id: int, *, full: bool = False) -> None:
        self.sync_store_task(int(store_id), full=full)

    @contextmanager
    def store_lock(self, store_id: int) -> Iterator[bool]:
        """Hold the store's sync lock while the block runs; yields ``False`` (and holds nothing)
        when a sync already holds it. The command line takes it too, so a sync run outside the
        queue never overlaps a queued one."""
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

    def is_syncing(self, store_id: int) -> bool:
        return bool(self.huey.is_locked(_lock_name(store_id)))

    def clear_locks(self) -> set[str]:
        """Drop every store's sync lock; only for a process that owns the queue alone, at start."""
        names = [_lock_name(store_id) for store_id in self.runner.store_ids()]
        flushed: set[str] = self.huey.flush_locks(*names) if names else set()
        if flushed:
            log.warning("cleared sync locks left by a stopped process: %s", sorted(flushed))
        return flushed

    # --- the work --------------------------------------------------------------------------------

    def _sync_store(self, store_id: int, full: bool = False) -> str:
        with self.store_lock(store_id) as acquired:
            if not acquired:
                log.info("store #%s is being synced already; this sync is skipped", store_id)
                return "skipped: a sync of this store is running"
            outcome = self.runner.sync_store(store_id, full=full)
        log.info("store #%s synced: %s", store_id, outcome)
        return outcome

    def _sync_all(self) -> int:
        """Queue one sync per store, so stores sync side by side on the queue's workers."""
        store_ids = self.runner.store_ids()
        for store_id in store_ids:
            self.sync_store_task(store_id)
        return len(store_ids)

    def _periodic(self) -> int:
        # Every consumer runs huey's scheduler, so with several ``posylka worker`` processes on
        # Redis each would start the periodic run: the first to claim this interval does it.
        if self._lock_ttl is not None:
            slot = int(time.time() // 60) // self._interval
            claim = f"{QUEUE_CLAIM_PREFIX}{slot}"
            if not self.huey.put_if_empty(claim, "1", self._interval * 60):
                return 0
        return self._sync_all()


def _lock_name(store_id: int) -> str:
    return f"sync-store-{int(store_id)}"
