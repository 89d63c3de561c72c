"""The sandbox's store: one seller's catalogue, warehouses, delivery methods and postings, with the
clock that says where each posting is in its life and the changes made to them since start.

Later endpoints (ship, cancel, labels, stocks, carriage) change postings through methods here, so
that every area reads and writes the same state; each such method bumps the posting's
``revision``, which renderings kept between requests are keyed on.
"""

from __future__ import annotations

import random
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from datetime import UTC, datetime

from posylka.domain.postings import PostingStatus
from posylka.sandbox.ozon.catalogue import Product, build_catalogue
from posylka.sandbox.ozon.clock import SandboxClock, as_utc
from posylka.sandbox.ozon.config import SandboxConfig
from posylka.sandbox.ozon.network import DeliveryMethod, Network, Warehouse, build_network
from posylka.sandbox.ozon.seeding import ARRIVAL_DAYS, Item, SandboxPosting, seed_postings
from posylka.sandbox.ozon.stocks import StockBook, catalogue_offers, load_offers
from posylka.sandbox.ozon.timeline import DEFAULT_SUBSTATUS, Cancellation, StatusEvent

SETTABLE_STATUSES = frozenset(s.value for s in PostingStatus if s is not PostingStatus.UNKNOWN)


class UnknownPosting(LookupError):
    def __init__(self, posting_number: str) -> None:
        super().__init__(posting_number)
        self.posting_number = posting_number


class SandboxState:
    """Everything one sandbox knows, built from its config's seed."""

    def __init__(self, config: SandboxConfig, clock: SandboxClock | None = None) -> None:
        self.config = config
        self.clock = clock or SandboxClock(config.now)
        self.anchor = as_utc(config.anchor or config.now or _hour_start(self.clock.now()))
        self.catalogue: tuple[Product, ...] = build_catalogue(random.Random(f"cat:{config.seed}"))
        self.network: Network = build_network(random.Random(f"net:{config.seed}"))
        self.postings: list[SandboxPosting] = seed_postings(
            config.seed,
            config.postings,
            int(self.anchor.timestamp()),
            self.catalogue,
            self.network,
            arrivals=config.arrivals_per_day * ARRIVAL_DAYS,
        )
        self.keys: list[tuple[int, str]] = [p.key for p in self.postings]
        self._by_number = {p.posting_number: p for p in self.postings}
        self.stocks = StockBook(
            catalogue_offers(self.catalogue) + load_offers(config.load_offers),
            self.network.warehouses,
            clock=self.clock,
            timer=config.timer,
            window_scale=config.stock_window_scale,
        )

    # --- reading -------------------------------------------------------------------------------

    def now(self) -> int:
        """Sandbox time in whole seconds, the unit of every timeline."""
        return int(self.clock.now().timestamp())

    @property
    def warehouses(self) -> tuple[Warehouse, ...]:
        return self.network.warehouses

    @property
    def methods(self) -> tuple[DeliveryMethod, ...]:
        return self.network.methods

    def posting(self, posting_number: str) -> SandboxPosting:
        """The posting with this number, if it exists at sandbox time."""
        posting = self._by_number.get(posting_number)
        if posting is None or posting.timeline.starts_at > self.now():
            raise UnknownPosting(posting_number)
        return posting

    def between(
        self, since: int | None, to: int | None, *, descending: bool = False
    ) -> Iterator[SandboxPosting]:
        """Postings processed within ``[since, to]`` in list order (either end may be open)."""
        low = bisect_left(self.keys, (since, "")) if since is not None else 0
        high = bisect_right(self.keys, (to, "\U0010ffff")) if to is not None else len(self.keys)
        return self.walk(low, high, descending=descending)

    def walk(self, low: int, high: int, *, descending: bool) -> Iterator[SandboxPosting]:
        indices = range(high - 1, low - 1, -1) if descending else range(low, high)
        for index in indices:
            yield self.postings[index]

    def position(self, key: tuple[int, str], *, after: bool) -> int:
        """Index in list order just past (``after``) or just before ``key``."""
        return bisect_right(self.keys, key) if after else bisect_left(self.keys, key)

    # --- changing ------------------------------------------------------------------------------

    def set_status(
        self, posting_number: str, status: str, substatus: str | None = None
    ) -> SandboxPosting:
        """Move a posting to ``status`` now; whatever its timeline had planned after now is
        dropped, so the posting stays there until something moves it again."""
        if status not in SETTABLE_STATUSES:
            raise ValueError(f"unknown posting status {status!r}")
        posting = self.posting(posting_number)
        now = self.now()
        posting.timeline.replace_future(
            StatusEvent(now, status, substatus or DEFAULT_SUBSTATUS[status])
        )
        if status == PostingStatus.CANCELLED:
            if posting.cancellation is None:
                shipped = posting.timeline.handed_over_at(now) is not None
                posting.cancellation = Cancellation(402, "seller", "Продавец", after_ship=shipped)
        else:
            posting.cancellation = None
        posting.revision += 1
        return posting

    def cancel(
        self, posting_number: str, reason_id: int, cancellation_type: str = "seller"
    ) -> SandboxPosting:
        """Cancel a posting now for ``reason_id``, as the seller asks with
        ``/v2/posting/fbs/cancel``."""
        posting = self.set_status(posting_number, PostingStatus.CANCELLED)
        shipped = posting.timeline.handed_over_at(self.now()) is not None
        posting.cancellation = Cancellation(reason_id, cancellation_type, "Продавец", shipped)
        return posting

    def add_posting(self, posting: SandboxPosting) -> SandboxPosting:
        """Take in a posting made now (a split of an assembled one), in list order."""
        if posting.posting_number in self._by_number:
            raise ValueError(f"posting {posting.posting_number} exists already")
        index = bisect_right(self.keys, posting.key)
        self.postings.insert(index, posting)
        self.keys.insert(index, posting.key)
        self._by_number[posting.posting_number] = posting
        return posting

    def number_taken(self, posting_number: str) -> bool:
        """Whether a posting has this number, at any sandbox time (arrivals to come included)."""
        return posting_number in self._by_number

    def remove_units(self, posting_number: str, units: dict[int, int]) -> SandboxPosting:
        """Take ``units`` (quantity by SKU) out of a posting's items; lines left with nothing are
        dropped. The caller checks that the posting holds that many."""
        posting = self.posting(posting_number)
        remaining = dict(units)
        kept: list[Item] = []
        for item in posting.items:
            taken = min(item.quantity, remaining.get(item.product.sku, 0))
            remaining[item.product.sku] = remaining.get(item.product.sku, 0) - taken
            left = item.quantity - taken
            if left > 0:
                kept.append(item._replace(quantity=left))
        posting.items = tuple(kept)
        posting.revision += 1
        return posting


def _hour_start(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
