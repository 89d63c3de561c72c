"""Ports of the packing area: the station's sessions and scan log in the database, and the
evidence files (photos and videos) kept beside it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from posylka.domain.evidence import Evidence, EvidenceKind
from posylka.domain.ids import EvidenceId, PostingNumber, Sku, StoreId, UserId
from posylka.domain.packing import ScanOutcome, ScanRecord, StationSession


class PackingRepository(Protocol):
    """Packing sessions at the station: scans, weights and the photo or video evidence."""

    def current_session(self, store_id: StoreId, posting_number: str) -> StationSession | None:
        """The posting's latest session that was not set aside."""
        ...

    def start_session(
        self,
        store_id: StoreId,
        posting_number: PostingNumber,
        *,
        user_id: UserId | None,
        by: str,
        now: datetime,
    ) -> StationSession: ...

    def set_aside(self, session_id: int) -> None: ...

    def complete(self, session_id: int, *, now: datetime) -> None: ...

    def record_weight(
        self, session_id: int, *, weight_g: int, expected_g: int | None, verdict: str
    ) -> None: ...

    def log_scan(
        self,
        session_id: int,
        code: str,
        outcome: ScanOutcome,
        sku: Sku | None,
        *,
        user_id: UserId | None,
        now: datetime,
    ) -> None: ...

    def accepted_skus(self, session_id: int) -> list[Sku]:
        """The SKUs of the session's accepted scans, oldest first."""
        ...

    def scans(self, session_id: int, *, limit: int = 50) -> list[ScanRecord]:
        """The session's latest scans, newest first."""
        ...

    def add_evidence(
        self,
        store_id: StoreId,
        posting_number: PostingNumber,
        *,
        kind: EvidenceKind,
        content_type: str,
        size: int,
        sha256: str,
        path: str,
        user_id: UserId | None,
        by: str,
        now: datetime,
    ) -> Evidence: ...

    def evidence(
        self, posting_number: str, store_ids: Sequence[StoreId] | None = None
    ) -> list[Evidence]:
        """Evidence of postings with this number (in the given stores, or any), newest first."""
        ...

    def evidence_item(self, evidence_id: EvidenceId) -> Evidence | None: ...

    def recent_evidence(self, *, limit: int = 20) -> list[Evidence]: ...


class EvidenceFiles(Protocol):
    """Where evidence bytes are kept (a folder of the data directory)."""

    def save(self, name: str, content: bytes) -> None:
        """Write a new file under ``name`` (relative; folders made as needed), never over one."""
        ...

    def read(self, name: str) -> bytes: ...

    def exists(self, name: str) -> bool: ...
