"""``with.financial_data``: per-product money and clusters, in the v4 and v3 shapes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sandbox_support import client_for, list_body, make_app

from posylka.sandbox.ozon.app import SandboxApp


@pytest.fixture(scope="module")
def app() -> SandboxApp:
    return make_app(postings=120)


async def test_list_financial_data_adds_up_per_product(app: SandboxApp) -> None:
    body = list_body(limit=50, **{"with": {"financial_data": True}})
    async with client_for(app) as client:
        postings = (await client.post("/v4/posting/fbs/list", json=body)).json()["postings"]
    for posting in postings:
        money = posting["financial_data"]
        assert money["cluster_from"]
        assert money["cluster_to"]
        for product, line in zip(posting["products"], money["products"], strict=True):
            assert line["product_id"] == product["sku"]
            total = Decimal(product["price"]["amount"]) * product["quantity"]
            paid = Decimal(str(line["payout"])) + Decimal(str(line["commission"]["amount"]))
            assert paid == total
            assert line["old_price"] >= line["price"]
            assert line["customer_price"] == product["price"]


async def test_get_financial_data_uses_flat_amounts(app: SandboxApp) -> None:
    number = app.state.postings[7].posting_number
    body = {"posting_number": number, "with": {"financial_data": True}}
    async with client_for(app) as client:
        result = (await client.post("/v3/posting/fbs/get", json=body)).json()["result"]
    line = result["financial_data"]["products"][0]
    assert line["currency_code"] == "RUB"
    assert line["commission_percent"] > 0
    assert "commission" not in line


async def test_financial_data_is_absent_unless_asked(app: SandboxApp) -> None:
    async with client_for(app) as client:
        posting = (await client.post("/v4/posting/fbs/list", json=list_body(limit=1))).json()
    assert posting["postings"][0]["financial_data"] is None
