"""The one thread that writes a sync's pages to the database while the event loop keeps fetching.

Pages arrive in the order their chains moved; the writer commits them in that order, each with the
checkpoint that was current when the page was taken in, in the same transaction. So a checkpoint
in the database never points past a page that is not in the database, and a run that dies resumes
without losing or repeating anything. When pages pile up, the writer folds the waiting ones into a
single transaction (one ``upsert_many``, the latest checkpoint), which keeps commits cheap when
Ozon answers faster than the disk.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from posylka.domain.ids import StoreId
from posylka.domain.postings import Posting
from posylka.domain.sync import ItemError, SyncSummary
from posylka.services.ports import Clock, UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

WriteJob = Callable[[UnitOfWork], None]
"""Any other write of the run (warehouses, delivery methods), done in the writer's order."""

BACKPRESSURE_WAIT = 0.005
"""Seconds the event loop waits before trying again when the writer's queue is full."""


@dataclass(frozen=True, slots=True)
class PageWrite:
    postings: Sequence[Posting] = ()
    errors: Sequence[ItemError] = ()
    checkpoint: dict[str, Any] | None = None


@dataclass(slots=True)
class _Stop:
    """Put last: the writer commits what it holds and ends."""


@dataclass(slots=True)
class WriteTotals:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    status_changes: int = 0
    commits: int = 0
    errors: list[ItemError] = field(default_factory=list)

    def copy_to(self, summary: SyncSummary) -> None:
        summary.created = self.created
        summary.updated = self.updated
        summary.unchanged = self.unchanged
        summary.status_changes = self.status_changes


class WriterFailed(RuntimeError):
    """The writer thread stopped on an error; the run cannot go on."""


class PageWriter:
    """Commits a run's pages, errors and checkpoints in order, on one thread of its own."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        clock: Clock,
        store_id: StoreId,
        run_id: int | None,
        checkpoint_kind: str,
        max_pending: int = 16,
        max_batch: int = 32,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self.store_id = store_id
        self._run_id = run_id
        self._kind = checkpoint_kind
        self._queue: queue.Queue[PageWrite | WriteJob | _Stop] = queue.Queue(max_pending)
        self._max_batch = max_batch
        self._thread: asyncio.Task[None] | None = None
        self.totals = WriteTotals()

    def start(self) -> None:
        self._thread = asyncio.create_task(asyncio.to_thread(self._run), name="sync-writer")

    @property
    def stopped(self) -> asyncio.Task[None]:
        """Done when the writer has ended; the fetch loop waits on it to notice a failure."""
        assert self._thread is not None, "start() first"
        return self._thread

    def check(self) -> None:
        """Raise ``WriterFailed`` if the writer thread has died."""
        if self._thread is None or not self._thread.done():
            return
        error = self._thread.exception() if not self._thread.cancelled() else None
        if error is not None:
            raise WriterFailed(f"the sync stopped writing: {error}") from error

    async def write_page(self, page: PageWrite) -> None:
        await self._put(page)

    async def write_errors(self, errors: Sequence[ItemError]) -> None:
        await self._put(PageWrite(errors=errors))

    async def run_job(self, job: WriteJob) -> None:
        await self._put(job)

    async def close(self) -> None:
        """Commit everything queued and end the thread; ``WriterFailed`` if the thread died."""
        if self._thread is None:
            return
        if not self._thread.done():
            await self._put(_Stop())
        with contextlib.suppress(Exception):
            await asyncio.shield(self._thread)
        self.check()

    async def _put(self, item: PageWrite | WriteJob | _Stop) -> None:
        while True:
            self.check()
            try:
                self._queue.put_nowait(item)
                return
            except queue.Full:
                await asyncio.sleep(BACKPRESSURE_WAIT)

    # --- the writer thread -----------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            batch = [self._queue.get()]
            while len(batch) < self._max_batch and not isinstance(batch[-1], _Stop):
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            work = [item for item in batch if not isinstance(item, _Stop)]
            if work:
                self._commit(work)
            if isinstance(batch[-1], _Stop):
                return

    def _commit(self, work: list[PageWrite | WriteJob]) -> None:
        pages = [item for item in work if isinstance(item, PageWrite)]
        jobs = [item for item in work if not isinstance(item, PageWrite)]
        postings = [p for page in pages for p in page.postings]
        errors = [e for page in pages for e in page.errors]
        checkpoint = next(
            (page.checkpoint for page in reversed(pages) if page.checkpoint is not None), None
        )
        now = self._clock.now()
        with self._uow() as uow:
            for job in jobs:
                job(uow)
            result = uow.postings.upsert_many(postings, now=now) if postings else None
            if errors:
                uow.sync_state.record_errors(self.store_id, self._run_id, errors, now=now)
            if checkpoint is not None:
                uow.sync_state.save(self.store_id, self._kind, checkpoint, now=now)
            uow.commit()
        totals = self.totals
        totals.commits += 1
        totals.errors.extend(errors)
        if result is not None:
            totals.created += result.created
            totals.updated += result.updated
            totals.unchanged += result.unchanged
            totals.status_changes += len(result.status_changes)
        log.debug("sync writer: committed %d postings, %d errors", len(postings), len(errors))
