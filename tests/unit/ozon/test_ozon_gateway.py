"""The store gateway: one posting, all warehouses and delivery methods page by page, cancel
reasons, and a gateway opened from a store's credentials."""

from __future__ import annotations

import httpx
import pytest
from ozon_wire_builder import (
    API_KEY,
    Reply,
    ScriptedOzon,
    json_reply,
    make_client,
    make_wire_posting,
    ozon_error,
)

from posylka.adapters.ozon import endpoints, schemas
from posylka.adapters.ozon.client import OzonClient
from posylka.adapters.ozon.gateway import OzonGateway, open_gateway
from posylka.domain.errors import AuthenticationFailed, MalformedReply, NotFound
from posylka.domain.ids import PostingNumber, StoreId
from posylka.domain.stores import StoreCredentials

STORE = StoreId(3)
GET = endpoints.POSTING_GET.path
WAREHOUSES = endpoints.WAREHOUSE_LIST.path
METHODS = endpoints.DELIVERY_METHOD_LIST.path
REASONS = endpoints.CANCEL_REASON_LIST.path


def warehouse_page(warehouse_id: int, name: str, *, cursor: str, has_next: bool) -> Reply:
    warehouses = [{"warehouse_id": warehouse_id, "name": name}]
    return json_reply({"warehouses": warehouses, "cursor": cursor, "has_next": has_next})


def gateway_over(script: ScriptedOzon) -> OzonGateway:
    return OzonGateway(STORE, make_client(script))


async def test_fetch_posting_asks_for_details_and_maps_the_result() -> None:
    detail = make_wire_posting(
        products=[{"sku": 7, "quantity": 1, "price": "99.90", "currency_code": "RUB"}]
    )
    script = ScriptedOzon().on(GET, json_reply({"result": detail}))
    gateway = gateway_over(script)

    posting = await gateway.fetch_posting(PostingNumber("0208245774-0029-1"))

    assert posting.posting_number == "0208245774-0029-1"
    assert str(posting.items[0].price.amount) == "99.90"
    assert script.bodies(GET) == [
        {
            "posting_number": "0208245774-0029-1",
            "with": {"analytics_data": True, "barcodes": True, "legal_info": True},
        }
    ]
    await gateway.aclose()


async def test_fetch_posting_of_an_unknown_number_is_not_found() -> None:
    script = ScriptedOzon().on(GET, ozon_error(404, 5, "posting not found"))
    gateway = gateway_over(script)

    with pytest.raises(NotFound) as caught:
        await gateway.fetch_posting(PostingNumber("1-1-1"))

    assert caught.value.path == GET
    assert gateway.api_calls == 1
    await gateway.aclose()


async def test_fetch_posting_with_an_unreadable_price_is_a_malformed_reply() -> None:
    detail = make_wire_posting(products=[{"sku": 7, "quantity": 1, "price": "n/a"}])
    script = ScriptedOzon().on(GET, json_reply({"result": detail}))
    gateway = gateway_over(script)

    with pytest.raises(MalformedReply, match=r"posting 1-1-1: price 'n/a' is not a number"):
        await gateway.fetch_posting(PostingNumber("1-1-1"))
    await gateway.aclose()


async def test_fetch_warehouses_follows_every_page() -> None:
    script = ScriptedOzon().on(
        WAREHOUSES,
        warehouse_page(1, "A", cursor="w1", has_next=True),
        warehouse_page(2, "B", cursor="w2", has_next=True),
        warehouse_page(3, "C", cursor="", has_next=False),
    )
    gateway = gateway_over(script)

    warehouses = await gateway.fetch_warehouses()

    assert [(w.warehouse_id, w.name, w.store_id) for w in warehouses] == [
        (1, "A", STORE),
        (2, "B", STORE),
        (3, "C", STORE),
    ]
    assert script.bodies(WAREHOUSES) == [
        {"limit": 100},
        {"limit": 100, "cursor": "w1"},
        {"limit": 100, "cursor": "w2"},
    ]
    await gateway.aclose()


async def test_fetch_delivery_methods_follows_every_page() -> None:
    ozon = {"id": 10, "name": "Ozon", "tpl_integration_type": "ozon"}
    cdek = {"id": 11, "name": "СДЭК", "warehouse_id": "5"}
    script = ScriptedOzon().on(
        METHODS,
        json_reply({"delivery_methods": [ozon], "cursor": "m1", "has_next": True}),
        json_reply({"delivery_methods": [cdek], "cursor": "", "has_next": False}),
    )
    gateway = gateway_over(script)

    methods = await gateway.fetch_delivery_methods()

    assert [(m.delivery_method_id, m.name, m.warehouse_id) for m in methods] == [
        (10, "Ozon", None),
        (11, "СДЭК", 5),
    ]
    assert gateway.api_calls == 2
    await gateway.aclose()


@pytest.mark.parametrize(
    ("second", "problem"),
    [
        ({"warehouses": [], "cursor": "", "has_next": True}, "has_next is true but no cursor"),
        ({"warehouses": [], "cursor": "w1", "has_next": True}, "cursor 'w1' seen before"),
    ],
)
async def test_paging_stops_with_a_malformed_reply_when_the_cursor_does_not_advance(
    second: dict[str, object], problem: str
) -> None:
    first = {"warehouses": [{"warehouse_id": 1}], "cursor": "w1", "has_next": True}
    script = ScriptedOzon().on(WAREHOUSES, json_reply(first), json_reply(second))
    gateway = gateway_over(script)

    with pytest.raises(MalformedReply, match=problem):
        await gateway.fetch_warehouses()

    assert gateway.api_calls == 2
    await gateway.aclose()


async def test_client_pages_yields_each_page_as_it_arrives() -> None:
    script = ScriptedOzon().on(
        WAREHOUSES,
        json_reply({"warehouses": [{"warehouse_id": 1}], "cursor": "w1", "has_next": True}),
        json_reply({"warehouses": [{"warehouse_id": 2}], "has_next": False}),
    )
    client = make_client(script)
    request = schemas.WarehouseListRequest(limit=1)

    seen = []
    async for page in client.pages(endpoints.WAREHOUSE_LIST, request):
        seen.append(([w.warehouse_id for w in page.warehouses], client.api_calls))

    assert seen == [([1], 1), ([2], 2)]
    await client.aclose()


async def test_fetch_cancel_reasons_maps_each_reason() -> None:
    script = ScriptedOzon().on(
        REASONS,
        json_reply(
            {
                "result": [
                    {"id": 352, "title": "Нет в наличии", "type_id": "seller"},
                    {"id": 500, "title": "Передумал", "type_id": "buyer",
                     "is_available_for_cancellation": False},
                ]
            }
        ),
    )  # fmt: skip
    gateway = gateway_over(script)

    reasons = await gateway.fetch_cancel_reasons()

    assert [(r.id, r.initiator.value, r.available) for r in reasons] == [
        (352, "seller", True),
        (500, "buyer", False),
    ]
    await gateway.aclose()


async def test_opened_gateway_talks_to_the_stores_base_url_with_its_keys() -> None:
    script = ScriptedOzon().on(
        REASONS, ozon_error(404, 5, "Invalid Api-Key, please check the key and try again")
    )
    credentials = StoreCredentials(
        client_id="100500", api_key=API_KEY, base_url="http://sandbox.test:8900"
    )
    gateway = open_gateway(StoreId(7), credentials, transport=httpx.MockTransport(script))

    with pytest.raises(AuthenticationFailed) as caught:
        await gateway.fetch_cancel_reasons()

    assert caught.value.message == (
        "Ozon rejected the Client-Id/Api-Key for store #7 (Client-Id 100500): "
        "Invalid Api-Key, please check the key and try again."
    )
    (request,) = script.requests
    assert str(request.url) == "http://sandbox.test:8900/v2/posting/fbs/cancel-reason/list"
    assert (request.headers["Client-Id"], request.headers["Api-Key"]) == ("100500", API_KEY)
    await gateway.aclose()


async def test_opened_gateway_takes_its_limits_from_the_arguments() -> None:
    credentials = StoreCredentials(client_id="1", api_key="k", base_url="http://sandbox.test")
    gateway = open_gateway(STORE, credentials, rps=10.0, max_attempts=2, timeout=1.5)

    assert gateway.client.limiter.overall.limit.requests == 10
    assert gateway.client.retry.max_attempts == 2
    assert gateway.client.http.timeout == httpx.Timeout(1.5)
    await gateway.aclose()
    assert gateway.client.http.is_closed


async def test_closing_a_gateway_leaves_an_injected_http_client_open() -> None:
    http = httpx.AsyncClient(transport=httpx.MockTransport(ScriptedOzon()))
    gateway = OzonGateway(STORE, OzonClient(http, client_id="1", api_key="k"))

    await gateway.aclose()

    assert not http.is_closed
    await http.aclose()
