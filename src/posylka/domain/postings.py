"""Postings: what Ozon asks the seller to assemble and ship, their statuses and how they change.

Status names and the lifecycle follow Ozon's Seller API (the statuses of ``/v4/posting/fbs/list``);
the allowed transitions are the ones the FBS and rFBS process descriptions show, plus the
administrative moves Ozon makes on its own (cancellation from almost anywhere, arbitration).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from posylka.domain.ids import (
    DeliveryMethodId,
    OfferId,
    OrderNumber,
    PostingNumber,
    Sku,
    StoreId,
    WarehouseId,
)


class PostingStatus(StrEnum):
    """A posting's status, spelled as Ozon spells it."""

    AWAITING_VERIFICATION = "awaiting_verification"
    AWAITING_REGISTRATION = "awaiting_registration"
    ACCEPTANCE_IN_PROGRESS = "acceptance_in_progress"
    AWAITING_APPROVE = "awaiting_approve"
    AWAITING_PACKAGING = "awaiting_packaging"
    AWAITING_DELIVER = "awaiting_deliver"
    ARBITRATION = "arbitration"
    CLIENT_ARBITRATION = "client_arbitration"
    DELIVERING = "delivering"
    DRIVER_PICKUP = "driver_pickup"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    CANCELLED_FROM_SPLIT_PENDING = "cancelled_from_split_pending"
    NOT_ACCEPTED = "not_accepted"
    SENT_BY_SELLER = "sent_by_seller"
    UNKNOWN = "unknown"
    """A status Ozon sent that posylka does not know yet; kept so nothing is lost."""

    @classmethod
    def parse(cls, raw: str) -> PostingStatus:
        """Read Ozon's spelling; anything unrecognised becomes ``UNKNOWN`` rather than an error."""
        try:
            return cls(raw)
        except ValueError:
            return cls.UNKNOWN

    @property
    def is_final(self) -> bool:
        return self in _FINAL

    @property
    def is_open(self) -> bool:
        """Still the seller's work: not yet handed over, delivered or cancelled."""
        return self in _SELLER_WORK


_FINAL = frozenset(
    {
        PostingStatus.DELIVERED,
        PostingStatus.CANCELLED,
        PostingStatus.CANCELLED_FROM_SPLIT_PENDING,
    }
)

_SELLER_WORK = frozenset(
    {
        PostingStatus.AWAITING_VERIFICATION,
        PostingStatus.AWAITING_APPROVE,
        PostingStatus.AWAITING_REGISTRATION,
        PostingStatus.AWAITING_PACKAGING,
        PostingStatus.AWAITING_DELIVER,
    }
)

S = PostingStatus
TRANSITIONS: dict[PostingStatus, frozenset[PostingStatus]] = {
    S.AWAITING_VERIFICATION: frozenset({S.AWAITING_APPROVE, S.AWAITING_PACKAGING, S.CANCELLED}),
    S.AWAITING_APPROVE: frozenset({S.AWAITING_PACKAGING, S.CANCELLED}),
    S.AWAITING_PACKAGING: frozenset(
        {S.AWAITING_REGISTRATION, S.AWAITING_DELIVER, S.CANCELLED, S.CANCELLED_FROM_SPLIT_PENDING}
    ),
    S.AWAITING_REGISTRATION: frozenset({S.AWAITING_DELIVER, S.CANCELLED}),
    S.AWAITING_DELIVER: frozenset(
        {
            S.ACCEPTANCE_IN_PROGRESS,
            S.DRIVER_PICKUP,
            S.DELIVERING,
            S.SENT_BY_SELLER,
            S.AWAITING_PACKAGING,
            S.CANCELLED,
        }
    ),
    S.ACCEPTANCE_IN_PROGRESS: frozenset({S.DELIVERING, S.NOT_ACCEPTED, S.CANCELLED}),
    S.DRIVER_PICKUP: frozenset({S.DELIVERING, S.NOT_ACCEPTED, S.CANCELLED}),
    S.NOT_ACCEPTED: frozenset({S.ARBITRATION, S.AWAITING_DELIVER, S.DELIVERING, S.CANCELLED}),
    S.ARBITRATION: frozenset({S.AWAITING_DELIVER, S.DELIVERING, S.CANCELLED, S.DELIVERED}),
    S.CLIENT_ARBITRATION: frozenset({S.DELIVERED, S.CANCELLED}),
    S.SENT_BY_SELLER: frozenset({S.DELIVERING, S.DELIVERED, S.CANCELLED}),
    S.DELIVERING: frozenset({S.DELIVERED, S.CANCELLED, S.CLIENT_ARBITRATION, S.ARBITRATION}),
    S.DELIVERED: frozenset({S.CLIENT_ARBITRATION}),
    S.CANCELLED: frozenset(),
    S.CANCELLED_FROM_SPLIT_PENDING: frozenset(),
    S.UNKNOWN: frozenset(PostingStatus),
}
del S


def is_expected_transition(old: PostingStatus, new: PostingStatus) -> bool:
    """Whether Ozon's lifecycle allows ``old`` → ``new``.

    Ozon is the source of truth: an unexpected move is still recorded, but flagged, because it
    usually means a missed intermediate status or an Ozon-side correction.
    """
    return old == new or new in TRANSITIONS.get(old, frozenset()) or new is PostingStatus.UNKNOWN


class Scheme(StrEnum):
    """Who carries the parcel: Ozon (FBS) or the seller / a third-party carrier (rFBS)."""

    FBS = "fbs"
    RFBS = "rfbs"


class IntegrationType(StrEnum):
    """Ozon's ``tpl_integration_type``: how the delivery service is connected."""

    OZON = "ozon"
    TPL_TRACKING = "3pl_tracking"
    NON_INTEGRATED = "non_integrated"
    AGGREGATOR = "aggregator"
    HYBRID = "hybryd"
    UNKNOWN = "unknown"

    @classmethod
    def parse(cls, raw: str | None) -> IntegrationType:
        if not raw:
            return cls.UNKNOWN
        if raw == "hybrid":
            return cls.HYBRID
        try:
            return cls(raw)
        except ValueError:
            return cls.UNKNOWN

    @property
    def scheme(self) -> Scheme:
        return (
            Scheme.FBS if self in (IntegrationType.OZON, IntegrationType.UNKNOWN) else Scheme.RFBS
        )


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str = "RUB"


@dataclass(frozen=True, slots=True)
class Address:
    """An rFBS buyer's delivery address as Ozon gives it."""

    city: str = ""
    region: str = ""
    district: str = ""
    zip_code: str = ""
    country: str = ""
    address_tail: str = ""
    comment: str = ""
    pvz_code: str = ""
    latitude: float | None = None
    longitude: float | None = None

    def one_line(self) -> str:
        parts = (self.zip_code, self.country, self.region, self.city, self.address_tail)
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class Buyer:
    """The rFBS buyer (FBS postings have none: Ozon hides them)."""

    name: str = ""
    phone: str = ""
    email: str = ""
    addressee: str = ""
    address: Address | None = None
    is_legal: bool = False
    company_name: str = ""
    inn: str = ""


@dataclass(frozen=True, slots=True)
class PostingItem:
    sku: Sku
    offer_id: OfferId
    name: str
    quantity: int
    price: Money


@dataclass(frozen=True, slots=True)
class Posting:
    """One parcel-to-be as posylka keeps it: Ozon's facts, in posylka's words."""

    store_id: StoreId
    posting_number: PostingNumber
    order_id: int
    order_number: OrderNumber
    status: PostingStatus
    substatus: str
    status_raw: str
    integration_type: IntegrationType
    delivery_method_id: DeliveryMethodId | None
    delivery_method_name: str
    warehouse_id: WarehouseId | None
    warehouse_name: str
    in_process_at: datetime | None
    ship_by: datetime | None
    delivering_date: datetime | None
    status_changed_at: datetime | None
    tracking_number: str = ""
    parent_posting_number: str = ""
    is_express: bool = False
    items: tuple[PostingItem, ...] = ()
    buyer: Buyer | None = None
    requirements: dict[str, tuple[str, ...]] = field(default_factory=dict)
    available_actions: tuple[str, ...] = ()
    cancel_reason: str = ""

    @property
    def scheme(self) -> Scheme:
        return self.integration_type.scheme

    @property
    def total(self) -> Money:
        amount = sum((i.price.amount * i.quantity for i in self.items), Decimal(0))
        currency = self.items[0].price.currency if self.items else "RUB"
        return Money(amount, currency)


class Urgency(StrEnum):
    """How close a posting is to its ship-by deadline, for the queue's highlighting."""

    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TIME = "on_time"
    NONE = "none"


DUE_SOON_WINDOW = timedelta(hours=2)


def urgency(ship_by: datetime | None, status: PostingStatus, now: datetime) -> Urgency:
    """Overdue when the ship-by has passed and the seller still holds the posting;
    due soon within two hours of it."""
    if ship_by is None or not status.is_open:
        return Urgency.NONE
    if ship_by <= now:
        return Urgency.OVERDUE
    if ship_by - now <= DUE_SOON_WINDOW:
        return Urgency.DUE_SOON
    return Urgency.ON_TIME


@dataclass(frozen=True, slots=True)
class StatusChange:
    """One recorded move of a posting from one status to another."""

    posting_number: PostingNumber
    old_status: PostingStatus | None
    new_status: PostingStatus
    substatus: str
    changed_at: datetime
    expected: bool
