"""New orders arriving as sandbox time passes (``arrivals_per_day``)."""

from __future__ import annotations

from datetime import timedelta

from sandbox_support import NOW, all_pages, client_for, iso, list_body, make_app

LIST = "/v4/posting/fbs/list"
GET = "/v3/posting/fbs/get"


def _body() -> dict[str, object]:
    return list_body(filter={"to": iso(NOW + timedelta(days=8))})


async def test_postings_arrive_as_time_passes_and_not_before() -> None:
    app = make_app(postings=300, arrivals_per_day=40)
    upcoming = next(p for p in app.state.postings if p.in_process_at > app.state.now())
    async with client_for(app) as client:
        before = await all_pages(client, LIST, _body())
        hidden = await client.post(GET, json={"posting_number": upcoming.posting_number})
        await client.post("/__sandbox/clock", json={"advance_seconds": 2 * 86400})
        after = await all_pages(client, LIST, _body())
        shown = await client.post(GET, json={"posting_number": upcoming.posting_number})
    assert len(before) == 300
    assert 300 + 40 <= len(after) <= 300 + 160
    assert hidden.status_code == 404
    assert shown.status_code == 200


async def test_arrived_postings_start_at_the_beginning_of_their_life() -> None:
    app = make_app(postings=100, arrivals_per_day=200)
    async with client_for(app) as client:
        old = {p["posting_number"] for p in await all_pages(client, LIST, _body())}
        await client.post("/__sandbox/clock", json={"advance_seconds": 3600})
        new = [p for p in await all_pages(client, LIST, _body()) if p["posting_number"] not in old]
    statuses = [p["status"] for p in new]
    assert statuses
    assert "delivered" not in statuses
    assert statuses.count("awaiting_packaging") > len(statuses) // 2


async def test_without_arrivals_the_list_does_not_grow() -> None:
    app = make_app(postings=100)
    async with client_for(app) as client:
        await client.post("/__sandbox/clock", json={"advance_seconds": 5 * 86400})
        after = await all_pages(client, LIST, _body())
    assert len(after) == 100
