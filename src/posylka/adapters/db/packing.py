"""Packing station: sessions, scans, weights, evidence
in the database (the ``PackingRepository`` port)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from posylka.adapters.db.tables.packing import packing_evidence, packing_scans, packing_sessions
from posylka.domain.evidence import Evidence, EvidenceKind
from posylka.domain.ids import EvidenceId, PostingNumber, Sku, StoreId, UserId
from posylka.domain.packing import ScanOutcome, ScanRecord, SessionStatus, StationSession


class SqlPackingRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    # --- sessions --------------------------------------------------------------------------------

    def current_session(self, store_id: StoreId, posting_number: str) -> StationSession | None:
        row = (
            self._conn.execute(
                select(packing_sessions)
                .where(
                    packing_sessions.c.store_id == store_id,
                    packing_sessions.c.posting_number == posting_number,
                    packing_sessions.c.status != SessionStatus.SET_ASIDE.value,
                )
                .order_by(packing_sessions.c.id.desc())
                .limit(1)
            )
            .mappings()
            .first()
        )
        return _session(row) if row else None

    def start_session(
        self,
        store_id: StoreId,
        posting_number: PostingNumber,
        *,
        user_id: UserId | None,
        by: str,
        now: datetime,
    ) -> StationSession:
        new_id = self._conn.execute(
            insert(packing_sessions)
            .values(
                store_id=store_id,
                posting_number=posting_number,
                status=SessionStatus.OPEN.value,
                user_id=user_id,
                started_by=by[:100],
                started_at=now,
                weight_verdict="",
            )
            .returning(packing_sessions.c.id)
        ).scalar_one()
        return StationSession(
            int(new_id), store_id, posting_number, SessionStatus.OPEN, by[:100], now
        )

    def set_aside(self, session_id: int) -> None:
        self._set(session_id, status=SessionStatus.SET_ASIDE.value)

    def complete(self, session_id: int, *, now: datetime) -> None:
        self._set(session_id, status=SessionStatus.DONE.value, completed_at=now)

    def record_weight(
        self, session_id: int, *, weight_g: int, expected_g: int | None, verdict: str
    ) -> None:
        self._set(
            session_id, weight_g=weight_g, expected_weight_g=expected_g, weight_verdict=verdict
        )

    def _set(self, session_id: int, **values: Any) -> None:
        self._conn.execute(
            update(packing_sessions).where(packing_sessions.c.id == session_id).values(**values)
        )

    # --- scans -----------------------------------------------------------------------------------

    def log_scan(
        self,
        session_id: int,
        code: str,
        outcome: ScanOutcome,
        sku: Sku | None,
        *,
        user_id: UserId | None,
        now: datetime,
    ) -> None:
        self._conn.execute(
            insert(packing_scans).values(
                session_id=session_id,
                code=code[:200],
                outcome=outcome.value,
                sku=sku,
                scanned_at=now,
                user_id=user_id,
            )
        )

    def accepted_skus(self, session_id: int) -> list[Sku]:
        rows = self._conn.execute(
            select(packing_scans.c.sku)
            .where(
                packing_scans.c.session_id == session_id,
                packing_scans.c.outcome == ScanOutcome.ACCEPTED.value,
            )
            .order_by(packing_scans.c.id)
        )
        return [Sku(int(row.sku)) for row in rows if row.sku is not None]

    def scans(self, session_id: int, *, limit: int = 50) -> list[ScanRecord]:
        rows = self._conn.execute(
            select(packing_scans)
            .where(packing_scans.c.session_id == session_id)
            .order_by(packing_scans.c.id.desc())
            .limit(limit)
        ).mappings()
        return [
            ScanRecord(
                session_id=int(row["session_id"]),
                code=row["code"],
                outcome=ScanOutcome(row["outcome"]),
                sku=Sku(int(row["sku"])) if row["sku"] is not None else None,
                scanned_at=row["scanned_at"],
                user_id=UserId(int(row["user_id"])) if row["user_id"] is not None else None,
            )
            for row in rows
        ]

    # --- evidence --------------------------------------------------------------------------------

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
    ) -> Evidence:
        values = {
            "store_id": store_id,
            "posting_number": posting_number,
            "kind": kind.value,
            "content_type": content_type[:100],
            "size": size,
            "sha256": sha256,
            "path": path,
            "user_id": user_id,
            "created_by": by[:100],
            "created_at": now,
        }
        new_id = self._conn.execute(
            insert(packing_evidence).values(**values).returning(packing_evidence.c.id)
        ).scalar_one()
        return _evidence({**values, "id": new_id})

    def evidence(
        self, posting_number: str, store_ids: Sequence[StoreId] | None = None
    ) -> list[Evidence]:
        query = select(packing_evidence).where(
            packing_evidence.c.posting_number == posting_number.strip()
        )
        if store_ids is not None:
            query = query.where(packing_evidence.c.store_id.in_(list(store_ids)))
        rows = self._conn.execute(query.order_by(packing_evidence.c.id.desc())).mappings()
        return [_evidence(row) for row in rows]

    def evidence_item(self, evidence_id: EvidenceId) -> Evidence | None:
        row = (
            self._conn.execute(select(packing_evidence).where(packing_evidence.c.id == evidence_id))
            .mappings()
            .first()
        )
        return _evidence(row) if row else None

    def recent_evidence(self, *, limit: int = 20) -> list[Evidence]:
        rows = self._conn.execute(
            select(packing_evidence).order_by(packing_evidence.c.id.desc()).limit(limit)
        ).mappings()
        return [_evidence(row) for row in rows]


def _session(row: Any) -> StationSession:
    return StationSession(
        id=int(row["id"]),
        store_id=StoreId(int(row["store_id"])),
        posting_number=PostingNumber(row["posting_number"]),
        status=SessionStatus(row["status"]),
        started_by=row["started_by"],
        started_at=row["started_at"],
        completed_at=row["completed_at"],
        weight_g=row["weight_g"],
        expected_weight_g=row["expected_weight_g"],
        weight_verdict=row["weight_verdict"],
    )


def _evidence(row: Any) -> Evidence:
    return Evidence(
        id=EvidenceId(int(row["id"])),
        store_id=StoreId(int(row["store_id"])),
        posting_number=PostingNumber(row["posting_number"]),
        kind=EvidenceKind(row["kind"]),
        content_type=row["content_type"],
        size=int(row["size"]),
        sha256=row["sha256"],
        path=row["path"],
        created_by=row["created_by"],
        created_at=row["created_at"],
        user_id=UserId(int(row["user_id"])) if row["user_id"] is not None else None,
    )
