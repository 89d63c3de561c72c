"""Ports of the handover area."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from posylka.domain.handover import (
    ChecklistLine,
    DocumentKind,
    Handover,
    ReadyPosting,
    ScanRecord,
    ScanResult,
)
from posylka.domain.ids import DeliveryMethodId, HandoverId, PostingNumber, StoreId, UserId
from posylka.domain.rfbs_tracking import RfbsPosting, TrackingEvent


class HandoverRepository(Protocol):
    """Hand-overs (carriages), their documents and the pallet checklist; rFBS tracking."""

    def ready_postings(self, store_id: StoreId | None = None) -> list[ReadyPosting]:
        """Assembled FBS postings (``awaiting_deliver``) that no live handover holds yet."""
        ...

    def add(
        self,
        *,
        store_id: StoreId,
        delivery_method_id: DeliveryMethodId,
        delivery_method_name: str,
        departure_date: date,
        created_by: str,
        user_id: UserId | None,
        now: datetime,
    ) -> Handover: ...
    def get(self, handover_id: HandoverId) -> Handover | None: ...
    def live(
        self, store_id: StoreId, delivery_method_id: DeliveryMethodId, departure_date: date
    ) -> Handover | None: ...
    def recent(self, *, since: date, limit: int = 100) -> list[Handover]:
        """Handovers departing on or after ``since`` and every live one, the latest first."""
        ...

    def update(self, handover: Handover) -> None: ...
    def set_postings(self, handover_id: HandoverId, numbers: Sequence[PostingNumber]) -> None:
        """The postings the handover covers; counts already made on kept postings stay."""
        ...

    def checklist(self, handover_id: HandoverId) -> list[ChecklistLine]: ...
    def count(
        self, handover_id: HandoverId, posting_number: PostingNumber, *, at: datetime, actor: str
    ) -> bool:
        """Mark a parcel counted; ``False`` when it already was (a scan that raced another)."""
        ...

    def log_scan(
        self, handover_id: HandoverId, result: ScanResult, *, at: datetime, actor: str
    ) -> None: ...
    def scans(self, handover_id: HandoverId, *, limit: int = 20) -> list[ScanRecord]: ...
    def holders(
        self, posting_number: str, *, excluding: HandoverId | None = None
    ) -> list[Handover]:
        """Live handovers that hold ``posting_number``."""
        ...

    def save_document(
        self, handover_id: HandoverId, kind: DocumentKind, content: bytes, *, at: datetime
    ) -> None: ...
    def document(self, handover_id: HandoverId, kind: DocumentKind) -> bytes | None: ...

    def rfbs_postings(
        self,
        *,
        store_id: StoreId | None = None,
        numbers: Sequence[str] | None = None,
        open_only: bool = True,
        limit: int = 500,
    ) -> list[RfbsPosting]:
        """rFBS postings of non-integrated carriers (or the ones named, whatever their carrier),
        awaiting delivery or being delivered unless ``open_only`` is off."""
        ...

    def set_tracking_number(
        self, store_id: StoreId, posting_number: PostingNumber, tracking_number: str
    ) -> None:
        """Keep a tracking number Ozon accepted, until the next sync brings it back itself."""
        ...

    def log_tracking(self, events: Sequence[TrackingEvent]) -> None: ...
    def tracking_log(
        self, *, store_id: StoreId | None = None, posting_number: str = "", limit: int = 100
    ) -> list[TrackingEvent]: ...
