"""Ports of the catalogue area: a store's products with their barcodes and bins."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Protocol

from posylka.domain.catalogue import (
    CatalogueChanges,
    CataloguePage,
    CatalogueQuery,
    Product,
    ProductDraft,
)
from posylka.domain.ids import OfferId, ProductId, Sku, StoreId, WarehouseId


class CatalogueRepository(Protocol):
    """A store's products (``posylka.domain.catalogue``). A posting item matches a product by
    ``sku`` first, then by ``offer_id``."""

    def get(self, product_id: ProductId) -> Product | None: ...
    def by_offer_ids(
        self, store_id: StoreId, offer_ids: Iterable[OfferId]
    ) -> dict[OfferId, Product]: ...
    def by_skus(self, store_id: StoreId, skus: Iterable[Sku]) -> dict[Sku, Product]: ...
    def by_barcode(self, store_id: StoreId, barcode: str) -> Product | None: ...
    def bins(
        self, store_id: StoreId, warehouse_id: WarehouseId, product_ids: Iterable[ProductId]
    ) -> dict[ProductId, str]:
        """The bin of each product in one warehouse (products without one are left out)."""
        ...

    def count(self, store_id: StoreId) -> int: ...
    def search(self, query: CatalogueQuery) -> CataloguePage: ...
    def iterate(self, store_id: StoreId, *, batch: int = 1000) -> Iterator[Product]:
        """Every product of the store in offer_id order, a batch at a time."""
        ...

    def upsert_many(self, drafts: Sequence[ProductDraft], *, now: datetime) -> CatalogueChanges:
        """Create or update by (store, offer_id); barcodes and bins are replaced."""
        ...

    def save(self, product_id: ProductId, draft: ProductDraft, *, now: datetime) -> bool: ...
    def delete(self, product_id: ProductId) -> bool: ...
