"""Safe calls are sent again on 429, 5xx, timeouts and dropped connections, with full-jitter
backoff or Ozon's Retry-After; unsafe calls and refused credentials are sent once."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from ozon_wire_builder import (
    API_KEY,
    CLIENT_ID,
    FakeTime,
    ScriptedOzon,
    json_reply,
    make_client,
    ozon_error,
    raise_error,
)

from posylka.adapters.ozon import endpoints, schemas
from posylka.adapters.ozon.client import OzonClient
from posylka.adapters.ozon.endpoints import Endpoint
from posylka.adapters.ozon.limits import RateLimiter
from posylka.adapters.ozon.retry import RetryPolicy, RetryReason, parse_retry_after
from posylka.domain.errors import (
    AuthenticationFailed,
    RateLimited,
    ServerFailure,
    TransportFailure,
)

REASONS = endpoints.CANCEL_REASON_LIST
OK = json_reply({"result": [{"id": 352, "title": "Товар закончился", "type_id": "seller"}]})


class ShipRequest(schemas.RequestModel):
    posting_number: str


class ShipReply(schemas.WireModel):
    result: list[str] | None = None


SHIP = Endpoint("/v4/posting/fbs/ship", ShipRequest, ShipReply, safe=False)

FAULTS = [
    pytest.param(ozon_error(429, 8, "You have reached request rate limit per second"),
                 RetryReason.RATE_LIMITED, id="429"),
    pytest.param(ozon_error(500, 13, "Internal error"), RetryReason.SERVER_ERROR, id="500"),
    pytest.param(ozon_error(503, 14, "Circle is open"), RetryReason.SERVER_ERROR, id="503"),
    pytest.param(raise_error(httpx.ReadTimeout, "timed out"), RetryReason.TIMEOUT, id="timeout"),
    pytest.param(raise_error(httpx.ConnectTimeout), RetryReason.TIMEOUT, id="connect-timeout"),
    pytest.param(raise_error(httpx.RemoteProtocolError, "Server disconnected"),
                 RetryReason.CONNECTION_DROPPED, id="dropped"),
    pytest.param(raise_error(httpx.ReadError, "Connection reset by peer"),
                 RetryReason.CONNECTION_DROPPED, id="reset"),
    pytest.param(raise_error(httpx.ConnectError, "Connection refused"),
                 RetryReason.CONNECTION_DROPPED, id="refused"),
]  # fmt: skip


@pytest.mark.parametrize(("fault", "reason"), FAULTS)
async def test_safe_call_recovers_after_two_faults_in_three_attempts(
    fault: object, reason: RetryReason
) -> None:
    script = ScriptedOzon().on(REASONS.path, fault, fault, OK)  # type: ignore[arg-type]
    client = make_client(script, max_attempts=4)

    reply = await client.call(REASONS, schemas.CancelReasonListRequest())

    assert [r.id for r in reply.result] == [352]
    assert client.api_calls == 3
    assert client.retries == {r: (2 if r is reason else 0) for r in RetryReason}


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (ozon_error(429, 8, "You have reached request rate limit per second"), RateLimited),
        (ozon_error(502, 14, "Bad gateway"), ServerFailure),
        (raise_error(httpx.ReadTimeout, "timed out"), TransportFailure),
        (raise_error(httpx.RemoteProtocolError, "Server disconnected"), TransportFailure),
    ],
)
async def test_safe_call_gives_up_after_the_last_attempt(fault: object, error: type) -> None:
    script = ScriptedOzon().on(REASONS.path, fault)  # type: ignore[arg-type]
    client = make_client(script, max_attempts=3)

    with pytest.raises(error) as caught:
        await client.call(REASONS, schemas.CancelReasonListRequest())

    assert client.api_calls == 3
    assert sum(client.retries.values()) == 2
    assert caught.value.message.endswith("(gave up after 3 attempts)")


@pytest.mark.parametrize(("fault", "reason"), FAULTS)
async def test_unsafe_call_is_sent_once_whatever_the_fault(
    fault: object, reason: RetryReason
) -> None:
    script = ScriptedOzon().on(SHIP.path, fault, json_reply({"result": ["1-1-1"]}))  # type: ignore[arg-type]
    client = make_client(script, max_attempts=6)

    with pytest.raises((RateLimited, ServerFailure, TransportFailure)):
        await client.call(SHIP, ShipRequest(posting_number="1-1-1"))

    assert client.api_calls == 1
    assert sum(client.retries.values()) == 0


async def test_refused_credentials_are_never_retried() -> None:
    refused = ozon_error(403, 7, "Invalid Api-Key, please check the key and try again")
    script = ScriptedOzon().on(REASONS.path, refused, OK)
    client = make_client(script, max_attempts=6)

    with pytest.raises(AuthenticationFailed):
        await client.call(REASONS, schemas.CancelReasonListRequest())

    assert client.api_calls == 1


async def test_backoff_grows_exponentially_under_full_jitter() -> None:
    time = FakeTime()
    script = ScriptedOzon().on(REASONS.path, ozon_error(500, 13, "Internal error"))
    client = make_client(script, time=time, max_attempts=5, jitter=0.5)

    with pytest.raises(ServerFailure):
        await client.call(REASONS, schemas.CancelReasonListRequest())

    # jitter 0.5 × ceilings 0.5, 1, 2, 4 (base 0.5 s doubling per attempt)
    assert time.slept == [0.25, 0.5, 1.0, 2.0]


def test_full_jitter_waits_anywhere_between_zero_and_the_capped_ceiling() -> None:
    low = RetryPolicy(base_delay=1.0, max_delay=8.0, jitter=lambda: 0.0)
    high = RetryPolicy(base_delay=1.0, max_delay=8.0, jitter=lambda: 0.999)

    assert [low.backoff(a) for a in (1, 2, 6)] == [0.0, 0.0, 0.0]
    assert [round(high.backoff(a), 3) for a in (1, 2, 3, 4, 5, 6)] == [
        0.999, 1.998, 3.996, 7.992, 7.992, 7.992,
    ]  # fmt: skip


async def test_retry_after_in_seconds_replaces_the_backoff() -> None:
    time = FakeTime()
    limited = ozon_error(429, 8, "You have reached request rate limit per second", **{
        "Retry-After": "3"
    })  # fmt: skip
    script = ScriptedOzon().on(REASONS.path, limited, OK)
    client = make_client(script, time=time)

    await client.call(REASONS, schemas.CancelReasonListRequest())

    assert time.slept == [3.0]
    assert client.retries[RetryReason.RATE_LIMITED] == 1


async def test_retry_after_as_an_http_date_waits_until_that_moment() -> None:
    time = FakeTime()
    now = datetime(2026, 3, 8, 9, 0, 0, tzinfo=UTC)
    unavailable = ozon_error(503, 14, "Circle is open", **{
        "Retry-After": "Sun, 08 Mar 2026 09:00:12 GMT"
    })  # fmt: skip
    script = ScriptedOzon().on(REASONS.path, unavailable, OK)
    http = httpx.AsyncClient(transport=httpx.MockTransport(script), base_url="https://ozon.test")
    client = OzonClient(
        http,
        client_id=CLIENT_ID,
        api_key=API_KEY,
        limiter=RateLimiter(clock=time.monotonic, sleep=time.sleep),
        retry=RetryPolicy(sleep=time.sleep, wall_clock=lambda: now),
    )

    await client.call(REASONS, schemas.CancelReasonListRequest())

    assert time.slept == [12.0]
    await http.aclose()


async def test_retry_after_longer_than_the_policy_allows_ends_the_call_at_once() -> None:
    blocked = ozon_error(429, 8, "Circle is open", **{"Retry-After": "300"})
    script = ScriptedOzon().on(REASONS.path, blocked, OK)
    client = make_client(script, max_attempts=6)

    with pytest.raises(RateLimited):
        await client.call(REASONS, schemas.CancelReasonListRequest())

    assert client.api_calls == 1


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("5", 5.0),
        (" 1.5 ", 1.5),
        ("-4", 0.0),
        ("Sun, 08 Mar 2026 09:01:00 GMT", 60.0),
        ("Sun, 08 Mar 2026 08:59:00 GMT", 0.0),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_header_is_read_as_seconds_or_as_a_date(
    header: str | None, seconds: float | None
) -> None:
    now = datetime(2026, 3, 8, 9, 0, 0, tzinfo=UTC)
    assert parse_retry_after(header, now=now) == seconds


def test_a_policy_needs_at_least_one_attempt() -> None:
    with pytest.raises(ValueError, match="at least one attempt"):
        RetryPolicy(max_attempts=0)


async def test_every_request_carries_the_stores_credentials_and_json() -> None:
    script = ScriptedOzon().on(REASONS.path, ozon_error(500, 13, "Internal error"), OK)
    client = make_client(script)

    await client.call(REASONS, schemas.CancelReasonListRequest())

    assert len(script.requests) == 2
    for request in script.requests:
        assert request.method == "POST"
        assert str(request.url) == "https://api-seller.ozon.ru/v2/posting/fbs/cancel-reason/list"
        assert request.headers["Client-Id"] == CLIENT_ID
        assert request.headers["Api-Key"] == API_KEY
        assert request.headers["Content-Type"] == "application/json"
    assert script.bodies(REASONS.path) == [{}, {}]
