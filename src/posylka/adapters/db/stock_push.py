"""Push state per product × warehouse pair and the runs of pushes and reconciles (tables
``stock_push_pairs`` and ``stock_push_runs``).

A pair's row is its queue entry: ``wanted`` is the value waiting to go and ``due_at`` when it may
go; what Ozon last took, refused or showed at a reconcile stays beside it for the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Integer, and_, bindparam, case, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from posylka.adapters.db.tables import stock_push_pairs as pairs
from posylka.adapters.db.tables import stock_push_runs as runs
from posylka.domain.ids import OfferId, ProductId, StoreId, WarehouseId
from posylka.domain.stock_push import (
    PairChange,
    PairOutcome,
    PairState,
    PushPairView,
    PushRunView,
    StockPushItem,
    StockPushOverview,
    StockUpdate,
)

StockKey = tuple[ProductId, WarehouseId]

_CHUNK = 500
"""Product ids per ``IN`` list."""

PUSH, RECONCILE = "push", "reconcile"


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class SqlStockPushRepository:
    """Stock push state on one connection; never commits (the unit of work does)."""

    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    # --- pair state ------------------------------------------------------------------------------

    def states(
        self, store_id: StoreId, product_ids: Iterable[ProductId] | None = None
    ) -> dict[StockKey, PairState]:
        """The state of the store's pairs (only these products' pairs, if given)."""
        columns = [
            pairs.c.product_id,
            pairs.c.warehouse_id,
            pairs.c.offer_id,
            pairs.c.wanted,
            pairs.c.wanted_since,
            pairs.c.pushed_value,
            pairs.c.rejected_value,
            pairs.c.next_allowed_at,
        ]
        base = select(*columns).where(pairs.c.store_id == store_id)
        if product_ids is None:
            queries = [base]
        else:
            ids = sorted(set(product_ids))
            queries = [base.where(pairs.c.product_id.in_(chunk)) for chunk in _chunks(ids)]
        found: dict[StockKey, PairState] = {}
        for query in queries:
            for row in self._conn.execute(query):
                found[(ProductId(row[0]), WarehouseId(row[1]))] = PairState(
                    offer_id=OfferId(row[2]),
                    wanted=row[3],
                    wanted_since=row[4],
                    pushed_value=row[5],
                    rejected_value=row[6],
                    next_allowed_at=row[7],
                )
        return found

    def apply_changes(
        self, store_id: StoreId, changes: Sequence[PairChange], *, now: datetime
    ) -> None:
        """Set (or drop) the pending value of each pair, creating rows for new pairs."""
        if not changes:
            return
        dialect_insert = (
            postgresql.insert if self._conn.dialect.name == "postgresql" else sqlite.insert
        )
        statement = dialect_insert(pairs)
        statement = statement.on_conflict_do_update(
            index_elements=["product_id", "warehouse_id"],
            set_={
                "offer_id": statement.excluded.offer_id,
                "wanted": statement.excluded.wanted,
                "wanted_since": statement.excluded.wanted_since,
                "due_at": statement.excluded.due_at,
                "updated_at": statement.excluded.updated_at,
            },
        )
        rows = [
            {
                "store_id": store_id,
                "product_id": c.product_id,
                "warehouse_id": c.warehouse_id,
                "offer_id": c.offer_id,
                "wanted": c.plan.wanted if c.plan else None,
                "wanted_since": c.plan.wanted_since if c.plan else None,
                "due_at": c.plan.due_at if c.plan else None,
                "error_code": "",
                "error_message": "",
                "updated_at": now,
            }
            for c in changes
        ]
        for chunk in _chunks(rows):
            self._conn.execute(statement, list(chunk))

    def due(self, store_id: StoreId, *, now: datetime, limit: int) -> list[StockPushItem]:
        """Pairs whose pending value may go now, longest waiting first."""
        query = (
            select(pairs.c.product_id, pairs.c.offer_id, pairs.c.warehouse_id, pairs.c.wanted)
            .where(
                pairs.c.store_id == store_id,
                pairs.c.wanted.is_not(None),
                pairs.c.due_at <= now,
            )
            .order_by(pairs.c.due_at, pairs.c.id)
            .limit(limit)
        )
        return [
            StockPushItem(ProductId(r[0]), OfferId(r[1]), WarehouseId(r[2]), int(r[3]))
            for r in self._conn.execute(query)
        ]

    def next_due_at(self, store_id: StoreId) -> datetime | None:
        """When the earliest pending value may go (``None``: nothing waits)."""
        query = select(func.min(pairs.c.due_at)).where(
            pairs.c.store_id == store_id, pairs.c.wanted.is_not(None)
        )
        value: datetime | None = self._conn.execute(query).scalar_one_or_none()
        return value

    def record_answers(
        self,
        store_id: StoreId,
        sent: Sequence[StockPushItem],
        answers: Sequence[StockUpdate],
        *,
        now: datetime,
        pair_interval: timedelta,
    ) -> None:
        """Write Ozon's answer for each pair sent, in one statement per kind of answer. A value
        that changed while the call was out stays pending (the statements compare the pending
        value with the one sent, inside the database); a refused value leaves the queue and is
        kept as rejected."""
        next_allowed = now + pair_interval
        groups: dict[PairOutcome, list[dict[str, Any]]] = {}
        for item, answer in zip(sent, answers, strict=True):
            groups.setdefault(answer.outcome, []).append(
                {
                    "b_product_id": item.product_id,
                    "b_warehouse_id": item.warehouse_id,
                    "b_stock": item.stock,
                    "error_code": answer.error_code,
                    "error_message": answer.error_message,
                }
            )
        for outcome, rows in groups.items():
            self._conn.execute(_answer_statement(outcome, now, next_allowed), rows)

    def record_failure(
        self, store_id: StoreId, sent: Sequence[StockPushItem], message: str, *, retry_at: datetime
    ) -> None:
        """The whole call failed (Ozon unreachable, 429 after retries): the pairs stay pending
        and are tried again at ``retry_at``."""
        rows = [
            {
                "b_product_id": i.product_id,
                "b_warehouse_id": i.warehouse_id,
                "error_code": "CALL_FAILED",
                "error_message": message,
                "due_at": retry_at,
            }
            for i in sent
        ]
        self._update_by_key(rows)

    def record_reconcile(
        self,
        store_id: StoreId,
        observed: Sequence[tuple[StockKey, int | None, int | None]],
        *,
        now: datetime,
    ) -> None:
        """Ozon's value and the drift (Ozon minus posylka, ``None`` when equal) per pair."""
        rows = [
            {
                "b_product_id": key[0],
                "b_warehouse_id": key[1],
                "ozon_value": ozon,
                "drift": drift,
                "reconciled_at": now,
            }
            for key, ozon, drift in observed
        ]
        self._update_by_key(rows)

    def _update_by_key(self, rows: list[dict[str, Any]]) -> None:
        """Executemany ``UPDATE ... WHERE product_id, warehouse_id``; rows with the same columns
        go together."""
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for row in rows:
            groups.setdefault(tuple(sorted(row)), []).append(row)
        for columns, group in groups.items():
            values: dict[str, Any] = {c: bindparam(c) for c in columns if not c.startswith("b_")}
            statement = (
                update(pairs)
                .where(
                    pairs.c.product_id == bindparam("b_product_id"),
                    pairs.c.warehouse_id == bindparam("b_warehouse_id"),
                )
                .values(values)
            )
            self._conn.execute(statement, group)

    # --- runs ------------------------------------------------------------------------------------

    def record_run(self, store_id: StoreId, run: PushRunView) -> None:
        self._conn.execute(
            insert(runs).values(
                store_id=store_id,
                kind=run.kind,
                started_at=run.started_at,
                finished_at=run.finished_at,
                api_calls=run.api_calls,
                pairs_sent=run.pairs_sent,
                pairs_updated=run.pairs_updated,
                pairs_too_soon=run.pairs_too_soon,
                pairs_rejected=run.pairs_rejected,
                drift=run.drift,
                message=run.message,
            )
        )

    def last_run(self, store_id: StoreId, kind: str) -> PushRunView | None:
        row = (
            self._conn.execute(
                select(runs)
                .where(runs.c.store_id == store_id, runs.c.kind == kind)
                .order_by(runs.c.id.desc())
                .limit(1)
            )
            .mappings()
            .first()
        )
        if row is None:
            return None
        return PushRunView(
            kind=row["kind"],
            started_at=row["started_at"],
            finished_at=row["finished_at"],
            api_calls=row["api_calls"],
            pairs_sent=row["pairs_sent"],
            pairs_updated=row["pairs_updated"],
            pairs_too_soon=row["pairs_too_soon"],
            pairs_rejected=row["pairs_rejected"],
            drift=row["drift"],
            message=row["message"],
        )

    # --- the page --------------------------------------------------------------------------------

    def overview(self, store_id: StoreId, *, limit: int = 200) -> StockPushOverview:
        """Counts, the last runs, and the pairs that need a look: pending, refused or drifted."""
        mine = pairs.c.store_id == store_id
        pending = pairs.c.wanted.is_not(None)
        rejected = pairs.c.error_code != ""
        drifted = pairs.c.drift.is_not(None)
        counts = self._conn.execute(
            select(
                func.count(),
                func.count().filter(pending),
                func.count().filter(rejected),
                func.count().filter(drifted),
            ).where(mine)
        ).one()
        query = (
            select(pairs)
            .where(mine, or_(pending, rejected, drifted))
            .order_by(pairs.c.error_code.desc(), pairs.c.due_at, pairs.c.offer_id)
            .limit(limit)
        )
        rows = tuple(_view(r) for r in self._conn.execute(query).mappings())
        return StockPushOverview(
            pairs=counts[0],
            pending=counts[1],
            rejected=counts[2],
            drifted=counts[3],
            last_push=self.last_run(store_id, PUSH),
            last_reconcile=self.last_run(store_id, RECONCILE),
            rows=rows,
        )

    def pair_count(self, store_id: StoreId) -> int:
        query = select(func.count()).where(and_(pairs.c.store_id == store_id))
        return int(self._conn.execute(query).scalar_one())


def _answer_statement(outcome: PairOutcome, now: datetime, next_allowed: datetime) -> Any:
    """``UPDATE`` of the pairs Ozon answered with ``outcome``; per row it binds the pair
    (``b_product_id``, ``b_warehouse_id``), the value sent (``b_stock``) and Ozon's error."""
    sent = bindparam("b_stock", type_=Integer)
    waits_for_sent = pairs.c.wanted == sent
    later_due = case(
        (pairs.c.wanted.is_(None), pairs.c.due_at),
        (pairs.c.due_at < next_allowed, next_allowed),
        else_=pairs.c.due_at,
    )
    values: dict[str, Any] = {
        "error_code": bindparam("error_code"),
        "error_message": bindparam("error_message"),
        "next_allowed_at": next_allowed,
        "updated_at": now,
    }
    if outcome is PairOutcome.TOO_SOON:
        values |= {"rejected_value": None, "due_at": later_due}
    else:
        values |= {
            "wanted": case((waits_for_sent, None), else_=pairs.c.wanted),
            "wanted_since": case((waits_for_sent, None), else_=pairs.c.wanted_since),
            "due_at": case((waits_for_sent, None), else_=later_due),
        }
        if outcome is PairOutcome.UPDATED:
            values |= {"pushed_value": sent, "pushed_at": now, "rejected_value": None}
        else:
            values["rejected_value"] = sent
    return (
        update(pairs)
        .where(
            pairs.c.product_id == bindparam("b_product_id"),
            pairs.c.warehouse_id == bindparam("b_warehouse_id"),
        )
        .values(values)
    )


def _view(row: Any) -> PushPairView:
    return PushPairView(
        product_id=ProductId(row["product_id"]),
        warehouse_id=WarehouseId(row["warehouse_id"]),
        offer_id=OfferId(row["offer_id"]),
        wanted=row["wanted"],
        due_at=row["due_at"],
        pushed_value=row["pushed_value"],
        pushed_at=row["pushed_at"],
        error_code=row["error_code"],
        error_message=row["error_message"],
        rejected_value=row["rejected_value"],
        next_allowed_at=row["next_allowed_at"],
        ozon_value=row["ozon_value"],
        drift=row["drift"],
        reconciled_at=row["reconciled_at"],
    )
