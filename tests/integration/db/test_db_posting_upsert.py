"""The sync's upsert: new postings arrive whole, changes are recorded once, a repeat is a no-op."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from db_samples import T0, add_store, make_item, make_posting, make_rfbs_posting
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError

from posylka.adapters.db.postings import SqlPostingRepository
from posylka.adapters.db.tables import posting_items, posting_status_history, postings
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.domain.ids import StoreId
from posylka.domain.postings import Money, Posting, PostingStatus
from posylka.domain.views import UpsertResult

LATER = T0 + timedelta(hours=3)


def upsert(factory: SqlUnitOfWorkFactory, batch: list[Posting], now: Any = T0) -> UpsertResult:
    with factory() as uow:
        result = uow.postings.upsert_many(batch, now=now)
        uow.commit()
    return result


def table_rows(engine: Engine, query: Any) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(query))


def count(engine: Engine, table: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_new_postings_are_stored_with_items_and_a_first_history_row(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    add_store(uow_factory)
    batch = [make_posting(1), make_rfbs_posting(2)]

    result = upsert(uow_factory, batch)

    assert result == UpsertResult(created=2, updated=0, unchanged=0, status_changes=())
    assert count(engine, posting_items) == 4
    history = table_rows(engine, select(posting_status_history).order_by("id"))
    assert [(h.old_status, h.new_status, h.changed_at, h.expected) for h in history] == [
        (None, "awaiting_packaging", T0, True),
        (None, "awaiting_packaging", T0, True),
    ]


def test_a_stored_posting_reads_back_equal_to_what_was_written(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    add_store(uow_factory)
    rfbs, fbs = make_rfbs_posting(7), make_posting(8, ship_by=None, status_changed_at=None)
    upsert(uow_factory, [rfbs, fbs])

    with uow_factory() as uow:
        details = [uow.postings.details(None, p.posting_number) for p in (rfbs, fbs)]

    assert [d.posting if d else None for d in details] == [rfbs, fbs]


def test_the_same_page_twice_changes_nothing(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    add_store(uow_factory)
    page = [make_posting(n) for n in range(1, 6)]
    upsert(uow_factory, page)
    before = table_rows(engine, select(postings.c.id, postings.c.updated_at).order_by("id"))
    item_ids = table_rows(engine, select(posting_items.c.id).order_by("id"))

    result = upsert(uow_factory, page, now=LATER)

    assert result == UpsertResult(created=0, updated=0, unchanged=5, status_changes=())
    assert table_rows(engine, select(postings.c.id, postings.c.updated_at).order_by("id")) == before
    assert table_rows(engine, select(posting_items.c.id).order_by("id")) == item_ids
    assert count(engine, posting_status_history) == 5


def test_a_status_change_is_recorded_once_with_ozons_time(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    add_store(uow_factory)
    posting = make_posting(1)
    upsert(uow_factory, [posting])
    handed = replace(
        posting,
        status=PostingStatus.AWAITING_DELIVER,
        substatus="posting_in_carriage",
        status_changed_at=T0 + timedelta(hours=2),
    )

    first = upsert(uow_factory, [handed], now=LATER)
    second = upsert(uow_factory, [handed], now=LATER + timedelta(minutes=5))

    assert first.updated == 1
    [change] = first.status_changes
    assert (change.old_status, change.new_status) == (
        PostingStatus.AWAITING_PACKAGING,
        PostingStatus.AWAITING_DELIVER,
    )
    assert (change.changed_at, change.expected, change.substatus) == (
        T0 + timedelta(hours=2),
        True,
        "posting_in_carriage",
    )
    assert second == UpsertResult(unchanged=1)
    with uow_factory() as uow:
        details = uow.postings.details(posting.store_id, posting.posting_number)
    assert details is not None
    assert [(h.old_status, h.new_status) for h in details.history] == [
        (None, PostingStatus.AWAITING_PACKAGING),
        (PostingStatus.AWAITING_PACKAGING, PostingStatus.AWAITING_DELIVER),
    ]
    assert details.updated_at == LATER
    assert details.first_seen_at == T0


def test_a_change_without_ozons_time_is_dated_now(uow_factory: SqlUnitOfWorkFactory) -> None:
    add_store(uow_factory)
    posting = make_posting(1)
    upsert(uow_factory, [posting])

    result = upsert(
        uow_factory,
        [replace(posting, status=PostingStatus.CANCELLED, status_changed_at=None)],
        now=LATER,
    )

    assert [c.changed_at for c in result.status_changes] == [LATER]


def test_an_unexpected_transition_is_recorded_and_flagged(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    add_store(uow_factory)
    posting = make_posting(1, status=PostingStatus.DELIVERED, status_raw="delivered")
    upsert(uow_factory, [posting])

    result = upsert(
        uow_factory,
        [replace(posting, status=PostingStatus.AWAITING_PACKAGING, status_changed_at=LATER)],
        now=LATER,
    )

    assert [c.expected for c in result.status_changes] == [False]
    flags = table_rows(engine, select(posting_status_history.c.expected).order_by("id"))
    assert [f.expected for f in flags] == [True, False]


def test_changed_items_replace_the_old_ones(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    add_store(uow_factory)
    posting = make_posting(1)
    upsert(uow_factory, [posting])
    new_items = (make_item(5, quantity=4, price=Money(Decimal("10.50"))),)

    result = upsert(uow_factory, [replace(posting, items=new_items)], now=LATER)

    assert (result.updated, result.status_changes) == (1, ())
    with uow_factory() as uow:
        details = uow.postings.details(None, posting.posting_number)
    assert details is not None
    assert details.posting.items == new_items
    assert count(engine, posting_items) == 1
    stored = table_rows(engine, select(postings.c.item_count, postings.c.total_amount))
    assert [(r.item_count, Decimal(r.total_amount)) for r in stored] == [(4, Decimal("42.00"))]


def test_a_change_that_leaves_items_alone_keeps_their_rows(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    add_store(uow_factory)
    posting = make_posting(1)
    upsert(uow_factory, [posting])
    item_ids = table_rows(engine, select(posting_items.c.id).order_by("id"))

    upsert(uow_factory, [replace(posting, tracking_number="RA000000001RU")], now=LATER)

    assert table_rows(engine, select(posting_items.c.id).order_by("id")) == item_ids
    assert table_rows(engine, select(postings.c.tracking_number)) == [("RA000000001RU",)]


def test_an_older_copy_of_a_posting_does_not_move_it_back(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    add_store(uow_factory)
    stale = make_posting(1)
    fresh = replace(stale, status=PostingStatus.DELIVERING, status_changed_at=LATER)
    upsert(uow_factory, [fresh])

    result = upsert(uow_factory, [stale], now=LATER)

    assert result == UpsertResult(unchanged=1)
    assert table_rows(engine, select(postings.c.status)) == [("delivering",)]


def test_a_posting_repeated_in_one_call_is_stored_once_as_its_last_copy(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    add_store(uow_factory)
    first = make_posting(1)
    last = replace(first, status=PostingStatus.AWAITING_DELIVER)

    result = upsert(uow_factory, [first, last])

    assert result.created == 1
    assert table_rows(engine, select(postings.c.status)) == [("awaiting_deliver",)]
    assert count(engine, posting_status_history) == 1


def test_the_same_posting_number_in_two_stores_is_two_postings(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    one, two = add_store(uow_factory, "Один"), add_store(uow_factory, "Два")
    posting = make_posting(1)

    result = upsert(uow_factory, [replace(posting, store_id=one), replace(posting, store_id=two)])

    assert result.created == 2
    with uow_factory() as uow:
        assert uow.postings.count(one) == 1
        assert uow.postings.count(two) == 1
        assert uow.postings.count() == 2


def test_large_inputs_are_written_in_batches_with_the_same_outcome(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    add_store(uow_factory)
    page = [make_posting(n) for n in range(1, 24)]
    with uow_factory() as uow:
        repo = SqlPostingRepository(uow.connection, batch_size=5)
        created = repo.upsert_many(page[:11], now=T0)
        mixed = repo.upsert_many(
            [replace(p, status=PostingStatus.CANCELLED) for p in page[:4]] + page[4:], now=LATER
        )
        uow.commit()

    assert created == UpsertResult(created=11)
    assert (mixed.created, mixed.updated, mixed.unchanged) == (12, 4, 7)
    assert len(mixed.status_changes) == 4
    assert count(engine, postings) == 23
    assert count(engine, posting_status_history) == 27


def test_nothing_is_kept_when_the_unit_of_work_is_not_committed(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    add_store(uow_factory)
    with uow_factory() as uow:
        uow.postings.upsert_many([make_posting(1)], now=T0)

    assert count(engine, postings) == 0
    assert count(engine, posting_items) == 0


def test_a_failed_batch_leaves_nothing_behind_and_the_unit_of_work_goes_on(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    store_id = add_store(uow_factory)
    orphan = make_posting(1, store_id=StoreId(store_id + 1))  # no such store
    with uow_factory() as uow:
        with pytest.raises(IntegrityError):
            uow.postings.upsert_many([make_posting(2), orphan], now=T0)
        result = uow.postings.upsert_many([make_posting(3)], now=T0)
        uow.commit()

    assert result.created == 1
    assert table_rows(engine, select(postings.c.posting_number)) == [("0208245774-0003-1",)]
    assert count(engine, posting_items) == 2
    assert count(engine, posting_status_history) == 1


POSTGRES_ONLY = pytest.param(
    "postgresql",
    marks=pytest.mark.skipif(
        not os.environ.get("POSYLKA_TEST_DATABASE_URL"),
        reason="POSYLKA_TEST_DATABASE_URL is not set",
    ),
)


@pytest.mark.parametrize("empty_engine", [POSTGRES_ONLY], indirect=True)
def test_the_first_postings_in_a_new_postgres_database_leave_statistics_for_the_planner(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    add_store(uow_factory)

    upsert(uow_factory, [make_posting(n) for n in range(1, 31)])

    with engine.connect() as conn:
        tuples = conn.exec_driver_sql(
            "SELECT reltuples FROM pg_class WHERE oid = 'postings'::regclass"
        ).scalar_one()
    assert tuples == 30
