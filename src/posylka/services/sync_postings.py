"""The posting sync: bring a store's postings from Ozon into posylka and keep them current.

- The first sync of a store (and ``--full``) reads every posting processed in the last
  ``initial_days`` days (``Settings.sync_initial_days``), whatever its status.
- Every later sync reads the postings whose status changed since the last completed run
  (``filter.last_changed_status_date`` of ``/v4/posting/fbs/list``), over Ozon's widest window.
  A run where nothing changed costs one list call.
- Postings are upserted idempotently; the repository records each status change and its time.
- A checkpoint (the plan of ``sync_plan``: every chain's cursor and frontier, plus the high-water
  mark) is committed with every page, so a run that dies resumes where it stopped.
- A posting or a page Ozon sends in a shape posylka cannot read is logged and recorded with the
  run; the rest of the sync goes on, and nothing already stored is lost. Refused credentials stop
  the run with one clear message, kept as the store's last sync error.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from posylka.domain.errors import AuthenticationFailed, MarketplaceError, PosylkaError
from posylka.domain.ids import StoreId
from posylka.domain.sync import ItemError, SyncSummary
from posylka.services.ports import Clock, MarketplaceFactory, UnitOfWorkFactory
from posylka.services.sync_plan import PlanKind, SyncPlan
from posylka.services.sync_reader import PlanReader, SyncOptions, SyncProgress
from posylka.services.sync_reference import REFERENCE_KIND, reference_due
from posylka.services.sync_writer import PageWriter

__all__ = [
    "INCREMENTAL_SPAN",
    "POSTINGS_KIND",
    "STATUS_OVERLAP",
    "BlockingSync",
    "Checkpoint",
    "SyncOptions",
    "SyncProgress",
    "UnknownStore",
    "describe",
    "sync_all_stores",
    "sync_store",
]

log = logging.getLogger(__name__)

POSTINGS_KIND = "postings"
"""Checkpoint kind of the posting sync."""

STATUS_OVERLAP = timedelta(minutes=10)
"""How far each incremental run looks back before the last run's end. Ozon applies status changes
asynchronously (Seller API, "FBS" process notes: a status moves on a later read), so a change
stamped just before the last run may only have become visible after it."""

INCREMENTAL_SPAN = timedelta(days=365)
"""The widest processing-date window ``/v4/posting/fbs/list`` accepts (filter since/to: at most
one year apart, Seller API PostingFbsList)."""

CHECKPOINT_VERSION = 1


class UnknownStore(PosylkaError):
    """No store has this id (it may have been deleted since the sync was asked for)."""

    def __init__(self, store_id: StoreId) -> None:
        super().__init__(f"there is no store #{store_id}")
        self.store_id = store_id


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """What the posting sync keeps between runs."""

    high_water: datetime | None = None
    """Every status change before this (less ``STATUS_OVERLAP``) is in the database."""
    first_sync_done: bool = False
    plan: SyncPlan | None = None
    """The unfinished run's plan, resumed by the next run."""

    @classmethod
    def from_state(cls, state: dict[str, Any] | None) -> Checkpoint:
        if not state or state.get("version") != CHECKPOINT_VERSION:
            return cls()
        high_water = state.get("high_water")
        plan = state.get("plan")
        return cls(
            high_water=datetime.fromisoformat(high_water) if high_water else None,
            first_sync_done=bool(state.get("first_sync_done")),
            plan=SyncPlan.from_state(plan) if plan else None,
        )

    def state_after(self, plan: SyncPlan) -> dict[str, Any]:
        """The state to commit with a page taken in under ``plan``. A completed plan advances
        the high-water mark to the moment it was made and is dropped."""
        if plan.complete:
            first_sync_done = self.first_sync_done or plan.kind is PlanKind.FULL
            return _state(plan.to, first_sync_done, None)
        return _state(self.high_water, self.first_sync_done, plan.to_state())

    def plan_for(self, now: datetime, options: SyncOptions) -> SyncPlan:
        """Resume the unfinished plan, or make the next one."""
        if self.plan is not None and not (options.full and self.plan.kind is PlanKind.INCREMENTAL):
            self.plan.resume()
            return self.plan
        if options.full or not self.first_sync_done or self.high_water is None:
            return SyncPlan.full(now, days=options.initial_days, slices=options.slices)
        return SyncPlan.incremental(
            now, changed_since=self.high_water - STATUS_OVERLAP, span=INCREMENTAL_SPAN
        )


def _state(high_water: datetime | None, first_sync_done: bool, plan: Any) -> dict[str, Any]:
    return {
        "version": CHECKPOINT_VERSION,
        "high_water": high_water.isoformat() if high_water else None,
        "first_sync_done": first_sync_done,
        "plan": plan,
    }


@dataclass(slots=True)
class _RunStart:
    store_name: str
    checkpoint: Checkpoint
    reference_state: dict[str, Any] | None
    run_id: int
    credentials: Any = field(repr=False)


async def sync_store(
    store_id: StoreId,
    *,
    uow: UnitOfWorkFactory,
    marketplace: MarketplaceFactory,
    clock: Clock,
    options: SyncOptions | None = None,
    progress: SyncProgress | None = None,
) -> SyncSummary:
    """Sync one store's postings (and, at most hourly, its warehouses and delivery methods).

    Marketplace failures that stop the run (refused credentials, Ozon unreachable) end up in
    ``summary.fatal`` and in the store's last sync error; they are not raised.
    """
    options = options or SyncOptions()
    start = _start_run(store_id, uow, clock)
    now = clock.now()
    plan = start.checkpoint.plan_for(now, options)
    summary = SyncSummary(store_name=start.store_name, first_sync=plan.kind is PlanKind.FULL)
    gateway = marketplace(store_id, start.credentials)
    writer = PageWriter(
        uow=uow, clock=clock, store_id=store_id, run_id=start.run_id, checkpoint_kind=POSTINGS_KIND
    )
    reader = PlanReader(
        plan,
        start.checkpoint.state_after,
        gateway=gateway,
        writer=writer,
        clock=clock,
        options=options,
        summary=summary,
        progress=progress,
    )
    log.info("sync of %s: %s plan, %d slices", start.store_name, plan.kind, len(plan.pairs))
    writer.start()
    try:
        try:
            await reader.run(
                refresh_reference=reference_due(
                    start.reference_state, now, options.reference_max_age
                )
            )
        except MarketplaceError as exc:
            # Refused credentials already read as one sentence for the seller; other failures
            # keep their HTTP status and path for whoever looks into them.
            summary.fatal = exc.message if isinstance(exc, AuthenticationFailed) else str(exc)
            log.warning("sync of %s stopped: %s", start.store_name, exc)
        finally:
            summary.api_calls = gateway.api_calls
            await gateway.aclose()
            await writer.close()
    except Exception as exc:
        summary.fatal = f"the sync stopped on an unexpected error: {exc}"
        _finish_run(store_id, start.run_id, summary, uow, clock, quiet=True)
        raise
    writer.totals.copy_to(summary)
    _finish_run(store_id, start.run_id, summary, uow, clock)
    if progress is not None:
        progress.update(summary, covered=plan.coverage())
    return summary


async def sync_all_stores(
    *,
    uow: UnitOfWorkFactory,
    marketplace: MarketplaceFactory,
    clock: Clock,
    options: SyncOptions | None = None,
    progress: SyncProgress | None = None,
) -> list[SyncSummary]:
    """Sync every active store, one after the other (each store has its own rate limit, but
    one writer at a time keeps a SQLite database responsive for the desk)."""
    with uow() as tx:
        stores = tx.stores.list(active_only=True)
    return [
        await sync_store(
            store.id,
            uow=uow,
            marketplace=marketplace,
            clock=clock,
            options=options,
            progress=progress,
        )
        for store in stores
    ]


def _start_run(store_id: StoreId, uow: UnitOfWorkFactory, clock: Clock) -> _RunStart:
    with uow() as tx:
        store = tx.stores.get(store_id)
        if store is None:
            raise UnknownStore(store_id)
        start = _RunStart(
            store_name=store.name,
            checkpoint=Checkpoint.from_state(tx.sync_state.load(store_id, POSTINGS_KIND)),
            reference_state=tx.sync_state.load(store_id, REFERENCE_KIND),
            run_id=tx.sync_state.start_run(store_id, now=clock.now()),
            credentials=tx.stores.credentials(store_id),
        )
        tx.commit()
    return start


def _finish_run(
    store_id: StoreId,
    run_id: int,
    summary: SyncSummary,
    uow: UnitOfWorkFactory,
    clock: Clock,
    *,
    quiet: bool = False,
) -> None:
    now = clock.now()
    try:
        with uow() as tx:
            if summary.fatal:
                fatal = ItemError(where="sync", message=summary.fatal, kind="fatal")
                tx.sync_state.record_errors(store_id, run_id, [fatal], now=now)
            tx.sync_state.finish_run(run_id, summary, now=now)
            tx.stores.record_sync(store_id, at=now, error=store_error(summary))
            tx.commit()
    except Exception:
        if not quiet:
            raise
        log.exception("could not record the failed sync run %s", run_id)


def store_error(summary: SyncSummary) -> str:
    """The one line the store's status shows after a run: empty when all went well."""
    if summary.fatal:
        return summary.fatal
    if not summary.errors:
        return ""
    first = summary.errors[0]
    number = f" {first.posting_number}" if first.posting_number else ""
    more = len(summary.errors) - 1
    tail = f" (and {more} more)" if more else ""
    return f"{first.where}{number}: {first.message}{tail}"


def describe(summary: SyncSummary) -> str:
    """One line about a run, for logs and job results."""
    counts = (
        f"{summary.postings_seen} postings read, {summary.created} new, {summary.updated} "
        f"updated, {summary.status_changes} status changes, {summary.api_calls} Ozon calls"
    )
    if summary.fatal:
        return f"stopped: {summary.fatal} ({counts})"
    if summary.errors:
        return f"{counts}; {len(summary.errors)} problems, first: {store_error(summary)}"
    return counts


@dataclass(frozen=True, slots=True)
class BlockingSync:
    """The sync for callers without an event loop (the job queue's worker threads): each call
    runs one sync to completion on a loop of its own."""

    uow: UnitOfWorkFactory
    marketplace: MarketplaceFactory
    clock: Clock
    options: SyncOptions = field(default_factory=SyncOptions)

    def sync_store(self, store_id: int, *, full: bool = False) -> str:
        options = replace(self.options, full=True) if full else self.options
        summary = asyncio.run(
            sync_store(
                StoreId(store_id),
                uow=self.uow,
                marketplace=self.marketplace,
                clock=self.clock,
                options=options,
            )
        )
        return describe(summary)

    def store_ids(self) -> list[int]:
        with self.uow() as tx:
            return [int(store.id) for store in tx.stores.list(active_only=True)]
