"""Pull a store's catalogue from Ozon: every product the seller has there (archived ones too),
merged into posylka's catalogue by offer_id.

Ozon decides a product's SKU, its product id and name and adds its barcodes; what the seller
keeps in posylka (sizes, bins, costs, packaging flags) stays. All pages are fetched first and
written in one transaction, so a pull that fails half-way changes nothing.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace

from posylka.domain.catalogue import MarketplaceProduct, ProductDraft, merge_marketplace
from posylka.domain.errors import MalformedReply
from posylka.domain.ids import OfferId, StoreId
from posylka.services.accounts import SYSTEM_ACTOR
from posylka.services.catalogue import UnknownStore, recheck_postings
from posylka.services.ports import Clock, MarketplaceFactory, UnitOfWorkFactory

MAX_PAGES = 10_000
"""A guard against a list that never ends (10 million products)."""


@dataclass(frozen=True, slots=True)
class PullSummary:
    store_id: StoreId
    seen: int = 0
    created: int = 0
    updated: int = 0
    pages: int = 0
    api_calls: int = 0

    def describe(self) -> str:
        return (
            f"catalogue: {self.seen} products on Ozon, {self.created} new, "
            f"{self.updated} updated ({self.pages} pages, {self.api_calls} calls)"
        )


PAGE_SIZE = 1000
"""Products per page: Ozon's ceiling for ``/v3/product/list``."""


async def fetch_marketplace_products(
    store_id: StoreId,
    *,
    uow: UnitOfWorkFactory,
    marketplace: MarketplaceFactory,
    page_size: int = PAGE_SIZE,
) -> tuple[list[MarketplaceProduct], int, int]:
    """Every product of the store on Ozon, the pages read and the calls made."""
    with uow() as tx:
        if tx.stores.get(store_id) is None:
            raise UnknownStore(store_id)
        credentials = tx.stores.credentials(store_id)
    gateway = marketplace(store_id, credentials)
    found: list[MarketplaceProduct] = []
    pages = 0
    try:
        last_id = ""
        seen_ids: set[str] = set()
        while pages < MAX_PAGES:
            page = await gateway.fetch_products_page(last_id, page_size)
            pages += 1
            found.extend(page.products)
            if not page.last_id:
                break
            if page.last_id in seen_ids:
                raise MalformedReply(
                    f"last_id {page.last_id!r} came back twice", path="/v3/product/list"
                )
            seen_ids.add(page.last_id)
            last_id = page.last_id
        return found, pages, gateway.api_calls
    finally:
        await gateway.aclose()


async def pull_catalogue(
    store_id: StoreId,
    *,
    uow: UnitOfWorkFactory,
    marketplace: MarketplaceFactory,
    clock: Clock,
    page_size: int = PAGE_SIZE,
) -> PullSummary:
    """Fetch every page of the store's products from Ozon, then merge them in one write."""
    items, pages, calls = await fetch_marketplace_products(
        store_id, uow=uow, marketplace=marketplace, page_size=page_size
    )
    by_offer = {item.offer_id: item for item in items if item.offer_id}
    now = clock.now()
    with uow() as tx:
        existing = tx.catalogue.by_offer_ids(store_id, by_offer)
        drafts: dict[OfferId, ProductDraft] = {
            offer: merge_marketplace(
                store_id, item, existing[offer].draft() if offer in existing else None
            )
            for offer, item in by_offer.items()
        }
        # Ozon is the authority on SKUs: a product posylka holds under a SKU that Ozon now
        # gives another offer lets go of it.
        skus = {d.sku: offer for offer, d in drafts.items() if d.sku is not None}
        for sku, holder in tx.catalogue.by_skus(store_id, skus).items():
            if holder.offer_id != skus[sku] and holder.offer_id not in drafts:
                drafts[holder.offer_id] = replace(holder.draft(), sku=None)
        changes = tx.catalogue.upsert_many(list(drafts.values()), now=now)
        tx.audit.record(
            "catalogue.pulled",
            at=now,
            actor=SYSTEM_ACTOR,
            store_id=store_id,
            object_type="store",
            object_id=str(store_id),
            details={"seen": len(by_offer), "created": changes.created, "updated": changes.updated},
        )
        tx.commit()
    if changes.product_ids:
        recheck_postings(store_id, changes.product_ids, uow=uow, clock=clock)
    return PullSummary(store_id, len(by_offer), changes.created, changes.updated, pages, calls)


def pull_catalogue_blocking(
    store_id: StoreId,
    *,
    uow: UnitOfWorkFactory,
    marketplace: MarketplaceFactory,
    clock: Clock,
) -> PullSummary:
    """``pull_catalogue`` for callers outside an event loop (the CLI, job workers)."""
    return asyncio.run(pull_catalogue(store_id, uow=uow, marketplace=marketplace, clock=clock))


class BlockingCataloguePull:
    """The pull for job workers: one store at a time, each in its own event loop."""

    def __init__(
        self, *, uow: UnitOfWorkFactory, marketplace: MarketplaceFactory, clock: Clock
    ) -> None:
        self.uow = uow
        self.marketplace = marketplace
        self.clock = clock

    def pull_store(self, store_id: int) -> PullSummary:
        return pull_catalogue_blocking(
            StoreId(store_id), uow=self.uow, marketplace=self.marketplace, clock=self.clock
        )

    def store_ids(self) -> list[int]:
        with self.uow() as tx:
            return [int(store.id) for store in tx.stores.list()]
