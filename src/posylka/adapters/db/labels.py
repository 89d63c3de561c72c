"""The log of package labels (the ``LabelRepository`` port): each batch fetched from Ozon with its
one print file, and a row per label printed, reprints included, so the log says who printed which
label when and how many times."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, func, insert, select

from posylka.adapters.db.tables import label_batches, label_prints
from posylka.domain.ids import PostingNumber, StoreId, UserId
from posylka.domain.labels import (
    LabelBatch,
    LabelPages,
    LabelPrint,
    LoggedBatch,
    PrintedLabel,
    SetAside,
    SetAsideReason,
)

ACTOR_LENGTH = 100


class SqlLabelRepository:
    """Package label batches and prints on one connection; never commits."""

    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def add_batch(
        self,
        batch: LabelBatch,
        *,
        requested: int,
        at: datetime,
        actor: str,
        user_id: UserId | None,
    ) -> int | None:
        if requested == 0:
            return None
        batch_id = self._conn.execute(
            insert(label_batches)
            .values(
                created_at=at,
                actor=actor[:ACTOR_LENGTH],
                user_id=user_id,
                requested=requested,
                printed=len(batch.printed),
                page_count=batch.page_count,
                set_aside=[_aside_json(item) for item in batch.set_aside],
                pdf=batch.pdf,
            )
            .returning(label_batches.c.id)
        ).scalar_one()
        if batch.printed:
            self._conn.execute(
                insert(label_prints),
                [
                    {
                        "batch_id": batch_id,
                        "store_id": label.store_id,
                        "posting_number": label.posting_number,
                        "first_page": label.first_page,
                        "page_count": label.page_count,
                        "printed_at": at,
                        "actor": actor[:ACTOR_LENGTH],
                        "user_id": user_id,
                        "reprint": False,
                    }
                    for label in batch.printed
                ],
            )
        return int(batch_id)

    def batch(self, batch_id: int) -> LoggedBatch | None:
        row = (
            self._conn.execute(
                select(
                    label_batches.c.id,
                    label_batches.c.created_at,
                    label_batches.c.actor,
                    label_batches.c.requested,
                    label_batches.c.set_aside,
                    label_batches.c.pdf.is_not(None).label("has_file"),
                ).where(label_batches.c.id == batch_id)
            )
            .mappings()
            .first()
        )
        if row is None:
            return None
        printed = self._conn.execute(
            select(
                label_prints.c.store_id,
                label_prints.c.posting_number,
                label_prints.c.first_page,
                label_prints.c.page_count,
            )
            .where(label_prints.c.batch_id == batch_id, label_prints.c.reprint.is_(False))
            .order_by(label_prints.c.first_page, label_prints.c.id)
        ).all()
        return LoggedBatch(
            id=int(row["id"]),
            created_at=row["created_at"],
            actor=row["actor"],
            requested=int(row["requested"]),
            printed=tuple(
                PrintedLabel(StoreId(s), PostingNumber(n), int(first), int(count))
                for s, n, first, count in printed
            ),
            set_aside=tuple(_aside_value(item) for item in row["set_aside"] or []),
            has_file=bool(row["has_file"]),
        )

    def batch_pdf(self, batch_id: int) -> bytes | None:
        value = self._conn.execute(
            select(label_batches.c.pdf).where(label_batches.c.id == batch_id)
        ).scalar_one_or_none()
        return bytes(value) if value is not None else None

    def pages(self, print_ids: Sequence[int]) -> list[LabelPages]:
        if not print_ids:
            return []
        rows = self._conn.execute(
            select(
                label_prints.c.id,
                label_prints.c.batch_id,
                label_prints.c.store_id,
                label_prints.c.posting_number,
                label_prints.c.first_page,
                label_prints.c.page_count,
            ).where(label_prints.c.id.in_([int(i) for i in print_ids]))
        ).all()
        found = {
            int(r.id): LabelPages(
                int(r.id),
                int(r.batch_id),
                StoreId(r.store_id),
                PostingNumber(r.posting_number),
                int(r.first_page),
                int(r.page_count),
            )
            for r in rows
        }
        return [found[int(i)] for i in dict.fromkeys(print_ids) if int(i) in found]

    def add_reprints(
        self, pages: Sequence[LabelPages], *, at: datetime, actor: str, user_id: UserId | None
    ) -> None:
        if not pages:
            return
        self._conn.execute(
            insert(label_prints),
            [
                {
                    "batch_id": item.batch_id,
                    "store_id": item.store_id,
                    "posting_number": item.posting_number,
                    "first_page": item.first_page,
                    "page_count": item.page_count,
                    "printed_at": at,
                    "actor": actor[:ACTOR_LENGTH],
                    "user_id": user_id,
                    "reprint": True,
                }
                for item in pages
            ],
        )

    def prints(
        self, *, limit: int, store_id: StoreId | None = None, posting_number: str = ""
    ) -> list[LabelPrint]:
        earlier = label_prints.alias("earlier")
        times = (
            select(func.count())
            .where(
                and_(
                    earlier.c.store_id == label_prints.c.store_id,
                    earlier.c.posting_number == label_prints.c.posting_number,
                    earlier.c.id <= label_prints.c.id,
                )
            )
            .scalar_subquery()
        )
        query = select(label_prints, times.label("times_printed"))
        if store_id is not None:
            query = query.where(label_prints.c.store_id == store_id)
        if posting_number:
            query = query.where(label_prints.c.posting_number == posting_number)
        query = query.order_by(label_prints.c.id.desc()).limit(limit)
        return [_print(row) for row in self._conn.execute(query).mappings()]


def _print(row: Any) -> LabelPrint:
    return LabelPrint(
        id=int(row["id"]),
        batch_id=int(row["batch_id"]),
        store_id=StoreId(row["store_id"]),
        posting_number=PostingNumber(row["posting_number"]),
        printed_at=row["printed_at"],
        actor=row["actor"],
        user_id=UserId(row["user_id"]) if row["user_id"] is not None else None,
        reprint=bool(row["reprint"]),
        times_printed=int(row["times_printed"]),
    )


def _aside_json(item: SetAside) -> dict[str, Any]:
    return {
        "store_id": int(item.store_id),
        "posting_number": item.posting_number,
        "reason": item.reason.value,
        "detail": item.detail,
    }


def _aside_value(data: dict[str, Any]) -> SetAside:
    try:
        reason = SetAsideReason(data.get("reason", ""))
    except ValueError:
        reason = SetAsideReason.REFUSED
    return SetAside(
        StoreId(int(data.get("store_id", 0))),
        PostingNumber(str(data.get("posting_number", ""))),
        reason,
        str(data.get("detail", "")),
    )
