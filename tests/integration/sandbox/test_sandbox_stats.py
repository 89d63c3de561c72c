"""Request counts at ``/__sandbox/stats``."""

from __future__ import annotations

from sandbox_support import client_for, credentials, list_body, make_app

LIST = "/v4/posting/fbs/list"
REASONS = "/v2/posting/fbs/cancel-reason/list"


async def test_stats_count_answers_by_path_status_client_and_fault() -> None:
    app = make_app(postings=50)
    async with client_for(app) as client:
        await client.post("/__sandbox/faults", json={"fail_next": {"kind": "500", "count": 1}})
        await client.post(REASONS)
        await client.post(REASONS)
        await client.post(LIST, json=list_body(limit=3))
        await client.post(LIST, json={"limit": 0})
        await client.post(REASONS, headers={"Api-Key": "wrong"})
        stats = (await client.get("/__sandbox/stats")).json()
    assert stats["requests"] == {
        LIST: {"200": 1, "400": 1},
        REASONS: {"200": 1, "404": 1, "500": 1},
    }
    assert stats["total"] == 5
    assert stats["by_client_id"] == {credentials(app)["Client-Id"]: 5}
    assert stats["injected_faults"] == {"5xx": 1}


async def test_stats_reset_starts_counting_again() -> None:
    app = make_app(postings=50)
    async with client_for(app) as client:
        await client.post(REASONS)
        reset = (await client.post("/__sandbox/stats/reset")).json()
        await client.post(REASONS)
        stats = (await client.get("/__sandbox/stats")).json()
    assert reset["total"] == 0
    assert stats["requests"] == {REASONS: {"200": 1}}


async def test_control_requests_are_not_counted() -> None:
    app = make_app(postings=50)
    async with client_for(app) as client:
        for _ in range(3):
            await client.get("/__sandbox")
        stats = (await client.get("/__sandbox/stats")).json()
    assert stats["total"] == 0
