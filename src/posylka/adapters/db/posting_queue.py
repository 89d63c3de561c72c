"""The posting queue: postings by ship-by (the most pressing first), filtered, paged by keyset.

The order is ``ship_by ASC NULLS LAST, id``. Databases keep NULLs at one end of an index, and
SQLite cannot serve ``NULLS LAST`` from an ascending index, so the queue reads it as two runs, each
straight from an index and never sorted: postings with a ship-by in ``(ship_by, id)`` order, then
those without one in ``id`` order. A page cursor is the ``(ship_by, id)`` of a boundary row; the
next page continues strictly after it, the previous page strictly before it, so rows inserted
meanwhile shift no page and no row is shown twice.

Filter choices are read with loose index scans (one index seek per distinct value), so they cost
the same with a hundred postings or a hundred thousand.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Row,
    Select,
    bindparam,
    func,
    literal_column,
    select,
    text,
    true,
    tuple_,
)
from sqlalchemy.sql.elements import Tuple

from posylka.adapters.db.tables import (
    UtcDateTime,
    posting_checks,
    posting_items,
    postings,
    stores,
)
from posylka.domain.ids import PostingNumber, StoreId
from posylka.domain.postings import PostingStatus
from posylka.domain.views import FilterOption, QueueFilters, QueuePage, QueueQuery, QueueRow

OPEN = "open"
"""Status filter value: the seller's work (``PostingStatus.is_open``); the default."""
ALL = "all"
"""Status filter value: every status."""

_CENT = Decimal("0.01")
_LIKE_ESCAPE = "\\"

_COLUMNS = (
    postings.c.id,
    postings.c.store_id,
    postings.c.posting_number,
    postings.c.order_number,
    postings.c.status,
    postings.c.substatus,
    postings.c.scheme,
    postings.c.delivery_method_name,
    postings.c.warehouse_name,
    postings.c.ship_by,
    postings.c.item_count,
    postings.c.total_amount,
    postings.c.currency,
    postings.c.buyer_name,
)


@dataclass(frozen=True, slots=True)
class Cursor:
    """A position in the queue: the sort key of one row."""

    ship_by: datetime | None
    id: int

    def encode(self) -> str:
        when = self.ship_by.isoformat() if self.ship_by is not None else ""
        return base64.urlsafe_b64encode(f"{when}|{self.id}".encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> Cursor | None:
        """The cursor in ``token``, or ``None`` for an empty or unreadable one (first page)."""
        if not token:
            return None
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
            when, _, row_id = raw.partition("|")
            ship_by = datetime.fromisoformat(when) if when else None
            if ship_by is not None and ship_by.tzinfo is None:
                return None
            return cls(ship_by, int(row_id))
        except ValueError:
            return None


def status_condition(status: str | None) -> ColumnElement[bool] | None:
    """``open`` (the default) is the seller's work, ``all`` is everything, else one status."""
    wanted = (status or OPEN).strip().lower()
    if wanted == OPEN:
        return postings.c.is_open == true()
    if wanted == ALL:
        return None
    return postings.c.status == wanted


POSTING_NUMBER_PREFIX = re.compile(r"^\d{5,}-[\d-]*$")
"""Text that can only be the start of an order or posting number (``0208245774-0029-1``): its
digits-and-dashes shape appears in no buyer name, article or tracking number."""


def text_condition(needle: str, dialect: str) -> ColumnElement[bool] | None:
    """The lowercased text anywhere in the search text; text shaped like a posting number (as a
    scanner types it) matches posting numbers by prefix, straight from their index."""
    needle = needle.strip()
    if not needle:
        return None
    if POSTING_NUMBER_PREFIX.match(needle):
        if dialect != "sqlite":
            return postings.c.posting_number.like(f"{needle}%")
        # SQLite serves a GLOB prefix from the index; ``likelihood`` tells its planner that
        # this matches a handful of rows, so it reads them from the number's index instead of
        # walking a big status in ship-by order to find them.
        # (Untyped, so that no "= 1" is added around it, which would hide the GLOB.)
        prefix = postings.c.posting_number.op("GLOB")(f"{needle}*")
        hinted: ColumnElement[bool] = func.likelihood(prefix, literal_column("0.000001"))
        return hinted
    return postings.c.search_text.like(f"%{_escape_like(needle.lower())}%", escape=_LIKE_ESCAPE)


def filter_conditions(query: QueueQuery, dialect: str) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.store_id is not None:
        conditions.append(postings.c.store_id == query.store_id)
    if query.warehouse_id is not None:
        conditions.append(postings.c.warehouse_id == query.warehouse_id)
    if query.delivery_method_id is not None:
        conditions.append(postings.c.delivery_method_id == query.delivery_method_id)
    if query.check:
        # Postings whose order checks gave this verdict: read from the verdict's index range.
        verdicts = select(posting_checks.c.posting_id).where(
            posting_checks.c.verdict == query.check
        )
        conditions.append(postings.c.id.in_(verdicts))
    for condition in (status_condition(query.status), text_condition(query.text, dialect)):
        if condition is not None:
            conditions.append(condition)
    return conditions


class PostingQueue:
    """Reads the queue and its filter choices on one connection."""

    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def page(self, query: QueueQuery) -> QueuePage:
        limit = max(1, query.limit)
        conditions = filter_conditions(query, self._conn.dialect.name)
        after, before = Cursor.decode(query.after), Cursor.decode(query.before)
        if before is not None and after is None:
            found = self._backward(conditions, before, limit + 1)
            rows = list(reversed(found[:limit]))
            has_prev, has_next = len(found) > limit, True
        else:
            found = self._forward(conditions, after, limit + 1)
            rows = found[:limit]
            has_prev, has_next = after is not None, len(found) > limit
        total = self._conn.execute(
            select(func.count()).select_from(postings).where(*conditions)
        ).scalar_one()
        return QueuePage(
            rows=self._queue_rows(rows),
            next_cursor=_cursor_of(rows[-1]).encode() if rows and has_next else "",
            prev_cursor=_cursor_of(rows[0]).encode() if rows and has_prev else "",
            total=int(total),
        )

    def _forward(
        self, conditions: list[ColumnElement[bool]], after: Cursor | None, wanted: int
    ) -> list[Row[tuple[object, ...]]]:
        found: list[Row[tuple[object, ...]]] = []
        if after is None or after.ship_by is not None:
            dated = [*conditions, postings.c.ship_by.is_not(None)]
            if after is not None:
                dated.append(tuple_(postings.c.ship_by, postings.c.id) > _key(after))
            found += self._run(
                _rows(dated).order_by(postings.c.ship_by, postings.c.id).limit(wanted)
            )
        if len(found) < wanted:
            undated = [*conditions, postings.c.ship_by.is_(None)]
            if after is not None and after.ship_by is None:
                undated.append(postings.c.id > after.id)
            found += self._run(_rows(undated).order_by(postings.c.id).limit(wanted - len(found)))
        return found

    def _backward(
        self, conditions: list[ColumnElement[bool]], before: Cursor, wanted: int
    ) -> list[Row[tuple[object, ...]]]:
        found: list[Row[tuple[object, ...]]] = []
        if before.ship_by is None:
            undated = [*conditions, postings.c.ship_by.is_(None), postings.c.id < before.id]
            found += self._run(_rows(undated).order_by(postings.c.id.desc()).limit(wanted))
        if len(found) < wanted:
            dated = [*conditions, postings.c.ship_by.is_not(None)]
            if before.ship_by is not None:
                dated.append(tuple_(postings.c.ship_by, postings.c.id) < _key(before))
            found += self._run(
                _rows(dated)
                .order_by(postings.c.ship_by.desc(), postings.c.id.desc())
                .limit(wanted - len(found)),
            )
        return found

    def _run(self, query: Select[tuple[object, ...]]) -> list[Row[tuple[object, ...]]]:
        return list(self._conn.execute(query))

    def _queue_rows(self, rows: Sequence[Row[tuple[object, ...]]]) -> tuple[QueueRow, ...]:
        if not rows:
            return ()
        ids = [row.id for row in rows]
        first_items: dict[int, str] = {
            posting_id: name
            for posting_id, name in self._conn.execute(
                select(posting_items.c.posting_id, posting_items.c.name).where(
                    posting_items.c.posting_id.in_(ids), posting_items.c.line_no == 0
                )
            )
        }
        names: dict[int, str] = {
            store_id: name
            for store_id, name in self._conn.execute(
                select(stores.c.id, stores.c.name).where(
                    stores.c.id.in_({row.store_id for row in rows})
                )
            )
        }
        return tuple(
            QueueRow(
                id=row.id,
                store_id=StoreId(row.store_id),
                store_name=names.get(row.store_id, ""),
                posting_number=PostingNumber(row.posting_number),
                order_number=row.order_number,
                status=row.status,
                substatus=row.substatus,
                scheme=row.scheme,
                delivery_method_name=row.delivery_method_name,
                warehouse_name=row.warehouse_name,
                ship_by=row.ship_by,
                item_count=row.item_count,
                total_amount=str(Decimal(row.total_amount).quantize(_CENT)),
                currency=row.currency,
                buyer_name=row.buyer_name,
                first_item_name=first_items.get(row.id, ""),
            )
            for row in rows
        )

    # --- filter choices -------------------------------------------------------------------------

    def filters(self, store_id: StoreId | None) -> QueueFilters:
        """Every store; the warehouses, delivery methods and statuses that postings (of one store,
        if given) actually have."""
        store_options = tuple(
            FilterOption(str(row.id), row.name)
            for row in self._conn.execute(
                select(stores.c.id, stores.c.name).order_by(stores.c.name)
            )
        )
        return QueueFilters(
            stores=store_options,
            warehouses=self._named_options(
                postings.c.warehouse_id, postings.c.warehouse_name, store_id
            ),
            delivery_methods=self._named_options(
                postings.c.delivery_method_id, postings.c.delivery_method_name, store_id
            ),
            statuses=tuple(
                FilterOption(str(value), str(value))
                for value in sorted(
                    self._distinct(postings.c.status, store_id),
                    key=lambda s: _STATUS_ORDER.get(
                        PostingStatus.parse(str(s)), len(_STATUS_ORDER)
                    ),
                )
            ),
        )

    def _named_options(
        self,
        column: Column[int],
        name_column: Column[str],
        store_id: StoreId | None,
    ) -> tuple[FilterOption, ...]:
        """Distinct ids with the name Ozon sends along in postings (any posting's: one seek)."""
        options = []
        for value in self._distinct(column, store_id):
            where = [column == value]
            if store_id is not None:
                where.append(postings.c.store_id == store_id)
            name = self._conn.execute(
                select(name_column).where(*where).limit(1)
            ).scalar_one_or_none()
            options.append(FilterOption(str(value), name or str(value)))
        return tuple(sorted(options, key=lambda o: (o.label.lower(), o.value)))

    def _distinct(self, column: Column[Any], store_id: StoreId | None) -> list[object]:
        """Distinct non-null values of ``column`` by a loose index scan: each step seeks the next
        larger value instead of reading every row."""
        scope = "store_id = :store_id AND " if store_id is not None else ""
        name = column.name
        statement = text(
            f"WITH RECURSIVE seen(value) AS ("  # noqa: S608 (column names are fixed, not input)
            f" SELECT MIN({name}) FROM postings WHERE {scope}{name} IS NOT NULL"
            f" UNION ALL"
            f" SELECT (SELECT MIN({name}) FROM postings WHERE {scope}{name} > seen.value)"
            f" FROM seen WHERE seen.value IS NOT NULL"
            f") SELECT value FROM seen WHERE value IS NOT NULL"
        )
        params = {"store_id": store_id} if store_id is not None else {}
        return list(self._conn.execute(statement, params).scalars())


_STATUS_ORDER = {status: n for n, status in enumerate(PostingStatus)}


def _rows(conditions: list[ColumnElement[bool]]) -> Select[tuple[object, ...]]:
    return select(*_COLUMNS).where(*conditions)


def _key(cursor: Cursor) -> Tuple:
    return tuple_(
        bindparam(None, cursor.ship_by, type_=UtcDateTime()),
        bindparam(None, cursor.id, type_=postings.c.id.type),
    )


def _cursor_of(row: Row[tuple[object, ...]]) -> Cursor:
    ship_by = row.ship_by
    return Cursor(ship_by if isinstance(ship_by, datetime) else None, int(row.id))


def _escape_like(value: str) -> str:
    return value.replace(_LIKE_ESCAPE, _LIKE_ESCAPE * 2).replace("%", "\\%").replace("_", "\\_")
