"""The assembly's rules: its states and moves, the packages Ozon can take, how the posting Ozon
shows is read, and what each refusal tells the packer."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from tests.unit.services.posting_builder import make_item, make_posting

from posylka.domain.assembly import (
    NOTES,
    TRANSITIONS,
    Assembly,
    AssemblyConflict,
    AssemblyState,
    InvalidPackages,
    Reading,
    Trouble,
    check_packages,
    move,
    read_posting,
    trouble_of_refusal,
)
from posylka.domain.ids import PostingNumber, Sku, StoreId
from posylka.domain.postings import PostingStatus
from posylka.domain.shipping import Package, PackageLine, ShipRefusal

AT = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
S = AssemblyState


def box(*lines: tuple[int, int]) -> Package:
    return Package(tuple(PackageLine(Sku(sku), qty) for sku, qty in lines))


def recorded() -> Assembly:
    return Assembly(
        store_id=StoreId(1),
        posting_number=PostingNumber("1-1"),
        packages=(box((5, 1)),),
        state=S.RECORDED,
        attempts=0,
        refusal=None,
        message="",
        result_postings=(),
        recorded_at=AT,
        updated_at=AT,
        user_id=None,
    )


def test_an_assembled_assembly_never_moves_again() -> None:
    assert TRANSITIONS[S.ASSEMBLED] == frozenset()


def test_a_recorded_assembly_can_only_be_sent() -> None:
    assert TRANSITIONS[S.RECORDED] == frozenset({S.SENT})


def test_a_failed_assembly_is_only_recorded_again() -> None:
    assert TRANSITIONS[S.FAILED] == frozenset({S.RECORDED})


def test_moving_a_recorded_assembly_to_assembled_is_refused() -> None:
    with pytest.raises(AssemblyConflict):
        move(recorded(), S.ASSEMBLED, at=AT)


def test_moving_keeps_the_changes_and_the_time() -> None:
    later = datetime(2026, 11, 26, 12, 5, tzinfo=UTC)
    sent = move(recorded(), S.SENT, at=later, attempts=1)
    assert (sent.state, sent.attempts, sent.updated_at) == (S.SENT, 1, later)


def test_only_recorded_sent_and_accepted_are_live() -> None:
    assert {s for s in S if s.is_live} == {S.RECORDED, S.SENT, S.ACCEPTED}


def test_packages_are_needed() -> None:
    with pytest.raises(InvalidPackages, match="no box"):
        check_packages([], None)


def test_an_empty_box_is_named_by_its_place() -> None:
    with pytest.raises(InvalidPackages, match="Box 2 is empty"):
        check_packages([box((5, 1)), Package(())], None)


def test_a_zero_quantity_is_refused() -> None:
    with pytest.raises(InvalidPackages, match="quantities start at 1"):
        check_packages([box((5, 0))], None)


def test_boxes_holding_fewer_units_than_the_posting_are_refused() -> None:
    items = (make_item(sku=Sku(5), quantity=3),)
    with pytest.raises(InvalidPackages, match="SKU 5: the posting has 3, the boxes hold 2"):
        check_packages([box((5, 1)), box((5, 1))], items)


def test_a_product_not_in_the_posting_is_refused() -> None:
    items = (make_item(sku=Sku(5), quantity=1),)
    with pytest.raises(InvalidPackages, match="SKU 9 is not in this posting"):
        check_packages([box((5, 1), (9, 1))], items)


def test_units_split_over_boxes_that_add_up_are_accepted() -> None:
    items = (make_item(sku=Sku(5), quantity=2), make_item(sku=Sku(7), quantity=1))
    check_packages([box((5, 1)), box((5, 1), (7, 1))], items)


def test_awaiting_deliver_reads_as_assembled() -> None:
    posting = make_posting(status=PostingStatus.AWAITING_DELIVER)
    assert read_posting(posting) is Reading.ASSEMBLED


def test_ship_in_process_reads_as_in_progress() -> None:
    posting = make_posting(available_actions=("ship_async_in_process",))
    assert read_posting(posting) is Reading.IN_PROGRESS


def test_ship_failed_substatus_reads_as_ship_failed() -> None:
    posting = make_posting(substatus="ship_failed", available_actions=("ship_async_retry",))
    assert read_posting(posting) is Reading.SHIP_FAILED


def test_a_posting_awaiting_packaging_without_a_call_at_work_reads_as_untouched() -> None:
    assert read_posting(make_posting()) is Reading.UNTOUCHED


def test_a_cancelled_posting_reads_as_cancelled() -> None:
    assert read_posting(make_posting(status=PostingStatus.CANCELLED)) is Reading.CANCELLED


def test_already_shipped_means_assembled_not_a_trouble() -> None:
    assert trouble_of_refusal(ShipRefusal.ALREADY_SHIPPED) is None


@pytest.mark.parametrize(
    ("refusal", "trouble"),
    [
        (ShipRefusal.ALREADY_CANCELLED, Trouble.CANCELLED),
        (ShipRefusal.INCORRECT_STATUS, Trouble.WRONG_STATUS),
        (ShipRefusal.INCORRECT_QUANTITY, Trouble.QUANTITY),
        (ShipRefusal.EXEMPLAR_INFO_MISSING, Trouble.MARKS_MISSING),
        (ShipRefusal.UNKNOWN_PRODUCT, Trouble.UNKNOWN_PRODUCT),
        (ShipRefusal.OTHER, Trouble.REFUSED),
    ],
)
def test_each_refusal_has_its_trouble(refusal: ShipRefusal, trouble: Trouble) -> None:
    assert trouble_of_refusal(refusal) is trouble


def test_a_cancelled_posting_tells_the_packer_to_put_the_items_back() -> None:
    note = replace(recorded(), trouble=Trouble.CANCELLED).note
    assert note is not None
    assert "cancelled on Ozon" in note.sentence
    assert "Put the items back" in note.way_forward
    assert not note.retry


def test_missing_marks_tell_the_packer_to_scan_the_marking_codes() -> None:
    note = NOTES[Trouble.MARKS_MISSING]
    assert "Scan the marking codes in Ozon's personal account" in note.way_forward


def test_every_trouble_has_a_note() -> None:
    assert set(NOTES) == set(Trouble)
