"""A posting flattened into its row: digests that notice every change, and the search text."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from db_samples import make_item, make_posting, make_rfbs_posting

from posylka.adapters.db.posting_rows import (
    LINE_COLUMNS,
    ROW_COLUMNS,
    from_row,
    read_time,
    search_text,
    stored_time,
    to_row,
)
from posylka.adapters.db.tables import posting_items, postings
from posylka.domain.postings import Money, PostingStatus


def test_a_row_reads_back_as_the_same_posting() -> None:
    posting = make_rfbs_posting(3)
    row = to_row(posting)

    assert from_row(row.values, row.items) == posting


def test_equal_content_gives_equal_digests_whatever_the_time_zone() -> None:
    posting = make_posting(1)
    moscow = timezone(timedelta(hours=3))
    same_instant = replace(
        posting, ship_by=posting.ship_by.astimezone(moscow) if posting.ship_by else None
    )

    assert to_row(same_instant).content_hash == to_row(posting).content_hash


def test_any_change_changes_the_content_digest() -> None:
    posting = make_rfbs_posting(1)
    changes = [
        replace(posting, status=PostingStatus.AWAITING_DELIVER),
        replace(posting, substatus="posting_in_carriage"),
        replace(posting, tracking_number="RA1RU"),
        replace(posting, available_actions=("ship",)),
        replace(posting, buyer=replace(posting.buyer, phone="+70000000000"))
        if posting.buyer
        else posting,
        replace(posting, items=(make_item(0, quantity=9), make_item(1))),
    ]

    digests = {to_row(p).content_hash for p in changes}

    assert to_row(posting).content_hash not in digests
    assert len(digests) == len(changes)


def test_the_items_digest_follows_the_items_only() -> None:
    posting = make_posting(1)
    relisted = replace(posting, items=(make_item(0, price=Money(Decimal("1.00"))),))

    assert to_row(replace(posting, substatus="x")).items_hash == to_row(posting).items_hash
    assert to_row(relisted).items_hash != to_row(posting).items_hash


def test_money_is_compared_to_the_cent() -> None:
    posting = make_posting(1, items=(make_item(0, price=Money(Decimal("10.5"))),))
    same = make_posting(1, items=(make_item(0, price=Money(Decimal("10.50"))),))

    assert to_row(posting).content_hash == to_row(same).content_hash


def test_search_text_holds_numbers_buyer_items_and_tracking_in_lower_case() -> None:
    posting = make_rfbs_posting(
        4, items=(make_item(0, name="Чехол СИНИЙ 手机壳", offer_id="CASE-Blue"),)
    )

    assert search_text(posting).split("\n") == [
        "0208245774-0004-1",
        "0208245774-0004",
        "иван петров",
        "чехол синий 手机壳",
        "case-blue",
        "ra123456789ru",
    ]


def test_a_row_carries_every_posting_column_but_the_id_and_the_repositorys_times() -> None:
    declared = {column.name for column in postings.c}

    assert set(ROW_COLUMNS) == declared - {"id", "first_seen_at", "updated_at"}
    assert set(LINE_COLUMNS) == {column.name for column in posting_items.c} - {"id", "posting_id"}
    assert len(set(ROW_COLUMNS)) == len(ROW_COLUMNS)


def test_times_are_stored_as_utc_text_that_sorts_in_time_order() -> None:
    moscow = timezone(timedelta(hours=3))
    earlier = datetime(2026, 11, 20, 23, 30, tzinfo=moscow)  # 20:30 UTC
    later = datetime(2026, 11, 20, 21, 0, 0, 5, tzinfo=UTC)

    assert stored_time(earlier) == "2026-11-20 20:30:00.000000"
    assert stored_time(later) == "2026-11-20 21:00:00.000005"
    assert read_time(stored_time(earlier)) == earlier
    assert stored_time(None) is None


def test_the_row_carries_the_search_text_of_its_posting() -> None:
    for posting in (make_rfbs_posting(5), make_posting(6, buyer=None, tracking_number="")):
        assert to_row(posting).values["search_text"] == search_text(posting)


def test_a_naive_time_is_refused() -> None:
    naive = make_posting(1).ship_by
    assert naive is not None

    with pytest.raises(ValueError, match="naive"):
        to_row(make_posting(1, ship_by=naive.replace(tzinfo=None)))


def test_an_address_with_quotes_controls_and_emoji_reads_back_intact() -> None:
    posting = make_rfbs_posting(9)
    assert posting.buyer is not None
    assert posting.buyer.address is not None
    address = replace(
        posting.buyer.address,
        address_tail='ул. "Новая", д. 1\\2\nкв. 3\t😀',
        comment="звонить\u2028в дверь",
        latitude=None,
        longitude=-0.0,
    )
    odd = replace(posting, buyer=replace(posting.buyer, address=address))

    row = to_row(odd)

    assert json.loads(row.columns[ROW_COLUMNS.index("address")])["address_tail"] == (
        address.address_tail
    )
    assert from_row(row.values, row.items) == odd
