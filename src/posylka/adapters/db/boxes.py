"""Box catalogue, per-posting limits and box choices in the database (the ``BoxRepository``
port). Box codes are unique per store; a posting is named by (store, posting number)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, RowMapping, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from posylka.adapters.db.tables.boxes import box_catalogue, box_choices, posting_limits
from posylka.domain.boxes import Box, BoxChoiceRecord, BoxKind, BoxSpec
from posylka.domain.ids import BoxId, PostingNumber, StoreId, UserId, WarehouseId
from posylka.domain.shipping import PostingRestrictions

_KIND_ORDER = {BoxKind.ENVELOPE: 0, BoxKind.BAG: 1, BoxKind.BOX: 2}


def _box(row: RowMapping) -> Box:
    warehouse = row["warehouse_id"]
    return Box(
        id=BoxId(row["id"]),
        store_id=StoreId(row["store_id"]),
        warehouse_id=None if warehouse is None else WarehouseId(warehouse),
        code=row["code"],
        name=row["name"],
        kind=BoxKind(row["kind"]),
        length_mm=row["length_mm"],
        width_mm=row["width_mm"],
        height_mm=row["height_mm"],
        max_weight_g=row["max_weight_g"],
        own_weight_g=row["own_weight_g"],
        cost=Decimal(row["cost"]),
        active=bool(row["active"]),
    )


def _values(spec: BoxSpec) -> dict[str, Any]:
    return {
        "warehouse_id": spec.warehouse_id,
        "code": spec.code,
        "name": spec.name,
        "kind": spec.kind.value,
        "length_mm": spec.length_mm,
        "width_mm": spec.width_mm,
        "height_mm": spec.height_mm,
        "max_weight_g": spec.max_weight_g,
        "own_weight_g": spec.own_weight_g,
        "cost": spec.cost,
        "active": spec.active,
    }


def _refs(ids: tuple[BoxId, ...], codes: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{"id": int(i), "code": c} for i, c in zip(ids, codes, strict=True)]


def _money(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


def _choice(row: RowMapping) -> BoxChoiceRecord:
    recommended = row["recommended"] or []
    return BoxChoiceRecord(
        store_id=StoreId(row["store_id"]),
        posting_number=PostingNumber(row["posting_number"]),
        solver=row["solver"],
        box_ids=tuple(BoxId(b["id"]) for b in row["boxes"]),
        box_codes=tuple(str(b["code"]) for b in row["boxes"]),
        cost=Decimal(row["cost"]),
        problems=tuple(row["problems"]),
        chosen_at=row["chosen_at"],
        user_id=None if row["user_id"] is None else UserId(row["user_id"]),
        recommended_box_ids=tuple(BoxId(b["id"]) for b in recommended),
        recommended_box_codes=tuple(str(b["code"]) for b in recommended),
        recommended_cost=_money(row["recommended_cost"]),
    )


class SqlBoxRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    # --- the catalogue ---------------------------------------------------------------------------

    def boxes(
        self,
        store_id: StoreId,
        *,
        warehouse_id: WarehouseId | None = None,
        active_only: bool = False,
    ) -> list[Box]:
        query = select(box_catalogue).where(box_catalogue.c.store_id == store_id)
        if warehouse_id is not None:
            query = query.where(
                or_(
                    box_catalogue.c.warehouse_id.is_(None),
                    box_catalogue.c.warehouse_id == warehouse_id,
                )
            )
        if active_only:
            query = query.where(box_catalogue.c.active.is_(True))
        found = [_box(row) for row in self._conn.execute(query).mappings()]
        return sorted(found, key=lambda b: (_KIND_ORDER[b.kind], b.cost, b.volume_mm3, b.code))

    def get(self, box_id: BoxId) -> Box | None:
        row = (
            self._conn.execute(select(box_catalogue).where(box_catalogue.c.id == box_id))
            .mappings()
            .first()
        )
        return None if row is None else _box(row)

    def by_code(self, store_id: StoreId, code: str) -> Box | None:
        row = (
            self._conn.execute(
                select(box_catalogue).where(
                    box_catalogue.c.store_id == store_id, box_catalogue.c.code == code
                )
            )
            .mappings()
            .first()
        )
        return None if row is None else _box(row)

    def count(self, store_id: StoreId) -> int:
        query = select(func.count()).where(box_catalogue.c.store_id == store_id)
        return int(self._conn.execute(query).scalar_one())

    def add(self, store_id: StoreId, spec: BoxSpec, *, now: datetime) -> Box:
        new_id = self._conn.execute(
            insert(box_catalogue)
            .values(store_id=store_id, created_at=now, updated_at=now, **_values(spec))
            .returning(box_catalogue.c.id)
        ).scalar_one()
        return Box(id=BoxId(new_id), store_id=store_id, **_values_for_box(spec))

    def update(self, box_id: BoxId, spec: BoxSpec, *, now: datetime) -> None:
        self._conn.execute(
            update(box_catalogue)
            .where(box_catalogue.c.id == box_id)
            .values(updated_at=now, **_values(spec))
        )

    # --- per-posting limits ----------------------------------------------------------------------

    def restrictions(
        self, store_id: StoreId, posting_number: PostingNumber
    ) -> PostingRestrictions | None:
        row = (
            self._conn.execute(
                select(posting_limits).where(
                    posting_limits.c.store_id == store_id,
                    posting_limits.c.posting_number == posting_number,
                )
            )
            .mappings()
            .first()
        )
        if row is None:
            return None
        return PostingRestrictions(
            posting_number=PostingNumber(row["posting_number"]),
            max_weight_g=row["max_weight_g"],
            min_weight_g=row["min_weight_g"],
            max_length_mm=row["max_length_mm"],
            max_width_mm=row["max_width_mm"],
            max_height_mm=row["max_height_mm"],
            max_price=_money(row["max_price"]),
            min_price=_money(row["min_price"]),
        )

    def save_restrictions(
        self, store_id: StoreId, restrictions: PostingRestrictions, *, now: datetime
    ) -> None:
        values = {
            "max_weight_g": restrictions.max_weight_g,
            "min_weight_g": restrictions.min_weight_g,
            "max_length_mm": restrictions.max_length_mm,
            "max_width_mm": restrictions.max_width_mm,
            "max_height_mm": restrictions.max_height_mm,
            "max_price": restrictions.max_price,
            "min_price": restrictions.min_price,
            "fetched_at": now,
        }
        keys = {"store_id": store_id, "posting_number": restrictions.posting_number}
        dialect = postgresql if self._conn.dialect.name == "postgresql" else sqlite
        statement = dialect.insert(posting_limits).values(**keys, **values)
        self._conn.execute(
            statement.on_conflict_do_update(
                index_elements=["store_id", "posting_number"], set_=values
            )
        )

    # --- choices ---------------------------------------------------------------------------------

    def record_choice(self, record: BoxChoiceRecord) -> None:
        recommended = (
            _refs(record.recommended_box_ids, record.recommended_box_codes)
            if record.is_override
            else None
        )
        self._conn.execute(
            insert(box_choices).values(
                store_id=record.store_id,
                posting_number=record.posting_number,
                solver=record.solver,
                boxes=_refs(record.box_ids, record.box_codes),
                cost=record.cost,
                problems=list(record.problems),
                recommended=recommended,
                recommended_cost=record.recommended_cost,
                user_id=record.user_id,
                chosen_at=record.chosen_at,
            )
        )

    def latest_choice(
        self, store_id: StoreId, posting_number: PostingNumber, *, solver: str | None = None
    ) -> BoxChoiceRecord | None:
        query = select(box_choices).where(
            box_choices.c.store_id == store_id, box_choices.c.posting_number == posting_number
        )
        if solver is not None:
            query = query.where(box_choices.c.solver == solver)
        row = self._conn.execute(query.order_by(box_choices.c.id.desc()).limit(1)).mappings()
        first = row.first()
        return None if first is None else _choice(first)

    def overrides(self, store_id: StoreId, *, limit: int = 100) -> list[BoxChoiceRecord]:
        query = (
            select(box_choices)
            .where(box_choices.c.store_id == store_id, box_choices.c.solver == "override")
            .order_by(box_choices.c.id.desc())
            .limit(limit)
        )
        return [_choice(row) for row in self._conn.execute(query).mappings()]


def _values_for_box(spec: BoxSpec) -> dict[str, Any]:
    return {
        "warehouse_id": spec.warehouse_id,
        "code": spec.code,
        "name": spec.name,
        "kind": spec.kind,
        "length_mm": spec.length_mm,
        "width_mm": spec.width_mm,
        "height_mm": spec.height_mm,
        "max_weight_g": spec.max_weight_g,
        "own_weight_g": spec.own_weight_g,
        "cost": spec.cost,
        "active": spec.active,
    }
