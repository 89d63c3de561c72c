"""A posting's life as a timeline of status events, some past and some still to come.

The sandbox never stores "the" status of a posting: it stores when each status begins, and reads
the status at sandbox time. Moving the clock forward therefore moves postings on, as Ozon's would.
Times are whole seconds since the epoch (UTC), which keeps 100,000 postings small and fast.

The order of statuses follows Ozon's FBS and rFBS process descriptions (Seller API, «Схема FBS
Стандарт» and «rFBS Стандарт»): Ozon logistics goes through acceptance at the drop-off point (or a
driver pick-up for express), integrated carriers register the parcel first, the seller's own
couriers report ``delivering`` and ``delivered`` themselves, cross-border parcels may be
``sent_by_seller``; cancellations happen before assembly (buyer or seller) or during delivery
(reasons 665–667).
"""

from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from posylka.sandbox.ozon.network import DeliveryMethod
from posylka.sandbox.ozon.reasons import (
    BUYER_REASON_IDS,
    SELLER_BEFORE_SHIPPING_IDS,
    WHILE_DELIVERING_IDS,
)

MINUTE = 60
HOUR = 3600
DAY = 86400

DEFAULT_SUBSTATUS = {
    "awaiting_verification": "posting_created",
    "awaiting_approve": "posting_created",
    "awaiting_packaging": "posting_created",
    "awaiting_registration": "posting_awaiting_registration",
    "awaiting_deliver": "posting_not_in_carriage",
    "acceptance_in_progress": "posting_acceptance_in_progress",
    "driver_pickup": "posting_driver_pick_up",
    "delivering": "posting_on_way_to_city",
    "not_accepted": "posting_not_in_sort_center",
    "arbitration": "posting_in_arbitration",
    "client_arbitration": "posting_in_client_arbitration",
    "delivered": "posting_delivered",
    "cancelled": "posting_canceled",
    "cancelled_from_split_pending": "posting_split_pending",
    "sent_by_seller": "sent_by_seller",
}
"""The substatus a posting shows on entering each status (Seller API, posting substatuses)."""

HANDED_OVER = frozenset({"acceptance_in_progress", "driver_pickup", "delivering", "sent_by_seller"})


class StatusEvent(NamedTuple):
    """One step of a posting's life (a named tuple: there are hundreds of thousands of them)."""

    at: int
    status: str
    substatus: str


@dataclass(frozen=True, slots=True)
class Cancellation:
    reason_id: int
    cancellation_type: str
    """``client`` (the buyer), ``seller``, ``ozon`` or ``delivery``."""
    initiator: str
    after_ship: bool


@dataclass(frozen=True, slots=True)
class ShipTicket:
    """An assembly Ozon accepted at ``accepted_at`` and carries out by ``done_at``; ``fails``
    when it will end in the substatus ``ship_failed`` instead."""

    accepted_at: int
    done_at: int
    fails: bool = False

    def in_process(self, now: int) -> bool:
        return self.accepted_at <= now < self.done_at


class Timeline:
    """The status events of one posting, sorted by time; later changes replace the future."""

    __slots__ = ("_events", "_times")

    def __init__(self, events: list[StatusEvent]) -> None:
        self._events = events
        self._times = [e.at for e in events]

    @property
    def events(self) -> tuple[StatusEvent, ...]:
        return tuple(self._events)

    @property
    def starts_at(self) -> int:
        return self._times[0]

    def at(self, now: int) -> StatusEvent | None:
        """The event in force at ``now`` (``None`` before the posting exists)."""
        index = bisect_right(self._times, now) - 1
        return self._events[index] if index >= 0 else None

    def previous_substatus(self, now: int) -> str:
        index = bisect_right(self._times, now) - 2
        return self._events[index].substatus if index >= 0 else ""

    def status_changed_at(self, now: int) -> int | None:
        """When the status in force at ``now`` began (substatus-only events do not count)."""
        index = bisect_right(self._times, now) - 1
        if index < 0:
            return None
        status = self._events[index].status
        while index > 0 and self._events[index - 1].status == status:
            index -= 1
        return self._times[index]

    def handed_over_at(self, now: int) -> int | None:
        """When the parcel left the seller (Ozon's ``delivering_date``), if it has by ``now``."""
        for event in self._events:
            if event.at > now:
                return None
            if event.status in HANDED_OVER:
                return event.at
        return None

    def replan(self, now: int, events: list[StatusEvent]) -> None:
        """Keep what happened up to ``now`` and plan ``events`` (all later than ``now``, in
        order) instead of the old future."""
        keep = bisect_right(self._times, now)
        self._events[keep:] = events
        self._times[keep:] = [e.at for e in events]

    def replace_future(self, event: StatusEvent) -> None:
        """Record ``event`` and drop everything planned after it: the posting's future changed."""
        keep = bisect_right(self._times, event.at)
        self._events[keep:] = [event]
        self._times[keep:] = [event.at]


def _between(rng: random.Random, low: float, high: float) -> int:
    return int(low + (high - low) * rng.random())


def plan_life(
    rng: random.Random,
    method: DeliveryMethod,
    created: int,
    ship_by: int,
    delivery_type: str,
) -> tuple[list[StatusEvent], Cancellation | None]:
    """Draw the whole life of one posting: its events from creation on, and how it was cancelled
    if it was."""
    events: list[StatusEvent] = []

    def add(at: int, status: str, substatus: str) -> int:
        at = max(at, events[-1].at + 1) if events else at
        events.append(StatusEvent(at, status, substatus))
        return at

    packaging = created
    roll = rng.random()
    if roll < 0.03:
        add(created, "awaiting_verification", "posting_created")
        packaging = created + _between(rng, 2 * MINUTE, 40 * MINUTE)
    elif method.warehouse.is_rfbs and roll < 0.11:
        add(created, "awaiting_approve", "posting_created")
        packaging = created + _between(rng, 10 * MINUTE, 8 * HOUR)
    packaging = add(packaging, "awaiting_packaging", "posting_created")

    fate = rng.random()
    if fate < 0.06:
        at = packaging + _between(rng, 5 * MINUTE, max(ship_by - packaging, HOUR) + 12 * HOUR)
        if rng.random() < 0.7:
            reason, kind, who = rng.choice(BUYER_REASON_IDS), "client", "Покупатель"
        else:
            reason, kind, who = rng.choice(SELLER_BEFORE_SHIPPING_IDS), "seller", "Продавец"
        add(at, "cancelled", "posting_canceled")
        return events, Cancellation(reason, kind, who, after_ship=False)
    if fate < 0.065:
        add(ship_by - _between(rng, HOUR, 6 * HOUR), "cancelled_from_split_pending",
            "posting_split_pending")  # fmt: skip
        return events, None

    window = max(ship_by - packaging, 30 * MINUTE)
    timing = rng.random()
    if timing < 0.08:
        assembled = ship_by + _between(rng, 30 * MINUTE, 30 * HOUR)
    elif timing < 0.6:
        # Many sellers assemble on the morning of the cutoff day, hours before the deadline.
        assembled = max(packaging + 10 * MINUTE, ship_by - _between(rng, 5 * MINUTE, 5 * HOUR))
    else:
        assembled = packaging + int(window * rng.uniform(0.05, 0.9))

    return events, _after_assembly(rng, method, assembled, ship_by, delivery_type, add, events)


def plan_after_assembly(
    rng: random.Random, method: DeliveryMethod, assembled: int, ship_by: int, delivery_type: str
) -> tuple[list[StatusEvent], Cancellation | None]:
    """The rest of a life from an assembly the seller made at ``assembled``: awaiting delivery,
    handed over near the ship-by time, then delivered as seeded lives are. Unlike seeded lives
    there is no carriage step (the seller forms carriages through the carriage methods) and an
    integrated carrier registers the parcel at once, so the label can follow."""
    events: list[StatusEvent] = []

    def add(at: int, status: str, substatus: str) -> int:
        at = max(at, events[-1].at + 1) if events else at
        events.append(StatusEvent(at, status, substatus))
        return at

    cancellation = _after_assembly(
        rng, method, assembled, ship_by, delivery_type, add, events, seeded=False
    )
    return events, cancellation


def _after_assembly(
    rng: random.Random,
    method: DeliveryMethod,
    assembled: int,
    ship_by: int,
    delivery_type: str,
    add: _Add,
    events: list[StatusEvent],
    *,
    seeded: bool = True,
) -> Cancellation | None:
    """From assembly on: awaiting delivery (with its carriage or registration when ``seeded``),
    the hand-over, the delivery."""
    if method.integration == "3pl_tracking" and not seeded:
        add(assembled, "awaiting_deliver", "posting_registered")
    elif method.integration == "3pl_tracking":
        assembled = add(assembled, "awaiting_registration", "posting_awaiting_registration")
        add(assembled + _between(rng, 5 * MINUTE, 2 * HOUR), "awaiting_deliver",
            "posting_registered")  # fmt: skip
    elif method.integration == "ozon":
        assembled = add(assembled, "awaiting_deliver", "posting_not_in_carriage")
        if seeded and assembled < ship_by - 2 * HOUR:
            add(ship_by - _between(rng, 30 * MINUTE, 2 * HOUR), "awaiting_deliver",
                "posting_in_carriage")  # fmt: skip
    else:
        assembled = add(assembled, "awaiting_deliver", "posting_transferring_to_delivery")

    handover = max(
        events[-1].at + _between(rng, 15 * MINUTE, 2 * HOUR),
        ship_by + _between(rng, -2 * HOUR, 3 * HOUR),
    )
    return _deliver(rng, method, handover, delivery_type, add)


def _deliver(
    rng: random.Random,
    method: DeliveryMethod,
    handover: int,
    delivery_type: str,
    add: _Add,
) -> Cancellation | None:
    """From hand-over to the buyer: the statuses each kind of delivery goes through."""
    at = handover
    if method.integration == "ozon" and method.is_express:
        at = add(at, "driver_pickup", "posting_driver_pick_up")
        at = add(at + _between(rng, 20 * MINUTE, 2 * HOUR), "delivering",
                 "posting_in_courier_service")  # fmt: skip
        add(at + _between(rng, 30 * MINUTE, 3 * HOUR), "delivered", "posting_delivered")
        return None
    if method.integration == "ozon":
        at = add(at, "acceptance_in_progress", "posting_acceptance_in_progress")
        if rng.random() < 0.025:
            at = add(
                at + _between(rng, 6 * HOUR, DAY), "not_accepted", "posting_not_in_sort_center"
            )
            at = add(at + _between(rng, DAY, 2 * DAY), "arbitration", "posting_in_arbitration")
            if rng.random() < 0.3:
                add(at + _between(rng, 2 * DAY, 5 * DAY), "cancelled", "posting_canceled")
                return Cancellation(667, "ozon", "Ozon", after_ship=True)
        at = add(at + _between(rng, 2 * HOUR, 12 * HOUR), "delivering", "posting_on_way_to_city")
        days = (1, 6)
    elif method.cross_border and method.integration == "non_integrated" and rng.random() < 0.5:
        at = add(at, "sent_by_seller", "sent_by_seller")
        at = add(at + _between(rng, 3 * DAY, 8 * DAY), "delivering", "posting_on_way_to_city")
        days = (5, 14)
    else:
        first = "posting_in_courier_service" if method.is_express else "posting_on_way_to_city"
        at = add(at, "delivering", first)
        days = (7, 20) if method.cross_border else (0, 1) if method.is_express else (2, 8)

    arrive = at + _between(rng, days[0] * DAY + 2 * HOUR, days[1] * DAY + 4 * HOUR)
    if delivery_type != "Courier":
        arrive = add(arrive, "delivering", "posting_in_pickup_point")
    if rng.random() < 0.045:
        reason = rng.choice(WHILE_DELIVERING_IDS)
        add(arrive + _between(rng, DAY, 7 * DAY), "cancelled", "posting_canceled")
        kind = "delivery" if reason != 665 else "client"
        who = "Служба доставки" if reason != 665 else "Покупатель"
        return Cancellation(reason, kind, who, after_ship=True)
    done = arrive + (_between(rng, 2 * HOUR, 3 * DAY) if delivery_type != "Courier" else 0)
    if method.integration == "non_integrated" and rng.random() < 0.3:
        done = add(done, "delivered", "posting_conditionally_delivered")
    else:
        substatus = "posting_received" if delivery_type != "Courier" else "posting_delivered"
        done = add(done, "delivered", substatus)
    if rng.random() < 0.015:
        done = add(done + _between(rng, DAY, 5 * DAY), "client_arbitration",
                   "posting_in_client_arbitration")  # fmt: skip
        add(done + _between(rng, 3 * DAY, 10 * DAY), "delivered", "posting_delivered")
    return None


class _Add(Protocol):
    """The shape of ``plan_life``'s ``add``: record an event no earlier than the last one."""

    def __call__(self, at: int, status: str, substatus: str) -> int: ...
