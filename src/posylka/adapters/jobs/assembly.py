"""Assembly jobs: take one assembly its next step, come back when the step says, and a periodic
recovery that finds assemblies a stopped process left on their way.

The step itself never waits: it says how long until the next one (Ozon's asynchronous result, the
label that is ready 45–60 s after assembly), and the job schedules itself for then. A job lost
with its process is no loss: the assembly is in the database, and the recovery (every minute,
and once when the embedded queue starts) queues a step for every assembly left ``recorded``,
``sent`` or ``accepted``, or assembled with its label not yet printed.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Protocol

from huey import crontab
from huey.storage import RedisExpireStorage

log = logging.getLogger(__name__)

ASSEMBLY_STEP = "assembly_step"
ASSEMBLY_RECOVER = "assembly_recover"
ASSEMBLY_RECOVER_PERIODIC = "assembly_recover_periodic"

STALE_SECONDS = 120.0
"""The periodic recovery takes assemblies unchanged this long: a younger one is being worked on
(its next step is scheduled, or its call is in flight)."""


class AssemblyRunner(Protocol):
    """The assembly steps, run from a worker thread."""

    def step(self, store_id: int, posting_number: str) -> float | None:
        """Take the next step; seconds until the one after it, or ``None`` when done."""
        ...

    def unfinished(self, *, older_than: float) -> list[tuple[int, str]]: ...


class AssemblyJobs:
    """The assembly tasks of one huey queue, bound to the runner that does the work. It is the
    ``AssemblyQueue`` that ``start_assembly`` hands recorded assemblies to."""

    def __init__(self, huey: Any, runner: AssemblyRunner) -> None:
        self.huey = huey
        self.runner = runner
        self._shared = isinstance(huey.storage, RedisExpireStorage)
        self.step_task = huey.task(name=ASSEMBLY_STEP)(self._step)
        self.recover_task = huey.task(name=ASSEMBLY_RECOVER)(self._recover)
        self.periodic_recover = huey.periodic_task(crontab(), name=ASSEMBLY_RECOVER_PERIODIC)(
            self._recover_periodic
        )

    def enqueue_assembly(self, store_id: int, posting_number: str) -> None:
        self.step_task(int(store_id), str(posting_number))

    def recover_now(self) -> None:
        """Queue a recovery of every unfinished assembly, however recent: only for a process
        that owns the queue alone, at start (nothing else can be working on them)."""
        self.recover_task(0.0)

    def _step(self, store_id: int, posting_number: str) -> str:
        delay = self.runner.step(store_id, posting_number)
        if delay is None:
            return "done"
        self.step_task.schedule((int(store_id), str(posting_number)), delay=max(delay, 0.5))
        return f"next step in {delay:.0f} s"

    def _recover(self, older_than: float) -> int:
        found = self.runner.unfinished(older_than=older_than)
        for store_id, posting_number in found:
            self.step_task(int(store_id), str(posting_number))
        if found:
            log.info("recovery queued %d unfinished assemblies", len(found))
        return len(found)

    def _recover_periodic(self) -> int:
        # Every consumer runs huey's scheduler: on Redis only the first to claim the minute runs
        # the recovery (one process owns a SQLite queue, so there is nothing to claim there).
        if self._shared:
            claim = f"{ASSEMBLY_RECOVER_PERIODIC}-{int(time.time() // 60)}"
            if not self.huey.put_if_empty(claim, "1", 60):
                return 0
        return self._recover(STALE_SECONDS)
