"""Ports of the order checks: what the rules read and the verdicts they leave."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol

from posylka.domain.ids import OfferId, PostingNumber, Sku, StoreId
from posylka.domain.order_checks import AcceptedReason, PostingCheck, Reason, Verdict
from posylka.domain.postings import Posting


class CheckRepository(Protocol):
    """Order checks: what the rules read and the verdicts they leave (``domain.order_checks``)."""

    def postings(self, store_id: StoreId, posting_numbers: Sequence[str]) -> list[Posting]: ...
    def nearby(
        self, store_id: StoreId, around: Sequence[datetime], window: timedelta
    ) -> list[Posting]:
        """The store's postings with a buyer processed within ``window`` of any of ``around``."""
        ...

    def catalogue_keys(
        self, store_id: StoreId, skus: Sequence[Sku], offer_ids: Sequence[OfferId]
    ) -> tuple[frozenset[Sku], frozenset[OfferId]]:
        """Which of these SKUs and offer_ids the store's catalogue knows."""
        ...

    def open_posting_numbers(self, store_id: StoreId) -> list[PostingNumber]: ...
    def with_reason(self, store_id: StoreId, code: str, subject: str) -> list[PostingNumber]: ...
    def deadlines_passed_since_check(
        self, store_id: StoreId, now: datetime
    ) -> list[PostingNumber]: ...
    def duplicate_window(self, store_id: StoreId) -> timedelta | None: ...
    def set_duplicate_window(
        self, store_id: StoreId, window: timedelta, *, now: datetime
    ) -> None: ...
    def acceptances(
        self, store_id: StoreId, posting_numbers: Sequence[str]
    ) -> dict[PostingNumber, list[AcceptedReason]]: ...
    def save(
        self,
        store_id: StoreId,
        results: Sequence[tuple[PostingNumber, Verdict, Sequence[Reason]]],
        *,
        now: datetime,
    ) -> None: ...
    def clear(self, store_id: StoreId, posting_numbers: Sequence[str]) -> None: ...
    def accept(self, store_id: StoreId, posting_number: str, accepted: AcceptedReason) -> bool: ...
    def of_posting(self, store_id: StoreId, posting_number: str) -> PostingCheck | None: ...
    def by_posting_ids(self, posting_ids: Sequence[int]) -> dict[int, PostingCheck]: ...
