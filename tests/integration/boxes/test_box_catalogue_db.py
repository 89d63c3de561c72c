"""The box catalogue, the drop-off limits and the box choices in a real database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from tests.integration.db.db_samples import add_store

from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.domain.box_sheet import BoxSheetRejected
from posylka.domain.boxes import (
    DEFAULT_BOXES,
    BoxChoiceRecord,
    BoxRejected,
    BoxSpec,
    parse_box,
)
from posylka.domain.ids import BoxId, PostingNumber, StoreId, WarehouseId
from posylka.domain.shipping import PostingRestrictions
from posylka.services.box_catalogue import (
    add_box,
    export_boxes,
    import_boxes,
    list_boxes,
    set_active,
    update_box,
)

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


class Clock:
    def now(self) -> datetime:
        return NOW


def spec(code: str = "TUBE", warehouse: str = "", cost: str = "19.50") -> BoxSpec:
    return parse_box(
        code=code,
        name="Postal tube",
        kind="box",
        length_mm="600",
        width_mm="80",
        height_mm="80",
        max_weight_g="3000",
        own_weight_g="150",
        cost=cost,
        warehouse_id=warehouse,
    )


def test_a_store_with_no_boxes_gets_the_default_catalogue(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    store = add_store(uow_factory)

    boxes = list_boxes(uow_factory=uow_factory, store_id=store, clock=Clock())

    assert sorted(b.code for b in boxes) == sorted(s.code for s in DEFAULT_BOXES)


def test_a_box_of_one_warehouse_is_offered_only_there(uow_factory: SqlUnitOfWorkFactory) -> None:
    store = add_store(uow_factory)
    list_boxes(uow_factory=uow_factory, store_id=store, clock=Clock())
    add_box(uow_factory=uow_factory, store_id=store, spec=spec(warehouse="11"), clock=Clock())

    here = list_boxes(
        uow_factory=uow_factory, store_id=store, clock=Clock(), warehouse_id=WarehouseId(11)
    )
    there = list_boxes(
        uow_factory=uow_factory, store_id=store, clock=Clock(), warehouse_id=WarehouseId(12)
    )

    assert "TUBE" in {b.code for b in here}
    assert "TUBE" not in {b.code for b in there}


def test_a_box_keeps_its_sizes_weights_and_cost(uow_factory: SqlUnitOfWorkFactory) -> None:
    store = add_store(uow_factory)
    added = add_box(uow_factory=uow_factory, store_id=store, spec=spec(), clock=Clock())

    with uow_factory() as uow:
        stored = uow.boxes.get(added.id)

    assert stored == added
    assert stored is not None
    assert stored.cost == Decimal("19.50")


def test_a_second_box_with_a_taken_code_is_refused(uow_factory: SqlUnitOfWorkFactory) -> None:
    store = add_store(uow_factory)
    add_box(uow_factory=uow_factory, store_id=store, spec=spec(), clock=Clock())

    with pytest.raises(BoxRejected) as refused:
        add_box(uow_factory=uow_factory, store_id=store, spec=spec(), clock=Clock())

    assert (refused.value.field, refused.value.reason) == ("code", "duplicate")


def test_editing_and_retiring_a_box_are_stored(uow_factory: SqlUnitOfWorkFactory) -> None:
    store = add_store(uow_factory)
    box = add_box(uow_factory=uow_factory, store_id=store, spec=spec(), clock=Clock())

    update_box(
        uow_factory=uow_factory, store_id=store, box_id=box.id, spec=spec(cost="21"), clock=Clock()
    )
    set_active(uow_factory=uow_factory, store_id=store, box_id=box.id, active=False, clock=Clock())

    with uow_factory() as uow:
        stored = uow.boxes.get(box.id)
        active = uow.boxes.boxes(store, active_only=True)
    assert stored is not None
    assert (stored.cost, stored.active) == (Decimal("21.00"), False)
    assert box.id not in {b.id for b in active}


def test_an_export_imports_back_unchanged(uow_factory: SqlUnitOfWorkFactory) -> None:
    store = add_store(uow_factory)
    rows = export_boxes(uow_factory=uow_factory, store_id=store, clock=Clock())

    result = import_boxes(uow_factory=uow_factory, store_id=store, rows=rows, clock=Clock())

    assert (result.created, result.updated) == (0, 0)


def test_an_import_adds_new_codes_and_updates_known_ones(uow_factory: SqlUnitOfWorkFactory) -> None:
    store = add_store(uow_factory)
    list_boxes(uow_factory=uow_factory, store_id=store, clock=Clock())
    rows = [
        ["code", "kind", "length_mm", "width_mm", "height_mm", "max_weight_g", "cost"],
        ["BOX-S", "box", "200", "150", "100", "5000", "25.00"],
        ["TUBE", "box", "600", "80", "80", "3000", "19.5"],
    ]

    result = import_boxes(uow_factory=uow_factory, store_id=store, rows=rows, clock=Clock())

    assert (result.created, result.updated) == (1, 1)


def test_a_file_with_a_bad_row_imports_nothing_and_names_the_row(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    store = add_store(uow_factory)
    rows = [
        ["code", "length_mm", "width_mm", "height_mm", "max_weight_g"],
        ["NEW-1", "200", "150", "100", "5000"],
        ["NEW-2", "200", "wide", "100", "5000"],
    ]

    with pytest.raises(BoxSheetRejected) as refused:
        import_boxes(uow_factory=uow_factory, store_id=store, rows=rows, clock=Clock())

    assert [(p.row, p.field, p.reason) for p in refused.value.problems] == [
        (3, "width_mm", "not_a_number")
    ]
    with uow_factory() as uow:
        assert uow.boxes.by_code(store, "NEW-1") is None


def test_limits_are_kept_per_posting_and_replaced_when_fetched_again(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    store = add_store(uow_factory)
    number = PostingNumber("0208245774-0001-1")
    first = PostingRestrictions(
        number, max_weight_g=25_000, max_length_mm=1800, max_price=Decimal("500000")
    )
    second = replace(first, max_weight_g=10_000)

    with uow_factory() as uow:
        uow.boxes.save_restrictions(store, first, now=NOW)
        uow.boxes.save_restrictions(store, second, now=NOW)
        uow.commit()
    with uow_factory() as uow:
        assert uow.boxes.restrictions(store, number) == second


def test_an_override_is_kept_with_the_recommendation_it_replaced(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    store = add_store(uow_factory)
    record = BoxChoiceRecord(
        store_id=StoreId(store),
        posting_number=PostingNumber("0208245774-0001-1"),
        solver="override",
        box_ids=(BoxId(7), BoxId(8)),
        box_codes=("BOX-M", "BAG-S"),
        cost=Decimal("38.00"),
        problems=(),
        chosen_at=NOW,
        recommended_box_ids=(BoxId(9),),
        recommended_box_codes=("BOX-L",),
        recommended_cost=Decimal("48.00"),
    )

    with uow_factory() as uow:
        uow.boxes.record_choice(record)
        uow.commit()
    with uow_factory() as uow:
        assert uow.boxes.overrides(store) == [record]
