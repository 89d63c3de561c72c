"""Ozon's request-rate limits, and the sliding-window limiter that keeps posylka under them.

Ozon counts requests per Client-Id in fixed time windows and answers 429 once a window is full.
A token bucket would allow a full burst followed by a steady leak, which can put more than N
requests into one of Ozon's windows; the limiter here instead guarantees that no window of the
limit's length, wherever it starts, ever sees more than N request starts. It only delays the start
of a request: requests in flight run concurrently, so twelve callers at 200 ms latency still reach
the full rate.

One limiter may be shared by every thread and event loop of a process: its bookkeeping is guarded
by a thread lock and the wait happens in the caller's own loop. ``RateLimiters`` hands out one
limiter per Ozon account, so every gateway a process opens for a store draws on one budget. Each
process still has its own: several processes for one store can together exceed the limit now and
then, and the client's 429 retries cover that.
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

Sleep = Callable[[float], Awaitable[None]]
Monotonic = Callable[[], float]


@dataclass(frozen=True, slots=True)
class RateLimit:
    """At most ``requests`` request starts in any ``seconds``-long window."""

    requests: int
    seconds: float
    source: str = ""
    """Where Ozon states the limit."""
    margin: float | None = None
    """This window's own stretch (see ``DEFAULT_MARGIN``); ``None`` takes the limiter's."""

    def __post_init__(self) -> None:
        if self.requests < 1 or self.seconds <= 0:
            raise ValueError(f"a rate limit needs requests >= 1 and seconds > 0, not {self}")
        if self.margin is not None and self.margin < 0:
            raise ValueError(f"the safety margin cannot be negative, not {self.margin}")

    @classmethod
    def per_second(cls, rps: float, source: str = "") -> RateLimit:
        """A rate in requests per second, as whole requests over a window (0.5 rps → 1 per 2 s)."""
        if rps <= 0:
            raise ValueError(f"the request rate must be positive, not {rps}")
        requests = max(1, math.floor(rps))
        return cls(requests, requests / rps, source)


OVERALL_LIMIT = RateLimit(
    50,
    1.0,
    "Seller API, sections 'Process' and 'Errors': at most 50 requests per second per Client-Id "
    "across all methods ('You have reached request rate limit per second').",
)

STOCKS_MARGIN = 0.02
"""The per-minute window of ``/v2/products/stocks`` is stretched by 1.2 s, not by the 5% the
per-second window needs: 5% of a minute would cost a push of 50,000 pairs (500 calls) 18 seconds.
At 1% (0.6 s) a busy machine (load average 12 on 2 cores) still let 4 of 500 calls reach the
sandbox inside 80 of a minute's (bench/stock_push.py)."""

METHOD_LIMITS: Mapping[str, RateLimit] = {
    "/v2/products/stocks": RateLimit(
        80,
        60.0,
        "Seller API, ProductAPI_ProductsStocksV2: at most 80 requests per minute per seller "
        "(and the same product × warehouse pair at most once per 30 s).",
        margin=STOCKS_MARGIN,
    ),
}
"""Per-method limits on top of the overall one, keyed by path. Add a method here, with its
citation, when Ozon documents a limit for it."""

DEFAULT_MARGIN = 0.05
"""Each window is stretched by this fraction: requests leave posylka at the limit but reach Ozon
with network jitter, and Ozon counts arrivals. At 3% a window of 50 starts still reached a server
as 51 arrivals now and then (bench/ozon_client_rate.py, 200 ms latency); 5% did not, for a rate of
about 48 requests a second."""


_SHORTEST_WAIT = 1e-6
"""Never sleep for less: float rounding can leave a caller a hair short of its turn, and a zero
sleep on a clock that has not moved would spin."""


class SlidingWindow:
    """Admits at most N request starts in any window of the given length.

    Each caller is first given a turn: the earliest moment that is neither before the last turn
    given out nor less than a window after the N-th last, so turns go out in arrival order, stay
    sorted, and any N + 1 in a row span at least a window. Behind a caller still waiting, a turn
    also comes at least 1/N of a window after the last: a crowd of waiters then starts as an even
    stream at the same rate, not as a burst of N once a window (a burst reaches Ozon spread out by
    its own queueing and crowds the next window). The caller sleeps until its turn, then
    is admitted if the last N requests actually admitted leave room, and otherwise sleeps until
    they do. That second check matters when callers wake late (a busy event loop, a thread that
    did not get the interpreter): turns bunched by a late wake-up would otherwise all start at
    once and crowd the next window. Only this bookkeeping is serialised, under a thread lock, so
    callers may come from any thread and event loop; the sleeping and the requests never are.
    A caller cancelled while it waits leaves its turn taken, which only spaces later ones out.
    """

    def __init__(
        self,
        limit: RateLimit,
        *,
        margin: float = DEFAULT_MARGIN,
        clock: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if margin < 0:
            raise ValueError(f"the safety margin cannot be negative, not {margin}")
        self.limit = limit
        self.window = limit.seconds * (1.0 + (margin if limit.margin is None else limit.margin))
        self._clock = clock
        self._sleep = sleep
        self._turns: deque[float] = deque(maxlen=limit.requests)
        self._starts: deque[float] = deque(maxlen=limit.requests)
        self._lock = threading.Lock()
        self.waits = 0
        """How many callers had to wait for the window to move."""

    def _take_turn(self) -> float:
        """Give the caller its turn; 0 if it was admitted at once, else how long to sleep."""
        with self._lock:
            now = self._clock()
            turn = now
            if self._turns:
                last = self._turns[-1]
                # Behind a caller still waiting, a turn comes a share of the window later:
                # waiters then start one by one, not as one burst per window.
                turn = max(turn, last + self.window / self.limit.requests if last > now else last)
                if len(self._turns) == self.limit.requests:
                    turn = max(turn, self._turns[0] + self.window)
            self._turns.append(turn)
            delay = turn - now if turn > now else self._admit(now)
            if delay > 0:
                self.waits += 1
            return delay

    def _try_start(self) -> float:
        with self._lock:
            return self._admit(self._clock())

    def _admit(self, now: float) -> float:
        """Under the lock: count a start at ``now`` if the window has room (0), else the wait."""
        if len(self._starts) < self.limit.requests or now - self._starts[0] >= self.window:
            self._starts.append(now)
            return 0.0
        return max(self._starts[0] + self.window - now, _SHORTEST_WAIT)

    async def acquire(self) -> None:
        """Return when a request may start, having counted it as started."""
        delay = self._take_turn()
        while delay > 0:
            await self._sleep(delay)
            delay = self._try_start()


class RateLimiter:
    """All limits of one Client-Id: the overall rate plus a window per limited method.

    A request first waits for its method's window, then for the overall one, so a request held
    back by a per-minute limit never occupies a slot of the per-second budget.
    """

    def __init__(
        self,
        *,
        rps: float = float(OVERALL_LIMIT.requests),
        method_limits: Mapping[str, RateLimit] = METHOD_LIMITS,
        margin: float = DEFAULT_MARGIN,
        clock: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        overall = RateLimit.per_second(rps, OVERALL_LIMIT.source)
        self.overall = SlidingWindow(overall, margin=margin, clock=clock, sleep=sleep)
        self._methods = {
            path: SlidingWindow(limit, margin=margin, clock=clock, sleep=sleep)
            for path, limit in method_limits.items()
        }

    async def acquire(self, path: str) -> None:
        """Return when a request to ``path`` may start under every limit that applies."""
        method = self._methods.get(path)
        if method is not None:
            await method.acquire()
        await self.overall.acquire()

    @property
    def waits(self) -> int:
        """How many times requests were held back, over all windows."""
        return self.overall.waits + sum(w.waits for w in self._methods.values())


class RateLimiters:
    """One ``RateLimiter`` per Ozon account in this process, keyed by base URL and Client-Id.

    The process's bootstrap owns one and passes it to every gateway it opens, so a sync, a stock
    push and each queued assembly step of the same store, in whatever thread, share one budget.
    Nothing is shared between processes.
    """

    def __init__(
        self,
        *,
        rps: float = float(OVERALL_LIMIT.requests),
        method_limits: Mapping[str, RateLimit] = METHOD_LIMITS,
        margin: float = DEFAULT_MARGIN,
        clock: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._rps = rps
        self._method_limits = method_limits
        self._margin = margin
        self._clock = clock
        self._sleep = sleep
        self._limiters: dict[tuple[str, str], RateLimiter] = {}
        self._lock = threading.Lock()

    def for_account(self, base_url: str, client_id: str) -> RateLimiter:
        """The limiter of the account ``client_id`` at ``base_url``, made on first use."""
        key = (base_url.rstrip("/"), client_id)
        with self._lock:
            limiter = self._limiters.get(key)
            if limiter is None:
                limiter = RateLimiter(
                    rps=self._rps,
                    method_limits=self._method_limits,
                    margin=self._margin,
                    clock=self._clock,
                    sleep=self._sleep,
                )
                self._limiters[key] = limiter
            return limiter
