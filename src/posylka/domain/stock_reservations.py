"""Reservations of postings: what each product of a posting wanted, got and where it stands, and
what a posting brings to intake (its wanted lines, summed per SKU).

A line is short by what it wanted and did not get while it is held; released and picked lines
are settled and short by nothing. The rule that fills and empties these lines is in
``stock_allocation``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from posylka.domain.ids import OfferId, PostingNumber, ProductId, Sku, StoreId, WarehouseId
from posylka.domain.postings import PostingStatus
from posylka.domain.stock import StockKey


class ReservationState(StrEnum):
    HELD = "held"
    RELEASED = "released"
    PICKED = "picked"


class LineProblem(StrEnum):
    NONE = ""
    UNKNOWN_PRODUCT = "unknown_product"
    """The item matches no catalogue product (by SKU, then offer id)."""
    NO_WAREHOUSE = "no_warehouse"
    """The posting names no warehouse to take the goods from."""


@dataclass(frozen=True, slots=True)
class ReservationLine:
    """What one product of one posting wanted, got and where it stands."""

    posting_id: int
    sku: Sku
    offer_id: OfferId
    product_id: ProductId | None
    warehouse_id: WarehouseId | None
    wanted: int
    reserved: int
    state: ReservationState = ReservationState.HELD
    problem: LineProblem = LineProblem.NONE

    @property
    def short(self) -> int:
        return self.wanted - self.reserved if self.state is ReservationState.HELD else 0

    @property
    def key(self) -> StockKey | None:
        if self.product_id is None or self.warehouse_id is None:
            return None
        return (self.product_id, self.warehouse_id)


@dataclass(frozen=True, slots=True)
class WantedLine:
    """One product a posting asks for (its items of one SKU summed), matched to the catalogue."""

    sku: Sku
    offer_id: OfferId
    product_id: ProductId | None
    quantity: int


@dataclass(frozen=True, slots=True)
class IntakePosting:
    """A posting whose stock has to be settled again: it is new or changed since last taken in."""

    posting_id: int
    posting_number: PostingNumber
    status: PostingStatus
    warehouse_id: WarehouseId | None
    content_hash: str
    lines: tuple[WantedLine, ...]
    current: tuple[ReservationLine, ...]
    """Its reservation lines as they stand (empty when it was never reserved)."""


@dataclass(frozen=True, slots=True)
class PostingReservation:
    """One posting's reservation as SHORTFALLS and the posting page show it."""

    posting_id: int
    posting_number: PostingNumber
    store_id: StoreId
    lines: tuple[ReservationLine, ...]

    @property
    def wanted(self) -> int:
        return sum(line.wanted for line in self.lines if line.state is ReservationState.HELD)

    @property
    def reserved(self) -> int:
        return sum(line.reserved for line in self.lines if line.state is ReservationState.HELD)

    @property
    def short(self) -> int:
        return sum(line.short for line in self.lines)

    @property
    def is_short(self) -> bool:
        return self.short > 0


def wanted_lines(
    items: Iterable[tuple[Sku, OfferId, ProductId | None, int]],
) -> tuple[WantedLine, ...]:
    """A posting's items summed per SKU (Ozon may list one SKU on several lines)."""
    totals: dict[Sku, WantedLine] = {}
    for sku, offer_id, product_id, quantity in items:
        seen = totals.get(sku)
        total = quantity + (seen.quantity if seen else 0)
        totals[sku] = WantedLine(sku, offer_id, product_id, total)
    return tuple(totals.values())


def keys_of(postings: Iterable[IntakePosting]) -> set[StockKey]:
    """Every level a batch of postings may touch (to lock them together, in one order)."""
    keys: set[StockKey] = set()
    for posting in postings:
        for line in posting.current:
            if line.key is not None:
                keys.add(line.key)
        if posting.warehouse_id is not None:
            for want in posting.lines:
                if want.product_id is not None:
                    keys.add((want.product_id, posting.warehouse_id))
    return keys
