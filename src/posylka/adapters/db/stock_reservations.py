"""Reservation lines of postings: read them (per posting, per level in ship-by order), replace
or update them, and the reservations SHORTFALLS and the posting page show.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select, tuple_, update

from posylka.adapters.db.stock_levels import chunks
from posylka.adapters.db.tables import postings, stock_reservations
from posylka.domain.ids import OfferId, PostingNumber, ProductId, Sku, StoreId, WarehouseId
from posylka.domain.stock import StockKey
from posylka.domain.stock_reservations import (
    LineProblem,
    PostingReservation,
    ReservationLine,
    ReservationState,
)


class SqlReservations:
    """Reservation lines on one connection."""

    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def reservation_lines(self, posting_ids: Sequence[int]) -> dict[int, list[ReservationLine]]:
        out: dict[int, list[ReservationLine]] = defaultdict(list)
        for chunk in chunks(posting_ids):
            query = (
                select(stock_reservations)
                .where(stock_reservations.c.posting_id.in_(chunk))
                .order_by(stock_reservations.c.posting_id, stock_reservations.c.sku)
            )
            for row in self._conn.execute(query).mappings():
                out[row["posting_id"]].append(_line(row))
        return out

    def held_lines(self, keys: Iterable[StockKey], *, latest_first: bool) -> list[ReservationLine]:
        """Held lines on these levels, in ship-by order (or its reverse)."""
        ordered = sorted(set(keys))
        out: list[ReservationLine] = []
        ship_by = postings.c.ship_by.desc() if latest_first else postings.c.ship_by.asc()
        for chunk in chunks(ordered):
            query = (
                select(stock_reservations)
                .join(postings, postings.c.id == stock_reservations.c.posting_id)
                .where(
                    tuple_(stock_reservations.c.product_id, stock_reservations.c.warehouse_id).in_(
                        [tuple(key) for key in chunk]
                    ),
                    stock_reservations.c.state == str(ReservationState.HELD),
                )
                .order_by(
                    ship_by.nulls_last(),
                    postings.c.id.desc() if latest_first else postings.c.id,
                )
            )
            out.extend(_line(row) for row in self._conn.execute(query).mappings())
        return out

    def save_lines(
        self, posting_ids: Sequence[int], lines: Sequence[ReservationLine], *, now: datetime
    ) -> None:
        """Replace the reservation lines of ``posting_ids`` by ``lines``."""
        for chunk in chunks(posting_ids):
            self._conn.execute(
                delete(stock_reservations).where(stock_reservations.c.posting_id.in_(chunk))
            )
        rows = [_line_row(line, now) for line in lines]
        for rows_chunk in chunks(rows):
            self._conn.execute(insert(stock_reservations), list(rows_chunk))

    def update_lines(self, lines: Sequence[ReservationLine], *, now: datetime) -> None:
        """Write new reserved quantities of existing lines (a fill or a trim)."""
        if lines:
            self._conn.execute(
                _LINE_UPDATE,
                [
                    {
                        "posting": line.posting_id,
                        "line_sku": line.sku,
                        "new_reserved": line.reserved,
                        "new_state": str(line.state),
                        "now": now,
                    }
                    for line in lines
                ],
            )

    def reservation(self, posting_id: int) -> PostingReservation | None:
        """One posting's reservation lines (``None`` for an unknown posting)."""
        head = self._conn.execute(
            select(postings.c.posting_number, postings.c.store_id).where(
                postings.c.id == posting_id
            )
        ).first()
        if head is None:
            return None
        lines = self.reservation_lines([posting_id]).get(posting_id, [])
        return PostingReservation(
            posting_id=posting_id,
            posting_number=PostingNumber(head.posting_number),
            store_id=StoreId(head.store_id),
            lines=tuple(lines),
        )

    def short_postings(self, store_id: StoreId, *, limit: int = 500) -> list[PostingReservation]:
        """Postings holding less than they want, earliest ship-by first."""
        short = (
            select(stock_reservations.c.posting_id)
            .where(
                stock_reservations.c.state == str(ReservationState.HELD),
                stock_reservations.c.reserved < stock_reservations.c.wanted,
            )
            .distinct()
            .subquery()
        )
        heads = self._conn.execute(
            select(postings.c.id, postings.c.posting_number)
            .join(short, short.c.posting_id == postings.c.id)
            .where(postings.c.store_id == store_id)
            .order_by(postings.c.ship_by.asc().nulls_last(), postings.c.id)
            .limit(limit)
        ).all()
        lines = self.reservation_lines([row.id for row in heads])
        return [
            PostingReservation(
                posting_id=row.id,
                posting_number=PostingNumber(row.posting_number),
                store_id=store_id,
                lines=tuple(lines.get(row.id, ())),
            )
            for row in heads
        ]


_LINE_UPDATE = (
    update(stock_reservations)
    .where(
        stock_reservations.c.posting_id == bindparam("posting"),
        stock_reservations.c.sku == bindparam("line_sku"),
    )
    .values(
        reserved=bindparam("new_reserved"),
        state=bindparam("new_state"),
        updated_at=bindparam("now"),
    )
)


def _line(row: Any) -> ReservationLine:
    return ReservationLine(
        posting_id=row["posting_id"],
        sku=Sku(row["sku"]),
        offer_id=OfferId(row["offer_id"]),
        product_id=ProductId(row["product_id"]) if row["product_id"] is not None else None,
        warehouse_id=WarehouseId(row["warehouse_id"]) if row["warehouse_id"] is not None else None,
        wanted=row["wanted"],
        reserved=row["reserved"],
        state=ReservationState(row["state"]),
        problem=LineProblem(row["problem"]),
    )


def _line_row(line: ReservationLine, now: datetime) -> dict[str, Any]:
    return {
        "posting_id": line.posting_id,
        "sku": line.sku,
        "offer_id": line.offer_id,
        "product_id": line.product_id,
        "warehouse_id": line.warehouse_id,
        "wanted": line.wanted,
        "reserved": line.reserved,
        "state": str(line.state),
        "problem": str(line.problem),
        "updated_at": now,
    }
