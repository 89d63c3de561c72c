"""Pages of ``/v4/posting/fbs/list``: the request posylka sends, and the lenient reading of the
reply that sets an unreadable posting aside and keeps the rest of the page."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from ozon_wire_builder import (
    ScriptedOzon,
    json_reply,
    make_client,
    make_wire_posting,
    make_wire_rfbs_posting,
    ozon_error,
    raw_reply,
)

from posylka.adapters.ozon.gateway import OzonGateway
from posylka.adapters.ozon.posting_pages import (
    build_list_request,
    read_in_one_pass,
    read_postings_page,
)
from posylka.domain.errors import MalformedReply
from posylka.domain.ids import StoreId
from posylka.domain.postings import PostingStatus
from posylka.domain.sync import ItemError, PostingQuery

LIST = "/v4/posting/fbs/list"
STORE = StoreId(3)
SINCE = datetime(2026, 1, 1, tzinfo=UTC)
TO = datetime(2026, 3, 8, 9, 0, tzinfo=UTC)
QUERY = PostingQuery(since=SINCE, to=TO)


def numbered(n: int, **overrides: object) -> dict[str, object]:
    return make_wire_posting(posting_number=f"10000{n:03d}-0001-1", **overrides)


def read(payload: object, cursor: str = "c1") -> object:
    return read_postings_page(payload, store_id=STORE, path=LIST, cursor=cursor)


def test_request_asks_for_analytics_barcodes_and_legal_info_in_ascending_pages() -> None:
    wire = build_list_request(QUERY).to_wire()

    assert wire == {
        "limit": 100,
        "sort_dir": "ASC",
        "filter": {"since": "2026-01-01T00:00:00Z", "to": "2026-03-08T09:00:00Z"},
        "with": {"analytics_data": True, "barcodes": True, "legal_info": True},
    }


def test_request_carries_the_cursor_and_the_status_change_window() -> None:
    query = PostingQuery(
        since=SINCE,
        to=TO,
        changed_from=datetime(2026, 3, 8, 8, 0, 0, 250_000, tzinfo=UTC),
        changed_to=datetime(2026, 3, 8, 8, 59, 59, 250_000, tzinfo=UTC),
        descending=True,
        limit=500,
    )

    wire = build_list_request(query, cursor="eyJsYXN0X2lkIjo0Mn0=").to_wire()

    assert wire["cursor"] == "eyJsYXN0X2lkIjo0Mn0="
    assert (wire["limit"], wire["sort_dir"]) == (100, "DESC")
    # Rounded outwards to whole seconds, so no posting of the window is lost.
    assert wire["filter"]["last_changed_status_date"] == {
        "from": "2026-03-08T08:00:00Z",
        "to": "2026-03-08T09:00:00Z",
    }


def test_request_converts_other_zones_to_utc() -> None:
    moscow = datetime.fromisoformat("2026-03-08T12:00:00+03:00")

    wire = build_list_request(PostingQuery(since=moscow - timedelta(days=1), to=moscow)).to_wire()

    assert wire["filter"] == {"since": "2026-03-07T09:00:00Z", "to": "2026-03-08T09:00:00Z"}


def test_one_unreadable_posting_is_set_aside_and_the_rest_kept() -> None:
    broken = numbered(2, products=[{"sku": 1, "quantity": "many"}])
    payload = {"cursor": "c2", "has_next": True, "postings": [numbered(1), broken, numbered(3)]}

    page = read(payload)

    assert [p.posting_number for p in page.postings] == ["10000001-0001-1", "10000003-0001-1"]
    assert page.errors == (
        ItemError(
            where="page after cursor 'c1'",
            message="products.0.quantity: Input should be a valid integer, "
            "unable to parse string as an integer",
            posting_number="10000002-0001-1",
        ),
    )
    assert (page.cursor, page.has_next) == ("c2", True)


def test_posting_without_a_readable_number_is_set_aside_without_one() -> None:
    payload = {"cursor": "", "has_next": False, "postings": [numbered(1), {"status": 7}, None]}

    page = read(payload, cursor="")

    assert len(page.postings) == 1
    assert [(e.where, e.posting_number) for e in page.errors] == [
        ("first page", None),
        ("first page", None),
    ]
    assert page.errors[0].message == "posting_number: Field required (and 1 more)"


def test_posting_with_an_unreadable_price_is_set_aside() -> None:
    broken = numbered(2, products=[{"sku": 1, "quantity": 1, "price": {"amount": "abc"}}])

    page = read({"cursor": "", "has_next": False, "postings": [broken]})

    assert page.postings == ()
    assert page.errors[0].posting_number == "10000002-0001-1"
    assert page.errors[0].message == "price 'abc' is not a number"


def test_unknown_status_is_read_as_unknown_not_as_an_error() -> None:
    page = read(
        {"cursor": "", "has_next": False, "postings": [numbered(1, status="lost_in_space")]}
    )

    assert page.errors == ()
    assert page.postings[0].status is PostingStatus.UNKNOWN
    assert page.postings[0].status_raw == "lost_in_space"


@pytest.mark.parametrize(
    ("payload", "detail"),
    [
        ([], "it is not a page of postings"),
        ({"postings": "none"}, "it is not a page of postings"),
        (
            {"has_next": "maybe", "postings": []},
            "has_next: Input should be a valid boolean, unable to interpret input",
        ),
        ({"has_next": True, "cursor": "", "postings": []}, "has_next is true but no cursor"),
    ],
)
def test_unreadable_envelope_is_a_malformed_reply_naming_path_and_cursor(
    payload: object, detail: str
) -> None:
    with pytest.raises(MalformedReply) as caught:
        read(payload, cursor="c7")

    assert caught.value.path == LIST
    assert "(page after cursor 'c7')" in caught.value.message
    assert caught.value.message.endswith(f": {detail}")


async def test_gateway_reads_a_page_and_counts_the_call() -> None:
    script = ScriptedOzon().on(
        LIST, json_reply({"cursor": "c2", "has_next": True, "postings": [numbered(1)]})
    )
    gateway = OzonGateway(STORE, make_client(script))

    page = await gateway.fetch_postings_page(QUERY, cursor="c1")

    assert [p.posting_number for p in page.postings] == ["10000001-0001-1"]
    assert script.bodies(LIST)[0]["cursor"] == "c1"
    assert gateway.api_calls == 1
    await gateway.aclose()


async def test_gateway_names_the_cursor_when_a_page_is_not_json() -> None:
    script = ScriptedOzon().on(LIST, raw_reply(b'{"postings": [{"posting_n', 200))
    gateway = OzonGateway(STORE, make_client(script))

    with pytest.raises(MalformedReply) as caught:
        await gateway.fetch_postings_page(QUERY, cursor="c9")

    assert caught.value.message.startswith(
        "Ozon's reply could not be read (page after cursor 'c9'): not JSON"
    )
    await gateway.aclose()


async def test_gateway_walks_every_page_until_has_next_is_false() -> None:
    script = ScriptedOzon().on(
        LIST,
        json_reply({"cursor": "c1", "has_next": True, "postings": [numbered(1), numbered(2)]}),
        ozon_error(503, 14, "Service unavailable"),
        json_reply({"cursor": "c2", "has_next": True, "postings": [numbered(3)]}),
        json_reply({"cursor": "", "has_next": False, "postings": [numbered(4)]}),
    )
    gateway = OzonGateway(STORE, make_client(script))

    pages = [page async for page in gateway.iter_postings_pages(QUERY)]

    numbers = [p.posting_number for page in pages for p in page.postings]
    assert numbers == [f"10000{n:03d}-0001-1" for n in (1, 2, 3, 4)]
    assert [body.get("cursor") for body in script.bodies(LIST)] == [None, "c1", "c1", "c2"]
    assert gateway.api_calls == 4
    await gateway.aclose()


async def test_gateway_stops_when_ozon_repeats_a_cursor() -> None:
    script = ScriptedOzon().on(
        LIST, json_reply({"cursor": "same", "has_next": True, "postings": [numbered(1)]})
    )
    gateway = OzonGateway(STORE, make_client(script))

    with pytest.raises(MalformedReply, match="came back twice"):
        _ = [page async for page in gateway.iter_postings_pages(QUERY)]

    assert gateway.api_calls == 2
    await gateway.aclose()


LEGAL = make_wire_rfbs_posting(
    posting_number="10000009-0001-1",
    analytics_data={"is_legal": True, "warehouse_id": "77", "warehouse": "Склад"},
    legal_info={"company_name": "ООО «Ромашка»", "inn": "7707083893", "kpp": "773601001"},
)

PAGES = {
    "fbs and rfbs": {
        "cursor": "c2",
        "has_next": True,
        "postings": [numbered(1), make_wire_rfbs_posting(posting_number="10000002-0001-1"), LEGAL],
    },
    "ozon's looser spellings": {
        "cursor": None,
        "count": 3,
        "postings": [
            numbered(
                4,
                order_id="680420041",
                status="lost_in_space",
                tpl_integration_type="hybrid",
                in_process_at="2026-03-07T08:15:00",
                shipment_date="2026-03-09T13:00:00+03:00",
                requirements={"products_requiring_gtd": [1234567, "7654321"]},
                products=[{"sku": "1234567", "quantity": 1, "price": {"amount": " 10 "}}],
                a_field_ozon_added_later={"nested": [1, 2]},
            ),
            numbered(5, delivery_method=None, analytics_data=None, products=[]),
        ],
    },
    "postings posylka cannot read": {
        "cursor": "c3",
        "has_next": True,
        "postings": [
            numbered(6, products=[{"sku": 1, "quantity": "many"}]),
            numbered(7),
            numbered(8, products=[{"sku": 1, "quantity": 1, "price": {"amount": "abc"}}]),
            {"status": 7},
            None,
            "0208245774-0029-1",
            make_wire_posting(posting_number="", status=None),
        ],
    },
    "no postings at all": {"has_next": False},
}


@pytest.mark.parametrize("payload", PAGES.values(), ids=PAGES.keys())
def test_page_read_in_one_pass_gives_what_the_step_by_step_reading_gives(
    payload: dict[str, object],
) -> None:
    content = json.dumps(payload, ensure_ascii=False).encode()

    page = read_in_one_pass(content, store_id=STORE, cursor="c1")

    assert page is not None
    assert page == read(payload)


UNREADABLE_IN_ONE_PASS = {
    "not json": b'{"postings": [{"posting_n',
    "not an object": b"[]",
    "postings sent as null": b'{"cursor": "", "has_next": false, "postings": null}',
    "postings that are not a list": b'{"postings": "none"}',
    "has_next that is not a boolean": b'{"has_next": "maybe", "postings": []}',
    "has_next without a cursor": b'{"has_next": true, "cursor": "", "postings": []}',
    # Python's own JSON reader takes a lone surrogate escape; the one-pass reader refuses it.
    "a lone surrogate in a string": json.dumps(
        {"postings": [numbered(1, substatus="\ud800")]}
    ).encode(),
}


@pytest.mark.parametrize(
    "content", UNREADABLE_IN_ONE_PASS.values(), ids=UNREADABLE_IN_ONE_PASS.keys()
)
def test_body_or_envelope_the_one_pass_cannot_read_is_left_to_the_step_by_step_reading(
    content: bytes,
) -> None:
    assert read_in_one_pass(content, store_id=STORE, cursor="c1") is None


async def test_gateway_sets_aside_the_unreadable_postings_of_a_page_and_keeps_the_rest() -> None:
    bad_shape = numbered(2, products=[{"sku": 1, "quantity": "many"}])
    bad_price = numbered(3, products=[{"sku": 1, "quantity": 1, "price": {"amount": "abc"}}])
    script = ScriptedOzon().on(
        LIST,
        json_reply(
            {"cursor": "c2", "has_next": True, "postings": [numbered(1), bad_shape, bad_price]}
        ),
    )
    gateway = OzonGateway(STORE, make_client(script))

    page = await gateway.fetch_postings_page(QUERY, cursor="c1")

    assert [p.posting_number for p in page.postings] == ["10000001-0001-1"]
    assert [(e.posting_number, e.message) for e in page.errors] == [
        (
            "10000002-0001-1",
            "products.0.quantity: Input should be a valid integer, "
            "unable to parse string as an integer",
        ),
        ("10000003-0001-1", "price 'abc' is not a number"),
    ]
    assert (page.cursor, page.has_next) == ("c2", True)
    await gateway.aclose()


async def test_page_the_one_pass_reader_refuses_is_still_read_in_full() -> None:
    payload = {"cursor": "", "has_next": False, "postings": [numbered(1, substatus="\ud800")]}
    script = ScriptedOzon().on(
        LIST, raw_reply(json.dumps(payload).encode(), 200, "application/json")
    )
    gateway = OzonGateway(STORE, make_client(script))

    page = await gateway.fetch_postings_page(QUERY)

    assert page.errors == ()
    assert [(p.posting_number, p.substatus) for p in page.postings] == [
        ("10000001-0001-1", "\ud800")
    ]
    await gateway.aclose()
