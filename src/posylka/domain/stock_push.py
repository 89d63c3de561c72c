"""Stock on Ozon: which number each product × warehouse pair should show, when it may be sent, and
what Ozon's answer to it means.

Ozon sells what it is told is available: posylka pushes ``on_hand - reserved - safety_buffer``
(never below zero) per pair with ``/v2/products/stocks``. Ozon's rules for that method (Seller API,
ProductsStocksV2) shape everything here: at most 100 pairs a call, at most 80 calls a minute per
seller, the same pair at most once in 30 seconds (else the pair's ``TOO_MANY_REQUESTS`` error),
and a stock of a million or more is refused (``STOCK_TOO_BIG``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from posylka.domain.ids import OfferId, ProductId, WarehouseId

MAX_PAIRS_PER_CALL = 100
"""Pairs in one ``/v2/products/stocks`` call (Seller API, ProductsStocksV2)."""

CALLS_PER_MINUTE = 80
"""Calls of ``/v2/products/stocks`` a minute per seller (Seller API, ProductsStocksV2)."""

PAIR_INTERVAL = timedelta(seconds=30)
"""The same pair may be updated at most once in this time (Seller API, ProductsStocksV2)."""

MAX_STOCK = 999_999
"""The largest stock Ozon takes: it refuses a million or more with ``STOCK_TOO_BIG``."""

DEBOUNCE = timedelta(seconds=5)
"""A changed level waits this long before it goes, so a burst of changes to one pair (a pick list
being scanned) becomes one push of the last value."""

# Ozon's per-pair error codes of /v2/products/stocks (Seller API, "Errors", ProductsStocksV2).
TOO_MANY_REQUESTS = "TOO_MANY_REQUESTS"
TOO_FREQUENT = "Stock is updated too frequently"
OFFER_ID_NOT_FOUND = "offer_id_not_found"
NOT_FOUND_ERROR = "NOT_FOUND_ERROR"
WAREHOUSE_NOT_FOUND = "WAREHOUSE_NOT_FOUND"
STOCK_TOO_BIG = "STOCK_TOO_BIG"

_TRY_LATER = frozenset({TOO_MANY_REQUESTS, TOO_FREQUENT})


def stock_for_ozon(on_hand: int, reserved: int, safety_buffer: int = 0) -> int:
    """What Ozon should offer for sale: available units minus the product's safety buffer,
    never below zero."""
    return max(0, on_hand - reserved - max(0, safety_buffer))


@dataclass(frozen=True, slots=True)
class StockPushItem:
    """One pair to send: Ozon knows the product by the seller's ``offer_id``."""

    product_id: ProductId
    offer_id: OfferId
    warehouse_id: WarehouseId
    stock: int


@dataclass(frozen=True, slots=True)
class StockItemError:
    code: str
    message: str

    def describe(self) -> str:
        if not self.message or self.message == self.code:
            return self.code
        return f"{self.code}: {self.message}"


class PairOutcome(StrEnum):
    UPDATED = "updated"
    TOO_SOON = "too_soon"
    """Ozon refused the pair for being updated within 30 s: send it again once that has passed."""
    REJECTED = "rejected"
    """Ozon refused the pair for a reason time does not cure (unknown product or warehouse, stock
    too big): it is not sent again until its level or its product changes."""


@dataclass(frozen=True, slots=True)
class StockUpdate:
    """Ozon's answer for one pair of a call."""

    offer_id: str
    warehouse_id: int
    updated: bool
    errors: tuple[StockItemError, ...] = ()

    @property
    def outcome(self) -> PairOutcome:
        if self.updated and not self.errors:
            return PairOutcome.UPDATED
        if self.errors and all(e.code in _TRY_LATER for e in self.errors):
            return PairOutcome.TOO_SOON
        if not self.errors and not self.updated:
            return PairOutcome.TOO_SOON  # refused without a reason: nothing says it cannot work
        return PairOutcome.REJECTED

    @property
    def error_code(self) -> str:
        return ", ".join(e.code for e in self.errors)

    @property
    def error_message(self) -> str:
        return "; ".join(e.describe() for e in self.errors)


@dataclass(frozen=True, slots=True)
class OzonStock:
    """One pair as Ozon sees it (``/v2/product/info/stocks-by-warehouse/fbs``)."""

    offer_id: str
    warehouse_id: int
    present: int
    reserved: int
    free_stock: int


@dataclass(frozen=True, slots=True)
class PushPlan:
    """When a pair's pending value may go: after the debounce, and not before Ozon allows it."""

    wanted: int
    wanted_since: datetime
    due_at: datetime


def plan_push(
    wanted: int,
    *,
    now: datetime,
    pending_since: datetime | None,
    next_allowed_at: datetime | None,
    debounce: timedelta = DEBOUNCE,
) -> PushPlan:
    """Coalesce a new value with whatever is already waiting for the pair.

    The debounce counts from the first change still waiting, not the last one, so a pair that
    keeps changing still goes within ``debounce`` (plus Ozon's 30 s) of its first change, with
    the latest value.
    """
    since = pending_since if pending_since is not None else now
    due = since + debounce
    if next_allowed_at is not None and next_allowed_at > due:
        due = next_allowed_at
    return PushPlan(wanted=wanted, wanted_since=since, due_at=due)


@dataclass(frozen=True, slots=True)
class PairState:
    """What posylka remembers of one pair between pushes."""

    offer_id: OfferId
    wanted: int | None = None
    wanted_since: datetime | None = None
    pushed_value: int | None = None
    rejected_value: int | None = None
    next_allowed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class PairChange:
    """A new pending value for a pair (``plan`` set), or a pending value dropped (``plan`` None)
    because the level went back to what Ozon already has."""

    product_id: ProductId
    warehouse_id: WarehouseId
    offer_id: OfferId
    plan: PushPlan | None


def change_for(
    state: PairState | None,
    *,
    product_id: ProductId,
    warehouse_id: WarehouseId,
    offer_id: OfferId,
    stock: int,
    now: datetime,
    debounce: timedelta = DEBOUNCE,
    force: bool = False,
) -> PairChange | None:
    """What a pair's new level means for its push, or ``None`` when nothing changes.

    A value already waiting is replaced by the newer one (coalescing). A value Ozon refused for
    good waits for a different value or a different offer_id before it is tried again. With
    ``force`` (a reconcile found Ozon showing something else) the value goes even if it equals
    what was last pushed.
    """

    def plan(pending_since: datetime | None) -> PairChange:
        return PairChange(
            product_id,
            warehouse_id,
            offer_id,
            plan_push(
                stock,
                now=now,
                pending_since=pending_since,
                next_allowed_at=state.next_allowed_at if state else None,
                debounce=debounce,
            ),
        )

    if state is None:
        return plan(None)
    renamed = state.offer_id != offer_id
    if state.wanted is not None:
        if stock == state.wanted and not renamed:
            return None
        if (
            stock == state.pushed_value
            and not renamed
            and not force
            and state.rejected_value is None
        ):
            return PairChange(product_id, warehouse_id, offer_id, None)
        return plan(state.wanted_since)
    if state.rejected_value is not None and not renamed and not force:
        return None if stock == state.rejected_value else plan(None)
    if stock == state.pushed_value and not renamed and not force:
        return None
    return plan(None)


@dataclass(frozen=True, slots=True)
class PushPairView:
    """A pair's push state, for the "Stock on Ozon" page and the command line."""

    product_id: ProductId
    warehouse_id: WarehouseId
    offer_id: OfferId
    wanted: int | None
    """The value waiting to go; ``None`` when nothing is waiting."""
    due_at: datetime | None
    pushed_value: int | None
    pushed_at: datetime | None
    error_code: str
    error_message: str
    rejected_value: int | None
    """The value Ozon refused, kept while the pair waits for a change."""
    next_allowed_at: datetime | None
    ozon_value: int | None
    """Ozon's free stock at the last reconcile."""
    drift: int | None
    """Ozon's value minus posylka's at the last reconcile, when they differed."""
    reconciled_at: datetime | None


@dataclass(frozen=True, slots=True)
class PushRunView:
    """One push or reconcile run of a store."""

    kind: str
    started_at: datetime
    finished_at: datetime | None
    api_calls: int
    pairs_sent: int
    pairs_updated: int
    pairs_too_soon: int
    pairs_rejected: int
    drift: int
    message: str


@dataclass(frozen=True, slots=True)
class StockPushOverview:
    """What the "Stock on Ozon" page shows for a store."""

    pending: int
    rejected: int
    drifted: int
    pairs: int
    last_push: PushRunView | None
    last_reconcile: PushRunView | None
    rows: tuple[PushPairView, ...]
