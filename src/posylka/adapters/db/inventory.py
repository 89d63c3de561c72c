"""The inventory repository: stock levels, the movement ledger, reservations and intake markers.

Writers lock the level rows they change (``SELECT ... FOR UPDATE`` on PostgreSQL, in one key
order so two writers never wait for each other in a circle; on SQLite the unit of work's
``BEGIN IMMEDIATE`` already admits one writer at a time) and write each level back with a guard
on the values they read, so a writer that somehow skipped the lock fails instead of overwriting.
The table's CHECK (``reserved <= on_hand``) is the last line: no code path can oversell.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import (
    Connection,
    and_,
    bindparam,
    case,
    delete,
    func,
    insert,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from posylka.adapters.db.tables import (
    posting_intake,
    posting_items,
    postings,
    product_barcodes,
    products,
    stock_levels,
    stock_movements,
    stock_reservations,
    warehouses,
)
from posylka.domain.ids import OfferId, PostingNumber, ProductId, Sku, StoreId, WarehouseId
from posylka.domain.postings import PostingStatus
from posylka.domain.stock import (
    IntakePosting,
    LevelChangedUnderneath,
    LevelDrift,
    LineProblem,
    Movement,
    MovementKind,
    MovementRecord,
    PostingReservation,
    ProductRef,
    ReservationLine,
    ReservationState,
    StockKey,
    StockLevel,
    StockLevelRow,
    StockQuery,
    WarehouseRef,
    wanted_lines,
)

CHUNK = 500
"""Keys per ``IN (...)``: well under every database's limit on bound parameters."""

_T = TypeVar("_T")


def _chunks(items: Sequence[_T], size: int = CHUNK) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class SqlInventoryRepository:
    """Stock on one connection; never commits (the unit of work does)."""

    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    # --- levels -----------------------------------------------------------------------------------

    def levels(
        self, store_id: StoreId, *, changed_since: datetime | None = None
    ) -> list[StockLevelRow]:
        """Every level of a store's products (those changed after ``changed_since``, if given)."""
        query = self._level_rows().where(products.c.store_id == store_id)
        if changed_since is not None:
            query = query.where(stock_levels.c.changed_at > changed_since)
        return [_level_row(row) for row in self._conn.execute(query).mappings()]

    def search(self, store_id: StoreId, query: StockQuery) -> list[StockLevelRow]:
        """The stock page: levels matching a text (offer id, name or SKU), in offer id order."""
        select_ = self._level_rows().where(products.c.store_id == store_id)
        if query.warehouse_id is not None:
            select_ = select_.where(stock_levels.c.warehouse_id == query.warehouse_id)
        if query.product_id is not None:
            select_ = select_.where(stock_levels.c.product_id == query.product_id)
        text = query.text.strip()
        if text:
            pattern = f"%{_escape_like(text.lower())}%"
            matches: list[Any] = [
                func.lower(products.c.offer_id).like(pattern, escape="\\"),
                func.lower(products.c.name).like(pattern, escape="\\"),
            ]
            if text.isdigit():
                matches.append(products.c.sku == int(text))
            select_ = select_.where(or_(*matches))
        if query.low_only:
            select_ = select_.where(_is_low())
        select_ = select_.order_by(products.c.offer_id, stock_levels.c.warehouse_id).limit(
            query.limit
        )
        return [_level_row(row) for row in self._conn.execute(select_).mappings()]

    def low_stock_count(self, store_id: StoreId | None = None) -> int:
        query = (
            select(func.count())
            .select_from(stock_levels.join(products, products.c.id == stock_levels.c.product_id))
            .where(_is_low())
        )
        if store_id is not None:
            query = query.where(products.c.store_id == store_id)
        return int(self._conn.execute(query).scalar_one())

    def lock_levels(self, keys: Iterable[StockKey], *, now: datetime) -> list[StockLevel]:
        """The levels of ``keys``, locked until the transaction ends; missing rows are created
        at zero first (a product never received still has a level to reserve against)."""
        ordered = sorted(set(keys))
        if not ordered:
            return []
        self._create_missing(ordered, now=now)
        found: list[StockLevel] = []
        for chunk in _chunks(ordered):
            query = (
                select(
                    stock_levels.c.product_id,
                    stock_levels.c.warehouse_id,
                    stock_levels.c.on_hand,
                    stock_levels.c.reserved,
                )
                .where(
                    tuple_(stock_levels.c.product_id, stock_levels.c.warehouse_id).in_(
                        [tuple(key) for key in chunk]
                    )
                )
                .order_by(stock_levels.c.product_id, stock_levels.c.warehouse_id)
                .with_for_update()
            )
            found.extend(
                StockLevel(ProductId(p), WarehouseId(w), on_hand, reserved)
                for p, w, on_hand, reserved in self._conn.execute(query)
            )
        return found

    def _create_missing(self, keys: Sequence[StockKey], *, now: datetime) -> None:
        rows = [
            {"product_id": p, "warehouse_id": w, "on_hand": 0, "reserved": 0, "changed_at": now}
            for p, w in keys
        ]
        if self._conn.dialect.name == "postgresql":
            statement: Any = pg_insert(stock_levels).on_conflict_do_nothing()
        else:
            statement = sqlite_insert(stock_levels).on_conflict_do_nothing()
        for chunk in _chunks(rows, 200):
            self._conn.execute(statement, list(chunk))

    def write(
        self,
        changes: Sequence[tuple[StockLevel, StockLevel]],
        movements: Sequence[Movement],
        *,
        now: datetime,
    ) -> None:
        """Write levels (guarded by the values they were read with) and their movements.

        One statement for all levels (``executemany``); the guard makes a row whose values moved
        under the lock match nothing, and the summed row count tells."""
        if changes:
            params = [
                {
                    "p": before.product_id,
                    "w": before.warehouse_id,
                    "old_on_hand": before.on_hand,
                    "old_reserved": before.reserved,
                    "new_on_hand": after.on_hand,
                    "new_reserved": after.reserved,
                    "now": now,
                }
                for before, after in changes
            ]
            result = self._conn.execute(_GUARDED_LEVEL_UPDATE, params)
            if result.rowcount != len(params):
                self._raise_for_moved(changes)
        rows = [
            {
                "product_id": m.product_id,
                "warehouse_id": m.warehouse_id,
                "kind": str(m.kind),
                "quantity": m.quantity,
                "posting_id": m.posting_id,
                "reason": m.reason[:300],
                "actor": m.actor[:100],
                "at": now,
            }
            for m in movements
        ]
        for chunk in _chunks(rows):
            self._conn.execute(insert(stock_movements), list(chunk))

    def _raise_for_moved(self, changes: Sequence[tuple[StockLevel, StockLevel]]) -> None:
        for before, _ in changes:
            now_row = self._conn.execute(
                select(stock_levels.c.on_hand, stock_levels.c.reserved).where(
                    stock_levels.c.product_id == before.product_id,
                    stock_levels.c.warehouse_id == before.warehouse_id,
                )
            ).first()
            if now_row is None or tuple(now_row) != (before.on_hand, before.reserved):
                raise LevelChangedUnderneath(before.product_id, before.warehouse_id)
        raise LevelChangedUnderneath(changes[0][0].product_id, changes[0][0].warehouse_id)

    # --- history and the ledger's own check -------------------------------------------------

    def history(
        self, product_id: ProductId, *, warehouse_id: WarehouseId | None = None, limit: int = 100
    ) -> list[MovementRecord]:
        query = (
            select(stock_movements, postings.c.posting_number)
            .outerjoin(postings, postings.c.id == stock_movements.c.posting_id)
            .where(stock_movements.c.product_id == product_id)
            .order_by(stock_movements.c.id.desc())
            .limit(limit)
        )
        if warehouse_id is not None:
            query = query.where(stock_movements.c.warehouse_id == warehouse_id)
        return [
            MovementRecord(
                id=row["id"],
                product_id=ProductId(row["product_id"]),
                warehouse_id=WarehouseId(row["warehouse_id"]),
                kind=MovementKind(row["kind"]),
                quantity=row["quantity"],
                reason=row["reason"],
                actor=row["actor"],
                at=row["at"],
                posting_number=(
                    PostingNumber(row["posting_number"]) if row["posting_number"] else None
                ),
            )
            for row in self._conn.execute(query).mappings()
        ]

    def drift(self, store_id: StoreId | None = None) -> list[LevelDrift]:
        """Levels that differ from what their movements add up to (empty when all agree)."""
        on_hand_kinds = [str(k) for k in MovementKind if k.moves_on_hand]
        reserved_kinds = [str(k) for k in MovementKind if k.moves_reserved]
        q = stock_movements.c.quantity
        sums = (
            select(
                stock_movements.c.product_id,
                stock_movements.c.warehouse_id,
                func.sum(case((stock_movements.c.kind.in_(on_hand_kinds), q), else_=0)).label(
                    "on_hand"
                ),
                func.sum(case((stock_movements.c.kind.in_(reserved_kinds), q), else_=0)).label(
                    "reserved"
                ),
            )
            .group_by(stock_movements.c.product_id, stock_movements.c.warehouse_id)
            .subquery()
        )
        joined = stock_levels.outerjoin(
            sums,
            and_(
                sums.c.product_id == stock_levels.c.product_id,
                sums.c.warehouse_id == stock_levels.c.warehouse_id,
            ),
        ).join(products, products.c.id == stock_levels.c.product_id)
        ledger_on_hand = func.coalesce(sums.c.on_hand, 0)
        ledger_reserved = func.coalesce(sums.c.reserved, 0)
        query = (
            select(
                stock_levels.c.product_id,
                stock_levels.c.warehouse_id,
                products.c.offer_id,
                stock_levels.c.on_hand,
                stock_levels.c.reserved,
                ledger_on_hand.label("ledger_on_hand"),
                ledger_reserved.label("ledger_reserved"),
            )
            .select_from(joined)
            .where(
                or_(
                    stock_levels.c.on_hand != ledger_on_hand,
                    stock_levels.c.reserved != ledger_reserved,
                )
            )
            .order_by(stock_levels.c.product_id, stock_levels.c.warehouse_id)
        )
        if store_id is not None:
            query = query.where(products.c.store_id == store_id)
        return [
            LevelDrift(
                product_id=ProductId(row.product_id),
                warehouse_id=WarehouseId(row.warehouse_id),
                offer_id=OfferId(row.offer_id),
                on_hand=row.on_hand,
                reserved=row.reserved,
                ledger_on_hand=int(row.ledger_on_hand),
                ledger_reserved=int(row.ledger_reserved),
            )
            for row in self._conn.execute(query)
        ]

    def set_level(self, drift: LevelDrift, *, now: datetime) -> None:
        """Put a drifted level back to what its ledger says."""
        self._conn.execute(
            update(stock_levels)
            .where(
                stock_levels.c.product_id == drift.product_id,
                stock_levels.c.warehouse_id == drift.warehouse_id,
            )
            .values(on_hand=drift.ledger_on_hand, reserved=drift.ledger_reserved, changed_at=now)
        )

    # --- reservations -----------------------------------------------------------------------------

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
        for chunk in _chunks(posting_ids):
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

    def reservation_lines(self, posting_ids: Sequence[int]) -> dict[int, list[ReservationLine]]:
        out: dict[int, list[ReservationLine]] = defaultdict(list)
        for chunk in _chunks(posting_ids):
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
        for chunk in _chunks(ordered):
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
        for chunk in _chunks(posting_ids):
            self._conn.execute(
                delete(stock_reservations).where(stock_reservations.c.posting_id.in_(chunk))
            )
        rows = [_line_row(line, now) for line in lines]
        for rows_chunk in _chunks(rows):
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

    def mark_taken(self, marks: Sequence[tuple[int, str]], *, now: datetime) -> None:
        """Remember each posting's content hash as taken in (stock settled, checks run)."""
        ids = [posting_id for posting_id, _ in marks]
        for chunk in _chunks(ids):
            self._conn.execute(delete(posting_intake).where(posting_intake.c.posting_id.in_(chunk)))
        rows = [{"posting_id": p, "content_hash": h, "taken_at": now} for p, h in marks]
        for rows_chunk in _chunks(rows):
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
        for chunk in _chunks(ids):
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

    # --- what a person names when recording stock -----------------------------------------------

    def find_products(self, store_id: StoreId, references: Iterable[str]) -> dict[str, ProductRef]:
        """Products named by offer id, SKU or barcode (in that order of preference)."""
        wanted = sorted({ref.strip() for ref in references if ref.strip()})
        found: dict[str, ProductRef] = {}
        columns = (products.c.id, products.c.offer_id, products.c.name)
        for chunk in _chunks(wanted):
            for row in self._conn.execute(
                select(*columns, products.c.sku).where(
                    products.c.store_id == store_id, products.c.offer_id.in_(chunk)
                )
            ):
                found[row.offer_id] = ProductRef(ProductId(row.id), OfferId(row.offer_id), row.name)
            skus = [int(ref) for ref in chunk if ref.isdigit() and ref not in found]
            if skus:
                for row in self._conn.execute(
                    select(*columns, products.c.sku).where(
                        products.c.store_id == store_id, products.c.sku.in_(skus)
                    )
                ):
                    ref = ProductRef(ProductId(row.id), OfferId(row.offer_id), row.name)
                    found.setdefault(str(row.sku), ref)
            rest = [ref for ref in chunk if ref not in found]
            if rest:
                for row in self._conn.execute(
                    select(*columns, product_barcodes.c.barcode)
                    .join(product_barcodes, product_barcodes.c.product_id == products.c.id)
                    .where(products.c.store_id == store_id, product_barcodes.c.barcode.in_(rest))
                ):
                    ref = ProductRef(ProductId(row.id), OfferId(row.offer_id), row.name)
                    found.setdefault(row.barcode, ref)
        return found

    def product(self, product_id: ProductId) -> ProductRef | None:
        row = self._conn.execute(
            select(products.c.id, products.c.offer_id, products.c.name, products.c.store_id).where(
                products.c.id == product_id
            )
        ).first()
        if row is None:
            return None
        return ProductRef(ProductId(row.id), OfferId(row.offer_id), row.name, StoreId(row.store_id))

    def warehouses(self, store_id: StoreId) -> list[WarehouseRef]:
        rows = self._conn.execute(
            select(warehouses.c.warehouse_id, warehouses.c.name)
            .where(warehouses.c.store_id == store_id)
            .order_by(warehouses.c.name, warehouses.c.warehouse_id)
        )
        return [WarehouseRef(WarehouseId(row.warehouse_id), row.name) for row in rows]

    # --- shared query pieces ----------------------------------------------------------------------

    @staticmethod
    def _level_rows() -> Any:
        return select(
            stock_levels.c.product_id,
            stock_levels.c.warehouse_id,
            products.c.store_id,
            products.c.offer_id,
            products.c.sku,
            products.c.name,
            stock_levels.c.on_hand,
            stock_levels.c.reserved,
            products.c.safety_buffer,
            products.c.low_stock_threshold,
            stock_levels.c.changed_at,
        ).join(products, products.c.id == stock_levels.c.product_id)


_GUARDED_LEVEL_UPDATE = (
    update(stock_levels)
    .where(
        stock_levels.c.product_id == bindparam("p"),
        stock_levels.c.warehouse_id == bindparam("w"),
        stock_levels.c.on_hand == bindparam("old_on_hand"),
        stock_levels.c.reserved == bindparam("old_reserved"),
    )
    .values(
        on_hand=bindparam("new_on_hand"),
        reserved=bindparam("new_reserved"),
        changed_at=bindparam("now"),
    )
)

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


def _is_low() -> Any:
    return and_(
        products.c.low_stock_threshold.is_not(None),
        stock_levels.c.on_hand - stock_levels.c.reserved <= products.c.low_stock_threshold,
    )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _level_row(row: Any) -> StockLevelRow:
    return StockLevelRow(
        product_id=ProductId(row["product_id"]),
        warehouse_id=WarehouseId(row["warehouse_id"]),
        store_id=StoreId(row["store_id"]),
        offer_id=OfferId(row["offer_id"]),
        sku=Sku(row["sku"]) if row["sku"] is not None else None,
        name=row["name"],
        on_hand=row["on_hand"],
        reserved=row["reserved"],
        safety_buffer=row["safety_buffer"],
        low_stock_threshold=row["low_stock_threshold"],
        changed_at=row["changed_at"],
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
