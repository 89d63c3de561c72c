"""Shortfalls: postings whose goods could not all be reserved, and what the manager decides.

A posting is short when its reservation (``posylka.domain.stock_reservations``) holds less than it
wants. The manager then chooses one of three ways out:

- wait for stock, with the date the goods are expected; the posting keeps its place in the queue
  and is reserved again when a receipt brings the goods;
- cancel the missing units (Ozon's ``/v2/posting/fbs/product/cancel``), shipping the rest;
- cancel the whole posting (``/v2/posting/fbs/cancel``), by default for reason 352 "out of stock".

Both cancellations are the seller's fault in Ozon's eyes, so before either the page says what it
costs (:func:`cancellation_cost`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from posylka.domain.cancellation import OUT_OF_STOCK_REASON_ID, CancelItem
from posylka.domain.errors import PosylkaError
from posylka.domain.ids import OfferId, PostingNumber, Sku, StoreId
from posylka.domain.postings import Posting, PostingStatus, Scheme
from posylka.domain.stock_reservations import PostingReservation, ReservationState

SELLER_FAULT_REASON_IDS = frozenset({352, 400, 402})
"""Seller reasons for cancelling before hand-over (Seller API, ``/v2/posting/fbs/cancel``); a
cancellation for any of them counts against the seller (``affect_cancellation_rating``)."""

ITEM_CANCEL_STATUSES = frozenset({PostingStatus.AWAITING_PACKAGING})
"""Ozon offers ``product_cancel`` only before assembly (the posting's ``available_actions``)."""

POSTING_CANCEL_STATUSES = frozenset(
    {PostingStatus.AWAITING_PACKAGING, PostingStatus.AWAITING_DELIVER}
)
"""Ozon offers ``cancel`` until the parcel leaves the seller."""

# The rFBS error-index fine (Ozon for sellers, "Fines" page of the commissions section,
# docs.ozon.com/global/en/commissions/ozon-fees/fines): each order cancelled on the seller's
# initiative or by their fault is charged a share of the cancelled goods' price that depends on
# the error index over the last 14 days: up to 4 % nothing, 4-10 % 3 %, 10-20 % 6 %, above 20 %
# 9 % (above 40 % the account may also be blocked); never more than 1,500 RUB per order.
RFBS_FINE_RATES: tuple[tuple[Decimal, Decimal], ...] = (
    (Decimal(4), Decimal(0)),
    (Decimal(10), Decimal(3)),
    (Decimal(20), Decimal(6)),
    (Decimal(100), Decimal(9)),
)
"""(error index up to, in %) → fine, in % of the cancelled goods' price."""
RFBS_FINE_CAP_RUB = Decimal(1500)
RFBS_FINE_SOURCE = "https://docs.ozon.com/global/en/commissions/ozon-fees/fines"
_KOPECK = Decimal("0.01")


class ShortfallError(PosylkaError):
    """A shortfall decision that cannot be carried out as asked."""


class NotShort(ShortfallError):
    def __init__(self, posting_number: str) -> None:
        super().__init__(f"posting {posting_number} is not short of stock")
        self.posting_number = posting_number


class CannotCancel(ShortfallError):
    """Ozon no longer allows this cancellation for the posting's status."""

    def __init__(self, posting_number: str, status: PostingStatus, what: str) -> None:
        super().__init__(f"posting {posting_number} in status {status} allows no {what}")
        self.posting_number = posting_number
        self.status = status
        self.what = what


class MessageRequired(ShortfallError):
    def __init__(self, reason_id: int) -> None:
        super().__init__(f"cancel reason {reason_id} needs a message for Ozon")
        self.reason_id = reason_id


class BadExpectedDate(ShortfallError):
    def __init__(self, expected_on: date, today: date) -> None:
        super().__init__(f"the expected date {expected_on} is before today ({today})")
        self.expected_on = expected_on
        self.today = today


class Decision(StrEnum):
    WAIT = "wait"
    CANCEL_ITEMS = "cancel_items"
    CANCEL_POSTING = "cancel_posting"


@dataclass(frozen=True, slots=True)
class ShortfallDecision:
    """What the manager decided for a short posting, and when."""

    posting_id: int
    store_id: StoreId
    decision: Decision
    decided_by: str
    decided_at: datetime
    expected_on: date | None = None
    """For ``WAIT``: when the goods are expected."""
    reason_id: int | None = None
    """For the cancellations: the reason sent to Ozon."""
    note: str = ""


@dataclass(frozen=True, slots=True)
class CancellationCost:
    """What a cancellation costs the seller, for the confirmation step."""

    scheme: Scheme
    affects_rating: bool
    """Ozon counts it against the seller's cancellation rating (the seller's fault)."""
    goods_value: Decimal
    currency: str
    fine_max: Decimal | None
    """rFBS: the largest error-index fine for this cancellation, in ``currency``; ``None`` for
    FBS, or when the cap (in RUB) cannot be applied to a foreign currency."""

    @property
    def fine_applies(self) -> bool:
        return self.scheme is Scheme.RFBS and self.affects_rating

    @property
    def fine_max_rate(self) -> Decimal:
        return RFBS_FINE_RATES[-1][1]


def cancellation_cost(
    scheme: Scheme, goods_value: Decimal, currency: str, *, reason_id: int
) -> CancellationCost:
    """The cost of cancelling goods worth ``goods_value`` for ``reason_id`` (see the module's
    sources: the rating for every seller-fault cancellation, and for rFBS the error-index fine)."""
    affects = reason_id in SELLER_FAULT_REASON_IDS
    fine_max: Decimal | None = None
    if scheme is Scheme.RFBS and affects and currency.upper() == "RUB":
        rate = RFBS_FINE_RATES[-1][1]
        fine = (goods_value * rate / 100).quantize(_KOPECK, rounding=ROUND_HALF_UP)
        fine_max = min(fine, RFBS_FINE_CAP_RUB)
    return CancellationCost(scheme, affects, goods_value, currency.upper(), fine_max)


def fine_rate(error_index_percent: Decimal) -> Decimal:
    """The rFBS fine, in % of the cancelled goods' price, at a given error index."""
    for upto, rate in RFBS_FINE_RATES:
        if error_index_percent <= upto:
            return rate
    return RFBS_FINE_RATES[-1][1]


@dataclass(frozen=True, slots=True)
class MissingItem:
    """One product a short posting lacks: what it wants, holds and misses."""

    sku: Sku
    offer_id: OfferId
    name: str
    wanted: int
    reserved: int
    price: Decimal

    @property
    def missing(self) -> int:
        return self.wanted - self.reserved


@dataclass(frozen=True, slots=True)
class Shortfall:
    """A short posting with everything the manager needs to decide."""

    posting: Posting
    reservation: PostingReservation
    decision: ShortfallDecision | None

    @property
    def posting_number(self) -> PostingNumber:
        return self.posting.posting_number

    @property
    def missing(self) -> tuple[MissingItem, ...]:
        prices = {item.sku: item for item in self.posting.items}
        out = []
        for line in self.reservation.lines:
            if line.state is not ReservationState.HELD or line.short <= 0:
                continue
            item = prices.get(line.sku)
            out.append(
                MissingItem(
                    sku=line.sku,
                    offer_id=line.offer_id,
                    name=item.name if item else "",
                    wanted=line.wanted,
                    reserved=line.reserved,
                    price=item.price.amount if item else Decimal(0),
                )
            )
        return tuple(out)

    @property
    def units_missing(self) -> int:
        return sum(m.missing for m in self.missing)

    @property
    def units_wanted(self) -> int:
        return sum(item.quantity for item in self.posting.items)

    @property
    def missing_everything(self) -> bool:
        """Nothing would be left to ship: cancelling the missing items cancels the posting."""
        return self.units_missing >= self.units_wanted

    @property
    def can_cancel_items(self) -> bool:
        return self.posting.status in ITEM_CANCEL_STATUSES and not self.missing_everything

    @property
    def can_cancel_posting(self) -> bool:
        return self.posting.status in POSTING_CANCEL_STATUSES

    @property
    def items_to_cancel(self) -> tuple[CancelItem, ...]:
        return items_to_cancel(self.missing)

    def items_cost(self, reason_id: int = OUT_OF_STOCK_REASON_ID) -> CancellationCost:
        value = sum((m.price * m.missing for m in self.missing), Decimal(0))
        return cancellation_cost(self.posting.scheme, value, self._currency, reason_id=reason_id)

    def posting_cost(self, reason_id: int = OUT_OF_STOCK_REASON_ID) -> CancellationCost:
        value = self.posting.total.amount
        return cancellation_cost(self.posting.scheme, value, self._currency, reason_id=reason_id)

    @property
    def _currency(self) -> str:
        return self.posting.total.currency


def items_to_cancel(missing: Iterable[MissingItem]) -> tuple[CancelItem, ...]:
    """The units to take out of a posting: exactly what it misses, product by product."""
    return tuple(CancelItem(m.sku, m.missing) for m in missing if m.missing > 0)


def check_expected_date(expected_on: date, today: date) -> None:
    if expected_on < today:
        raise BadExpectedDate(expected_on, today)
