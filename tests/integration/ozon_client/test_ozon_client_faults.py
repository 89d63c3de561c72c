"""Every fault the sandbox injects, met by the client: 429 bursts, 5xx (Ozon's JSON and the proxy's
HTML), dropped connections, latency and timeouts, malformed pages; a paging run with 10% faults
still returns every posting exactly once; and the limiter keeps under the sandbox's rate limit."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from ozon_sandbox_link import EVERYTHING, SandboxLink, linked, read_everything

from posylka.adapters.ozon.gateway import OzonGateway
from posylka.adapters.ozon.retry import RetryReason
from posylka.domain.errors import MalformedReply, ServerFailure, TransportFailure
from posylka.domain.postings import PostingStatus
from posylka.domain.sync import PostingQuery

LIST = "/v4/posting/fbs/list"
REASONS = "/v2/posting/fbs/cancel-reason/list"


@pytest.fixture(params=["in_process", "socket"])
def sandbox(request: pytest.FixtureRequest) -> Iterator[SandboxLink]:
    with linked(request.param == "socket") as link:
        yield link


@pytest.fixture
def socket_sandbox() -> Iterator[SandboxLink]:
    with linked(True) as link:
        yield link


def retried(counts: dict[RetryReason, int], reason: RetryReason, times: int) -> bool:
    return counts == {r: (times if r is reason else 0) for r in RetryReason}


async def test_a_burst_of_429s_is_waited_out(sandbox: SandboxLink) -> None:
    await sandbox.inject(burst_429=4)
    async with sandbox.gateway() as gateway:
        page = await gateway.fetch_postings_page(EVERYTHING)
        retries, calls = gateway.retries, gateway.api_calls

    assert len(page.postings) == 100
    assert retried(retries, RetryReason.RATE_LIMITED, 4)
    assert calls == 5


@pytest.mark.parametrize("kind", ["500", "502", "503", "504"])
async def test_server_errors_are_retried(sandbox: SandboxLink, kind: str) -> None:
    await sandbox.inject(fail_next={"kind": kind, "count": 2})
    async with sandbox.gateway() as gateway:
        reasons = await gateway.fetch_cancel_reasons()
        retries = gateway.retries

    assert reasons
    assert retried(retries, RetryReason.SERVER_ERROR, 2)


async def test_persistent_server_errors_end_in_a_server_failure(sandbox: SandboxLink) -> None:
    await sandbox.inject(fail_next={"kind": "502", "count": 10})
    async with sandbox.gateway(max_attempts=3) as gateway:
        with pytest.raises(ServerFailure) as caught:
            await gateway.fetch_warehouses()

    assert caught.value.status == 502
    assert caught.value.message.startswith("Ozon could not answer: <html>")
    assert caught.value.message.endswith("(gave up after 3 attempts)")


async def test_dropped_connections_are_retried(sandbox: SandboxLink) -> None:
    await sandbox.inject(fail_next={"kind": "drop", "count": 2})
    async with sandbox.gateway() as gateway:
        methods = await gateway.fetch_delivery_methods()
        retries, calls = gateway.retries, gateway.api_calls

    assert len(methods) == 11
    assert retried(retries, RetryReason.CONNECTION_DROPPED, 2)
    assert calls == 3
    assert (await sandbox.stats())["requests"]["/v2/delivery-method/list"] == {"200": 1, "drop": 2}


async def test_latency_within_the_timeout_only_slows_answers(sandbox: SandboxLink) -> None:
    await sandbox.inject(latency_ms=15)
    async with sandbox.gateway() as gateway:
        numbers, _ = await read_everything(gateway)
        retries = gateway.retries

    assert len(numbers) == 150
    assert sum(retries.values()) == 0


async def test_latency_beyond_the_timeout_is_retried_then_a_transport_failure(
    socket_sandbox: SandboxLink,
) -> None:
    await socket_sandbox.inject(latency_ms=300, paths=[REASONS])
    async with socket_sandbox.gateway(timeout=0.05, max_attempts=3) as gateway:
        with pytest.raises(TransportFailure) as caught:
            await gateway.fetch_cancel_reasons()
        retries = gateway.retries

    assert caught.value.message.startswith("Could not reach Ozon: the request timed out")
    assert retried(retries, RetryReason.TIMEOUT, 2)


async def test_a_page_cut_mid_way_is_a_malformed_reply_naming_path_and_cursor(
    sandbox: SandboxLink,
) -> None:
    async with sandbox.gateway() as gateway:
        first = await gateway.fetch_postings_page(EVERYTHING)
        await sandbox.inject(malformed_next=1, malformed_style="json", paths=[LIST])
        with pytest.raises(MalformedReply) as caught:
            await gateway.fetch_postings_page(EVERYTHING, first.cursor)

    assert caught.value.path == LIST
    assert f"(page after cursor {first.cursor!r}): not JSON" in caught.value.message


async def test_a_posting_missing_its_number_is_set_aside_and_the_page_kept(
    sandbox: SandboxLink,
) -> None:
    await sandbox.inject(malformed_next=1, malformed_style="missing_field", paths=[LIST])
    async with sandbox.gateway() as gateway:
        page = await gateway.fetch_postings_page(EVERYTHING)

    assert len(page.postings) == 99
    (error,) = page.errors
    assert (error.where, error.posting_number) == ("first page", None)
    assert error.message.startswith("posting_number: Field required")


async def test_a_status_nobody_knows_is_kept_as_unknown(sandbox: SandboxLink) -> None:
    await sandbox.inject(malformed_next=1, malformed_style="unknown_status", paths=[LIST])
    async with sandbox.gateway() as gateway:
        page = await gateway.fetch_postings_page(EVERYTHING)

    unknown = [p for p in page.postings if p.status is PostingStatus.UNKNOWN]
    assert page.errors == ()
    assert len(page.postings) == 100
    assert [p.status_raw for p in unknown] == ["awaiting_customs_clearance"]


async def test_paging_run_with_ten_percent_faults_returns_every_posting_exactly_once(
    sandbox: SandboxLink,
) -> None:
    async with sandbox.gateway() as gateway:
        clean, _ = await read_everything(gateway)
    await sandbox.control("POST", "/stats/reset")
    await sandbox.inject(fault_rate=0.1, kinds=["5xx", "429", "drop"], seed=11)
    query = PostingQuery(since=EVERYTHING.since, to=EVERYTHING.to, limit=5)

    async with sandbox.gateway() as gateway:
        numbers, errors = await read_everything(gateway, query)
        retries, calls = gateway.retries, gateway.api_calls

    stats = await sandbox.stats()
    injected = stats["injected_faults"]
    assert errors == []
    assert numbers == clean
    assert len(set(numbers)) == len(numbers) == 150
    assert set(injected) == {"5xx", "429", "drop"}
    assert retries[RetryReason.RATE_LIMITED] == injected.get("429", 0)
    assert retries[RetryReason.SERVER_ERROR] == injected.get("5xx", 0)
    assert retries[RetryReason.CONNECTION_DROPPED] == injected.get("drop", 0)
    assert calls == stats["total"] == 30 + sum(injected.values())


async def test_twelve_callers_at_full_rate_never_trip_the_sandboxs_limit() -> None:
    with linked(False, rate_limit=50) as sandbox:
        async with sandbox.gateway(rps=50.0) as gateway:
            await asyncio.gather(*(calls(gateway, 7) for _ in range(12)))
            retries = gateway.retries
        stats = await sandbox.stats()

    assert stats["total"] == 84
    assert stats["rate_limited"] == 0
    assert sum(retries.values()) == 0


async def test_without_the_limiter_the_same_crowd_trips_the_limit_and_retries() -> None:
    with linked(False, rate_limit=50) as sandbox:
        async with sandbox.gateway(rps=10_000.0, max_attempts=60, max_delay=0.2) as gateway:
            await asyncio.gather(*(calls(gateway, 7) for _ in range(12)))
            retries = gateway.retries
        stats = await sandbox.stats()

    assert stats["rate_limited"] > 0
    assert retries[RetryReason.RATE_LIMITED] == stats["rate_limited"]


async def calls(gateway: OzonGateway, count: int) -> None:
    for _ in range(count):
        await gateway.fetch_cancel_reasons()
