"""The catalogue spreadsheet's rules: headers, cells, barcodes, and the row that round-trips."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posylka.domain.catalogue import (
    Barcode,
    BarcodeKind,
    BatteryType,
    Dimensions,
    InvalidBarcode,
    PackagingFlags,
    ProductDraft,
    gtin_check_digit,
    validate_barcode,
)
from posylka.domain.catalogue_sheet import (
    COLUMNS,
    Problem,
    SheetRejected,
    UnknownFormat,
    header_row,
    overlay,
    parse_row,
    product_row,
    read_header,
    sheet_format,
)
from posylka.domain.ids import OfferId, Sku, StoreId, WarehouseId

STORE = StoreId(1)


def parse(cells: dict[str, Any], existing: ProductDraft | None = None) -> Any:
    header = read_header(list(cells))
    return parse_row(STORE, header, 7, list(cells.values()), existing)


def problems_of(cells: dict[str, Any]) -> list[tuple[int, str, Problem]]:
    draft, problems = parse(cells)
    assert draft is None
    return [(p.row, p.column, p.problem) for p in problems]


def test_ean13_check_digit_is_verified() -> None:
    assert gtin_check_digit("460123456789") == 3
    assert validate_barcode(" 4601234567893 ", BarcodeKind.EAN13) == "4601234567893"
    with pytest.raises(InvalidBarcode) as caught:
        validate_barcode("4601234567890", BarcodeKind.EAN13)
    assert caught.value.reason == "check_digit"
    assert caught.value.params == {"expected": 3}


def test_header_names_every_unknown_repeated_and_missing_column() -> None:
    with pytest.raises(SheetRejected) as caught:
        read_header(["SKU", "colour", "sku", "name", "bin:11", "bin:11"])

    found = {(p.column, p.problem) for p in caught.value.problems}
    assert found == {
        ("colour", Problem.UNKNOWN_HEADER),
        ("sku", Problem.DUPLICATE_HEADER),
        ("bin:11", Problem.DUPLICATE_HEADER),
        ("offer_id", Problem.MISSING_HEADER),
    }


def test_header_is_case_blind_and_ignores_trailing_empty_cells() -> None:
    header = read_header(["Offer_ID ", "Bin:11", None, ""])
    assert header.has("offer_id")
    assert dict(header.bins) == {WarehouseId(11): 1}


def test_a_good_row_becomes_a_product() -> None:
    draft, problems = parse(
        {
            "offer_id": "MUG-1",
            "sku": "1000001",
            "name": " Кружка ",
            "barcodes": "4601234567893; code128:BOX-7, OZN12345",
            "length_mm": 120.0,
            "weight_g": "350",
            "unit_cost": "149,5",
            "fragile": "да",
            "liquid_ml": 300,
            "battery": "Li-ion",
            "battery_wh": "18.5",
            "needs_mark": True,
            "safety_buffer": "",
            "bin:11": "A-01",
        }
    )

    assert problems == []
    assert draft == ProductDraft(
        store_id=STORE,
        offer_id=OfferId("MUG-1"),
        sku=Sku(1000001),
        name="Кружка",
        barcodes=(
            Barcode("4601234567893", BarcodeKind.EAN13),
            Barcode("BOX-7", BarcodeKind.CODE128),
            Barcode("OZN12345", BarcodeKind.OTHER),
        ),
        dimensions=Dimensions(length_mm=120, weight_g=350),
        unit_cost=Decimal("149.50"),
        flags=PackagingFlags(
            fragile=True,
            liquid=True,
            liquid_ml=300,
            battery=BatteryType.LI_ION,
            battery_wh=Decimal("18.50"),
            needs_mark=True,
        ),
        bins={WarehouseId(11): "A-01"},
    )


def test_columns_left_out_keep_what_the_product_had() -> None:
    existing = ProductDraft(
        store_id=STORE,
        offer_id=OfferId("MUG-1"),
        name="Кружка",
        unit_cost=Decimal("10.00"),
        bins={WarehouseId(11): "A-01", WarehouseId(12): "B-02"},
    )
    draft, _ = parse({"offer_id": "MUG-1", "bin:12": "", "weight_g": 5}, existing)

    assert draft is not None
    assert draft.name == "Кружка"
    assert draft.unit_cost == Decimal("10.00")
    assert dict(draft.bins) == {WarehouseId(11): "A-01"}
    assert draft.dimensions.weight_g == 5


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [
        ("weight_g", "heavy", Problem.NOT_A_NUMBER),
        ("weight_g", "-5", Problem.NEGATIVE),
        ("weight_g", "2.5", Problem.NOT_A_WHOLE_NUMBER),
        ("unit_cost", "-1", Problem.NEGATIVE),
        ("unit_cost", "1.999", Problem.TOO_MANY_DECIMALS),
        ("unit_cost", "abc", Problem.NOT_A_NUMBER),
        ("safety_buffer", "-1", Problem.NEGATIVE),
        ("fragile", "maybe", Problem.NOT_YES_OR_NO),
        ("battery", "nuclear", Problem.UNKNOWN_BATTERY),
        ("barcodes", "4601234567890", Problem.INVALID_BARCODE),
        ("barcodes", "ean13:12345", Problem.INVALID_BARCODE),
        ("offer_id", "", Problem.REQUIRED),
        ("offer_id", "x" * 201, Problem.TOO_LONG),
    ],
)
def test_a_bad_cell_is_reported_with_row_and_column(
    column: str, value: str, problem: Problem
) -> None:
    cells = {"offer_id": "MUG-1", column: value}
    assert problems_of(cells) == [(7, column, problem)]


def test_every_bad_cell_of_a_row_is_reported() -> None:
    found = problems_of({"offer_id": "M", "weight_g": "x", "height_mm": "-1", "glass": "?"})
    assert [c for _, c, _ in found] == ["height_mm", "weight_g", "glass"]


def test_format_comes_from_the_suffix() -> None:
    assert sheet_format("Каталог.XLSX") == "xlsx"
    assert sheet_format("a.b.csv") == "csv"
    with pytest.raises(UnknownFormat):
        sheet_format("catalogue.ods")


@st.composite
def drafts(draw: st.DrawFn) -> ProductDraft:
    maybe_count = st.none() | st.integers(0, 100_000)
    money = st.none() | st.decimals(0, 99_999, places=2).map(lambda d: d.quantize(Decimal("0.01")))
    liquid = draw(st.booleans())
    ean = st.integers(0, 10**12 - 1).map(lambda n: f"{n:012d}{gtin_check_digit(f'{n:012d}')}")
    other = st.text("ABCXYZ0123-", min_size=1, max_size=12).filter(lambda s: not s.isdigit())
    barcodes = draw(st.lists(ean | other, max_size=3, unique=True))
    return ProductDraft(
        store_id=STORE,
        offer_id=OfferId(
            draw(
                st.text(
                    st.characters(codec="utf-8", exclude_categories=("C", "Z")),
                    min_size=1,
                    max_size=30,
                )
            )
        ),
        name=draw(
            st.text(st.characters(codec="utf-8", exclude_categories=("C",)), max_size=40)
        ).strip(),
        sku=draw(st.none() | st.integers(1, 10**12).map(Sku)),
        ozon_product_id=draw(st.none() | st.integers(1, 10**12)),
        dimensions=Dimensions(*(draw(maybe_count) for _ in range(4))),
        unit_cost=draw(money),
        flags=PackagingFlags(
            fragile=draw(st.booleans()),
            liquid=liquid,
            liquid_ml=draw(st.integers(1, 5000)) if liquid and draw(st.booleans()) else None,
            glass=draw(st.booleans()),
            battery=draw(st.sampled_from(BatteryType)),
            battery_wh=draw(money),
            aerosol=draw(st.booleans()),
            flammable=draw(st.booleans()),
            keep_upright=draw(st.booleans()),
            needs_mark=draw(st.booleans()),
        ),
        barcodes=tuple(
            Barcode(
                b,
                BarcodeKind.EAN13
                if b.isdigit()
                else draw(st.sampled_from([BarcodeKind.OTHER, BarcodeKind.CODE128])),
            )
            for b in barcodes
        ),
        bins={
            WarehouseId(w): b
            for w, b in draw(
                st.dictionaries(st.sampled_from([11, 12]), st.text("AB-12", min_size=1, max_size=8))
            ).items()
            if b.strip() == b
        },
        low_stock_threshold=draw(maybe_count),
        safety_buffer=draw(st.integers(0, 1000)),
    )


@settings(max_examples=200, deadline=None)
@given(drafts())
def test_an_exported_row_reads_back_as_the_same_product(draft: ProductDraft) -> None:
    warehouses = [WarehouseId(11), WarehouseId(12)]
    header = read_header(header_row(warehouses))
    cells = [str(c) if c is not None else "" for c in product_row(draft, warehouses)]

    parsed, problems = parse_row(STORE, header, 2, cells, None)

    assert problems == []
    assert parsed == draft


def test_the_export_header_is_every_column_then_the_bins() -> None:
    assert header_row([WarehouseId(11)]) == [*COLUMNS, "bin:11"]


@settings(max_examples=150, deadline=None)
@given(drafts(), drafts(), st.sets(st.sampled_from([*COLUMNS[1:], "bin:11", "bin:12"])))
def test_a_row_laid_over_its_product_reads_as_the_row_read_with_it(
    existing: ProductDraft, row: ProductDraft, columns: set[str]
) -> None:
    warehouses = [WarehouseId(11), WarehouseId(12)]
    full = dict(
        zip(
            header_row(warehouses),
            [str(c) if c is not None else "" for c in product_row(row, warehouses)],
            strict=True,
        )
    )
    picked = {"offer_id": full["offer_id"], **{c: full[c] for c in sorted(columns)}}
    header = read_header(list(picked))
    mine = replace(existing, offer_id=row.offer_id)

    with_product, _ = parse_row(STORE, header, 2, list(picked.values()), mine)
    alone, _ = parse_row(STORE, header, 2, list(picked.values()), None)

    assert alone is not None
    assert overlay(header, alone, mine) == with_product
