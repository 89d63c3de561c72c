"""Catalogue jobs: pull one store's products from Ozon, and a pull of every active store every
few hours, so SKUs, names and barcodes Ozon changes reach the catalogue without anyone asking.

Two pulls of one store never overlap: each holds a lock named after the store in the queue's
storage, and a second one is skipped.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from huey.exceptions import TaskLockedException
from huey.storage import RedisExpireStorage

from posylka.adapters.jobs.tasks import every_minutes

log = logging.getLogger(__name__)

CATALOGUE_PULL_STORE = "catalogue_pull_store"
CATALOGUE_PULL_PERIODIC = "catalogue_pull_periodic"
DEFAULT_INTERVAL_MINUTES = 6 * 60
LOCK_TTL_SECONDS = 30 * 60


class PullOutcome(Protocol):
    def describe(self) -> str: ...


class CataloguePullRunner(Protocol):
    """The catalogue pull, run to completion from a worker thread."""

    def pull_store(self, store_id: int) -> PullOutcome: ...
    def store_ids(self) -> list[int]: ...


class CatalogueJobs:
    """The catalogue tasks of one huey queue, bound to the runner that does the work."""

    def __init__(
        self,
        huey: Any,
        runner: CataloguePullRunner,
        *,
        interval_minutes: int = DEFAULT_INTERVAL_MINUTES,
    ) -> None:
        self.huey = huey
        self.runner = runner
        self._lock_ttl = LOCK_TTL_SECONDS if isinstance(huey.storage, RedisExpireStorage) else None
        self.pull_task = huey.task(name=CATALOGUE_PULL_STORE)(self._pull_store)
        self.periodic_pull = huey.periodic_task(
            every_minutes(interval_minutes), name=CATALOGUE_PULL_PERIODIC
        )(self._pull_all)

    def request_pull(self, store_id: int) -> None:
        self.pull_task(int(store_id))

    def _pull_store(self, store_id: int) -> str:
        lock = self.huey.lock_task(f"catalogue-pull-{int(store_id)}", ttl=self._lock_ttl)
        try:
            lock.acquire()
        except TaskLockedException:
            return "skipped: a pull of this store is running"
        try:
            text = self.runner.pull_store(store_id).describe()
        finally:
            lock.release()
        log.info("catalogue of store #%s pulled: %s", store_id, text)
        return text

    def _pull_all(self) -> int:
        store_ids = self.runner.store_ids()
        for store_id in store_ids:
            self.pull_task(store_id)
        return len(store_ids)
