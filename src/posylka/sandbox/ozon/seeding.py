"""Seeded postings: orders of one to three postings, one to five items each, spread over the 60 days
before the anchor, each with its whole life drawn in advance.

Everything comes from ``random.Random`` seeded with the sandbox seed, so the same seed always gives
the same postings. Buyers are not drawn here: each posting keeps a ``detail_seed`` from which its
buyer is drawn when it is shown, which keeps seeding 100,000 postings quick.
"""

from __future__ import annotations

import gc
import random
from bisect import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate
from typing import Generic, NamedTuple, TypeVar

from posylka.sandbox.ozon.catalogue import Product
from posylka.sandbox.ozon.network import CHINA_POST, RUSSIAN_POST, DeliveryMethod, Network
from posylka.sandbox.ozon.timeline import (
    DAY,
    HOUR,
    MINUTE,
    Cancellation,
    ShipTicket,
    Timeline,
    plan_life,
)

T = TypeVar("T")

HISTORY_DAYS = 60
ARRIVAL_DAYS = 7
CENT = Decimal("0.01")
DISCOUNTS = (100, 100, 100, 95, 90, 85)
PAYMENTS = ("Карты оплаты", "Карты оплаты", "Ozon Карта", "СБП", "SberPay", "Оплата частями")


class Item(NamedTuple):
    """One line of a posting (a named tuple: seeding makes hundreds of thousands of them)."""

    product: Product
    quantity: int
    price: Decimal
    """The unit price the buyer pays, in RUB."""


@dataclass(slots=True)
class SandboxPosting:
    """One posting as the sandbox keeps it; what Ozon would show is drawn from it at read time."""

    posting_number: str
    order_id: int
    order_number: str
    method: DeliveryMethod
    in_process_at: int
    shipment_date: int
    items: tuple[Item, ...]
    timeline: Timeline
    cancellation: Cancellation | None
    delivery_type: str
    """``Courier``, ``PVZ`` (pick-up point) or ``Postamat``."""
    detail_seed: int
    is_legal: bool
    is_premium: bool
    payment: str
    tracking_number: str
    revision: int = 0
    """Counts the changes made to the posting since seeding; whatever keeps a rendering of the
    posting keys it on this, so every change must bump it (``SandboxState`` does)."""
    seller_tracking: str = ""
    """The tracking number the seller set (rFBS, ``/v2/fbs/posting/tracking-number/set``)."""
    parent_posting_number: str = ""
    """The posting this one was split from by a multi-package assembly (``""`` for others)."""
    assembly: ShipTicket | None = None
    """The seller's latest assembly request (``/v4/posting/fbs/ship``), while it matters."""
    failing_ships: int = 0
    """Fault injection: how many of the next accepted assemblies end in ``ship_failed``."""
    exemplars_missing: bool = False
    """Fault injection: the marking codes of its marked products count as not filled in, so
    assembly is refused with ``EXEMPLAR_INFO_NOT_FILLED_COMPLETELY``."""

    @property
    def key(self) -> tuple[int, str]:
        """Where the posting sorts in the lists: by processing date, then number."""
        return (self.in_process_at, self.posting_number)

    @property
    def is_rfbs(self) -> bool:
        return self.method.warehouse.is_rfbs


class Weighted(Generic[T]):
    """A weighted choice with its running totals computed once (``random.choices`` recomputes
    them on every call, which dominates seeding time)."""

    def __init__(self, options: Sequence[T], weights: Sequence[float]) -> None:
        self._options = tuple(options)
        self._totals = list(accumulate(weights))

    def pick(self, rng: random.Random) -> T:
        return self._options[bisect(self._totals, rng.random() * self._totals[-1])]


ITEM_COUNTS: Weighted[int] = Weighted((1, 2, 3, 4, 5), (60, 22, 10, 5, 3))
QUANTITIES: Weighted[int] = Weighted((1, 2, 3), (85, 10, 5))
ORDER_SIZES: Weighted[int] = Weighted((1, 2, 3), (90, 8, 2))
DELIVERY_TYPES: Weighted[str] = Weighted(("PVZ", "Courier", "Postamat"), (60, 30, 10))


def _ship_by(rng: random.Random, method: DeliveryMethod, created: int) -> int:
    """The ship-by deadline. Ozon logistics takes parcels at the method's daily cutoff after the
    handling time; rFBS sellers set their own preparation time in days (up to 10), so their
    deadlines fall at any hour; express ships within hours."""
    if method.handling_days == (0, 0):
        return created + int(rng.uniform(45 * MINUTE, 2 * HOUR))
    target = created + rng.randint(*method.handling_days) * DAY
    if method.integration != "ozon":
        return target - target % HOUR + HOUR
    target += int(rng.uniform(0, 6 * HOUR))
    cutoff = target - target % DAY + method.cutoff_hour_utc * HOUR
    return cutoff if cutoff >= target else cutoff + DAY


def _delivery_type(rng: random.Random, method: DeliveryMethod) -> str:
    if method.is_express or method.integration == "non_integrated":
        return "Courier"
    return DELIVERY_TYPES.pick(rng)


def _tracking(rng: random.Random, method: DeliveryMethod) -> str:
    """Carrier tracking numbers in each carrier's shape (UPU S10 for China Post, 14-digit RPO for
    Russian Post)."""
    if method.integration == "ozon":
        return ""
    if method.provider == CHINA_POST:
        return f"LP{rng.randint(0, 999_999_999):09d}CN"
    if method.provider == RUSSIAN_POST:
        return f"8010{rng.randint(0, 9_999_999_999):010d}"
    return f"{rng.randint(1_000_000_000, 9_999_999_999)}"


def _items(rng: random.Random, catalogue: tuple[Product, ...]) -> tuple[Item, ...]:
    items = []
    for product in rng.sample(catalogue, ITEM_COUNTS.pick(rng)):
        percent = DISCOUNTS[int(rng.random() * len(DISCOUNTS))]
        price = product.price if percent == 100 else (product.price * percent / 100).quantize(CENT)
        items.append(Item(product, QUANTITIES.pick(rng), price))
    return tuple(items)


def seed_postings(
    seed: int,
    count: int,
    anchor: int,
    catalogue: tuple[Product, ...],
    network: Network,
    *,
    arrivals: int = 0,
) -> list[SandboxPosting]:
    """``count`` postings created in the 60 days before ``anchor``, and ``arrivals`` more created
    in the week after it (invisible until sandbox time reaches them: new orders coming in), sorted
    as the lists sort them."""
    methods = Weighted(network.methods, [m.share for m in network.methods])
    numbers: set[str] = set()

    def past(rng: random.Random) -> int:
        return anchor - int(HISTORY_DAYS * DAY * rng.random() ** 1.6)

    def future(rng: random.Random) -> int:
        return anchor + 1 + int(ARRIVAL_DAYS * DAY * rng.random())

    # Seeding makes hundreds of thousands of small objects and no cycles: the cyclic collector
    # would only rescan them over and over.
    collecting = gc.isenabled()
    gc.disable()
    try:
        rng = random.Random(f"postings:{seed}")
        first_order = rng.randint(300_000_000, 900_000_000)
        postings = _seed(rng, count, past, first_order, catalogue, methods, numbers)
        if arrivals:
            later = random.Random(f"arrivals:{seed}")
            next_order = max((p.order_id for p in postings), default=first_order) + 1000
            postings += _seed(later, arrivals, future, next_order, catalogue, methods, numbers)
    finally:
        if collecting:
            gc.enable()
    postings.sort(key=lambda p: (p.in_process_at, p.posting_number))
    return postings


def _seed(
    rng: random.Random,
    count: int,
    created_at: Callable[[random.Random], int],
    order_id: int,
    catalogue: tuple[Product, ...],
    methods: Weighted[DeliveryMethod],
    numbers: set[str],
) -> list[SandboxPosting]:
    postings: list[SandboxPosting] = []
    while len(postings) < count:
        in_order = min(ORDER_SIZES.pick(rng), count - len(postings))
        order_id += rng.randint(1, 40)
        order_number = f"{rng.randint(10_000_000, 9_999_999_999):010d}-{rng.randint(1, 999):04d}"
        while f"{order_number}-1" in numbers:
            order_number = f"{order_number[:-4]}{(int(order_number[-4:]) + 1) % 10000:04d}"
        created = created_at(rng)
        for index in range(1, in_order + 1):
            method = methods.pick(rng)
            ship_by = _ship_by(rng, method, created)
            delivery_type = _delivery_type(rng, method)
            events, cancellation = plan_life(rng, method, created, ship_by, delivery_type)
            number = f"{order_number}-{index}"
            numbers.add(number)
            postings.append(
                SandboxPosting(
                    posting_number=number,
                    order_id=order_id,
                    order_number=order_number,
                    method=method,
                    in_process_at=created,
                    shipment_date=ship_by,
                    items=_items(rng, catalogue),
                    timeline=Timeline(events),
                    cancellation=cancellation,
                    delivery_type=delivery_type,
                    detail_seed=rng.getrandbits(48),
                    is_legal=rng.random() < 0.04,
                    is_premium=rng.random() < 0.15,
                    payment=rng.choice(PAYMENTS),
                    tracking_number=_tracking(rng, method),
                )
            )
    return postings
