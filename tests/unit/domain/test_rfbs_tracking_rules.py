"""rFBS tracking rules: reading a file of pairs, batches of 20 and the order of status moves."""

from __future__ import annotations

import pytest

from posylka.domain.ids import PostingNumber, StoreId
from posylka.domain.rfbs_tracking import (
    LAST_MILE_SUBSTATUS,
    MoveProblem,
    RfbsPosting,
    RowProblem,
    after_move,
    batches,
    move_problem,
    next_move,
    read_pairs,
)
from posylka.domain.shipping import RfbsMove


def posting(
    status: str = "awaiting_deliver",
    *,
    substatus: str = "",
    tracking: str = "TRACK1",
    integration: str = "non_integrated",
) -> RfbsPosting:
    return RfbsPosting(
        StoreId(1), PostingNumber("111-1"), status, substatus, tracking, "", integration
    )


def test_a_header_row_is_skipped() -> None:
    sheet = read_pairs([["posting_number", "tracking_number"], ["111-1", "RA1"]])

    assert [(p.posting_number, p.tracking_number) for p in sheet.pairs] == [("111-1", "RA1")]


def test_a_row_without_a_tracking_number_is_refused_with_its_row() -> None:
    sheet = read_pairs([["111-1", "RA1"], ["222-1", ""]])

    assert [(r.row, r.problem) for r in sheet.refused] == [(2, RowProblem.NO_TRACKING)]


def test_good_rows_are_kept_around_a_bad_one() -> None:
    sheet = read_pairs([["111-1", "RA1"], ["", "RA2"], ["333-1", "RA3"]])

    assert [p.posting_number for p in sheet.pairs] == ["111-1", "333-1"]


def test_a_posting_named_twice_keeps_its_first_row() -> None:
    sheet = read_pairs([["111-1", "RA1"], ["111-1", "RA2"]])

    assert [(r.row, r.problem, r.first_row) for r in sheet.refused] == [
        (2, RowProblem.DUPLICATE, 1)
    ]


def test_a_tracking_number_with_spaces_is_refused() -> None:
    assert read_pairs([["111-1", "RA 1"]]).refused[0].problem is RowProblem.TRACKING_HAS_SPACES


def test_a_third_filled_column_is_refused() -> None:
    assert read_pairs([["111-1", "RA1", "x"]]).refused[0].problem is RowProblem.TOO_MANY_COLUMNS


def test_blank_rows_are_ignored() -> None:
    sheet = read_pairs([["", ""], ["111-1", "RA1"]])

    assert (len(sheet.pairs), sheet.refused) == (1, ())


def test_45_pairs_go_in_calls_of_20_20_and_5() -> None:
    assert [len(b) for b in batches(list(range(45)))] == [20, 20, 5]


def test_delivering_needs_a_tracking_number() -> None:
    assert move_problem(posting(tracking=""), RfbsMove.DELIVERING) is (
        MoveProblem.NO_TRACKING_NUMBER
    )


def test_a_posting_of_an_integrated_carrier_is_not_moved_by_the_seller() -> None:
    assert move_problem(posting(integration="3pl_tracking"), RfbsMove.DELIVERING) is (
        MoveProblem.NOT_OWN_CARRIER
    )


@pytest.mark.parametrize(
    ("status", "substatus", "expected"),
    [
        ("awaiting_deliver", "", RfbsMove.DELIVERING),
        ("delivering", "", RfbsMove.LAST_MILE),
        ("delivering", "posting_transferred_to_courier_service", RfbsMove.LAST_MILE),
        ("delivering", LAST_MILE_SUBSTATUS, RfbsMove.DELIVERED),
        ("delivered", "", None),
    ],
)
def test_moves_come_in_ozons_order(status: str, substatus: str, expected: RfbsMove | None) -> None:
    assert next_move(posting(status, substatus=substatus)) is expected


def test_an_accepted_move_shows_before_the_sync_brings_it() -> None:
    assert after_move(posting(), RfbsMove.DELIVERING).status == "delivering"


def test_an_old_move_does_not_take_a_posting_back() -> None:
    assert after_move(posting("delivered"), RfbsMove.DELIVERING).status == "delivered"
