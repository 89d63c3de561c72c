"""The document data model: paper sizes, batch codes, and the pick list's walking order."""

from __future__ import annotations

import pytest

from posylka.domain.documents import (
    PaperSize,
    PickSource,
    SlipLine,
    batch_code,
    bin_order_key,
    parse_batch_code,
    pick_entries,
)
from posylka.domain.ids import BatchId, OfferId, PostingNumber, Sku


def line(sku: int, qty: int = 1, bin_: str | None = None, barcode: str | None = None) -> SlipLine:
    return SlipLine(OfferId(f"OF-{sku}"), Sku(sku), f"product {sku}", qty, bin_, barcode)


@pytest.mark.parametrize(
    ("raw", "size"),
    [
        ("a4", PaperSize.A4),
        ("A4", PaperSize.A4),
        ("100x150", PaperSize.THERMAL_100X150),
        ("100×150 mm", PaperSize.THERMAL_100X150),
        ("75x120", PaperSize.THERMAL_75X120),
        ("58X40", PaperSize.THERMAL_58X40),
    ],
)
def test_paper_size_reads_the_ways_people_write_it(raw: str, size: PaperSize) -> None:
    assert PaperSize.parse(raw) is size


def test_unknown_paper_size_names_the_allowed_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown paper size 'A5'.*a4, 100x150"):
        PaperSize.parse("A5")


def test_paper_sizes_in_millimetres() -> None:
    assert (PaperSize.A4.width_mm, PaperSize.A4.height_mm) == (210, 297)
    assert (PaperSize.THERMAL_58X40.width_mm, PaperSize.THERMAL_58X40.height_mm) == (58, 40)
    assert not PaperSize.A4.is_thermal
    assert PaperSize.THERMAL_75X120.is_thermal


def test_batch_code_round_trips() -> None:
    assert batch_code(BatchId(42)) == "PL-000042"
    assert parse_batch_code("pl-000042") == BatchId(42)
    assert parse_batch_code("0208245774-0029-1") is None
    assert parse_batch_code("PL-") is None


def test_bins_sort_in_walking_order_with_numbers_as_numbers_and_unknown_last() -> None:
    bins = ["A-2-10", None, "A-2-9", "B-1-1", "a-10-1", "A-2-9a", ""]
    ordered = sorted(bins, key=bin_order_key)
    assert ordered[:5] == ["A-2-9", "A-2-9a", "A-2-10", "a-10-1", "B-1-1"]
    assert set(ordered[5:]) == {None, ""}


def test_pick_entries_merge_a_product_across_postings_and_keep_the_split() -> None:
    sources = [
        PickSource(PostingNumber("p-1"), [line(1, 2, "B-1"), line(2, 1, "A-1")]),
        PickSource(PostingNumber("p-2"), [line(1, 3, "B-1"), line(3, 1)]),
        PickSource(PostingNumber("p-3"), [line(2, 4, "A-1", "4600000000017")]),
    ]
    entries = pick_entries(sources)
    assert [(e.sku, e.total_quantity) for e in entries] == [(2, 5), (1, 5), (3, 1)]
    assert [(p.posting_number, p.quantity) for p in entries[1].parts] == [("p-1", 2), ("p-2", 3)]
    assert entries[0].barcode == "4600000000017"
    assert entries[2].bin is None


def test_pick_entries_skip_lines_with_nothing_to_pick() -> None:
    assert pick_entries([PickSource(PostingNumber("p"), [line(1, 0)])]) == ()
