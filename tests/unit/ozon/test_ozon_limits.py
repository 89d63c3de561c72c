"""The rate limiter keeps every window of Ozon's limits under N starts, wherever the window falls,
without serialising requests. Runs on virtual time: no real sleeping."""

from __future__ import annotations

import asyncio
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ozon_virtual_clock import VirtualClock

from posylka.adapters.ozon.limits import METHOD_LIMITS, OVERALL_LIMIT, RateLimit, RateLimiter

POSTINGS = "/v4/posting/fbs/list"
STOCKS = "/v2/products/stocks"


def most_starts_in_any_window(starts: list[float], window: float) -> int:
    """The largest number of starts inside one half-open window ``[t, t + window)``."""
    ordered = sorted(starts)
    most, first = 0, 0
    for last, moment in enumerate(ordered):
        while moment - ordered[first] >= window:
            first += 1
        most = max(most, last - first + 1)
    return most


def make_limiter(clock: VirtualClock, **kwargs: object) -> RateLimiter:
    return RateLimiter(clock=clock.monotonic, sleep=clock.sleep, **kwargs)  # type: ignore[arg-type]


async def caller(
    limiter: RateLimiter,
    clock: VirtualClock,
    starts: list[float],
    *,
    requests: int,
    latency: float,
    path: str = POSTINGS,
) -> None:
    for _ in range(requests):
        await limiter.acquire(path)
        starts.append(clock.now)
        await clock.sleep(latency)


async def test_no_one_second_window_holds_more_than_fifty_starts_under_a_crowd() -> None:
    clock = VirtualClock()
    limiter = make_limiter(clock)
    starts: list[float] = []
    rng = random.Random(7)
    jobs = [
        caller(limiter, clock, starts, requests=12, latency=rng.uniform(0.0, 0.4))
        for _ in range(25)
    ]

    await clock.run(*jobs)

    assert len(starts) == 300
    assert most_starts_in_any_window(starts, 1.0) == 50


@settings(max_examples=25, deadline=None)
@given(
    rps=st.integers(min_value=1, max_value=60),
    callers=st.integers(min_value=1, max_value=30),
    latencies=st.lists(st.floats(min_value=0.0, max_value=2.0), min_size=1, max_size=30),
)
def test_window_property_holds_for_any_rate_crowd_and_latency(
    rps: int, callers: int, latencies: list[float]
) -> None:
    async def scenario() -> list[float]:
        clock = VirtualClock()
        limiter = make_limiter(clock, rps=float(rps), margin=0.0)
        starts: list[float] = []
        jobs = [
            caller(limiter, clock, starts, requests=4, latency=latencies[i % len(latencies)])
            for i in range(callers)
        ]
        await clock.run(*jobs)
        return starts

    starts = asyncio.run(scenario())

    assert most_starts_in_any_window(starts, 1.0) <= rps


async def test_twelve_callers_at_200_ms_latency_reach_nearly_fifty_requests_a_second() -> None:
    clock = VirtualClock()
    limiter = make_limiter(clock)
    starts: list[float] = []

    await clock.run(*(caller(limiter, clock, starts, requests=50, latency=0.2) for _ in range(12)))

    rate = (len(starts) - 1) / (max(starts) - min(starts))
    # Unlimited, twelve callers would send 60 requests a second; one at a time, only 5.
    assert 47.0 <= rate <= 50.0
    assert most_starts_in_any_window(starts, 1.0) == 50


async def test_callers_under_the_limit_are_never_held_back() -> None:
    clock = VirtualClock()
    limiter = make_limiter(clock)
    starts: list[float] = []

    await clock.run(*(caller(limiter, clock, starts, requests=20, latency=0.2) for _ in range(4)))

    assert clock.now == pytest.approx(4.0)
    assert limiter.waits == 0


async def test_the_fifty_first_request_waits_for_the_window_and_its_margin() -> None:
    clock = VirtualClock()
    limiter = make_limiter(clock)
    starts: list[float] = []

    await clock.run(caller(limiter, clock, starts, requests=51, latency=0.0))

    assert starts[:50] == [0.0] * 50
    assert starts[50] == pytest.approx(1.05)


async def test_stock_updates_keep_to_eighty_a_minute_without_holding_up_other_methods() -> None:
    clock = VirtualClock()
    limiter = make_limiter(clock)
    stock_starts: list[float] = []
    list_starts: list[float] = []
    stock_callers = [
        caller(limiter, clock, stock_starts, requests=40, latency=0.1, path=STOCKS)
        for _ in range(5)
    ]

    await clock.run(*stock_callers, caller(limiter, clock, list_starts, requests=10, latency=0.1))

    assert len(stock_starts) == 200
    assert most_starts_in_any_window(stock_starts, 60.0) == 80
    assert max(list_starts) < 2.0


def test_every_limit_cites_where_ozon_states_it() -> None:
    assert OVERALL_LIMIT.source
    assert all(limit.source for limit in METHOD_LIMITS.values())
    stocks = METHOD_LIMITS[STOCKS]
    assert (stocks.requests, stocks.seconds) == (80, 60.0)


@pytest.mark.parametrize(
    ("rps", "requests", "seconds"),
    [(50.0, 50, 1.0), (0.5, 1, 2.0), (2.5, 2, 0.8), (1.0, 1, 1.0)],
)
def test_a_rate_per_second_becomes_whole_requests_over_a_window(
    rps: float, requests: int, seconds: float
) -> None:
    limit = RateLimit.per_second(rps)
    assert (limit.requests, limit.seconds) == (requests, pytest.approx(seconds))


@pytest.mark.parametrize(("requests", "seconds"), [(0, 1.0), (5, 0.0), (5, -1.0)])
def test_a_limit_needs_a_request_and_a_positive_window(requests: int, seconds: float) -> None:
    with pytest.raises(ValueError, match="rate limit needs"):
        RateLimit(requests, seconds)


def test_a_rate_must_be_positive() -> None:
    with pytest.raises(ValueError, match="must be positive"):
        RateLimit.per_second(0.0)


async def test_the_stock_minute_is_stretched_by_its_own_small_margin() -> None:
    clock = VirtualClock()
    limiter = make_limiter(clock)
    starts: list[float] = []

    await clock.run(caller(limiter, clock, starts, requests=161, latency=0.0, path=STOCKS))

    assert starts[79] == pytest.approx(1.05)  # the overall 50 a second applies too
    assert starts[80] == pytest.approx(61.2)  # 2%, not the 5% of the per-second window
    assert starts[160] == pytest.approx(122.4)


def test_a_margin_cannot_be_negative() -> None:
    with pytest.raises(ValueError, match="margin"):
        RateLimit(80, 60.0, margin=-0.1)
