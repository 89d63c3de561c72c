"""The posting queue and the posting page as use cases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from memory_ports import FixedClock, MemoryDatabase
from posting_builder import BASE, make_posting

from posylka.domain.ids import OfferId, PostingNumber, ProductId, Sku, StoreId, WarehouseId
from posylka.domain.postings import PostingStatus, StatusChange, Urgency
from posylka.domain.stock_reservations import ReservationLine
from posylka.domain.stores import StoreCredentials
from posylka.services.ports import QueueQuery
from posylka.services.queue import ALL_STATUSES, list_queue, show_posting, sync_overview


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(BASE)


@pytest.fixture
def db() -> MemoryDatabase:
    db = MemoryDatabase()
    with db() as tx:
        tx.stores.add("Чайный дом", StoreCredentials("12345", "k", "http://x"), now=BASE)
        tx.commit()
    return db


def put(db: MemoryDatabase, *postings) -> None:
    with db() as tx:
        tx.postings.upsert_many(postings, now=BASE)
        tx.commit()


def test_rows_carry_urgency_against_one_clock_reading(db, clock):
    put(
        db,
        make_posting("1-1-1", ship_by=BASE - timedelta(minutes=5)),
        make_posting("1-1-2", ship_by=BASE + timedelta(minutes=90)),
        make_posting("1-1-3", ship_by=BASE + timedelta(hours=5)),
        make_posting("1-1-4", ship_by=BASE - timedelta(days=2), status=PostingStatus.DELIVERED),
    )
    view = list_queue(QueueQuery(status=ALL_STATUSES), uow=db, clock=clock)
    by_number = {e.row.posting_number: e.urgency for e in view.entries}
    assert by_number == {
        "1-1-4": Urgency.NONE,
        "1-1-1": Urgency.OVERDUE,
        "1-1-2": Urgency.DUE_SOON,
        "1-1-3": Urgency.ON_TIME,
    }
    assert view.now == BASE


def test_page_size_is_clamped_and_text_trimmed(db, clock):
    put(db, *(make_posting(f"2-2-{n}") for n in range(1, 4)))
    view = list_queue(QueueQuery(limit=0, text="  2-2-3 "), uow=db, clock=clock)
    assert [e.row.posting_number for e in view.entries] == ["2-2-3"]
    assert list_queue(QueueQuery(limit=10_000), uow=db, clock=clock).page.total == 3


def test_queue_view_includes_filters_and_sync_line(db, clock):
    put(db, make_posting())
    with db() as tx:
        tx.stores.record_sync(StoreId(1), at=BASE, error="Invalid Api-Key")
        tx.commit()
    view = list_queue(QueueQuery(), uow=db, clock=clock)
    assert [o.label for o in view.filters.warehouses] == ["Склад Москва"]
    assert [(s.store_name, s.last_error) for s in view.sync] == [("Чайный дом", "Invalid Api-Key")]
    assert [(s.store_name, s.last_error) for s in sync_overview(uow=db)] == [
        ("Чайный дом", "Invalid Api-Key")
    ]


def test_rows_only_view_skips_filter_choices_and_sync_line(db, clock):
    put(db, make_posting())
    view = list_queue(QueueQuery(), uow=db, clock=clock, with_choices=False)
    assert [e.row.posting_number for e in view.entries] == ["0208245774-0029-1"]
    assert view.filters.warehouses == ()
    assert view.sync == ()


def test_next_and_previous_flags_follow_the_cursors(db, clock):
    put(db, *(make_posting(f"3-3-{n}", ship_by=BASE + timedelta(hours=n)) for n in range(5)))
    first = list_queue(QueueQuery(limit=2), uow=db, clock=clock)
    assert (first.has_prev, first.has_next) == (False, True)
    second = list_queue(QueueQuery(limit=2, after=first.page.next_cursor), uow=db, clock=clock)
    assert [e.row.posting_number for e in second.entries] == ["3-3-2", "3-3-3"]
    assert (second.has_prev, second.has_next) == (True, True)


def test_posting_page_has_history_and_urgency(db, clock):
    put(db, make_posting("4-4-1", ship_by=BASE + timedelta(minutes=30)))
    change = StatusChange(
        PostingNumber("4-4-1"),
        PostingStatus.AWAITING_PACKAGING,
        PostingStatus.DELIVERED,
        "",
        BASE,
        expected=False,
    )
    db().postings.add_history(StoreId(1), "4-4-1", [change])
    view = show_posting(StoreId(1), "4-4-1", uow=db, clock=clock)
    assert view is not None
    assert view.urgency is Urgency.DUE_SOON
    assert view.details.history == (change,)
    assert view.details.store_name == "Чайный дом"


def test_posting_of_another_store_is_not_found(db, clock):
    put(db, make_posting("5-5-1"))
    assert show_posting(StoreId(2), "5-5-1", uow=db, clock=clock) is None


def _short_line(posting_id: int, wanted: int, reserved: int) -> ReservationLine:
    return ReservationLine(
        posting_id=posting_id,
        sku=Sku(42),
        offer_id=OfferId("TEA-042"),
        product_id=ProductId(1),
        warehouse_id=WarehouseId(7),
        wanted=wanted,
        reserved=reserved,
    )


def test_short_postings_are_badged_and_pinned_above_the_queue_earliest_ship_by_first(db, clock):
    put(
        db,
        make_posting("5-5-1", ship_by=BASE + timedelta(hours=9)),
        make_posting("5-5-2", ship_by=BASE + timedelta(hours=2)),
        make_posting("5-5-3", ship_by=BASE + timedelta(hours=1)),
    )
    ids = {p.posting_number: pid for pid, p, _ in db.state.postings}
    db.state.reservations = {
        ids["5-5-1"]: [_short_line(ids["5-5-1"], 3, 1)],
        ids["5-5-2"]: [_short_line(ids["5-5-2"], 2, 0)],
        ids["5-5-3"]: [_short_line(ids["5-5-3"], 1, 1)],
    }
    view = list_queue(QueueQuery(), uow=db, clock=clock)
    assert {e.row.posting_number: e.short for e in view.entries} == {
        "5-5-3": 0,
        "5-5-2": 2,
        "5-5-1": 2,
    }
    assert [p.reservation.posting_number for p in view.shortfalls] == ["5-5-2", "5-5-1"]
    assert list_queue(QueueQuery(), uow=db, clock=clock, with_choices=False).shortfalls == ()
