"""Cancelling a posting or some of its items: what the sandbox accepts, what it refuses with
Ozon's codes, and how the posting changes afterwards."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sandbox_support import client_for, make_app

from posylka.sandbox.ozon.app import SandboxApp
from posylka.sandbox.ozon.seeding import SandboxPosting

CANCEL = "/v2/posting/fbs/cancel"
PRODUCT_CANCEL = "/v2/posting/fbs/product/cancel"
GET = "/v3/posting/fbs/get"


@pytest.fixture
def app() -> SandboxApp:
    return make_app(postings=300)


def _in_status(app: SandboxApp, status: str, *, lines: int = 1) -> SandboxPosting:
    now = app.state.now()
    for posting in app.state.postings:
        event = posting.timeline.at(now)
        if event is None or event.status != status or len(posting.items) < lines:
            continue
        if lines == 1 or sum(i.quantity for i in posting.items) > 1:
            return posting
    raise AssertionError(f"no seeded posting in {status} with {lines} lines")


async def _post(app: SandboxApp, path: str, body: dict[str, Any]) -> httpx.Response:
    async with client_for(app) as client:
        return await client.post(path, json=body)


async def _get(app: SandboxApp, number: str) -> dict[str, Any]:
    answer = await _post(app, GET, {"posting_number": number})
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()["result"]
    return result


async def test_cancel_moves_the_posting_to_cancelled_with_the_sellers_reason(
    app: SandboxApp,
) -> None:
    posting = _in_status(app, "awaiting_packaging")
    before = posting.revision
    answer = await _post(
        app, CANCEL, {"posting_number": posting.posting_number, "cancel_reason_id": 352}
    )
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"result": True}
    shown = await _get(app, posting.posting_number)
    assert shown["status"] == "cancelled"
    assert shown["cancellation"]["cancel_reason_id"] == 352
    assert shown["cancellation"]["cancellation_type"] == "seller"
    assert shown["cancellation"]["affect_cancellation_rating"] is True
    assert posting.revision > before


async def test_a_cancelled_posting_cannot_be_cancelled_again(app: SandboxApp) -> None:
    posting = _in_status(app, "awaiting_deliver")
    body = {"posting_number": posting.posting_number, "cancel_reason_id": 400}
    assert (await _post(app, CANCEL, body)).status_code == 200
    again = await _post(app, CANCEL, body)
    assert again.status_code == 400
    assert again.json()["message"] == "POSTING_ALREADY_CANCELLED"


@pytest.mark.parametrize(
    ("reason_id", "message"),
    [(501, None), (401, None), (665, None), (9999, None), (None, None), (402, "  ")],
)
async def test_cancel_refuses_a_reason_the_seller_may_not_use_here(
    app: SandboxApp, reason_id: int | None, message: str | None
) -> None:
    posting = _in_status(app, "awaiting_packaging")
    body: dict[str, Any] = {"posting_number": posting.posting_number}
    if reason_id is not None:
        body["cancel_reason_id"] = reason_id
    if message is not None:
        body["cancel_reason_message"] = message
    answer = await _post(app, CANCEL, body)
    assert answer.status_code == 400
    assert answer.json()["code"] == 3
    assert (await _get(app, posting.posting_number))["status"] == "awaiting_packaging"


async def test_other_reason_is_accepted_with_a_message(app: SandboxApp) -> None:
    posting = _in_status(app, "awaiting_packaging")
    body = {
        "posting_number": posting.posting_number,
        "cancel_reason_id": 402,
        "cancel_reason_message": "The buyer asked by phone",
    }
    assert (await _post(app, CANCEL, body)).status_code == 200


async def test_cancel_refuses_a_delivered_posting(app: SandboxApp) -> None:
    posting = _in_status(app, "delivered")
    answer = await _post(
        app, CANCEL, {"posting_number": posting.posting_number, "cancel_reason_id": 352}
    )
    assert answer.status_code == 400
    assert answer.json()["message"] == "HAS_INCORRECT_STATUS"


async def test_cancel_of_an_unknown_posting_is_not_found(app: SandboxApp) -> None:
    answer = await _post(app, CANCEL, {"posting_number": "1-2-3", "cancel_reason_id": 352})
    assert answer.status_code == 404
    assert answer.json() == {"code": 5, "message": "POSTING_NOT_FOUND", "details": []}


def _item_body(posting: SandboxPosting, sku: int, quantity: int) -> dict[str, Any]:
    return {
        "posting_number": posting.posting_number,
        "cancel_reason_id": 352,
        "cancel_reason_message": "Out of stock",
        "items": [{"sku": sku, "quantity": quantity}],
    }


async def test_product_cancel_takes_units_out_of_the_posting(app: SandboxApp) -> None:
    posting = _in_status(app, "awaiting_packaging", lines=2)
    first = posting.items[0]
    before = {i.product.sku: i.quantity for i in posting.items}
    answer = await _post(app, PRODUCT_CANCEL, _item_body(posting, first.product.sku, 1))
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"result": posting.posting_number}
    shown = await _get(app, posting.posting_number)
    after = {p["sku"]: p["quantity"] for p in shown["products"]}
    expected = dict(before)
    expected[first.product.sku] -= 1
    assert after == {sku: q for sku, q in expected.items() if q}
    assert shown["status"] == "awaiting_packaging"


async def test_product_cancel_of_every_unit_cancels_the_posting(app: SandboxApp) -> None:
    posting = _in_status(app, "awaiting_packaging")
    items = [{"sku": i.product.sku, "quantity": i.quantity} for i in posting.items]
    body = {**_item_body(posting, 0, 1), "items": items}
    assert (await _post(app, PRODUCT_CANCEL, body)).status_code == 200
    assert (await _get(app, posting.posting_number))["status"] == "cancelled"


async def test_product_cancel_refuses_more_units_than_the_posting_holds(app: SandboxApp) -> None:
    posting = _in_status(app, "awaiting_packaging")
    line = posting.items[0]
    answer = await _post(
        app, PRODUCT_CANCEL, _item_body(posting, line.product.sku, line.quantity + 1)
    )
    assert answer.status_code == 400
    assert answer.json()["message"] == "HAS_INCORRECT_PRODUCT_QUANTITY"
    assert posting.items[0].quantity == line.quantity


async def test_product_cancel_refuses_an_item_not_in_the_posting(app: SandboxApp) -> None:
    posting = _in_status(app, "awaiting_packaging")
    answer = await _post(app, PRODUCT_CANCEL, _item_body(posting, 42, 1))
    assert answer.status_code == 400
    assert answer.json()["message"] == "UNKNOWN_PRODUCT_DEFINED"


async def test_product_cancel_refuses_an_assembled_posting(app: SandboxApp) -> None:
    posting = _in_status(app, "awaiting_deliver")
    answer = await _post(app, PRODUCT_CANCEL, _item_body(posting, posting.items[0].product.sku, 1))
    assert answer.status_code == 400
    assert answer.json()["message"] == "HAS_INCORRECT_STATUS"


async def test_product_cancel_requires_a_message(app: SandboxApp) -> None:
    posting = _in_status(app, "awaiting_packaging")
    body = _item_body(posting, posting.items[0].product.sku, 1)
    del body["cancel_reason_message"]
    answer = await _post(app, PRODUCT_CANCEL, body)
    assert answer.status_code == 400
    assert "cancel_reason_message" in answer.json()["message"]
