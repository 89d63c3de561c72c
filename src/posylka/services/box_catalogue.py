"""The box catalogue's use cases: list, add, edit, retire, import and export a store's boxes.

A store with no boxes at all gets the default catalogue (``DEFAULT_BOXES``) the first time boxes
are listed or chosen, so a new seller has something to start from and edits it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from posylka.domain.box_sheet import box_rows, read_boxes
from posylka.domain.boxes import DEFAULT_BOXES, Box, BoxChoiceRecord, BoxRejected, BoxSpec
from posylka.domain.ids import BoxId, StoreId, WarehouseId
from posylka.services.ports import Clock, UnitOfWork, UnitOfWorkFactory


class BoxNotFound(LookupError):
    def __init__(self, box_id: BoxId) -> None:
        super().__init__(f"no box with id {box_id}")
        self.box_id = box_id


@dataclass(frozen=True, slots=True)
class BoxImport:
    """What an import did."""

    created: int = 0
    updated: int = 0


def ensure_catalogue(uow: UnitOfWork, store_id: StoreId, *, now: datetime) -> bool:
    """Give a store with no boxes the default catalogue, inside the caller's transaction;
    whether it did."""
    if uow.boxes.count(store_id):
        return False
    for spec in DEFAULT_BOXES:
        uow.boxes.add(store_id, spec, now=now)
    return True


def list_boxes(
    *,
    uow_factory: UnitOfWorkFactory,
    store_id: StoreId,
    clock: Clock,
    warehouse_id: WarehouseId | None = None,
) -> list[Box]:
    """The store's boxes (those serving one warehouse, when given), active and retired."""
    with uow_factory() as uow:
        if ensure_catalogue(uow, store_id, now=clock.now()):
            uow.commit()
        return uow.boxes.boxes(store_id, warehouse_id=warehouse_id)


def _check_code(uow: UnitOfWork, store_id: StoreId, spec: BoxSpec, box_id: BoxId | None) -> None:
    same = uow.boxes.by_code(store_id, spec.code)
    if same is not None and same.id != box_id:
        raise BoxRejected("code", "duplicate", code=spec.code)


def add_box(
    *, uow_factory: UnitOfWorkFactory, store_id: StoreId, spec: BoxSpec, clock: Clock
) -> Box:
    """A new box; raises ``BoxRejected`` when its code is taken in the store."""
    with uow_factory() as uow:
        _check_code(uow, store_id, spec, None)
        box = uow.boxes.add(store_id, spec, now=clock.now())
        uow.commit()
        return box


def update_box(
    *, uow_factory: UnitOfWorkFactory, store_id: StoreId, box_id: BoxId, spec: BoxSpec, clock: Clock
) -> Box:
    """Change a box; raises ``BoxNotFound`` or ``BoxRejected``."""
    with uow_factory() as uow:
        box = uow.boxes.get(box_id)
        if box is None or box.store_id != store_id:
            raise BoxNotFound(box_id)
        _check_code(uow, store_id, spec, box_id)
        uow.boxes.update(box_id, spec, now=clock.now())
        uow.commit()
        return replace(box, **_fields(spec))


def set_active(
    *, uow_factory: UnitOfWorkFactory, store_id: StoreId, box_id: BoxId, active: bool, clock: Clock
) -> Box:
    """Retire a box (it stays in past records but is no longer chosen) or bring it back."""
    with uow_factory() as uow:
        box = uow.boxes.get(box_id)
        if box is None or box.store_id != store_id:
            raise BoxNotFound(box_id)
        spec = replace(box.spec(), active=active)
        uow.boxes.update(box_id, spec, now=clock.now())
        uow.commit()
        return replace(box, active=active)


def _fields(spec: BoxSpec) -> dict[str, Any]:
    return {name: getattr(spec, name) for name in BoxSpec.__slots__}


def import_boxes(
    *,
    uow_factory: UnitOfWorkFactory,
    store_id: StoreId,
    rows: Iterable[Sequence[Any]],
    clock: Clock,
) -> BoxImport:
    """Boxes from a spreadsheet: a known code updates its box, a new one adds a box; all or
    nothing. Raises ``BoxSheetRejected`` naming every bad row."""
    specs = read_boxes(rows)
    created = updated = 0
    with uow_factory() as uow:
        now = clock.now()
        for spec in specs:
            existing = uow.boxes.by_code(store_id, spec.code)
            if existing is None:
                uow.boxes.add(store_id, spec, now=now)
                created += 1
            elif existing.spec() != spec:
                uow.boxes.update(existing.id, spec, now=now)
                updated += 1
        uow.commit()
    return BoxImport(created=created, updated=updated)


def export_boxes(
    *, uow_factory: UnitOfWorkFactory, store_id: StoreId, clock: Clock
) -> list[list[Any]]:
    """The store's catalogue as spreadsheet rows, header first."""
    return list(box_rows(list_boxes(uow_factory=uow_factory, store_id=store_id, clock=clock)))


def overrides(
    *, uow_factory: UnitOfWorkFactory, store_id: StoreId, limit: int = 50
) -> list[BoxChoiceRecord]:
    """The latest boxes packers chose instead of the recommendation."""
    with uow_factory() as uow:
        return uow.boxes.overrides(store_id, limit=limit)
