"""``/v4/posting/fbs/list``: shape, order, cursor paging and filters."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sandbox_support import NOW, SINCE, all_pages, client_for, iso, list_body, make_app

from posylka.sandbox.ozon.app import SandboxApp

LIST = "/v4/posting/fbs/list"


@pytest.fixture(scope="module")
def app() -> SandboxApp:
    return make_app(postings=600)


def _key(posting: dict[str, object]) -> tuple[datetime, str]:
    return (datetime.fromisoformat(str(posting["in_process_at"])), str(posting["posting_number"]))


async def test_a_page_is_top_level_with_cursor_and_has_next_and_no_count(app: SandboxApp) -> None:
    async with client_for(app) as client:
        page = (await client.post(LIST, json=list_body(limit=7))).json()
    assert set(page) == {"cursor", "has_next", "postings"}
    assert len(page["postings"]) == 7
    assert page["has_next"] is True
    assert page["cursor"]


async def test_paging_ascending_returns_every_posting_exactly_once(app: SandboxApp) -> None:
    async with client_for(app) as client:
        postings = await all_pages(client, LIST, list_body(limit=100))
    numbers = [p["posting_number"] for p in postings]
    assert len(numbers) == len(set(numbers)) == 600
    assert set(numbers) == {p.posting_number for p in app.state.postings}
    assert [_key(p) for p in postings] == sorted(_key(p) for p in postings)


async def test_paging_descending_returns_every_posting_exactly_once_in_reverse(
    app: SandboxApp,
) -> None:
    async with client_for(app) as client:
        ascending = await all_pages(client, LIST, list_body(limit=100))
        descending = await all_pages(client, LIST, list_body(limit=64, sort_dir="desc"))
    assert [p["posting_number"] for p in descending] == [
        p["posting_number"] for p in reversed(ascending)
    ]


async def test_the_limit_may_change_between_pages_of_one_cursor(app: SandboxApp) -> None:
    async with client_for(app) as client:
        first = (await client.post(LIST, json=list_body(limit=10))).json()
        second = (await client.post(LIST, json=list_body(limit=30, cursor=first["cursor"]))).json()
        straight = (await client.post(LIST, json=list_body(limit=40))).json()
    both = first["postings"] + second["postings"]
    assert [p["posting_number"] for p in both] == [
        p["posting_number"] for p in straight["postings"]
    ]


async def test_the_last_page_has_no_next_and_an_empty_cursor(app: SandboxApp) -> None:
    async with client_for(app) as client:
        page = (await client.post(LIST, json=list_body(limit=100, sort_dir="DESC"))).json()
        while page["has_next"]:
            page = (
                await client.post(LIST, json=list_body(sort_dir="DESC", cursor=page["cursor"]))
            ).json()
    assert page["cursor"] == ""


async def test_since_and_to_bound_the_processing_date(app: SandboxApp) -> None:
    since, to = NOW - timedelta(days=10), NOW - timedelta(days=3)
    async with client_for(app) as client:
        postings = await all_pages(
            client, LIST, list_body(filter={"since": iso(since), "to": iso(to)})
        )
    expected = {
        p.posting_number
        for p in app.state.postings
        if since.timestamp() <= p.in_process_at <= to.timestamp()
    }
    assert expected
    assert {p["posting_number"] for p in postings} == expected


async def test_statuses_filter_keeps_only_those_statuses(app: SandboxApp) -> None:
    wanted = ["awaiting_packaging", "awaiting_deliver"]
    async with client_for(app) as client:
        postings = await all_pages(client, LIST, list_body(filter={"statuses": wanted}))
    assert postings
    assert {p["status"] for p in postings} == set(wanted)


async def test_warehouse_filter_takes_ids_as_strings_or_numbers(app: SandboxApp) -> None:
    warehouse = app.state.warehouses[0].id
    async with client_for(app) as client:
        as_text = await all_pages(
            client, LIST, list_body(filter={"warehouse_ids": [str(warehouse)]})
        )
        as_number = await all_pages(client, LIST, list_body(filter={"warehouse_ids": [warehouse]}))
    assert as_text == as_number
    assert as_text
    assert {p["delivery_method"]["warehouse_id"] for p in as_text} == {warehouse}


async def test_delivery_method_filter(app: SandboxApp) -> None:
    method = app.state.methods[4]
    async with client_for(app) as client:
        postings = await all_pages(
            client, LIST, list_body(filter={"delivery_method_ids": [str(method.id)]})
        )
    assert postings
    assert {p["delivery_method"]["id"] for p in postings} == {method.id}


async def test_order_id_and_order_numbers_filters(app: SandboxApp) -> None:
    order = app.state.postings[5]
    async with client_for(app) as client:
        by_id = await all_pages(client, LIST, list_body(filter={"order_id": str(order.order_id)}))
        by_number = await all_pages(
            client, LIST, list_body(filter={"order_numbers": [order.order_number]})
        )
    assert by_id == by_number
    assert order.posting_number in {p["posting_number"] for p in by_id}
    assert {p["order_number"] for p in by_id} == {order.order_number}


async def test_last_changed_status_date_selects_by_when_the_current_status_began(
    app: SandboxApp,
) -> None:
    start, end = NOW - timedelta(days=2), NOW
    window = {"from": iso(start), "to": iso(end)}
    async with client_for(app) as client:
        postings = await all_pages(
            client, LIST, list_body(filter={"last_changed_status_date": window})
        )
    now = app.state.now()
    expected = {
        p.posting_number
        for p in app.state.postings
        if start.timestamp() <= (p.timeline.status_changed_at(now) or 0) <= end.timestamp()
    }
    assert expected
    assert {p["posting_number"] for p in postings} == expected


async def test_explicit_nulls_mean_the_same_as_omitted_fields(app: SandboxApp) -> None:
    nulls = list_body(
        limit=20,
        cursor=None,
        sort_dir=None,
        translit=None,
        filter={
            "statuses": None,
            "order_id": None,
            "warehouse_ids": None,
            "last_changed_status_date": None,
        },
        **{"with": None},
    )
    async with client_for(app) as client:
        with_nulls = await client.post(LIST, json=nulls)
        plain = await client.post(LIST, json=list_body(limit=20))
    assert with_nulls.status_code == 200
    assert with_nulls.content == plain.content


async def test_a_window_before_any_posting_is_an_empty_last_page(app: SandboxApp) -> None:
    early = SINCE - timedelta(days=300)
    body = list_body(filter={"since": iso(early), "to": iso(early + timedelta(days=1))})
    async with client_for(app) as client:
        page = (await client.post(LIST, json=body)).json()
    assert page == {"cursor": "", "has_next": False, "postings": []}


async def test_with_blocks_appear_only_when_asked(app: SandboxApp) -> None:
    async with client_for(app) as client:
        bare = (await client.post(LIST, json=list_body(limit=5))).json()["postings"][0]
        asked = (
            await client.post(
                LIST,
                json=list_body(
                    limit=5,
                    **{"with": {"analytics_data": True, "barcodes": True, "legal_info": True}},
                ),
            )
        ).json()["postings"][0]
    assert bare["analytics_data"] is None
    assert bare["barcodes"] is None
    assert bare["legal_info"] is None
    assert asked["analytics_data"]["warehouse_id"] == asked["delivery_method"]["warehouse_id"]
    assert asked["barcodes"]["upper_barcode"].startswith("%101%")
    assert set(asked["legal_info"]) == {"company_name", "inn", "kpp"}
