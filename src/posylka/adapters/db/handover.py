"""Hand-overs, pallet checklist and rFBS tracking
in the database (the ``HandoverRepository`` port).

Postings are named by ``(store_id, posting_number)`` in this area: a handover's postings are the
ones Ozon put in its carriage, which the sync may not have seen yet (a split posting's new
numbers), so they are not tied to the postings table by a foreign key.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, delete, exists, insert, or_, select, update

from posylka.adapters.db.tables import postings
from posylka.adapters.db.tables.handover import (
    handover_documents,
    handover_postings,
    handover_scans,
    handovers,
    rfbs_tracking_log,
)
from posylka.domain.handover import (
    ChecklistLine,
    DocumentKind,
    Handover,
    HandoverState,
    ReadyPosting,
    ScanOutcome,
    ScanRecord,
    ScanResult,
)
from posylka.domain.ids import DeliveryMethodId, HandoverId, PostingNumber, StoreId, UserId
from posylka.domain.rfbs_tracking import RfbsPosting, TrackingEvent

LIVE_STATES = [state.value for state in HandoverState if state.live]
IN_CARRIAGE = "posting_in_carriage"
RFBS_OPEN = ("awaiting_deliver", "sent_by_seller", "delivering")


class SqlHandoverRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    # --- handovers -------------------------------------------------------------------------------

    def ready_postings(self, store_id: StoreId | None = None) -> list[ReadyPosting]:
        held = (
            select(handover_postings.c.posting_number)
            .join(handovers, handovers.c.id == handover_postings.c.handover_id)
            .where(
                handovers.c.store_id == postings.c.store_id,
                handovers.c.state.in_(LIVE_STATES),
                handover_postings.c.posting_number == postings.c.posting_number,
            )
        )
        query = select(
            postings.c.store_id,
            postings.c.posting_number,
            postings.c.delivery_method_id,
            postings.c.delivery_method_name,
            postings.c.ship_by,
        ).where(
            postings.c.status == "awaiting_deliver",
            # Already in a carriage at Ozon (made elsewhere, e.g. in Ozon's own account).
            postings.c.substatus != IN_CARRIAGE,
            postings.c.scheme == "fbs",
            postings.c.delivery_method_id.is_not(None),
            ~exists(held),
        )
        if store_id is not None:
            query = query.where(postings.c.store_id == store_id)
        return [
            ReadyPosting(
                store_id=StoreId(row.store_id),
                posting_number=PostingNumber(row.posting_number),
                delivery_method_id=DeliveryMethodId(row.delivery_method_id),
                delivery_method_name=row.delivery_method_name,
                ship_by=row.ship_by,
            )
            for row in self._conn.execute(query)
        ]

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
    ) -> Handover:
        new_id = self._conn.execute(
            insert(handovers)
            .values(
                store_id=store_id,
                delivery_method_id=delivery_method_id,
                delivery_method_name=delivery_method_name,
                departure_date=departure_date,
                state=HandoverState.DRAFT.value,
                carriage_status="",
                error_code="",
                error_message="",
                created_by=created_by,
                user_id=user_id,
                created_at=now,
                updated_at=now,
            )
            .returning(handovers.c.id)
        ).scalar_one()
        found = self.get(HandoverId(new_id))
        assert found is not None
        return found

    def get(self, handover_id: HandoverId) -> Handover | None:
        found = self._select(handovers.c.id == handover_id)
        return found[0] if found else None

    def live(
        self, store_id: StoreId, delivery_method_id: DeliveryMethodId, departure_date: date
    ) -> Handover | None:
        found = self._select(
            handovers.c.store_id == store_id,
            handovers.c.delivery_method_id == delivery_method_id,
            handovers.c.departure_date == departure_date,
            handovers.c.state.in_(LIVE_STATES),
        )
        return found[0] if found else None

    def recent(self, *, since: date, limit: int = 100) -> list[Handover]:
        return self._select(
            or_(handovers.c.departure_date >= since, handovers.c.state.in_(LIVE_STATES)),
            limit=limit,
        )

    def holders(
        self, posting_number: str, *, excluding: HandoverId | None = None
    ) -> list[Handover]:
        held = select(handover_postings.c.handover_id).where(
            handover_postings.c.posting_number == posting_number
        )
        conditions: list[Any] = [handovers.c.id.in_(held), handovers.c.state.in_(LIVE_STATES)]
        if excluding is not None:
            conditions.append(handovers.c.id != excluding)
        return self._select(*conditions)

    def _select(self, *conditions: Any, limit: int | None = None) -> list[Handover]:
        query = (
            select(handovers)
            .where(*conditions)
            .order_by(handovers.c.departure_date.desc(), handovers.c.id.desc())
        )
        if limit is not None:
            query = query.limit(limit)
        rows = self._conn.execute(query).all()
        kinds: dict[int, list[DocumentKind]] = {}
        if rows:
            found = self._conn.execute(
                select(handover_documents.c.handover_id, handover_documents.c.kind)
                .where(handover_documents.c.handover_id.in_([row.id for row in rows]))
                .order_by(handover_documents.c.kind)
            )
            for handover_id, kind in found:
                kinds.setdefault(handover_id, []).append(DocumentKind(kind))
        return [_handover(row, tuple(kinds.get(row.id, ()))) for row in rows]

    def update(self, handover: Handover) -> None:
        self._conn.execute(
            update(handovers)
            .where(handovers.c.id == handover.id)
            .values(
                state=handover.state.value,
                carriage_id=handover.carriage_id,
                carriage_status=handover.carriage_status,
                containers_count=handover.containers_count,
                error_code=handover.error_code[:100],
                error_message=handover.error_message,
                updated_at=handover.updated_at,
                handed_over_at=handover.handed_over_at,
            )
        )

    # --- the checklist ---------------------------------------------------------------------------

    def set_postings(self, handover_id: HandoverId, numbers: Sequence[PostingNumber]) -> None:
        wanted = set(numbers)
        present = {
            row.posting_number
            for row in self._conn.execute(
                select(handover_postings.c.posting_number).where(
                    handover_postings.c.handover_id == handover_id
                )
            )
        }
        gone = present - wanted
        if gone:
            self._conn.execute(
                delete(handover_postings).where(
                    handover_postings.c.handover_id == handover_id,
                    handover_postings.c.posting_number.in_(sorted(gone)),
                )
            )
        new = sorted(wanted - present)
        if new:
            self._conn.execute(
                insert(handover_postings),
                [{"handover_id": handover_id, "posting_number": n, "counted_by": ""} for n in new],
            )

    def checklist(self, handover_id: HandoverId) -> list[ChecklistLine]:
        rows = self._conn.execute(
            select(handover_postings)
            .where(handover_postings.c.handover_id == handover_id)
            .order_by(handover_postings.c.posting_number)
        )
        return [
            ChecklistLine(PostingNumber(row.posting_number), row.counted_at, row.counted_by)
            for row in rows
        ]

    def count(
        self, handover_id: HandoverId, posting_number: PostingNumber, *, at: datetime, actor: str
    ) -> bool:
        done = self._conn.execute(
            update(handover_postings)
            .where(
                handover_postings.c.handover_id == handover_id,
                handover_postings.c.posting_number == posting_number,
                handover_postings.c.counted_at.is_(None),
            )
            .values(counted_at=at, counted_by=actor[:100])
        )
        return bool(done.rowcount)

    def log_scan(
        self, handover_id: HandoverId, result: ScanResult, *, at: datetime, actor: str
    ) -> None:
        self._conn.execute(
            insert(handover_scans).values(
                handover_id=handover_id,
                code=result.code[:100],
                outcome=result.outcome.value,
                posting_number=result.posting_number or "",
                scanned_at=at,
                actor=actor[:100],
            )
        )

    def scans(self, handover_id: HandoverId, *, limit: int = 20) -> list[ScanRecord]:
        rows = self._conn.execute(
            select(handover_scans)
            .where(handover_scans.c.handover_id == handover_id)
            .order_by(handover_scans.c.id.desc())
            .limit(limit)
        )
        return [
            ScanRecord(
                row.code, ScanOutcome(row.outcome), row.posting_number, row.scanned_at, row.actor
            )
            for row in rows
        ]

    # --- documents -------------------------------------------------------------------------------

    def save_document(
        self, handover_id: HandoverId, kind: DocumentKind, content: bytes, *, at: datetime
    ) -> None:
        self._conn.execute(
            delete(handover_documents).where(
                handover_documents.c.handover_id == handover_id,
                handover_documents.c.kind == kind.value,
            )
        )
        self._conn.execute(
            insert(handover_documents).values(
                handover_id=handover_id, kind=kind.value, content=content, fetched_at=at
            )
        )

    def document(self, handover_id: HandoverId, kind: DocumentKind) -> bytes | None:
        content = self._conn.execute(
            select(handover_documents.c.content).where(
                handover_documents.c.handover_id == handover_id,
                handover_documents.c.kind == kind.value,
            )
        ).scalar_one_or_none()
        return bytes(content) if content is not None else None

    # --- rFBS tracking ---------------------------------------------------------------------------

    def rfbs_postings(
        self,
        *,
        store_id: StoreId | None = None,
        numbers: Sequence[str] | None = None,
        open_only: bool = True,
        limit: int = 500,
    ) -> list[RfbsPosting]:
        query = select(
            postings.c.store_id,
            postings.c.posting_number,
            postings.c.status,
            postings.c.substatus,
            postings.c.tracking_number,
            postings.c.delivery_method_name,
            postings.c.integration_type,
        )
        if numbers is not None:
            query = query.where(postings.c.posting_number.in_(list(numbers)))
        else:
            query = query.where(
                postings.c.scheme == "rfbs", postings.c.integration_type == "non_integrated"
            )
        if open_only:
            query = query.where(postings.c.status.in_(RFBS_OPEN))
        if store_id is not None:
            query = query.where(postings.c.store_id == store_id)
        query = query.order_by(postings.c.ship_by, postings.c.id).limit(limit)
        return [
            RfbsPosting(
                store_id=StoreId(row.store_id),
                posting_number=PostingNumber(row.posting_number),
                status=row.status,
                substatus=row.substatus,
                tracking_number=row.tracking_number,
                delivery_method_name=row.delivery_method_name,
                integration_type=row.integration_type,
            )
            for row in self._conn.execute(query)
        ]

    def set_tracking_number(
        self, store_id: StoreId, posting_number: PostingNumber, tracking_number: str
    ) -> None:
        self._conn.execute(
            update(postings)
            .where(postings.c.store_id == store_id, postings.c.posting_number == posting_number)
            .values(tracking_number=tracking_number)
        )

    def log_tracking(self, events: Sequence[TrackingEvent]) -> None:
        if not events:
            return
        self._conn.execute(
            insert(rfbs_tracking_log),
            [
                {
                    "store_id": e.store_id,
                    "posting_number": e.posting_number,
                    "action": e.action,
                    "value": e.value[:100],
                    "ok": e.ok,
                    "error": e.error[:300],
                    "at": e.at,
                    "actor": e.actor[:100],
                }
                for e in events
            ],
        )

    def tracking_log(
        self, *, store_id: StoreId | None = None, posting_number: str = "", limit: int = 100
    ) -> list[TrackingEvent]:
        conditions: list[Any] = []
        if store_id is not None:
            conditions.append(rfbs_tracking_log.c.store_id == store_id)
        if posting_number:
            conditions.append(rfbs_tracking_log.c.posting_number == posting_number)
        rows = self._conn.execute(
            select(rfbs_tracking_log)
            .where(*conditions)
            .order_by(rfbs_tracking_log.c.id.desc())
            .limit(limit)
        )
        return [
            TrackingEvent(
                store_id=StoreId(row.store_id),
                posting_number=PostingNumber(row.posting_number),
                action=row.action,
                value=row.value,
                ok=row.ok,
                error=row.error,
                at=row.at,
                actor=row.actor,
            )
            for row in rows
        ]


def _handover(row: Any, documents: tuple[DocumentKind, ...]) -> Handover:
    return Handover(
        id=HandoverId(row.id),
        store_id=StoreId(row.store_id),
        delivery_method_id=DeliveryMethodId(row.delivery_method_id),
        delivery_method_name=row.delivery_method_name,
        departure_date=row.departure_date,
        state=HandoverState(row.state),
        created_at=row.created_at,
        updated_at=row.updated_at,
        carriage_id=row.carriage_id,
        carriage_status=row.carriage_status,
        containers_count=row.containers_count,
        error_code=row.error_code,
        error_message=row.error_message,
        created_by=row.created_by,
        user_id=UserId(row.user_id) if row.user_id is not None else None,
        handed_over_at=row.handed_over_at,
        documents=documents,
    )
