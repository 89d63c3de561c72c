"""Sandbox time: postings move on as it passes, and tests can move one posting themselves."""

from __future__ import annotations

from datetime import timedelta

from sandbox_support import NOW, all_pages, client_for, iso, list_body, make_app

GET = "/v3/posting/fbs/get"
LIST = "/v4/posting/fbs/list"


async def test_clock_is_frozen_at_the_configured_moment_and_can_be_advanced() -> None:
    app = make_app(postings=20)
    async with client_for(app, authed=False) as client:
        before = (await client.get("/__sandbox/clock")).json()
        after = (await client.post("/__sandbox/clock", json={"advance_seconds": 3600})).json()
        jumped = (
            await client.post("/__sandbox/clock", json={"now": "2026-12-01T00:00:00Z"})
        ).json()
    assert before["now"] == iso(NOW)
    assert before["frozen"] is True
    assert after["now"] == iso(NOW + timedelta(hours=1))
    assert jumped["now"] == "2026-12-01T00:00:00Z"


async def test_clock_change_needs_exactly_one_instruction() -> None:
    app = make_app(postings=20)
    async with client_for(app, authed=False) as client:
        neither = await client.post("/__sandbox/clock", json={})
        both = await client.post(
            "/__sandbox/clock", json={"advance_seconds": 5, "now": "2026-12-01T00:00:00Z"}
        )
    assert (neither.status_code, both.status_code) == (400, 400)


async def test_a_posting_moves_to_its_next_status_as_time_passes() -> None:
    app = make_app(postings=300)
    now = app.state.now()
    posting = next(p for p in app.state.postings if any(e.at > now for e in p.timeline.events))
    upcoming = next(e for e in posting.timeline.events if e.at > now)
    async with client_for(app) as client:
        before = (await client.post(GET, json={"posting_number": posting.posting_number})).json()
        await client.post("/__sandbox/clock", json={"advance_seconds": upcoming.at - now})
        after = (await client.post(GET, json={"posting_number": posting.posting_number})).json()
    assert (after["result"]["status"], after["result"]["substatus"]) == (
        upcoming.status,
        upcoming.substatus,
    )
    assert before["result"]["substatus"] != after["result"]["substatus"] or (
        before["result"]["status"] != after["result"]["status"]
    )


async def test_a_day_later_many_open_postings_have_moved_on() -> None:
    app = make_app(postings=1000)
    body = list_body(filter={"statuses": ["awaiting_packaging"]})
    async with client_for(app) as client:
        waiting = {p["posting_number"] for p in await all_pages(client, LIST, body)}
        await client.post("/__sandbox/clock", json={"advance_seconds": 86400})
        still = {p["posting_number"] for p in await all_pages(client, LIST, body)}
    assert waiting
    assert len(waiting - still) > len(waiting) // 3


async def test_setting_a_status_changes_that_posting_now_and_only_it() -> None:
    app = make_app(postings=300)
    target = app.state.postings[40]
    async with client_for(app) as client:
        await client.post("/__sandbox/clock", json={"advance_seconds": 60})
        answer = await client.post(
            f"/__sandbox/postings/{target.posting_number}/status", json={"status": "cancelled"}
        )
        changed = list_body(
            filter={"last_changed_status_date": {"from": iso(NOW + timedelta(seconds=30))}}
        )
        recent = await all_pages(client, LIST, changed)
        got = (await client.post(GET, json={"posting_number": target.posting_number})).json()
    assert answer.status_code == 200
    assert answer.json()["status"] == "cancelled"
    assert [p["posting_number"] for p in recent] == [target.posting_number]
    assert got["result"]["status"] == "cancelled"
    assert got["result"]["cancellation"]["cancel_reason_id"] > 0


async def test_a_set_status_stays_when_time_passes() -> None:
    app = make_app(postings=300)
    now = app.state.now()
    target = next(
        p
        for p in app.state.postings
        if (event := p.timeline.at(now)) is not None and event.status == "awaiting_packaging"
    )
    async with client_for(app) as client:
        await client.post(
            f"/__sandbox/postings/{target.posting_number}/status",
            json={"status": "awaiting_deliver", "substatus": "posting_in_carriage"},
        )
        await client.post("/__sandbox/clock", json={"advance_seconds": 30 * 86400})
        got = (await client.post(GET, json={"posting_number": target.posting_number})).json()
    assert (got["result"]["status"], got["result"]["substatus"]) == (
        "awaiting_deliver",
        "posting_in_carriage",
    )


async def test_setting_an_unknown_status_or_posting_is_refused() -> None:
    app = make_app(postings=20)
    number = app.state.postings[0].posting_number
    async with client_for(app, authed=False) as client:
        bad_status = await client.post(
            f"/__sandbox/postings/{number}/status", json={"status": "teleported"}
        )
        bad_posting = await client.post(
            "/__sandbox/postings/0000-0000-1/status", json={"status": "delivered"}
        )
    assert bad_status.status_code == 400
    assert bad_posting.status_code == 404


async def test_the_timeline_of_a_posting_can_be_read() -> None:
    app = make_app(postings=20)
    posting = app.state.postings[3]
    async with client_for(app, authed=False) as client:
        answer = (await client.get(f"/__sandbox/postings/{posting.posting_number}")).json()
    assert [e["status"] for e in answer["events"]] == [e.status for e in posting.timeline.events]
    assert answer["status"] == posting.timeline.at(app.state.now()).status  # type: ignore[union-attr]
