"""The posting queue: what it shows by default, its filters, its order, and paging by cursor."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from db_samples import T0, add_store, make_item, make_posting, make_rfbs_posting
from sqlalchemy import Engine, event

from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.domain.ids import DeliveryMethodId, StoreId, WarehouseId
from posylka.domain.postings import Buyer, Posting, PostingStatus
from posylka.domain.views import QueuePage, QueueQuery

S = PostingStatus


def store(factory: SqlUnitOfWorkFactory, postings: list[Posting]) -> None:
    with factory() as uow:
        uow.postings.upsert_many(postings, now=T0)
        uow.commit()


def page(factory: SqlUnitOfWorkFactory, **query: Any) -> QueuePage:
    with factory.reader()() as uow:
        return uow.postings.queue(QueueQuery(**query))


def numbers(result: QueuePage) -> list[str]:
    return [row.posting_number for row in result.rows]


def at(hours: float) -> Any:
    return T0 + timedelta(hours=hours)


@pytest.fixture
def desk(uow_factory: SqlUnitOfWorkFactory) -> SqlUnitOfWorkFactory:
    """Two stores; postings in several statuses, warehouses and methods; one without ship-by."""
    first, second = add_store(uow_factory, "Альфа"), add_store(uow_factory, "Бета")
    rows = [
        make_posting(1, ship_by=at(5)),
        make_posting(2, ship_by=at(1), status=S.AWAITING_DELIVER),
        make_posting(3, ship_by=None),
        make_posting(4, ship_by=at(1)),
        make_posting(5, ship_by=at(-30), status=S.DELIVERED),
        make_posting(6, ship_by=at(2), status=S.CANCELLED),
        make_rfbs_posting(7, ship_by=at(3), store_id=second, warehouse_id=WarehouseId(12)),
        make_posting(8, ship_by=at(4), delivery_method_id=DeliveryMethodId(22)),
        make_posting(
            9,
            ship_by=at(6),
            status=S.AWAITING_APPROVE,
            store_id=second,
            items=(make_item(3, name="Чехол 100% хлопок_синий", offer_id="CASE-9"),),
        ),
    ]
    store(uow_factory, [replace(p, store_id=p.store_id or first) for p in rows])
    return uow_factory


def test_default_queue_shows_the_sellers_work_by_ship_by_with_undated_last(
    desk: SqlUnitOfWorkFactory,
) -> None:
    result = page(desk)

    assert numbers(result) == [
        "0208245774-0002-1",
        "0208245774-0004-1",
        "0208245774-0007-1",
        "0208245774-0008-1",
        "0208245774-0001-1",
        "0208245774-0009-1",
        "0208245774-0003-1",
    ]
    assert result.total == 7
    assert (result.prev_cursor, result.next_cursor) == ("", "")


def test_status_filter_takes_one_status_or_all(desk: SqlUnitOfWorkFactory) -> None:
    assert numbers(page(desk, status="delivered")) == ["0208245774-0005-1"]
    assert page(desk, status="all").total == 9
    assert page(desk, status="open").total == 7
    assert page(desk, status="no_such_status").total == 0


def test_store_warehouse_and_method_filters_narrow_the_queue(desk: SqlUnitOfWorkFactory) -> None:
    assert numbers(page(desk, store_id=StoreId(2))) == ["0208245774-0007-1", "0208245774-0009-1"]
    assert numbers(page(desk, warehouse_id=12)) == ["0208245774-0007-1"]
    assert numbers(page(desk, delivery_method_id=22)) == ["0208245774-0008-1"]
    assert numbers(page(desk, warehouse_id=11, delivery_method_id=22, status="all")) == [
        "0208245774-0008-1"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("иван", ["0208245774-0007-1"]),
        ("ИВАН ПЕТРОВ", ["0208245774-0007-1"]),
        ("ra123456789", ["0208245774-0007-1"]),
        ("case-9", ["0208245774-0009-1"]),
        ("хлопок_синий", ["0208245774-0009-1"]),
        ("100%", ["0208245774-0009-1"]),
        ("0208245774-0004", ["0208245774-0004-1"]),
        ("  0208245774-0001-1 ", ["0208245774-0001-1"]),
        ("%", ["0208245774-0009-1"]),
        ("_", ["0208245774-0009-1"]),
    ],
)
def test_text_filter_finds_numbers_buyers_items_and_tracking(
    desk: SqlUnitOfWorkFactory, text: str, expected: list[str]
) -> None:
    result = page(desk, text=text, status="all")

    assert numbers(result) == expected
    assert result.total == len(expected)


def test_rows_carry_what_the_queue_shows(desk: SqlUnitOfWorkFactory) -> None:
    result = page(desk, store_id=StoreId(2), status="all", limit=1)

    row = result.rows[0]
    assert (row.store_name, row.status, row.scheme, row.warehouse_name) == (
        "Бета",
        "awaiting_packaging",
        "rfbs",
        "Склад Москва",
    )
    assert (row.item_count, row.total_amount, row.currency) == (3, "1501.70", "RUB")
    assert (row.buyer_name, row.first_item_name) == ("Иван Петров", "Кружка керамическая 0")
    assert row.ship_by == at(3)


def test_paging_forward_visits_every_row_once_in_order(desk: SqlUnitOfWorkFactory) -> None:
    everything = numbers(page(desk, status="all", limit=100))
    seen: list[str] = []
    cursor = ""
    pages = 0
    while True:
        result = page(desk, status="all", limit=2, after=cursor)
        seen += numbers(result)
        pages += 1
        assert result.total == 9
        assert bool(result.prev_cursor) == (pages > 1)
        if not result.next_cursor:
            break
        cursor = result.next_cursor

    assert seen == everything
    assert pages == 5


def test_paging_backward_from_the_end_visits_every_row_once(desk: SqlUnitOfWorkFactory) -> None:
    everything = numbers(page(desk, status="all", limit=100))
    last = page(desk, status="all", limit=4, after=page(desk, status="all", limit=5).next_cursor)
    seen = numbers(last)
    cursor = last.prev_cursor
    while cursor:
        result = page(desk, status="all", limit=2, before=cursor)
        assert result.next_cursor
        seen = numbers(result) + seen
        cursor = result.prev_cursor

    assert seen == everything


def test_a_page_that_starts_among_undated_postings_pages_back_into_dated_ones(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    add_store(uow_factory)
    store(uow_factory, [make_posting(n, ship_by=None if n > 3 else at(n)) for n in range(1, 7)])

    second = page(uow_factory, limit=4, after=page(uow_factory, limit=4).next_cursor)
    back = page(uow_factory, limit=4, before=second.prev_cursor)

    assert numbers(second) == ["0208245774-0005-1", "0208245774-0006-1"]
    assert numbers(back) == [f"0208245774-000{n}-1" for n in range(1, 5)]
    assert back.prev_cursor == ""


def test_an_unreadable_cursor_gives_the_first_page(desk: SqlUnitOfWorkFactory) -> None:
    assert numbers(page(desk, after="not-a-cursor")) == numbers(page(desk))
    assert numbers(page(desk, before="!!")) == numbers(page(desk))


def test_filter_choices_list_what_postings_have(desk: SqlUnitOfWorkFactory) -> None:
    with desk.reader()() as uow:
        everything = uow.postings.queue_filters(None)
        second = uow.postings.queue_filters(StoreId(2))

    assert [(o.value, o.label) for o in everything.stores] == [("1", "Альфа"), ("2", "Бета")]
    assert [o.value for o in everything.warehouses] == ["11", "12"]
    assert [o.label for o in everything.delivery_methods] == ["Ozon Логистика курьеру, Москва"] * 2
    assert [o.value for o in everything.statuses] == [
        "awaiting_approve",
        "awaiting_packaging",
        "awaiting_deliver",
        "delivered",
        "cancelled",
    ]
    assert [o.value for o in second.warehouses] == ["11", "12"]
    assert [o.value for o in second.statuses] == ["awaiting_approve", "awaiting_packaging"]
    assert [o.value for o in second.stores] == ["1", "2"]


def sqlite_plans(engine: Engine, factory: SqlUnitOfWorkFactory, query: QueueQuery) -> list[str]:
    """SQLite's plan for every SELECT on postings that one queue page runs."""
    statements: list[tuple[str, Any]] = []

    def remember(conn: Any, cursor: Any, sql: str, params: Any, context: Any, many: bool) -> None:
        if sql.lstrip().upper().startswith("SELECT") and "FROM postings" in sql:
            statements.append((sql, params))

    event.listen(engine, "before_cursor_execute", remember)
    try:
        with factory.reader()() as uow:
            uow.postings.queue(query)
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    with engine.connect() as conn:
        return [
            " | ".join(
                str(row[-1]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)
            )
            for sql, params in statements
        ]


@pytest.mark.parametrize("empty_engine", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    "query",
    [
        QueueQuery(),
        QueueQuery(status="all"),
        QueueQuery(status="awaiting_packaging"),
        QueueQuery(status="awaiting_packaging", warehouse_id=11, text="кружка"),
        QueueQuery(warehouse_id=11),
        QueueQuery(store_id=StoreId(1)),
        QueueQuery(store_id=StoreId(1), status="delivered"),
        QueueQuery(delivery_method_id=21, status="all"),
    ],
)
def test_sqlite_reads_queue_pages_from_an_index_without_sorting(
    engine: Engine, desk: SqlUnitOfWorkFactory, query: QueueQuery
) -> None:
    plans = sqlite_plans(engine, desk, query)

    assert plans
    for plan in plans:
        assert "TEMP B-TREE" not in plan, plan
        assert "USING" in plan, plan
        assert "INDEX" in plan, plan


@pytest.mark.parametrize("empty_engine", ["sqlite"], indirect=True)
def test_sqlite_finds_a_scanned_posting_number_through_its_index(
    engine: Engine, desk: SqlUnitOfWorkFactory
) -> None:
    plans = sqlite_plans(engine, desk, QueueQuery(text="0208245774-0001"))

    assert len(plans) == 3
    assert all("INDEX ix_postings_posting_number (posting_number>? AND" in p for p in plans), plans


def test_buyerless_fbs_postings_show_an_empty_buyer(uow_factory: SqlUnitOfWorkFactory) -> None:
    add_store(uow_factory)
    store(uow_factory, [make_posting(1, buyer=Buyer())])

    assert [r.buyer_name for r in page(uow_factory).rows] == [""]
