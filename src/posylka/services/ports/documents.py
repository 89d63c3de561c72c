"""Ports of the documents area: after-sales cards, pick-list batches, and the PDF renderer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from posylka.domain.documents import (
    AfterSalesCardData,
    AfterSalesCardSettings,
    PaperSize,
    PickBatch,
    PickListData,
    SlipData,
)
from posylka.domain.ids import BatchId, DeliveryMethodId, PostingNumber, StoreId, UserId
from posylka.domain.postings import Posting


class DocumentRepository(Protocol):
    """After-sales card settings per store, pick-list batches, and postings read for printing."""

    def card_settings(self, store_id: StoreId) -> AfterSalesCardSettings | None: ...
    def save_card_settings(
        self, settings: AfterSalesCardSettings, *, by: str, now: datetime
    ) -> None: ...
    def postings(self, store_id: StoreId, posting_numbers: Sequence[str]) -> list[Posting]:
        """The store's postings among these numbers, in the order asked for; unknown ones are
        left out."""
        ...

    def ready_postings(
        self, store_id: StoreId, delivery_method_id: DeliveryMethodId, *, ship_by_until: datetime
    ) -> list[PostingNumber]: ...
    def add_batch(
        self,
        store_id: StoreId,
        posting_numbers: Sequence[str],
        *,
        title: str,
        created_by: str,
        user_id: UserId | None,
        now: datetime,
    ) -> BatchId: ...
    def batch(self, batch_id: BatchId) -> PickBatch | None: ...
    def batches(self, store_id: StoreId | None = None, *, limit: int = 100) -> list[PickBatch]: ...
    def count_batches(self, store_id: StoreId | None = None) -> int: ...


class DocumentRenderer(Protocol):
    """Lays documents out as PDF bytes."""

    def slips(
        self,
        slips: Sequence[SlipData],
        size: PaperSize,
        *,
        language: str,
        card: AfterSalesCardData | None = None,
    ) -> bytes: ...
    def cards(self, cards: Sequence[AfterSalesCardData], size: PaperSize) -> bytes: ...
    def pick_list(self, data: PickListData, *, language: str) -> bytes: ...
