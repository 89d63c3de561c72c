"""Stock on a real database: receipts, counts, reservations by intake, release and pick."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from sqlalchemy import Engine
from stock_samples import (
    OTHER_WAREHOUSE,
    WAREHOUSE,
    FixedClock,
    add_product,
    add_stock_store,
    level,
    posting_wanting,
    store_postings,
)

from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.spreadsheets import SpreadsheetFiles
from posylka.domain.ids import StoreId
from posylka.domain.postings import PostingStatus
from posylka.domain.stock import MovementKind
from posylka.domain.stock_reservations import LineProblem
from posylka.domain.stock_views import StockQuery
from posylka.services.intake import take_in
from posylka.services.inventory import (
    EntryKind,
    StockEntriesRejected,
    StockEntry,
    StockProblem,
    check_levels,
    import_stock_sheet,
    record_stock,
)

CLOCK = FixedClock()


def no_checks(*args: object, **kwargs: object) -> None:
    """Order checks are another use case's business; these tests look at stock alone."""


def receive(
    factory: SqlUnitOfWorkFactory, store_id: StoreId, product: str, quantity: int, **kw: object
) -> None:
    warehouse = int(kw.pop("warehouse", WAREHOUSE))  # type: ignore[call-overload]
    entry = StockEntry(product, warehouse, quantity, EntryKind.RECEIPT)
    entry = replace(entry, **kw)  # type: ignore[arg-type]
    record_stock([entry], store_id=store_id, actor="anna", uow=factory, clock=CLOCK)


def intake(factory: SqlUnitOfWorkFactory, store_id: StoreId) -> None:
    take_in(store_id, uow=factory, clock=CLOCK, check=no_checks)


def test_receipt_raises_on_hand_and_is_in_the_history(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    store_id = add_stock_store(uow_factory)
    product = add_product(engine, store_id, 0)

    receive(uow_factory, store_id, "ART-0000", 7, reason="поставка 12")

    assert level(engine, product) == (7, 0)
    with uow_factory() as uow:
        history = uow.inventory.history(product)
    assert [(m.kind, m.quantity, m.actor, m.reason) for m in history] == [
        (MovementKind.RECEIPT, 7, "anna", "поставка 12")
    ]


def test_arriving_posting_reserves_and_cancelling_releases(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    store_id = add_stock_store(uow_factory)
    product = add_product(engine, store_id, 0)
    receive(uow_factory, store_id, "ART-0000", 5)
    posting = posting_wanting(1, {0: 2})
    store_postings(uow_factory, [posting])

    intake(uow_factory, store_id)
    assert level(engine, product) == (5, 2)

    store_postings(uow_factory, [replace(posting, status=PostingStatus.CANCELLED)])
    intake(uow_factory, store_id)
    assert level(engine, product) == (5, 0)
    with uow_factory() as uow:
        assert uow.inventory.drift(store_id) == []


def test_posting_leaving_the_warehouse_picks_its_reservation(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    store_id = add_stock_store(uow_factory)
    product = add_product(engine, store_id, 0)
    receive(uow_factory, store_id, "ART-0000", 5)
    posting = posting_wanting(1, {0: 2})
    store_postings(uow_factory, [posting])
    intake(uow_factory, store_id)

    store_postings(uow_factory, [replace(posting, status=PostingStatus.DELIVERING)])
    intake(uow_factory, store_id)

    assert level(engine, product) == (3, 0)


def test_intake_twice_reserves_once(engine: Engine, uow_factory: SqlUnitOfWorkFactory) -> None:
    store_id = add_stock_store(uow_factory)
    product = add_product(engine, store_id, 0)
    receive(uow_factory, store_id, "ART-0000", 5)
    store_postings(uow_factory, [posting_wanting(1, {0: 2})])

    intake(uow_factory, store_id)
    intake(uow_factory, store_id)

    assert level(engine, product) == (5, 2)


def test_short_posting_reserves_what_is_there_and_is_listed_until_goods_arrive(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    store_id = add_stock_store(uow_factory)
    product = add_product(engine, store_id, 0)
    receive(uow_factory, store_id, "ART-0000", 1)
    numbers = store_postings(uow_factory, [posting_wanting(1, {0: 3})])

    intake(uow_factory, store_id)

    assert level(engine, product) == (1, 1)
    with uow_factory() as uow:
        short = uow.inventory.short_postings(store_id)
        assert [(p.posting_id, p.wanted, p.reserved, p.short) for p in short] == [
            (numbers["0208245774-0001-1"], 3, 1, 2)
        ]

    receive(uow_factory, store_id, "ART-0000", 4)

    assert level(engine, product) == (5, 3)
    with uow_factory() as uow:
        assert uow.inventory.short_postings(store_id) == []


def test_item_without_catalogue_product_is_short_with_its_reason(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    store_id = add_stock_store(uow_factory)
    numbers = store_postings(uow_factory, [posting_wanting(1, {5: 1})])

    intake(uow_factory, store_id)

    with uow_factory() as uow:
        reservation = uow.inventory.reservation(numbers["0208245774-0001-1"])
    assert reservation is not None
    assert [(ln.problem, ln.short) for ln in reservation.lines] == [
        (LineProblem.UNKNOWN_PRODUCT, 1)
    ]


def test_count_below_reserved_takes_back_from_the_latest_posting(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    store_id = add_stock_store(uow_factory)
    product = add_product(engine, store_id, 0)
    receive(uow_factory, store_id, "ART-0000", 4)
    numbers = store_postings(uow_factory, [posting_wanting(1, {0: 2}), posting_wanting(2, {0: 2})])
    intake(uow_factory, store_id)
    assert level(engine, product) == (4, 4)

    record_stock(
        [StockEntry("ART-0000", WAREHOUSE, 3, EntryKind.COUNT)],
        store_id=store_id,
        actor="anna",
        uow=uow_factory,
        clock=CLOCK,
    )

    assert level(engine, product) == (3, 3)
    with uow_factory() as uow:
        short = uow.inventory.short_postings(store_id)
        assert [p.posting_number for p in short] == ["0208245774-0002-1"]
        assert uow.inventory.drift(store_id) == []
    assert numbers


def test_bad_entries_are_all_reported_and_nothing_is_written(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    store_id = add_stock_store(uow_factory)
    product = add_product(engine, store_id, 0)
    entries = [
        StockEntry("ART-0000", WAREHOUSE, 5, EntryKind.RECEIPT, row=2),
        StockEntry("NOPE", WAREHOUSE, 1, EntryKind.RECEIPT, row=3),
        StockEntry("ART-0000", 999, 1, EntryKind.RECEIPT, row=4),
        StockEntry("ART-0000", WAREHOUSE, -2, EntryKind.ADJUSTMENT, row=5),
    ]

    with pytest.raises(StockEntriesRejected) as rejected:
        record_stock(entries, store_id=store_id, actor="anna", uow=uow_factory, clock=CLOCK)

    assert [(p.row, p.column, p.problem) for p in rejected.value.problems] == [
        (3, "product", StockProblem.UNKNOWN_PRODUCT),
        (4, "warehouse_id", StockProblem.UNKNOWN_WAREHOUSE),
        (5, "reason", StockProblem.NEEDS_REASON),
    ]
    assert level(engine, product) == (0, 0)


def test_levels_report_what_changed_since(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    store_id = add_stock_store(uow_factory)
    add_product(engine, store_id, 0, threshold=3)
    add_product(engine, store_id, 1)
    receive(uow_factory, store_id, "ART-0000", 2)
    receive(uow_factory, store_id, "ART-0001", 9, warehouse=OTHER_WAREHOUSE)

    with uow_factory() as uow:
        rows = uow.inventory.levels(store_id)
        low = uow.inventory.search(store_id, StockQuery(low_only=True))
        assert uow.inventory.low_stock_count(store_id) == 1
        later = uow.inventory.levels(store_id, changed_since=CLOCK.now())
    assert sorted((r.offer_id, r.warehouse_id, r.available) for r in rows) == [
        ("ART-0000", WAREHOUSE, 2),
        ("ART-0001", OTHER_WAREHOUSE, 9),
    ]
    assert [r.offer_id for r in low] == ["ART-0000"]
    assert later == []
    assert check_levels(store_id, uow=uow_factory) == []


def test_spreadsheet_is_recorded_whole_or_every_bad_row_is_reported(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    store_id = add_stock_store(uow_factory)
    mug = add_product(engine, store_id, 0)
    add_product(engine, store_id, 1)
    bad = "product;warehouse_id;quantity;kind\nART-0000;11;4;\nART-0001;11;два;\nNOPE;11;1;\n"
    good = "offer_id,warehouse_id,quantity,kind,reason\nART-0000,11,4,,\n1000001,12,2,return,\n"

    with pytest.raises(StockEntriesRejected) as rejected:
        import_stock_sheet(
            io.BytesIO(bad.encode()),
            "csv",
            kind=EntryKind.RECEIPT,
            store_id=store_id,
            actor="anna",
            sheets=SpreadsheetFiles(),
            uow=uow_factory,
            clock=CLOCK,
        )
    assert [(p.row, p.column, p.problem) for p in rejected.value.problems] == [
        (3, "quantity", StockProblem.NOT_A_WHOLE_NUMBER),
        (4, "product", StockProblem.UNKNOWN_PRODUCT),
    ]
    assert level(engine, mug) == (0, 0)

    result = import_stock_sheet(
        io.BytesIO(good.encode()),
        "csv",
        kind=EntryKind.RECEIPT,
        store_id=store_id,
        actor="anna",
        sheets=SpreadsheetFiles(),
        uow=uow_factory,
        clock=CLOCK,
    )
    assert result.movements == 2
    assert level(engine, mug) == (4, 0)


def test_a_product_added_later_is_matched_and_reserved_by_the_next_intake(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    store_id = add_stock_store(uow_factory)
    store_postings(uow_factory, [posting_wanting(1, {4: 2})])
    intake(uow_factory, store_id)
    product = add_product(engine, store_id, 4)
    receive(uow_factory, store_id, "ART-0004", 5)

    intake(uow_factory, store_id)

    assert level(engine, product) == (5, 2)
    with uow_factory() as uow:
        assert uow.inventory.short_postings(store_id) == []
        assert uow.inventory.pending_count(store_id) == 0
