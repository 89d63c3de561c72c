"""The documents repository: after-sales card settings, pick-list batches, postings to print."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from posylka.adapters.db.posting_rows import from_row
from posylka.adapters.db.tables import (
    after_sales_cards,
    pick_batch_postings,
    pick_batches,
    posting_items,
    postings,
)
from posylka.domain.documents import AfterSalesCardSettings, PickBatch
from posylka.domain.ids import BatchId, DeliveryMethodId, PostingNumber, StoreId, UserId
from posylka.domain.postings import Posting, PostingStatus

CHUNK = 500
"""Posting numbers per ``IN (...)`` list: well under every backend's parameter limit."""


class SqlDocumentRepository:
    """Documents' rows on one connection; never commits (the unit of work does)."""

    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    # --- after-sales cards ------------------------------------------------------------------------

    def card_settings(self, store_id: StoreId) -> AfterSalesCardSettings | None:
        row = (
            self._conn.execute(
                select(after_sales_cards).where(after_sales_cards.c.store_id == store_id)
            )
            .mappings()
            .first()
        )
        if row is None:
            return None
        return AfterSalesCardSettings(
            store_id=StoreId(row["store_id"]),
            enabled=bool(row["enabled"]),
            headline=row["headline"],
            message=row["message"],
            contacts=tuple(line for line in row["contacts"].split("\n") if line),
            link=row["link"],
            link_caption=row["link_caption"],
            updated_at=row["updated_at"],
            updated_by=row["updated_by"],
        )

    def save_card_settings(
        self, settings: AfterSalesCardSettings, *, by: str, now: datetime
    ) -> None:
        values: dict[str, Any] = {
            "enabled": settings.enabled,
            "headline": settings.headline,
            "message": settings.message,
            "contacts": "\n".join(settings.contacts),
            "link": settings.link,
            "link_caption": settings.link_caption,
            "updated_at": now,
            "updated_by": by,
        }
        changed = self._conn.execute(
            update(after_sales_cards)
            .where(after_sales_cards.c.store_id == settings.store_id)
            .values(**values)
        ).rowcount
        if not changed:
            self._conn.execute(
                insert(after_sales_cards).values(store_id=settings.store_id, **values)
            )

    # --- postings to print ------------------------------------------------------------------------

    def postings(self, store_id: StoreId, posting_numbers: Sequence[str]) -> list[Posting]:
        """The store's postings among these numbers with their items, in the order asked for;
        numbers the store does not have are left out."""
        rows: dict[str, Any] = {}
        wanted = list(dict.fromkeys(posting_numbers))
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            for row in self._conn.execute(
                select(postings).where(
                    postings.c.store_id == store_id, postings.c.posting_number.in_(chunk)
                )
            ).mappings():
                rows[row["posting_number"]] = row
        items: dict[int, list[Any]] = {row["id"]: [] for row in rows.values()}
        ids = list(items)
        for start in range(0, len(ids), CHUNK):
            for item in self._conn.execute(
                select(posting_items)
                .where(posting_items.c.posting_id.in_(ids[start : start + CHUNK]))
                .order_by(posting_items.c.posting_id, posting_items.c.line_no)
            ).mappings():
                items[item["posting_id"]].append(item)
        return [from_row(rows[n], items[rows[n]["id"]]) for n in wanted if n in rows]

    def ready_postings(
        self, store_id: StoreId, delivery_method_id: DeliveryMethodId, *, ship_by_until: datetime
    ) -> list[PostingNumber]:
        """Postings awaiting packaging for one delivery method whose ship-by is no later than
        ``ship_by_until``, most pressing first."""
        query = (
            select(postings.c.posting_number)
            .where(
                postings.c.store_id == store_id,
                postings.c.delivery_method_id == delivery_method_id,
                postings.c.status == PostingStatus.AWAITING_PACKAGING.value,
                postings.c.ship_by <= ship_by_until,
            )
            .order_by(postings.c.ship_by, postings.c.posting_number)
        )
        return [PostingNumber(n) for n in self._conn.execute(query).scalars()]

    # --- pick-list batches ------------------------------------------------------------------------

    def add_batch(
        self,
        store_id: StoreId,
        posting_numbers: Sequence[str],
        *,
        title: str,
        created_by: str,
        user_id: UserId | None,
        now: datetime,
    ) -> BatchId:
        """Store a batch of the store's postings (numbers it does not have are skipped)."""
        batch_id = self._conn.execute(
            insert(pick_batches)
            .values(
                store_id=store_id,
                title=title,
                created_by=created_by,
                user_id=user_id,
                created_at=now,
            )
            .returning(pick_batches.c.id)
        ).scalar_one()
        ids = self._posting_ids(store_id, posting_numbers)
        rows = [
            {"batch_id": batch_id, "position": i, "posting_id": ids[n]}
            for i, n in enumerate(dict.fromkeys(posting_numbers))
            if n in ids
        ]
        if rows:
            self._conn.execute(insert(pick_batch_postings), rows)
        return BatchId(batch_id)

    def _posting_ids(self, store_id: StoreId, numbers: Sequence[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        wanted = list(dict.fromkeys(numbers))
        for start in range(0, len(wanted), CHUNK):
            query = select(postings.c.posting_number, postings.c.id).where(
                postings.c.store_id == store_id,
                postings.c.posting_number.in_(wanted[start : start + CHUNK]),
            )
            found.update({n: i for n, i in self._conn.execute(query)})
        return found

    def batch(self, batch_id: BatchId) -> PickBatch | None:
        row = (
            self._conn.execute(select(pick_batches).where(pick_batches.c.id == batch_id))
            .mappings()
            .first()
        )
        if row is None:
            return None
        numbers = self._conn.execute(
            select(postings.c.posting_number)
            .join(pick_batch_postings, pick_batch_postings.c.posting_id == postings.c.id)
            .where(pick_batch_postings.c.batch_id == batch_id)
            .order_by(pick_batch_postings.c.position)
        ).scalars()
        return _batch(row, tuple(PostingNumber(n) for n in numbers))

    def batches(self, store_id: StoreId | None = None, *, limit: int = 100) -> list[PickBatch]:
        """The newest batches first, each with its postings."""
        query = select(pick_batches).order_by(pick_batches.c.id.desc()).limit(limit)
        if store_id is not None:
            query = query.where(pick_batches.c.store_id == store_id)
        rows = list(self._conn.execute(query).mappings())
        numbers: dict[int, list[PostingNumber]] = {row["id"]: [] for row in rows}
        if numbers:
            for batch_id, number in self._conn.execute(
                select(pick_batch_postings.c.batch_id, postings.c.posting_number)
                .join(postings, postings.c.id == pick_batch_postings.c.posting_id)
                .where(pick_batch_postings.c.batch_id.in_(list(numbers)))
                .order_by(pick_batch_postings.c.batch_id, pick_batch_postings.c.position)
            ):
                numbers[batch_id].append(PostingNumber(number))
        return [_batch(row, tuple(numbers[row["id"]])) for row in rows]

    def count_batches(self, store_id: StoreId | None = None) -> int:
        query = select(func.count()).select_from(pick_batches)
        if store_id is not None:
            query = query.where(pick_batches.c.store_id == store_id)
        return int(self._conn.execute(query).scalar_one())


def _batch(row: Any, numbers: tuple[PostingNumber, ...]) -> PickBatch:
    return PickBatch(
        id=BatchId(row["id"]),
        store_id=StoreId(row["store_id"]),
        title=row["title"],
        created_by=row["created_by"],
        created_at=row["created_at"],
        posting_numbers=numbers,
    )
