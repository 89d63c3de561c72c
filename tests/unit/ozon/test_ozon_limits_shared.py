"""One limiter serves every thread and event loop of a process, and every gateway a process opens
for one Ozon account draws on that account's one limiter."""

from __future__ import annotations

import asyncio
import contextvars
import threading
import time
from pathlib import Path

from test_ozon_limits import most_starts_in_any_window

from posylka import bootstrap
from posylka.adapters.ozon.gateway import OzonGateway, open_gateway
from posylka.adapters.ozon.limits import RateLimit, RateLimiters, SlidingWindow
from posylka.config import Settings
from posylka.domain.ids import StoreId
from posylka.domain.stores import StoreCredentials

_last_read: contextvars.ContextVar[float] = contextvars.ContextVar("last_read")


class ReadStarts:
    """Real time and real sleeps, seen through the limiter: each caller (each asyncio task, in
    whatever thread) notes the last time the limiter read for it, which is when it admitted it."""

    def __init__(self) -> None:
        self.starts: list[float] = []
        self._lock = threading.Lock()

    def clock(self) -> float:
        now = time.monotonic()
        _last_read.set(now)
        return now

    def note(self) -> None:
        with self._lock:
            self.starts.append(_last_read.get())


def test_threads_with_their_own_event_loops_never_put_more_than_n_starts_in_a_window() -> None:
    given = ReadStarts()
    window = SlidingWindow(RateLimit(10, 0.05), margin=0.0, clock=given.clock)

    async def caller() -> None:
        for _ in range(10):
            await window.acquire()
            given.note()

    async def loop_of_callers() -> None:
        await asyncio.gather(*(caller() for _ in range(5)))

    threads = [threading.Thread(target=asyncio.run, args=(loop_of_callers(),)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(given.starts) == 200
    assert most_starts_in_any_window(given.starts, 0.05) == 10
    assert window.waits > 0


async def test_two_gateways_opened_for_the_same_store_share_one_limiter() -> None:
    limiters = RateLimiters()
    credentials = StoreCredentials(client_id="1", api_key="k", base_url="http://sandbox.test")
    first = open_gateway(StoreId(7), credentials, limiters=limiters)
    second = open_gateway(StoreId(7), credentials, limiters=limiters)

    assert first.client.limiter is second.client.limiter
    await first.aclose()
    await second.aclose()


async def test_another_client_id_or_base_url_gets_a_limiter_of_its_own() -> None:
    limiters = RateLimiters()
    store = StoreCredentials(client_id="1", api_key="k", base_url="http://sandbox.test")
    other_id = StoreCredentials(client_id="2", api_key="k", base_url="http://sandbox.test")
    other_url = StoreCredentials(client_id="1", api_key="k", base_url="http://other.test")

    gateways = [
        open_gateway(StoreId(7), c, limiters=limiters) for c in (store, other_id, other_url)
    ]

    assert len({id(g.client.limiter) for g in gateways}) == 3
    for gateway in gateways:
        await gateway.aclose()


async def test_every_gateway_a_built_process_opens_for_a_store_shares_its_limiter(
    tmp_path: Path,
) -> None:
    container = bootstrap.build(
        Settings(data_dir=tmp_path, database_url="", redis_url="", ozon_rps=20.0), check=False
    )
    credentials = StoreCredentials(client_id="1", api_key="k", base_url="http://sandbox.test/")
    store = StoreId(7)
    opened = [
        container.marketplace(store, credentials),
        container.shipping(store, credentials),
        bootstrap.stock_push_runner(container).marketplace(store, credentials),
    ]
    gateways = [g for g in opened if isinstance(g, OzonGateway)]

    assert len(gateways) == 3
    assert len({id(g.client.limiter) for g in gateways}) == 1
    assert gateways[0].client.limiter.overall.limit.requests == 20
    for gateway in gateways:
        await gateway.aclose()
    container.close()
