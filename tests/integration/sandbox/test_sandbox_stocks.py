"""The sandbox's stock methods: Ozon's per-pair errors, the 30-second rule per pair, the 80 calls a
minute of /v2/products/stocks and Ozon's view of the stock set."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from sandbox_support import client_for, make_app

from posylka.sandbox.ozon.app import SandboxApp

PATH = "/v2/products/stocks"


class Timer:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def pairs(app: SandboxApp, count: int) -> list[dict[str, Any]]:
    """``count`` distinct known pairs: products of the seeded catalogue × its warehouses."""
    warehouses = [w.id for w in app.state.warehouses]
    products = app.state.catalogue
    found = []
    for index in range(count):
        product = products[index // len(warehouses)]
        found.append(
            {
                "offer_id": product.offer_id,
                "warehouse_id": warehouses[index % len(warehouses)],
                "stock": index,
            }
        )
    return found


async def test_known_pairs_are_set_and_shown_in_ozons_view() -> None:
    app = make_app()
    sent = pairs(app, 3)
    async with client_for(app) as http:
        answer = await http.post(PATH, json={"stocks": sent})
        view = await http.post("/v2/product/info/stocks-by-warehouse/fbs", json={"limit": 10})
    assert answer.status_code == 200, answer.text
    assert [r["updated"] for r in answer.json()["result"]] == [True, True, True]
    rows = {(r["offer_id"], r["warehouse_id"]): r for r in view.json()["products"]}
    for pair in sent:
        row = rows[(pair["offer_id"], pair["warehouse_id"])]
        assert row["present"] == row["free_stock"] == pair["stock"]


async def test_each_refused_pair_carries_ozons_code_and_the_rest_go_through() -> None:
    app = make_app()
    good = pairs(app, 1)[0]
    warehouse = good["warehouse_id"]
    sent = [
        good,
        {"offer_id": "NO-SUCH-OFFER", "warehouse_id": warehouse, "stock": 1},
        {"product_id": 12345, "warehouse_id": warehouse, "stock": 1},
        {"offer_id": good["offer_id"], "warehouse_id": 99_999_999_999_000, "stock": 1},
        {**pairs(app, 2)[1], "stock": 1_000_000},
    ]
    async with client_for(app) as http:
        answer = await http.post(PATH, json={"stocks": sent})
    result = answer.json()["result"]
    assert [r["updated"] for r in result] == [True, False, False, False, False]
    codes = [[e["code"] for e in r["errors"]] for r in result]
    assert codes == [
        [],
        ["offer_id_not_found"],
        ["NOT_FOUND_ERROR"],
        ["WAREHOUSE_NOT_FOUND"],
        ["STOCK_TOO_BIG"],
    ]
    assert app.state.stocks.updates == 1


async def test_a_pair_set_again_within_30_seconds_gets_too_many_requests() -> None:
    app = make_app()
    pair = pairs(app, 1)[0]
    async with client_for(app) as http:
        first = await http.post(PATH, json={"stocks": [pair]})
        app.state.clock.advance(29)
        again = await http.post(PATH, json={"stocks": [{**pair, "stock": 7}]})
        app.state.clock.advance(1)
        later = await http.post(PATH, json={"stocks": [{**pair, "stock": 8}]})
    assert first.json()["result"][0]["updated"] is True
    refused = again.json()["result"][0]
    assert refused["updated"] is False
    assert [e["code"] for e in refused["errors"]] == ["TOO_MANY_REQUESTS"]
    assert later.json()["result"][0]["updated"] is True
    assert app.state.stocks.stock[(pair["offer_id"], pair["warehouse_id"])] == 8


async def test_the_81st_call_in_a_minute_is_answered_429_and_the_next_minute_is_open() -> None:
    timer = Timer()
    app = make_app(timer=timer)
    async with client_for(app) as http:
        for index in range(80):
            timer.now += 0.5
            answer = await http.post(PATH, json={"stocks": [pairs(app, 100)[index]]})
            assert answer.status_code == 200
        refused = await http.post(PATH, json={"stocks": [pairs(app, 100)[80]]})
        timer.now += 20.6  # the first call is now a minute old
        admitted = await http.post(PATH, json={"stocks": [pairs(app, 100)[81]]})
    assert refused.status_code == 429
    assert refused.json()["code"] == 8
    assert admitted.status_code == 200


async def test_the_minute_shrinks_with_the_window_scale() -> None:
    timer = Timer()
    app = make_app(timer=timer, stock_window_scale=0.1)
    async with client_for(app) as http:
        for index in range(80):
            await http.post(PATH, json={"stocks": [pairs(app, 100)[index]]})
        refused = await http.post(PATH, json={"stocks": [pairs(app, 100)[80]]})
        timer.now += 6.0
        admitted = await http.post(PATH, json={"stocks": [pairs(app, 100)[81]]})
    assert (refused.status_code, admitted.status_code) == (429, 200)


@pytest.mark.parametrize("count", [0, 101])
async def test_a_call_with_no_pairs_or_more_than_100_is_refused(count: int) -> None:
    app = make_app(load_offers=200)
    stocks = [{"offer_id": f"LOAD-{n:06d}", "warehouse_id": app.state.warehouses[0].id,
               "stock": 1} for n in range(1, count + 1)]  # fmt: skip
    async with client_for(app) as http:
        answer = await http.post(PATH, json={"stocks": stocks})
    assert answer.status_code == 400
    assert answer.json()["code"] == 3
    assert "Stocks" in answer.json()["message"]


async def test_ozons_view_pages_by_cursor_and_filters_by_offer() -> None:
    app = make_app(load_offers=30)
    warehouse = app.state.warehouses[0].id
    stocks = [{"offer_id": f"LOAD-{n:06d}", "warehouse_id": warehouse, "stock": n}
              for n in range(1, 26)]  # fmt: skip
    async with client_for(app) as http:
        await http.post(PATH, json={"stocks": stocks})
        seen: list[str] = []
        cursor = ""
        while True:
            page = (
                await http.post(
                    "/v2/product/info/stocks-by-warehouse/fbs", json={"limit": 10, "cursor": cursor}
                )
            ).json()
            seen.extend(r["offer_id"] for r in page["products"])
            if not page["has_next"]:
                break
            cursor = page["cursor"]
        one = await http.post(
            "/v2/product/info/stocks-by-warehouse/fbs", json={"offer_id": ["LOAD-000007"]}
        )
    assert sorted(seen) == sorted(s["offer_id"] for s in stocks)
    assert [(r["offer_id"], r["present"]) for r in one.json()["products"]] == [("LOAD-000007", 7)]


SPEC = Path(
    os.environ.get(
        "POSYLKA_OZON_OPENAPI",
        Path(__file__).resolve().parents[4]
        / "shared"
        / "ozon-api"
        / "ozon-seller-fulfilment-2026.json",
    )
)


async def test_both_answers_follow_ozons_current_shapes() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    if not SPEC.is_file():
        pytest.skip(f"Ozon's OpenAPI document is not at {SPEC}")
    spec = json.loads(SPEC.read_text(encoding="utf-8"))
    app = make_app()
    sent = [*pairs(app, 2), {"offer_id": "NOPE", "warehouse_id": 1, "stock": 1}]
    async with client_for(app) as http:
        answers = {
            "/v2/products/stocks": (await http.post(PATH, json={"stocks": sent})).json(),
            "/v2/product/info/stocks-by-warehouse/fbs": (
                await http.post("/v2/product/info/stocks-by-warehouse/fbs", json={"limit": 1})
            ).json(),
        }
    for path, payload in answers.items():
        reply = spec["paths"][path]["post"]["responses"]["200"]["content"]["application/json"]
        validator = jsonschema.Draft202012Validator(
            {**reply["schema"], "components": spec["components"]}
        )
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(payload)]
        assert errors == [], path
    assert answers["/v2/product/info/stocks-by-warehouse/fbs"]["has_next"] is True
