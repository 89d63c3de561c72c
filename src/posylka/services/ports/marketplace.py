"""Ports of the marketplace: one store's view of Ozon, and how one is opened for a store."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from posylka.domain.cancellation import CancelItem
from posylka.domain.catalogue import MarketplaceProductPage
from posylka.domain.ids import PostingNumber, StoreId
from posylka.domain.labels import LabelTask, LabelTaskState
from posylka.domain.postings import Posting
from posylka.domain.stores import DeliveryMethod, StoreCredentials, Warehouse
from posylka.domain.sync import PostingPage, PostingQuery


class MarketplaceGateway(Protocol):
    """One store's view of Ozon. Raises ``posylka.domain.errors.MarketplaceError`` subclasses."""

    @property
    def api_calls(self) -> int:
        """HTTP requests sent so far, retries included."""
        ...

    async def fetch_postings_page(self, query: PostingQuery, cursor: str = "") -> PostingPage: ...

    async def fetch_posting(self, posting_number: PostingNumber) -> Posting: ...

    async def fetch_warehouses(self) -> list[Warehouse]: ...

    async def fetch_delivery_methods(self) -> list[DeliveryMethod]: ...

    async def fetch_products_page(
        self, last_id: str = "", limit: int = 1000
    ) -> MarketplaceProductPage:
        """A page of the seller's products on Ozon (at most ``limit``), after ``last_id``."""
        ...

    async def cancel_posting(
        self, posting_number: PostingNumber, reason_id: int, message: str = ""
    ) -> None: ...

    async def cancel_items(
        self,
        posting_number: PostingNumber,
        items: Sequence[CancelItem],
        reason_id: int,
        message: str,
    ) -> None: ...

    async def fetch_package_labels(self, posting_numbers: Sequence[PostingNumber]) -> bytes:
        """One PDF with the labels of at most 20 postings; ``LabelsNotReady`` or
        ``LabelsRefused`` (``posylka.domain.labels``) when Ozon refuses the call."""
        ...

    async def create_label_task(
        self, posting_numbers: Sequence[PostingNumber]
    ) -> list[LabelTask]: ...

    async def fetch_label_task(self, task_id: int) -> LabelTaskState: ...

    async def download_label_file(self, url: str) -> bytes: ...

    async def aclose(self) -> None: ...


class MarketplaceFactory(Protocol):
    def __call__(self, store_id: StoreId, credentials: StoreCredentials) -> MarketplaceGateway: ...
