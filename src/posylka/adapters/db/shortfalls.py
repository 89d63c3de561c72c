"""Shortfall decisions: what the manager chose for a posting short of stock (one row a posting).

The short postings themselves are INVENTORY's reservation lines (``stock_reservations``); this
repository keeps only the decision beside them, and finds a posting's id by its number.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, Row, delete, insert, select

from posylka.adapters.db.tables import postings, shortfall_decisions
from posylka.domain.ids import StoreId
from posylka.domain.shortfalls import Decision, ShortfallDecision


class SqlShortfallRepository:
    """Reads and writes decisions on one connection; never commits."""

    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def posting_id(self, store_id: StoreId, posting_number: str) -> int | None:
        return self._conn.execute(
            select(postings.c.id).where(
                postings.c.store_id == store_id, postings.c.posting_number == posting_number
            )
        ).scalar_one_or_none()

    def decide(self, decision: ShortfallDecision) -> None:
        """Record ``decision``, replacing the posting's earlier one."""
        self._conn.execute(
            delete(shortfall_decisions).where(
                shortfall_decisions.c.posting_id == decision.posting_id
            )
        )
        self._conn.execute(
            insert(shortfall_decisions).values(
                posting_id=decision.posting_id,
                store_id=decision.store_id,
                decision=decision.decision.value,
                expected_on=decision.expected_on,
                reason_id=decision.reason_id,
                note=decision.note[:2000],
                decided_by=decision.decided_by[:100],
                decided_at=decision.decided_at,
            )
        )

    def clear(self, posting_ids: Sequence[int]) -> None:
        if posting_ids:
            self._conn.execute(
                delete(shortfall_decisions).where(
                    shortfall_decisions.c.posting_id.in_(list(posting_ids))
                )
            )

    def decisions(self, posting_ids: Sequence[int]) -> dict[int, ShortfallDecision]:
        if not posting_ids:
            return {}
        rows = self._conn.execute(
            select(shortfall_decisions).where(
                shortfall_decisions.c.posting_id.in_(list(posting_ids))
            )
        ).all()
        return {row.posting_id: _decision(row) for row in rows}

    def waiting(self, store_id: StoreId | None = None) -> list[ShortfallDecision]:
        """Every "wait for stock" decision (of one store), the earliest expected date first."""
        query = select(shortfall_decisions).where(
            shortfall_decisions.c.decision == Decision.WAIT.value
        )
        if store_id is not None:
            query = query.where(shortfall_decisions.c.store_id == store_id)
        rows = self._conn.execute(
            query.order_by(shortfall_decisions.c.expected_on, shortfall_decisions.c.posting_id)
        ).all()
        return [_decision(row) for row in rows]


def _decision(row: Row[tuple[object, ...]]) -> ShortfallDecision:
    m = row._mapping
    return ShortfallDecision(
        posting_id=int(m["posting_id"]),
        store_id=StoreId(int(m["store_id"])),
        decision=Decision(m["decision"]),
        decided_by=str(m["decided_by"]),
        decided_at=m["decided_at"],
        expected_on=m["expected_on"],
        reason_id=m["reason_id"],
        note=str(m["note"]),
    )
