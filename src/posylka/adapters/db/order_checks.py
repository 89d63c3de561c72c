"""Order checks in the database: what the rules read (postings, the store's catalogue keys,
postings around the same time) and what they leave (verdicts, reasons, acceptances)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Connection, and_, delete, insert, select

from posylka.adapters.db.posting_rows import from_row
from posylka.adapters.db.tables import (
    order_check_settings,
    posting_check_acceptances,
    posting_check_reasons,
    posting_checks,
    posting_items,
    postings,
    products,
)
from posylka.domain.ids import OfferId, PostingNumber, Sku, StoreId
from posylka.domain.order_checks import AcceptedReason, PostingCheck, Reason, ReasonCode, Verdict
from posylka.domain.postings import Posting

_T = TypeVar("_T")

_CHUNK = 500
"""Ids per ``IN (...)`` list: well under SQLite's and PostgreSQL's parameter limits."""


class SqlCheckRepository:
    """Order checks on one connection; never commits (the unit of work does)."""

    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    # --- what the rules read --------------------------------------------------------------------

    def postings(self, store_id: StoreId, posting_numbers: Collection[str]) -> list[Posting]:
        """The store's postings of these numbers, with their items (numbers not stored are left
        out)."""
        found: list[Posting] = []
        for chunk in _chunks(sorted(set(posting_numbers))):
            found += self._load(
                and_(postings.c.store_id == store_id, postings.c.posting_number.in_(chunk))
            )
        return found

    def nearby(
        self, store_id: StoreId, around: Iterable[datetime], window: timedelta
    ) -> list[Posting]:
        """The store's postings with a buyer that were processed within ``window`` of any of
        the given times. Close times are merged into one range, so a batch of new postings
        costs a few range reads, not one each."""
        ranges: list[tuple[datetime, datetime]] = []
        for when in sorted(around):
            lo, hi = when - window, when + window
            if ranges and lo <= ranges[-1][1]:
                ranges[-1] = (ranges[-1][0], hi)
            else:
                ranges.append((lo, hi))
        found: list[Posting] = []
        for lo, hi in ranges:
            found += self._load(
                and_(
                    postings.c.store_id == store_id,
                    postings.c.buyer_name != "",
                    postings.c.in_process_at >= lo,
                    postings.c.in_process_at <= hi,
                )
            )
        return found

    def catalogue_keys(
        self, store_id: StoreId, skus: Collection[Sku], offer_ids: Collection[OfferId]
    ) -> tuple[frozenset[Sku], frozenset[OfferId]]:
        """Which of these SKUs and offer_ids the store's catalogue knows."""
        known_skus: set[Sku] = set()
        known_offers: set[OfferId] = set()
        for chunk in _chunks(sorted(skus)):
            known_skus.update(
                Sku(int(value))
                for value in self._conn.execute(
                    select(products.c.sku).where(
                        products.c.store_id == store_id, products.c.sku.in_(chunk)
                    )
                ).scalars()
                if value is not None
            )
        for offers in _chunks(sorted(offer_ids)):
            known_offers.update(
                OfferId(str(value))
                for value in self._conn.execute(
                    select(products.c.offer_id).where(
                        products.c.store_id == store_id, products.c.offer_id.in_(offers)
                    )
                ).scalars()
            )
        return frozenset(known_skus), frozenset(known_offers)

    def open_posting_numbers(self, store_id: StoreId) -> list[PostingNumber]:
        """Every posting of the store still in the seller's hands (to recheck them all)."""
        query = select(postings.c.posting_number).where(
            postings.c.store_id == store_id, postings.c.is_open.is_(True)
        )
        return [PostingNumber(n) for n in self._conn.execute(query).scalars()]

    def with_reason(self, store_id: StoreId, code: str, subject: str) -> list[PostingNumber]:
        """The store's postings whose last check found this reason."""
        query = (
            select(postings.c.posting_number)
            .join(posting_check_reasons, posting_check_reasons.c.posting_id == postings.c.id)
            .where(
                postings.c.store_id == store_id,
                posting_check_reasons.c.code == code,
                posting_check_reasons.c.subject == subject,
            )
        )
        return [PostingNumber(n) for n in self._conn.execute(query).scalars()]

    def deadlines_passed_since_check(self, store_id: StoreId, now: datetime) -> list[PostingNumber]:
        """Open postings of the store whose ship-by passed after their last check."""
        query = (
            select(postings.c.posting_number)
            .join(posting_checks, posting_checks.c.posting_id == postings.c.id)
            .where(
                postings.c.store_id == store_id,
                postings.c.is_open.is_(True),
                postings.c.ship_by <= now,
                postings.c.ship_by > posting_checks.c.checked_at,
            )
        )
        return [PostingNumber(n) for n in self._conn.execute(query).scalars()]

    # --- what the checks leave ------------------------------------------------------------------

    def acceptances(
        self, store_id: StoreId, posting_numbers: Collection[str]
    ) -> dict[PostingNumber, list[AcceptedReason]]:
        found: dict[PostingNumber, list[AcceptedReason]] = defaultdict(list)
        for chunk in _chunks(sorted(set(posting_numbers))):
            query = (
                select(posting_check_acceptances, postings.c.posting_number)
                .join(postings, postings.c.id == posting_check_acceptances.c.posting_id)
                .where(postings.c.store_id == store_id, postings.c.posting_number.in_(chunk))
                .order_by(posting_check_acceptances.c.id)
            )
            for row in self._conn.execute(query).mappings():
                found[PostingNumber(row["posting_number"])].append(_acceptance(row))
        return dict(found)

    def save(
        self,
        store_id: StoreId,
        results: Sequence[tuple[PostingNumber, Verdict, Sequence[Reason]]],
        *,
        now: datetime,
    ) -> None:
        """Store each posting's verdict and reasons, replacing what an earlier check stored."""
        ids = self._ids(store_id, [number for number, _, _ in results])
        rows = [
            (ids[number], verdict, reasons) for number, verdict, reasons in results if number in ids
        ]
        for chunk in _chunks([posting_id for posting_id, _, _ in rows]):
            self._conn.execute(
                delete(posting_check_reasons).where(posting_check_reasons.c.posting_id.in_(chunk))
            )
            self._conn.execute(delete(posting_checks).where(posting_checks.c.posting_id.in_(chunk)))
        if not rows:
            return
        self._conn.execute(
            insert(posting_checks),
            [
                {
                    "posting_id": pid,
                    "store_id": store_id,
                    "verdict": verdict.value,
                    "checked_at": now,
                }
                for pid, verdict, _ in rows
            ],
        )
        reason_rows = [
            {
                "posting_id": pid,
                "position": position,
                "code": reason.code.value,
                "subject": reason.subject[:200],
                "params": dict(reason.params),
            }
            for pid, _, reasons in rows
            for position, reason in enumerate(reasons)
        ]
        if reason_rows:
            self._conn.execute(insert(posting_check_reasons), reason_rows)

    def clear(self, store_id: StoreId, posting_numbers: Collection[str]) -> None:
        """Forget the verdicts of these postings (they left the seller's hands); acceptances
        stay, as part of the posting's record."""
        ids = list(self._ids(store_id, posting_numbers).values())
        for chunk in _chunks(ids):
            self._conn.execute(
                delete(posting_check_reasons).where(posting_check_reasons.c.posting_id.in_(chunk))
            )
            self._conn.execute(delete(posting_checks).where(posting_checks.c.posting_id.in_(chunk)))

    def accept(
        self,
        store_id: StoreId,
        posting_number: str,
        accepted: AcceptedReason,
    ) -> bool:
        """Record that a reason is accepted; ``False`` when the posting is not stored. Accepting
        the same reason again replaces the earlier note."""
        ids = self._ids(store_id, [posting_number])
        posting_id = ids.get(PostingNumber(posting_number))
        if posting_id is None:
            return False
        table = posting_check_acceptances
        self._conn.execute(
            delete(table).where(
                table.c.posting_id == posting_id,
                table.c.code == accepted.code,
                table.c.subject == accepted.subject,
            )
        )
        self._conn.execute(
            insert(table).values(
                posting_id=posting_id,
                code=accepted.code,
                subject=accepted.subject[:200],
                actor=accepted.actor[:100],
                accepted_at=accepted.at,
                note=accepted.note,
            )
        )
        return True

    # --- settings -------------------------------------------------------------------------------

    def duplicate_window(self, store_id: StoreId) -> timedelta | None:
        """The store's own duplicate window, if one was set."""
        minutes = self._conn.execute(
            select(order_check_settings.c.duplicate_window_minutes).where(
                order_check_settings.c.store_id == store_id
            )
        ).scalar_one_or_none()
        return None if minutes is None else timedelta(minutes=int(minutes))

    def set_duplicate_window(self, store_id: StoreId, window: timedelta, *, now: datetime) -> None:
        table = order_check_settings
        self._conn.execute(delete(table).where(table.c.store_id == store_id))
        self._conn.execute(
            insert(table).values(
                store_id=store_id,
                duplicate_window_minutes=int(window.total_seconds() // 60),
                updated_at=now,
            )
        )

    # --- what pages show ------------------------------------------------------------------------

    def of_posting(self, store_id: StoreId, posting_number: str) -> PostingCheck | None:
        return self.of_postings(store_id, [posting_number]).get(PostingNumber(posting_number))

    def of_postings(
        self, store_id: StoreId, posting_numbers: Collection[str]
    ) -> dict[PostingNumber, PostingCheck]:
        """The stored verdicts of these postings (those never checked are left out)."""
        ids = self._ids(store_id, posting_numbers)
        return self._checks({pid: number for number, pid in ids.items()}, store_id)

    def by_posting_ids(self, posting_ids: Collection[int]) -> dict[int, PostingCheck]:
        """Verdicts keyed by posting row id, for the queue's page of rows."""
        numbers: dict[int, PostingNumber] = {}
        for chunk in _chunks(sorted(set(posting_ids))):
            query = select(postings.c.id, postings.c.posting_number).where(postings.c.id.in_(chunk))
            numbers.update((pid, PostingNumber(n)) for pid, n in self._conn.execute(query))
        checks = self._checks(numbers, None)
        by_number = {number: pid for pid, number in numbers.items()}
        return {by_number[number]: check for number, check in checks.items()}

    def _checks(
        self, numbers: dict[int, PostingNumber], store_id: StoreId | None
    ) -> dict[PostingNumber, PostingCheck]:
        if not numbers:
            return {}
        heads: dict[int, tuple[str, datetime]] = {}
        reasons: dict[int, list[Reason]] = defaultdict(list)
        accepted: dict[int, list[AcceptedReason]] = defaultdict(list)
        for chunk in _chunks(sorted(numbers)):
            for row in self._conn.execute(
                select(posting_checks).where(posting_checks.c.posting_id.in_(chunk))
            ).mappings():
                heads[row["posting_id"]] = (row["verdict"], row["checked_at"])
            for row in self._conn.execute(
                select(posting_check_reasons)
                .where(posting_check_reasons.c.posting_id.in_(chunk))
                .order_by(posting_check_reasons.c.posting_id, posting_check_reasons.c.position)
            ).mappings():
                reasons[row["posting_id"]].append(_reason(row))
            for row in self._conn.execute(
                select(posting_check_acceptances)
                .where(posting_check_acceptances.c.posting_id.in_(chunk))
                .order_by(posting_check_acceptances.c.id)
            ).mappings():
                accepted[row["posting_id"]].append(_acceptance(row))
        return {
            numbers[pid]: PostingCheck(
                posting_number=numbers[pid],
                verdict=Verdict(verdict),
                reasons=tuple(reasons[pid]),
                accepted=tuple(accepted[pid]),
                checked_at=checked_at,
            )
            for pid, (verdict, checked_at) in heads.items()
        }

    # --- inside ---------------------------------------------------------------------------------

    def _ids(self, store_id: StoreId, posting_numbers: Collection[str]) -> dict[PostingNumber, int]:
        ids: dict[PostingNumber, int] = {}
        for chunk in _chunks(sorted(set(posting_numbers))):
            query = select(postings.c.posting_number, postings.c.id).where(
                postings.c.store_id == store_id, postings.c.posting_number.in_(chunk)
            )
            ids.update((PostingNumber(n), int(pid)) for n, pid in self._conn.execute(query))
        return ids

    def _load(self, condition: Any) -> list[Posting]:
        rows = list(self._conn.execute(select(postings).where(condition)).mappings())
        if not rows:
            return []
        items: dict[int, list[Any]] = defaultdict(list)
        for chunk in _chunks([row["id"] for row in rows]):
            for item in self._conn.execute(
                select(posting_items)
                .where(posting_items.c.posting_id.in_(chunk))
                .order_by(posting_items.c.posting_id, posting_items.c.line_no)
            ).mappings():
                items[item["posting_id"]].append(item)
        return [from_row(row, items[row["id"]]) for row in rows]


def _reason(row: Any) -> Reason:
    params = row["params"] or {}
    return Reason(
        code=ReasonCode(row["code"]),
        subject=row["subject"],
        params=tuple((str(k), str(v)) for k, v in params.items()),
    )


def _acceptance(row: Any) -> AcceptedReason:
    return AcceptedReason(
        code=row["code"],
        subject=row["subject"],
        actor=row["actor"],
        at=row["accepted_at"],
        note=row["note"],
    )


def _chunks(values: Sequence[_T]) -> Iterable[Sequence[_T]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]
