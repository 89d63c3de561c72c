"""Warehouses, delivery methods and cancellation reasons."""

from __future__ import annotations

from typing import Any

import pytest
from sandbox_support import client_for, make_app

from posylka.sandbox.ozon.app import SandboxApp

WAREHOUSES = "/v2/warehouse/list"
METHODS = "/v2/delivery-method/list"
REASONS = "/v2/posting/fbs/cancel-reason/list"


@pytest.fixture(scope="module")
def app() -> SandboxApp:
    return make_app(postings=50)


async def _pages(app: SandboxApp, path: str, key: str, body: dict[str, Any]) -> list[Any]:
    items: list[Any] = []
    cursor = ""
    async with client_for(app) as client:
        while True:
            answer = await client.post(path, json={**body, "cursor": cursor})
            assert answer.status_code == 200, answer.text
            page = answer.json()
            items.extend(page[key])
            if not page["has_next"]:
                return items
            cursor = page["cursor"]


async def test_warehouses_page_by_cursor_and_include_fbs_and_rfbs(app: SandboxApp) -> None:
    warehouses = await _pages(app, WAREHOUSES, "warehouses", {"limit": 2})
    assert [w["warehouse_id"] for w in warehouses] == [w.id for w in app.state.warehouses]
    assert {w["is_rfbs"] for w in warehouses} == {True, False}
    assert any(w["is_express"] for w in warehouses)
    assert {w["first_mile"]["type"] for w in warehouses} == {"DROP_OFF", "PICK_UP"}


async def test_a_page_size_is_required(app: SandboxApp) -> None:
    async with client_for(app) as client:
        answers = [await client.post(path, json={}) for path in (WAREHOUSES, METHODS)]
    assert [a.status_code for a in answers] == [400, 400]


async def test_warehouses_filter_by_id(app: SandboxApp) -> None:
    wanted = app.state.warehouses[3].id
    warehouses = await _pages(
        app, WAREHOUSES, "warehouses", {"limit": 10, "warehouse_ids": [str(wanted)]}
    )
    assert [w["warehouse_id"] for w in warehouses] == [wanted]


async def test_delivery_methods_cover_every_kind_of_delivery(app: SandboxApp) -> None:
    methods = await _pages(app, METHODS, "delivery_methods", {"limit": 3})
    assert len(methods) == len(app.state.methods)
    assert {m["tpl_integration_type"] for m in methods} == {
        "ozon",
        "3pl_tracking",
        "non_integrated",
    }
    assert any(m["is_express"] for m in methods)
    warehouses = {w.id for w in app.state.warehouses}
    assert {m["warehouse_id"] for m in methods} == warehouses
    assert all(m["cutoff"].count(":") == 1 for m in methods)


async def test_delivery_methods_filter_by_warehouse(app: SandboxApp) -> None:
    warehouse = app.state.warehouses[3].id
    body = {"limit": 50, "filter": {"warehouse_ids": [warehouse]}}
    methods = await _pages(app, METHODS, "delivery_methods", body)
    assert methods
    assert {m["warehouse_id"] for m in methods} == {warehouse}


async def test_delivery_methods_refuse_more_than_100_a_page(app: SandboxApp) -> None:
    async with client_for(app) as client:
        answer = await client.post(METHODS, json={"limit": 101})
    assert answer.status_code == 400
    assert answer.json()["code"] == 3


async def test_cancel_reasons_list_ozons_seller_reasons_and_buyer_reasons(app: SandboxApp) -> None:
    async with client_for(app) as client:
        answer = await client.post(REASONS)
    reasons = answer.json()["result"]
    seller = {r["id"] for r in reasons if r["type_id"] == "seller"}
    assert {352, 400, 401, 402, 665, 666, 667} <= seller
    assert any(r["type_id"] == "buyer" for r in reasons)
    titles = {r["id"]: r["title"] for r in reasons}
    assert titles[352] == "Товар закончился на складе продавца"


async def test_cancel_reasons_accept_an_empty_json_object(app: SandboxApp) -> None:
    async with client_for(app) as client:
        answer = await client.post(REASONS, json={})
    assert answer.status_code == 200
