"""Importing and exporting a store's catalogue as CSV and XLSX files, on SQLite and PostgreSQL:
every bad row is reported with its row and column, the good rows go in whole, an export imports
back to the same catalogue."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import Workbook

from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.spreadsheets import SpreadsheetFiles
from posylka.domain.catalogue import Barcode, BarcodeKind, PackagingFlags, ProductDraft
from posylka.domain.catalogue_sheet import Problem, SheetRejected
from posylka.domain.ids import OfferId, Sku, StoreId, WarehouseId
from posylka.domain.stores import StoreCredentials, Warehouse
from posylka.services.catalogue import export_rows, import_catalogue

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
FILES = SpreadsheetFiles()


class FixedClock:
    def now(self) -> datetime:
        return T0


@pytest.fixture
def store_id(uow_factory: SqlUnitOfWorkFactory) -> StoreId:
    with uow_factory() as uow:
        store = uow.stores.add("Магазин", StoreCredentials("1", "key", "http://x"), now=T0)
        uow.stores.replace_warehouses(
            store.id,
            [
                Warehouse(store.id, WarehouseId(11), "Склад Москва"),
                Warehouse(store.id, WarehouseId(12), "Склад Казань"),
            ],
            now=T0,
        )
        uow.commit()
    return store.id


def xlsx(rows: list[list[Any]]) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    return data


def run_import(uow: SqlUnitOfWorkFactory, store_id: StoreId, data: io.BytesIO, fmt: str) -> Any:
    return import_catalogue(
        store_id, FILES.read(data, fmt), by=None, uow=uow, clock=FixedClock(), source=f"t.{fmt}"
    )


HEADER = ["offer_id", "sku", "name", "barcodes", "weight_g", "unit_cost", "fragile", "bin:11"]


def test_bad_rows_are_reported_and_good_rows_imported(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId
) -> None:
    rows = [
        [*HEADER, "bin:99"],
        ["MUG-1", 1000001, "Кружка", "4601234567893", 350, 149.5, "yes", "A-1", ""],
        ["MUG-2", 1000002, "Кружка 2", "", "тяжёлая", 10, "", "", ""],  # text in a number
        ["MUG-3", 1000003, "Кружка 3", "4601234567890", 10, 10, "", "", ""],  # check digit
        ["MUG-4", 1000001, "Кружка 4", "", 10, 10, "", "", ""],  # SKU of row 2
        ["MUG-5", 1000005, "Кружка 5", "", -3, 10, "", "", ""],  # negative
        ["MUG-6", 1000006, "Кружка 6", "", 10, 10, "", "", "Z-9"],  # unknown warehouse
        ["MUG-7", 1000007, "Кружка 7", "", 10, 10, "", "", ""],
        ["MUG-7", 1000008, "Кружка 7 again", "", 10, 10, "", "", ""],  # offer_id of row 8
        [None, None, None, None, None, None, None, None, None],
        ["MUG-10", 1000010, "Кружка 10", "", 10, 10, "", "B-2", ""],
    ]

    report = run_import(uow_factory, store_id, xlsx(rows), "xlsx")

    found = {(p.row, p.column, p.problem) for p in report.problems}
    assert found == {
        (3, "weight_g", Problem.NOT_A_NUMBER),
        (4, "barcodes", Problem.INVALID_BARCODE),
        (2, "sku", Problem.DUPLICATE_SKU),
        (5, "sku", Problem.DUPLICATE_SKU),
        (6, "weight_g", Problem.NEGATIVE),
        (7, "bin:99", Problem.UNKNOWN_WAREHOUSE),
        (8, "offer_id", Problem.DUPLICATE_OFFER_ID),
        (9, "offer_id", Problem.DUPLICATE_OFFER_ID),
    }
    assert report.rows == 9
    assert report.created == 1
    with uow_factory() as uow:
        stored = {p.offer_id: p for p in uow.catalogue.iterate(store_id)}
    assert list(stored) == ["MUG-10"]
    assert stored[OfferId("MUG-10")].bins == {WarehouseId(11): "B-2"}


def test_a_wrong_header_imports_nothing_and_names_the_columns(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId
) -> None:
    data = io.BytesIO("артикул;name;colour\nMUG-1;Кружка;red\n".encode())

    with pytest.raises(SheetRejected) as caught:
        run_import(uow_factory, store_id, data, "csv")

    assert {(p.column, p.problem) for p in caught.value.problems} == {
        ("артикул", Problem.UNKNOWN_HEADER),
        ("colour", Problem.UNKNOWN_HEADER),
        ("offer_id", Problem.MISSING_HEADER),
    }
    with uow_factory() as uow:
        assert uow.catalogue.count(store_id) == 0


def test_a_file_that_is_not_a_workbook_is_refused(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId
) -> None:
    with pytest.raises(SheetRejected) as caught:
        run_import(uow_factory, store_id, io.BytesIO(b"offer_id\nMUG-1\n"), "xlsx")
    assert caught.value.problems[0].problem is Problem.UNREADABLE_FILE


def test_a_sku_another_product_keeps_is_refused(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId
) -> None:
    first = io.BytesIO(b"offer_id,sku\nMUG-1,1000001\n")
    run_import(uow_factory, store_id, first, "csv")

    report = run_import(uow_factory, store_id, io.BytesIO(b"offer_id,sku\nMUG-2,1000001\n"), "csv")

    assert [(p.row, p.column, p.problem) for p in report.problems] == [
        (2, "sku", Problem.SKU_TAKEN)
    ]
    assert report.problems[0].params == {"offer_id": "MUG-1"}


def test_a_crash_during_the_write_leaves_nothing(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId
) -> None:
    def rows() -> Any:
        yield ["offer_id", "name"]
        yield ["MUG-1", "Кружка"]
        raise OSError("the disk went away")

    with pytest.raises(OSError, match="disk"):
        import_catalogue(store_id, rows(), by=None, uow=uow_factory, clock=FixedClock())
    with uow_factory() as uow:
        assert uow.catalogue.count(store_id) == 0


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_imports_back_to_the_same_catalogue(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId, fmt: str
) -> None:
    drafts = [
        ProductDraft(
            store_id=store_id,
            offer_id=OfferId("00123"),
            name="Кружка «Утро», 300 мл; 杯子",
            sku=Sku(1000001),
            unit_cost=Decimal("149.50"),
            flags=PackagingFlags(fragile=True, liquid=True, liquid_ml=300),
            barcodes=(
                Barcode("4601234567893", BarcodeKind.EAN13),
                Barcode("BOX-7", BarcodeKind.CODE128),
            ),
            bins={WarehouseId(11): "A-01", WarehouseId(12): "0012"},
            low_stock_threshold=3,
        ),
        ProductDraft(store_id=store_id, offer_id=OfferId("MUG-2")),
    ]
    with uow_factory() as uow:
        uow.catalogue.upsert_many(drafts, now=T0)
        uow.commit()
    exported = io.BytesIO()
    FILES.write(export_rows(store_id, uow=uow_factory), fmt, exported)
    with uow_factory() as uow:
        for product in list(uow.catalogue.iterate(store_id)):
            uow.catalogue.delete(product.id)
        uow.commit()

    exported.seek(0)
    report = run_import(uow_factory, store_id, exported, fmt)

    assert report.problems == ()
    assert report.created == 2
    with uow_factory() as uow:
        assert [p.draft() for p in uow.catalogue.iterate(store_id)] == drafts


def test_importing_the_same_file_again_changes_nothing(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId
) -> None:
    data = b"offer_id;name;weight_g\nMUG-1;\xd0\x9a\xd1\x80\xd1\x83\xd0\xb6\xd0\xba\xd0\xb0;350\n"
    run_import(uow_factory, store_id, io.BytesIO(data), "csv")

    report = run_import(uow_factory, store_id, io.BytesIO(data), "csv")

    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)


def test_a_windows_1251_csv_is_read(uow_factory: SqlUnitOfWorkFactory, store_id: StoreId) -> None:
    data = "offer_id;name\nMUG-1;Кружка\n".encode("cp1251")
    run_import(uow_factory, store_id, io.BytesIO(data), "csv")
    with uow_factory() as uow:
        assert next(uow.catalogue.iterate(store_id)).name == "Кружка"
