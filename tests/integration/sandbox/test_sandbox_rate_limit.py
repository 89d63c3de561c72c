"""Ozon's limit of 50 requests per second per Client-Id, on an injected timer: no sleeping."""

from __future__ import annotations

from sandbox_support import client_for, make_app

REASONS = "/v2/posting/fbs/cancel-reason/list"


class ManualTimer:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.value = 1000.0

    def __call__(self) -> float:
        return self.value

    def advance(self, seconds: float) -> None:
        self.value += seconds


async def test_the_51st_request_within_one_second_gets_429() -> None:
    timer = ManualTimer()
    app = make_app(postings=20, rate_limit=50, timer=timer)
    async with client_for(app) as client:
        statuses = [(await client.post(REASONS)).status_code for _ in range(50)]
        refused = await client.post(REASONS)
    assert statuses == [200] * 50
    assert refused.status_code == 429
    assert refused.json() == {
        "code": 8,
        "message": "You have reached request rate limit per second",
        "details": [],
    }


async def test_requests_pass_again_once_the_second_has_passed() -> None:
    timer = ManualTimer()
    app = make_app(postings=20, rate_limit=50, timer=timer)
    async with client_for(app) as client:
        for _ in range(50):
            await client.post(REASONS)
        assert (await client.post(REASONS)).status_code == 429
        timer.advance(1.0)
        assert (await client.post(REASONS)).status_code == 200


async def test_the_window_slides_rather_than_resetting_each_second() -> None:
    timer = ManualTimer()
    app = make_app(postings=20, rate_limit=50, timer=timer)
    async with client_for(app) as client:
        for _ in range(30):
            await client.post(REASONS)
        timer.advance(0.6)
        for _ in range(20):
            await client.post(REASONS)
        timer.advance(0.3)  # 0.9 s after the first 30: all 50 still count
        assert (await client.post(REASONS)).status_code == 429
        timer.advance(0.1)  # the first 30 have left the window
        assert (await client.post(REASONS)).status_code == 200


async def test_control_endpoints_are_not_rate_limited() -> None:
    app = make_app(postings=20, rate_limit=50, timer=ManualTimer())
    async with client_for(app) as client:
        statuses = {(await client.get("/__sandbox/stats")).status_code for _ in range(80)}
    assert statuses == {200}


async def test_refused_requests_are_counted_in_the_stats() -> None:
    app = make_app(postings=20, rate_limit=50, timer=ManualTimer())
    async with client_for(app) as client:
        for _ in range(53):
            await client.post(REASONS)
        stats = (await client.get("/__sandbox/stats")).json()
    assert stats["requests"][REASONS] == {"200": 50, "429": 3}
    assert stats["rate_limited"] == 3


async def test_a_zero_rate_limit_lets_everything_through() -> None:
    app = make_app(postings=20, rate_limit=0, timer=ManualTimer())
    async with client_for(app) as client:
        statuses = {(await client.post(REASONS)).status_code for _ in range(120)}
    assert statuses == {200}
