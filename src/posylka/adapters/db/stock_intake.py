"""Intake of postings: which postings are new or changed since their stock was last settled
(with their items matched to the catalogue), and the markers that remember a posting as taken in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, insert, or_, select

from posylka.adapters.db.stock_levels import chunks
from posylka.adapters.db.stock_reservations import SqlReservations
from posylka.adapters.db.tables import (
    posting_intake,
    posting_items,
    postings,
    products,
    stock_reservations,
)
from posylka.domain.ids import OfferId, PostingNumber, ProductId, Sku, StoreId, WarehouseId
from posylka.domain.postings import PostingStatus
from posylka.domain.stock_reservations import IntakePosting, ReservationState, wanted_lines


class SqlIntake(SqlReservations):
    """Postings to take in and their intake markers on one connection (reading their current
    reservation lines as :class:`SqlReservations` does)."""

    def pending_intake(
        self, store_id: StoreId, *, limit: int, posting_ids: Sequence[int] | None = None
    ) -> list[IntakePosting]:
        """Postings new or changed since they were last taken in, earliest ship-by first.

        Their current reservation lines are read as they stand now; read them again
        (:meth:`reservation_lines`) once the levels are locked."""
        query = (
            select(
                postings.c.id,
                postings.c.posting_number,
                postings.c.status,
                postings.c.warehouse_id,
                postings.c.content_hash,
            )
            .outerjoin(posting_intake, posting_intake.c.posting_id == postings.c.id)
            .where(postings.c.store_id == store_id, _needs_intake(store_id))
            .order_by(postings.c.ship_by.asc().nulls_last(), postings.c.id)
            .limit(limit)
        )
        if posting_ids is not None:
            query = query.where(postings.c.id.in_(list(posting_ids)))
        heads = self._conn.execute(query).all()
        if not heads:
            return []
        ids = [row.id for row in heads]
        items = self._items(store_id, ids)
        current = self.reservation_lines(ids)
        return [
            IntakePosting(
                posting_id=row.id,
                posting_number=PostingNumber(row.posting_number),
                status=PostingStatus.parse(row.status),
                warehouse_id=WarehouseId(row.warehouse_id) if row.warehouse_id else None,
                content_hash=row.content_hash,
                lines=wanted_lines(items.get(row.id, ())),
                current=tuple(current.get(row.id, ())),
            )
            for row in heads
        ]

    def _items(
        self, store_id: StoreId, posting_ids: Sequence[int]
    ) -> dict[int, list[tuple[Sku, OfferId, ProductId | None, int]]]:
        """Each posting's items with the catalogue product they match: by SKU first, then by
        offer id (contracts: a posting item matches a product by ``sku``, then ``offer_id``)."""
        by_sku = (
            select(products.c.id)
            .where(products.c.store_id == store_id, products.c.sku == posting_items.c.sku)
            .limit(1)
            .scalar_subquery()
        )
        by_offer = (
            select(products.c.id)
            .where(
                products.c.store_id == store_id,
                products.c.offer_id == posting_items.c.offer_id,
            )
            .limit(1)
            .scalar_subquery()
        )
        out: dict[int, list[tuple[Sku, OfferId, ProductId | None, int]]] = defaultdict(list)
        for chunk in chunks(posting_ids):
            query = (
                select(
                    posting_items.c.posting_id,
                    posting_items.c.sku,
                    posting_items.c.offer_id,
                    func.coalesce(by_sku, by_offer).label("product_id"),
                    posting_items.c.quantity,
                )
                .where(posting_items.c.posting_id.in_(chunk))
                .order_by(posting_items.c.posting_id, posting_items.c.line_no)
            )
            for posting_id, sku, offer_id, product_id, quantity in self._conn.execute(query):
                out[posting_id].append(
                    (
                        Sku(sku),
                        OfferId(offer_id),
                        ProductId(product_id) if product_id is not None else None,
                        quantity,
                    )
                )
        return out

    def mark_taken(self, marks: Sequence[tuple[int, str]], *, now: datetime) -> None:
        """Remember each posting's content hash as taken in (stock settled, checks run)."""
        ids = [posting_id for posting_id, _ in marks]
        for chunk in chunks(ids):
            self._conn.execute(delete(posting_intake).where(posting_intake.c.posting_id.in_(chunk)))
        rows = [{"posting_id": p, "content_hash": h, "taken_at": now} for p, h in marks]
        for rows_chunk in chunks(rows):
            self._conn.execute(insert(posting_intake), list(rows_chunk))

    def forget_unmatched(self, store_id: StoreId) -> int:
        """Drop the intake marker of postings holding lines no product matched, so the next
        intake pass matches them again (after the catalogue changed)."""
        unmatched = (
            select(stock_reservations.c.posting_id)
            .join(postings, postings.c.id == stock_reservations.c.posting_id)
            .where(
                postings.c.store_id == store_id,
                stock_reservations.c.state == str(ReservationState.HELD),
                stock_reservations.c.product_id.is_(None),
            )
            .distinct()
        )
        ids = list(self._conn.execute(unmatched).scalars())
        for chunk in chunks(ids):
            self._conn.execute(delete(posting_intake).where(posting_intake.c.posting_id.in_(chunk)))
        return len(ids)

    def pending_count(self, store_id: StoreId) -> int:
        query = (
            select(func.count())
            .select_from(
                postings.outerjoin(posting_intake, posting_intake.c.posting_id == postings.c.id)
            )
            .where(postings.c.store_id == store_id, _needs_intake(store_id))
        )
        return int(self._conn.execute(query).scalar_one())


def _needs_intake(store_id: StoreId) -> Any:
    """A posting to take in: never taken in, changed since, or holding a line no product matched
    that a catalogue product now matches (the catalogue grew since)."""
    line = stock_reservations.alias("unmatched")
    rematchable = (
        select(line.c.posting_id)
        .join(
            products,
            and_(
                products.c.store_id == store_id,
                or_(products.c.sku == line.c.sku, products.c.offer_id == line.c.offer_id),
            ),
        )
        .where(
            line.c.posting_id == postings.c.id,
            line.c.state == str(ReservationState.HELD),
            line.c.product_id.is_(None),
        )
        .exists()
    )
    return or_(
        posting_intake.c.posting_id.is_(None),
        posting_intake.c.content_hash != postings.c.content_hash,
        rematchable,
    )
