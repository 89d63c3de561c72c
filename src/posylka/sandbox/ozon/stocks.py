"""The sandbox's stock book: how many units Ozon offers for sale per product × warehouse, and the
rules Ozon applies when a seller sets them with ``/v2/products/stocks`` (Seller API,
ProductsStocksV2 and its part of the "Errors" section):

- at most 100 pairs a call, at most 80 calls a minute per Client-Id (the 81st gets HTTP 429);
- the same pair at most once in 30 seconds, else the pair's ``TOO_MANY_REQUESTS`` error;
- an ``offer_id`` the seller does not have: ``offer_id_not_found``; a ``product_id`` alone that
  Ozon does not know: ``NOT_FOUND_ERROR``; a warehouse the seller does not have:
  ``WAREHOUSE_NOT_FOUND``; a stock of a million or more: ``STOCK_TOO_BIG``.

The minute and the 30 seconds shrink by ``window_scale`` so a benchmark can run compressed. The
minute is counted on the rate limiter's monotonic timer; the 30 seconds on sandbox time, so a test
moves the sandbox clock instead of sleeping.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from posylka.adapters.ozon import schemas as wire
from posylka.sandbox.ozon.catalogue import Product
from posylka.sandbox.ozon.clock import SandboxClock
from posylka.sandbox.ozon.network import Warehouse

CALLS_PER_MINUTE = 80
PAIRS_PER_CALL = 100
PAIR_INTERVAL_SECONDS = 30.0
STOCK_CEILING = 1_000_000
"""The first stock Ozon refuses (``STOCK_TOO_BIG``: "less than a million")."""

LOAD_OFFER_PREFIX = "LOAD-"

# Ozon's per-pair codes, with the meaning its "Errors" section gives them.
TOO_MANY_REQUESTS = (
    "TOO_MANY_REQUESTS",
    "Stock of one product on one warehouse can be updated at most once in 30 seconds",
)
OFFER_ID_NOT_FOUND = ("offer_id_not_found", "No product with this offer_id in the seller's account")
NOT_FOUND_ERROR = ("NOT_FOUND_ERROR", "Product not found in the seller's account")
WAREHOUSE_NOT_FOUND = (
    "WAREHOUSE_NOT_FOUND",
    "Warehouse not found: check the warehouse_id and that the warehouse is active",
)
STOCK_TOO_BIG = ("STOCK_TOO_BIG", "The stock is too big: set less than a million")


@dataclass(frozen=True, slots=True)
class Offer:
    """What the stock book knows of a product."""

    offer_id: str
    product_id: int
    sku: int


def load_offers(count: int) -> list[Offer]:
    """Extra products for load tests (``LOAD-000001``, ...), beside the seeded catalogue."""
    return [
        Offer(f"{LOAD_OFFER_PREFIX}{n:06d}", 900_000_000 + n, 3_900_000_000 + n)
        for n in range(1, count + 1)
    ]


def catalogue_offers(catalogue: Iterable[Product]) -> list[Offer]:
    """The seeded catalogue's products; Ozon's ``product_id`` is taken from the product when it
    carries one, else derived from its SKU (the seeded catalogue has no separate id)."""
    offers = []
    for product in catalogue:
        product_id = getattr(product, "product_id", None) or product.sku + 10_000_000_000
        offers.append(Offer(product.offer_id, int(product_id), product.sku))
    return offers


class StockBook:
    """Stock per (offer_id, warehouse_id), as Ozon would hold it for one seller."""

    def __init__(
        self,
        offers: Sequence[Offer],
        warehouses: Sequence[Warehouse],
        *,
        clock: SandboxClock,
        timer: Callable[[], float],
        window_scale: float = 1.0,
    ) -> None:
        if window_scale <= 0:
            raise ValueError(f"the window scale must be positive, not {window_scale}")
        self._by_offer = {o.offer_id: o for o in offers}
        self._by_product = {o.product_id: o for o in offers}
        self._warehouses = {w.id: w.name for w in warehouses}
        self._clock = clock
        self._timer = timer
        self.minute = 60.0 * window_scale
        self.pair_interval = PAIR_INTERVAL_SECONDS * window_scale
        self._calls: dict[str, deque[float]] = {}
        self.stock: dict[tuple[str, int], int] = {}
        self._set_at: dict[tuple[str, int], float] = {}
        self.updates = 0
        """Pairs set so far."""

    # --- the per-minute limit --------------------------------------------------------------------

    def admit_call(self, client_id: str) -> bool:
        """Count one call of the method, or refuse it when 80 were let through in the last minute
        (refusals are not counted)."""
        now = self._timer()
        window = self._calls.setdefault(client_id, deque())
        while window and window[0] <= now - self.minute:
            window.popleft()
        if len(window) >= CALLS_PER_MINUTE:
            return False
        window.append(now)
        return True

    # --- setting and reading ---------------------------------------------------------------------

    def set_stocks(self, items: Sequence[wire.StockItem]) -> list[wire.StockItemResult]:
        """Apply each pair Ozon would accept; one result per pair, in the order given."""
        now = self._clock.now().timestamp()
        return [self._set_one(item, now) for item in items]

    def _set_one(self, item: wire.StockItem, now: float) -> wire.StockItemResult:
        offer = (
            self._by_offer.get(item.offer_id)
            if item.offer_id
            else self._by_product.get(item.product_id or 0)
        )
        result = wire.StockItemResult(
            offer_id=item.offer_id or (offer.offer_id if offer else ""),
            product_id=offer.product_id if offer else (item.product_id or 0),
            warehouse_id=item.warehouse_id,
            updated=False,
            errors=[],
        )
        problem = None
        if offer is None:
            problem = OFFER_ID_NOT_FOUND if item.offer_id else NOT_FOUND_ERROR
        elif item.warehouse_id not in self._warehouses:
            problem = WAREHOUSE_NOT_FOUND
        elif item.stock >= STOCK_CEILING:
            problem = STOCK_TOO_BIG
        else:
            key = (offer.offer_id, item.warehouse_id)
            last = self._set_at.get(key)
            if last is not None and now - last < self.pair_interval:
                problem = TOO_MANY_REQUESTS
            else:
                self.stock[key] = item.stock
                self._set_at[key] = now
                self.updates += 1
        if problem is not None:
            result.errors = [wire.StockItemError(code=problem[0], message=problem[1])]
        else:
            result.updated = True
        return result

    def rows(
        self, offer_ids: Sequence[str] | None = None, skus: Sequence[int] | None = None
    ) -> list[wire.WarehouseStock]:
        """Every pair with stock set, in a stable order, optionally only some products."""
        wanted_offers = set(offer_ids or ())
        wanted_skus = set(skus or ())
        found = []
        for (offer_id, warehouse_id), present in sorted(self.stock.items()):
            offer = self._by_offer[offer_id]
            if wanted_offers and offer_id not in wanted_offers:
                continue
            if wanted_skus and offer.sku not in wanted_skus:
                continue
            found.append(
                wire.WarehouseStock(
                    offer_id=offer_id,
                    product_id=offer.product_id,
                    sku=offer.sku,
                    warehouse_id=warehouse_id,
                    warehouse_name=self._warehouses.get(warehouse_id, ""),
                    present=present,
                    reserved=0,
                    free_stock=present,
                )
            )
        return found

    def put(self, offer_id: str, warehouse_id: int, stock: int) -> None:
        """Set a pair directly, as a change made in Ozon's own seller account would (for drift)."""
        if offer_id not in self._by_offer:
            raise KeyError(offer_id)
        self.stock[(offer_id, warehouse_id)] = stock
