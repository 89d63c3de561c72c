"""Stock on Ozon: push each product × warehouse pair's available stock to Ozon, and check now
and then that Ozon shows what posylka pushed.

- Collect: the levels INVENTORY changed since the last look (``uow.inventory.levels``, with an
  overlap for transactions that committed late) become pending values per pair; a newer value
  replaces one still waiting, so many changes of one pair go as one push of the latest value.
- Push: pending values whose time has come go in calls of at most 100 pairs; the client's limiter
  keeps to 80 calls a minute. Ozon's answer is kept per pair: a pair updated too soon waits 30
  seconds and goes again; a pair Ozon refuses for good (unknown product or warehouse, stock too
  big) stays visible with Ozon's message and is not sent again until its level or offer changes.
- Reconcile: Ozon's own view (``/v2/product/info/stocks-by-warehouse/fbs``) is compared with what
  posylka wants Ozon to show; each difference is recorded as drift and pushed again.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from posylka.domain.errors import MarketplaceError, PosylkaError
from posylka.domain.ids import OfferId, ProductId, StoreId, WarehouseId
from posylka.domain.stock_push import (
    DEBOUNCE,
    MAX_PAIRS_PER_CALL,
    PAIR_INTERVAL,
    PairChange,
    PairOutcome,
    PushRunView,
    StockPushItem,
    StockPushOverview,
    StockUpdate,
    change_for,
    stock_for_ozon,
)
from posylka.domain.stores import Store
from posylka.services.ports import (
    Clock,
    StockGateway,
    StockGatewayFactory,
    UnitOfWork,
    UnitOfWorkFactory,
)

log = logging.getLogger(__name__)

LEVELS_KIND = "stock_push_levels"
"""Checkpoint kind: the newest level change already collected."""

PUSH, RECONCILE = "push", "reconcile"


@dataclass(frozen=True, slots=True)
class StockPushOptions:
    debounce: timedelta = DEBOUNCE
    pair_interval: timedelta = PAIR_INTERVAL
    level_overlap: timedelta = timedelta(minutes=2)
    """How far each collect looks back before the newest change it saw: a transaction that
    stamped its change earlier may commit after the last look."""
    full_every: timedelta = timedelta(minutes=10)
    """How often a push reads every level, not only the changed ones."""
    failure_retry: timedelta = timedelta(minutes=1)
    """When pairs of a call that failed as a whole (Ozon unreachable) are tried again."""
    max_calls: int | None = None
    """At most this many calls in one run (``None``: until nothing is due)."""
    calls_in_flight: int = 4
    """Calls sent side by side: answers are written while the next calls travel, and the
    client's limiter still keeps them to 80 a minute."""
    calls_per_read: int = 40
    """Due pairs are read for this many calls at a time."""


@dataclass(slots=True)
class PushSummary:
    store_id: StoreId
    collected: int = 0
    api_calls: int = 0
    sent: int = 0
    updated: int = 0
    too_soon: int = 0
    rejected: int = 0
    failure: str = ""
    next_due_at: datetime | None = None

    def count(self, answers: list[StockUpdate]) -> None:
        self.sent += len(answers)
        for answer in answers:
            outcome = answer.outcome
            if outcome is PairOutcome.UPDATED:
                self.updated += 1
            elif outcome is PairOutcome.TOO_SOON:
                self.too_soon += 1
            else:
                self.rejected += 1

    def describe(self) -> str:
        text = (
            f"{self.sent} pairs sent in {self.api_calls} calls: {self.updated} updated, "
            f"{self.too_soon} to retry, {self.rejected} refused"
        )
        return f"{text}; stopped: {self.failure}" if self.failure else text


@dataclass(slots=True)
class ReconcileSummary:
    store_id: StoreId
    pairs: int = 0
    drift: int = 0
    on_ozon_only: int = 0
    api_calls: int = 0
    drifted: list[tuple[OfferId, WarehouseId, int | None, int]] = field(default_factory=list)
    """(offer, warehouse, Ozon's value, posylka's value) of each drifted pair."""

    def describe(self) -> str:
        return (
            f"{self.pairs} pairs compared with Ozon: {self.drift} differ; "
            f"{self.on_ozon_only} pairs on Ozon that posylka has no level for"
        )


def collect_levels(
    tx: UnitOfWork,
    store_id: StoreId,
    *,
    now: datetime,
    options: StockPushOptions = StockPushOptions(),
    full: bool = False,
) -> int:
    """Turn changed levels into pending pushes inside ``tx``; returns how many pairs changed.

    Every ``options.full_every`` (and with ``full``) every level is read, not only the changed
    ones: a change of a product's safety buffer or offer_id in the catalogue moves no level."""
    checkpoint = tx.sync_state.load(store_id, LEVELS_KIND) or {}
    seen_to = _moment(checkpoint.get("seen_to"))
    full_at = _moment(checkpoint.get("full_at"))
    full = full or seen_to is None or full_at is None or now - full_at >= options.full_every
    since = None if full or seen_to is None else seen_to - options.level_overlap
    rows = tx.inventory.levels(store_id, changed_since=since)
    states = tx.stock_push.states(store_id, None if full else [r.product_id for r in rows])
    changes: list[PairChange] = []
    for row in rows:
        change = change_for(
            states.get((row.product_id, row.warehouse_id)),
            product_id=row.product_id,
            warehouse_id=row.warehouse_id,
            offer_id=row.offer_id,
            stock=stock_for_ozon(row.on_hand, row.reserved, row.safety_buffer),
            now=min(now, row.changed_at),  # the debounce counts from the change itself
            debounce=options.debounce,
        )
        if change is not None:
            changes.append(change)
    tx.stock_push.apply_changes(store_id, changes, now=now)
    newest = max((r.changed_at for r in rows), default=seen_to)
    if newest is not None and seen_to is not None:
        newest = max(newest, seen_to)
    state = {
        "seen_to": newest.isoformat() if newest else None,
        "full_at": (now if full else full_at or now).isoformat(),
    }
    if state != checkpoint:
        tx.sync_state.save(store_id, LEVELS_KIND, state, now=now)
    return len(changes)


def _moment(text: object) -> datetime | None:
    return datetime.fromisoformat(text) if isinstance(text, str) and text else None


async def push_stock(
    store_id: StoreId,
    *,
    uow: UnitOfWorkFactory,
    gateway: StockGateway,
    clock: Clock,
    options: StockPushOptions = StockPushOptions(),
    now_all: bool = False,
) -> PushSummary:
    """Collect changed levels and push every pair that is due (with ``now_all``, also those only
    waiting for their debounce). Each call's answers are committed as they come."""
    summary = PushSummary(store_id)
    started = clock.now()
    with uow() as tx:
        summary.collected = collect_levels(tx, store_id, now=started, options=options)
        tx.commit()
    calls_before = gateway.api_calls
    gate = asyncio.Semaphore(options.calls_in_flight)
    stop = False

    writes = asyncio.Lock()

    def record_failure(batch: list[StockPushItem], message: str) -> None:
        with uow() as tx:
            retry_at = clock.now() + options.failure_retry
            tx.stock_push.record_failure(store_id, batch, message, retry_at=retry_at)
            tx.commit()

    def record_answers(batch: list[StockPushItem], answers: list[StockUpdate]) -> None:
        with uow() as tx:
            tx.stock_push.record_answers(
                store_id, batch, answers, now=clock.now(), pair_interval=options.pair_interval
            )
            tx.commit()

    async def send(batch: list[StockPushItem]) -> None:
        # The database is written from a worker thread, one write at a time: a call that has
        # taken its slot from the limiter must not wait behind a commit to leave, or it reaches
        # Ozon later than the limiter counted it and Ozon's minute sees more than 80.
        nonlocal stop
        async with gate:
            if stop:
                return
            try:
                answers = await gateway.push_stocks(batch)
            except MarketplaceError as exc:
                stop = True
                summary.failure = exc.message
                async with writes:
                    await asyncio.to_thread(record_failure, batch, exc.message)
                return
            finally:
                summary.api_calls = gateway.api_calls - calls_before
        async with writes:
            await asyncio.to_thread(record_answers, batch, answers)
        summary.count(answers)

    while not stop:
        calls = options.calls_per_read
        if options.max_calls is not None:
            calls = min(calls, options.max_calls - summary.api_calls)
        if calls <= 0:
            break
        horizon = clock.now() + options.debounce if now_all else clock.now()
        with uow() as tx:
            due = tx.stock_push.due(store_id, now=horizon, limit=calls * MAX_PAIRS_PER_CALL)
        if not due:
            break
        batches = [due[i : i + MAX_PAIRS_PER_CALL] for i in range(0, len(due), MAX_PAIRS_PER_CALL)]
        await asyncio.gather(*(send(batch) for batch in batches))
    with uow() as tx:
        summary.next_due_at = tx.stock_push.next_due_at(store_id)
        if summary.sent or summary.failure:
            tx.stock_push.record_run(store_id, _run_view(PUSH, started, clock.now(), summary))
        tx.commit()
    return summary


async def reconcile_stock(
    store_id: StoreId,
    *,
    uow: UnitOfWorkFactory,
    gateway: StockGateway,
    clock: Clock,
    options: StockPushOptions = StockPushOptions(),
) -> ReconcileSummary:
    """Compare Ozon's view with every level; record the drift and queue each drifted pair."""
    summary = ReconcileSummary(store_id)
    started = clock.now()
    calls_before = gateway.api_calls
    try:
        ozon = await gateway.fetch_warehouse_stocks()
    except MarketplaceError as exc:
        with uow() as tx:
            tx.stock_push.record_run(
                store_id,
                PushRunView(RECONCILE, started, clock.now(), gateway.api_calls - calls_before,
                            0, 0, 0, 0, 0, f"Ozon's view could not be read: {exc.message}"),
            )  # fmt: skip
            tx.commit()
        raise
    summary.api_calls = gateway.api_calls - calls_before
    on_ozon = {(s.offer_id, s.warehouse_id): s.free_stock for s in ozon}
    with uow() as tx:
        now = clock.now()
        rows = tx.inventory.levels(store_id)
        states = tx.stock_push.states(store_id)
        changes: list[PairChange] = []
        observed: list[tuple[tuple[ProductId, WarehouseId], int | None, int | None]] = []
        for row in rows:
            key = (row.product_id, row.warehouse_id)
            expected = stock_for_ozon(row.on_hand, row.reserved, row.safety_buffer)
            ozon_value = on_ozon.pop((row.offer_id, row.warehouse_id), None)
            shown = ozon_value if ozon_value is not None else 0
            drift = shown - expected if shown != expected else None
            state = states.get(key)
            waiting = state is not None and (
                state.wanted is not None or state.rejected_value == expected
            )
            change = change_for(
                state,
                product_id=row.product_id,
                warehouse_id=row.warehouse_id,
                offer_id=row.offer_id,
                stock=expected,
                now=now,
                debounce=options.debounce,
                force=drift is not None and not waiting,
            )
            if change is not None:
                changes.append(change)
            observed.append((key, ozon_value, drift))
            if drift is not None:
                summary.drifted.append((row.offer_id, row.warehouse_id, ozon_value, expected))
        tx.stock_push.apply_changes(store_id, changes, now=now)
        tx.stock_push.record_reconcile(store_id, observed, now=now)
        summary.pairs = len(rows)
        summary.drift = len(summary.drifted)
        summary.on_ozon_only = len(on_ozon)
        tx.stock_push.record_run(
            store_id,
            PushRunView(RECONCILE, started, clock.now(), summary.api_calls, 0, 0, 0, 0,
                        summary.drift, summary.describe()),
        )  # fmt: skip
        tx.commit()
    return summary


def stock_stores(*, uow: UnitOfWorkFactory) -> list[Store]:
    """The stores whose stock posylka pushes (every active one)."""
    with uow() as tx:
        return tx.stores.list(active_only=True)


def stock_overview(
    store_id: StoreId, *, uow: UnitOfWorkFactory, limit: int = 200
) -> tuple[StockPushOverview, dict[WarehouseId, str]]:
    """What the "Stock on Ozon" page shows: counts, the last runs, pairs that need a look, and
    the names of the store's warehouses."""
    with uow() as tx:
        names = {w.warehouse_id: w.name for w in tx.inventory.warehouses(store_id)}
        return tx.stock_push.overview(store_id, limit=limit), names


def _run_view(kind: str, started: datetime, finished: datetime, s: PushSummary) -> PushRunView:
    return PushRunView(
        kind=kind,
        started_at=started,
        finished_at=finished,
        api_calls=s.api_calls,
        pairs_sent=s.sent,
        pairs_updated=s.updated,
        pairs_too_soon=s.too_soon,
        pairs_rejected=s.rejected,
        drift=0,
        message=s.failure,
    )


class UnknownStore(PosylkaError):
    def __init__(self, store_id: int) -> None:
        super().__init__(f"There is no store #{store_id}.")
        self.store_id = store_id


@dataclass
class BlockingStockPush:
    """Pushes and reconciles for callers without an event loop (job workers, the command line):
    each call opens the store's gateway, runs to completion on a loop of its own and closes it."""

    uow: UnitOfWorkFactory
    marketplace: StockGatewayFactory
    clock: Clock
    options: StockPushOptions = field(default_factory=StockPushOptions)

    def push_store(self, store_id: int, *, now_all: bool = False) -> PushSummary:
        return asyncio.run(self._push(StoreId(store_id), now_all))

    def reconcile_store(self, store_id: int) -> ReconcileSummary:
        return asyncio.run(self._reconcile(StoreId(store_id)))

    def store_ids(self) -> list[int]:
        with self.uow() as tx:
            return [int(store.id) for store in tx.stores.list(active_only=True)]

    def _gateway(self, store_id: StoreId) -> StockGateway:
        with self.uow() as tx:
            if tx.stores.get(store_id) is None:
                raise UnknownStore(store_id)
            credentials = tx.stores.credentials(store_id)
        return self.marketplace(store_id, credentials)

    async def _push(self, store_id: StoreId, now_all: bool) -> PushSummary:
        gateway = self._gateway(store_id)
        try:
            return await push_stock(
                store_id,
                uow=self.uow,
                gateway=gateway,
                clock=self.clock,
                options=self.options,
                now_all=now_all,
            )
        finally:
            await gateway.aclose()

    async def _reconcile(self, store_id: StoreId) -> ReconcileSummary:
        gateway = self._gateway(store_id)
        try:
            return await reconcile_stock(
                store_id, uow=self.uow, gateway=gateway, clock=self.clock, options=self.options
            )
        finally:
            await gateway.aclose()


__all__ = [
    "LEVELS_KIND",
    "BlockingStockPush",
    "PushSummary",
    "ReconcileSummary",
    "StockPushOptions",
    "UnknownStore",
    "collect_levels",
    "push_stock",
    "reconcile_stock",
    "stock_overview",
    "stock_stores",
]
