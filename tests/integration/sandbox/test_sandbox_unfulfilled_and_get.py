"""``/v4/posting/fbs/unfulfilled/list`` and ``/v3/posting/fbs/get``."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sandbox_support import NOW, all_pages, client_for, iso, make_app

from posylka.sandbox.ozon.app import SandboxApp
from posylka.sandbox.ozon.listing import UNFULFILLED

PATH = "/v4/posting/fbs/unfulfilled/list"
GET = "/v3/posting/fbs/get"


@pytest.fixture(scope="module")
def app() -> SandboxApp:
    return make_app(postings=1500)


def cutoff_body(start: datetime, end: datetime, **extra: Any) -> dict[str, Any]:
    return {"limit": 50, "filter": {"cutoff_from": iso(start), "cutoff_to": iso(end)}, **extra}


async def test_unfulfilled_shows_only_postings_not_yet_delivered(app: SandboxApp) -> None:
    body = cutoff_body(NOW - timedelta(days=70), NOW + timedelta(days=10))
    async with client_for(app) as client:
        postings = await all_pages(client, PATH, body)
    assert postings
    assert {p["status"] for p in postings} <= UNFULFILLED
    now = app.state.now()
    expected = {
        p.posting_number
        for p in app.state.postings
        if (e := p.timeline.at(now)) is not None and e.status in UNFULFILLED
    }
    assert {p["posting_number"] for p in postings} == expected


async def test_count_is_the_size_of_the_whole_list(app: SandboxApp) -> None:
    body = cutoff_body(NOW - timedelta(days=3), NOW + timedelta(days=5))
    async with client_for(app) as client:
        first = (await client.post(PATH, json=body)).json()
        postings = await all_pages(client, PATH, body)
    assert first["count"] == len(postings)
    assert first["has_next"] is True
    assert len(first["postings"]) == 50


async def test_the_cutoff_window_bounds_the_ship_by_deadline(app: SandboxApp) -> None:
    start, end = NOW, NOW + timedelta(hours=30)
    async with client_for(app) as client:
        postings = await all_pages(client, PATH, cutoff_body(start, end))
    assert postings
    for posting in postings:
        assert start <= datetime.fromisoformat(posting["shipment_date"]) <= end


async def test_the_delivering_window_bounds_the_hand_over_date(app: SandboxApp) -> None:
    start, end = NOW - timedelta(days=5), NOW
    body = {
        "limit": 100,
        "filter": {"delivering_date_from": iso(start), "delivering_date_to": iso(end)},
    }
    async with client_for(app) as client:
        postings = await all_pages(client, PATH, body)
    assert postings
    for posting in postings:
        assert start <= datetime.fromisoformat(posting["delivering_date"]) <= end
    assert {p["status"] for p in postings} <= UNFULFILLED - {"awaiting_packaging"}


async def test_overdue_postings_still_await_packaging(app: SandboxApp) -> None:
    body = {
        "limit": 100,
        "filter": {
            "cutoff_from": iso(NOW - timedelta(days=3)),
            "cutoff_to": iso(NOW),
            "statuses": ["awaiting_packaging"],
        },
    }
    async with client_for(app) as client:
        postings = await all_pages(client, PATH, body)
    assert postings, "some postings are past their ship-by and still not assembled"


async def test_get_wraps_one_posting_in_result_with_v3_prices(app: SandboxApp) -> None:
    posting = app.state.postings[100]
    async with client_for(app) as client:
        answer = await client.post(GET, json={"posting_number": posting.posting_number})
    assert answer.status_code == 200
    result = answer.json()["result"]
    assert result["posting_number"] == posting.posting_number
    first = result["products"][0]
    assert first["currency_code"] == "RUB"
    assert first["price"] == f"{posting.items[0].price:.4f}"


async def test_get_agrees_with_the_list_about_status(app: SandboxApp) -> None:
    async with client_for(app) as client:
        body = cutoff_body(NOW - timedelta(days=2), NOW + timedelta(days=3))
        listed = (await client.post(PATH, json=body)).json()["postings"][:10]
        for posting in listed:
            answer = await client.post(GET, json={"posting_number": posting["posting_number"]})
            got = answer.json()["result"]
            assert (got["status"], got["substatus"]) == (posting["status"], posting["substatus"])
            assert got["shipment_date"] == posting["shipment_date"]


async def test_get_hides_the_rfbs_buyers_phone_and_fbs_postings_have_no_buyer(
    app: SandboxApp,
) -> None:
    rfbs = next(p for p in app.state.postings if p.is_rfbs)
    fbs = next(p for p in app.state.postings if not p.is_rfbs)
    async with client_for(app) as client:
        rfbs_result = (await client.post(GET, json={"posting_number": rfbs.posting_number})).json()
        fbs_result = (await client.post(GET, json={"posting_number": fbs.posting_number})).json()
    customer = rfbs_result["result"]["customer"]
    assert customer["phone"] == ""
    assert customer["name"]
    assert customer["address"]["city"]
    assert rfbs_result["result"]["addressee"]["phone"] == ""
    assert fbs_result["result"]["customer"] is None
    assert fbs_result["result"]["addressee"] is None


async def test_the_list_shows_the_rfbs_buyers_proxy_phone(app: SandboxApp) -> None:
    rfbs = next(p for p in app.state.postings if p.is_rfbs)
    day = timedelta(days=1)
    body = {
        "limit": 100,
        "filter": {
            "since": iso(datetime.fromtimestamp(rfbs.in_process_at).astimezone() - day),
            "to": iso(datetime.fromtimestamp(rfbs.in_process_at).astimezone() + day),
            "order_numbers": [rfbs.order_number],
        },
    }
    async with client_for(app) as client:
        postings = (await client.post("/v4/posting/fbs/list", json=body)).json()["postings"]
    shown = next(p for p in postings if p["posting_number"] == rfbs.posting_number)
    assert shown["customer"]["phone"].startswith("+7")
    assert len(shown["customer"]["phone"]) == 12


async def test_get_of_an_unknown_posting_is_not_found(app: SandboxApp) -> None:
    async with client_for(app) as client:
        answer = await client.post(GET, json={"posting_number": "0000000000-0000-1"})
    assert answer.status_code == 404
    assert answer.json()["code"] == 5


async def test_get_without_a_posting_number_is_refused(app: SandboxApp) -> None:
    async with client_for(app) as client:
        answer = await client.post(GET, json={})
    assert answer.status_code == 400
    assert answer.json()["code"] == 3


async def test_translit_writes_the_buyer_in_latin_letters(app: SandboxApp) -> None:
    rfbs = next(p for p in app.state.postings if p.is_rfbs)
    body = {"posting_number": rfbs.posting_number, "with": {"translit": True}}
    async with client_for(app) as client:
        result = (await client.post(GET, json=body)).json()["result"]
    assert result["customer"]["name"].isascii()
    assert result["customer"]["address"]["city"].isascii()
