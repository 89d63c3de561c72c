"""Reading a sync plan from Ozon: keeps up to ``concurrency`` pages in flight, takes each page in
as it lands, and hands it to the writer with the checkpoint that matches it.

Fetching never waits for the database: pages go to the writer's queue, and only a writer that
falls far behind slows the reading down. A page that fails is asked for again, then from the
chain's frontier with a fresh query (Ozon may refuse an old cursor); a page that keeps failing is
recorded as an error and its chain stops, leaving the partner chain to read on through the gap.
Refused credentials end the run at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from posylka.domain.errors import AuthenticationFailed, BadRequest, MarketplaceError
from posylka.domain.sync import ItemError, PostingPage, SyncSummary
from posylka.services.ports import Clock, MarketplaceGateway, UnitOfWork
from posylka.services.sync_plan import Chain, SyncPlan
from posylka.services.sync_reference import (
    REFERENCE_MAX_AGE,
    Reference,
    fetch_reference,
    store_reference,
)
from posylka.services.sync_writer import PageWrite, PageWriter

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SyncOptions:
    """How a sync runs; built from ``Settings`` by the caller."""

    full: bool = False
    """Read the whole initial window again, whatever the checkpoint says."""
    initial_days: int = 90
    concurrency: int = 12
    """Pages in flight at most. At Ozon's 50 requests a second and ~200 ms a reply, about ten
    keep the rate limit busy; the window starts as ``concurrency // 2`` slices, two chains each."""
    reference_max_age: timedelta = REFERENCE_MAX_AGE
    page_attempts: int = 3
    """Tries of one page (on top of the client's own retries) before the chain starts afresh
    from its frontier; one more failure after that and the chain gives up."""

    @property
    def slices(self) -> int:
        return max(1, self.concurrency // 2)


class SyncProgress(Protocol):
    """Told after every page; the CLI draws a progress bar from it."""

    def update(self, summary: SyncSummary, *, covered: float) -> None: ...


@dataclass(frozen=True, slots=True)
class _Request:
    chain_id: int
    cursor: str


class PlanReader:
    """Runs one plan against one store's gateway; see the module docstring."""

    def __init__(
        self,
        plan: SyncPlan,
        checkpoint: Callable[[SyncPlan], dict[str, Any]],
        *,
        gateway: MarketplaceGateway,
        writer: PageWriter,
        clock: Clock,
        options: SyncOptions,
        summary: SyncSummary,
        progress: SyncProgress | None = None,
    ) -> None:
        self.plan = plan
        self._checkpoint = checkpoint
        self._gateway = gateway
        self._writer = writer
        self._clock = clock
        self._options = options
        self._summary = summary
        self._progress = progress
        self._seen: set[str] = set()
        self._failures: dict[int, int] = {}
        self._unreadable: set[str | None] = set()
        self._reference: asyncio.Task[Reference] | None = None

    async def run(self, *, refresh_reference: bool) -> None:
        """Read the whole plan (and, when asked, the reference lists alongside)."""
        reference = (
            asyncio.create_task(fetch_reference(self._gateway)) if refresh_reference else None
        )
        self._reference = reference
        try:
            await self._read()
            if reference is not None:
                await self._store(await reference)
        finally:
            if reference is not None and not reference.done():
                reference.cancel()
            if reference is not None:
                with contextlib.suppress(BaseException):
                    await reference

    def _reference_calls(self) -> int:
        """The warehouse and delivery-method calls in flight take two of the slots."""
        running = self._reference is not None and not self._reference.done()
        return 2 if running else 0

    async def _read(self) -> None:
        inflight: dict[asyncio.Task[PostingPage], _Request] = {}
        try:
            while True:
                busy = {r.chain_id for r in inflight.values()}
                free = self._options.concurrency - len(inflight) - self._reference_calls()
                for chain in self.plan.next_requests(busy, free):
                    task = asyncio.create_task(
                        self._gateway.fetch_postings_page(self.plan.query_for(chain), chain.cursor)
                    )
                    inflight[task] = _Request(chain.id, chain.cursor)
                waiting: list[asyncio.Future[Any]] = [*inflight, self._writer.stopped]
                if self._reference is not None and not self._reference.done():
                    waiting.append(self._reference)
                elif not inflight:
                    return
                done, _ = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
                self._writer.check()
                for task in [t for t in inflight if t in done]:
                    await self._take(inflight.pop(task), task)
                self._report()
        finally:
            for task in inflight:
                task.cancel()
            await asyncio.gather(*inflight, return_exceptions=True)

    async def _take(self, request: _Request, task: asyncio.Task[PostingPage]) -> None:
        error = task.exception()
        if error is None:
            await self._accept(request, task.result())
        elif isinstance(error, AuthenticationFailed) or not isinstance(error, MarketplaceError):
            raise error
        else:
            await self._failed(request, error)

    async def _accept(self, request: _Request, page: PostingPage) -> None:
        pair = self.plan.pair_of(request.chain_id)
        chain = self.plan.chain(request.chain_id)
        if pair.done or not chain.live:
            # The pair met while this page was in flight: the partner has read all it holds.
            return
        self._failures.pop(chain.id, None)
        marks = [(p.in_process_at, p.posting_number) for p in page.postings if p.in_process_at]
        self.plan.record_page(chain.id, postings=marks, has_next=page.has_next, cursor=page.cursor)
        fresh = [p for p in page.postings if p.posting_number not in self._seen]
        self._seen.update(p.posting_number for p in fresh)
        errors = [e for e in page.errors if e.posting_number not in self._unreadable]
        self._unreadable.update(e.posting_number for e in errors if e.posting_number)
        for error in errors:
            log.warning(
                "sync of %s: posting %s unreadable (%s): %s",
                self._summary.store_name,
                error.posting_number or "?",
                error.where,
                error.message,
            )
        self._summary.errors.extend(errors)
        self._summary.postings_seen = len(self._seen)
        await self._writer.write_page(
            PageWrite(postings=fresh, errors=errors, checkpoint=self._checkpoint(self.plan))
        )

    async def _failed(self, request: _Request, error: MarketplaceError) -> None:
        chain = self.plan.chain(request.chain_id)
        failures = self._failures.get(chain.id, 0) + 1
        self._failures[chain.id] = failures
        where = _describe(chain, request.cursor)
        log.warning(
            "sync of %s: %s failed (try %d): %s", self._summary.store_name, where, failures, error
        )
        stale_cursor = isinstance(error, BadRequest) and bool(request.cursor)
        if isinstance(error, BadRequest) and not stale_cursor:
            failures = self._options.page_attempts + 1
        if failures > self._options.page_attempts:
            self.plan.give_up(chain.id)
            problem = ItemError(where=where, message=str(error), kind="page")
            self._summary.errors.append(problem)
            await self._writer.write_errors([problem])
        elif stale_cursor or failures == self._options.page_attempts:
            self.plan.restart(chain.id)

    async def _store(self, reference: Reference) -> None:
        for error in reference.errors:
            log.warning("sync of %s: %s: %s", self._summary.store_name, error.where, error.message)
        self._summary.errors.extend(reference.errors)
        store_id = self._writer.store_id
        now = self._clock.now()

        def write(uow: UnitOfWork) -> None:
            store_reference(uow, store_id, reference, now)

        await self._writer.run_job(write)
        if reference.errors:
            await self._writer.write_errors(reference.errors)

    def _report(self) -> None:
        if self._progress is None:
            return
        self._summary.api_calls = self._gateway.api_calls
        self._writer.totals.copy_to(self._summary)
        self._progress.update(self._summary, covered=self.plan.coverage())


def _describe(chain: Chain, cursor: str) -> str:
    direction = "newest first" if chain.descending else "oldest first"
    position = f"page after cursor {cursor!r}" if cursor else "first page"
    return (
        f"postings {chain.since:%Y-%m-%d %H:%M:%S}–{chain.to:%Y-%m-%d %H:%M:%S} UTC "
        f"({direction}), {position}"
    )
