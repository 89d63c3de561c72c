"""Virtual time for concurrent asyncio code: sleeps wait on the virtual clock, which jumps to the
next deadline once every task is blocked, so a minute of rate limiting runs in milliseconds."""

from __future__ import annotations

import asyncio
import heapq
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

_SETTLE_ROUNDS = 200
"""Event-loop turns given to runnable tasks before time moves; far more than any hand-off chain in
the code under test needs (a lock release wakes one waiter per turn)."""


class VirtualClock:
    def __init__(self) -> None:
        self.now = 0.0
        self._timers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = 0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        wake = asyncio.get_running_loop().create_future()
        heapq.heappush(self._timers, (self.now + max(seconds, 0.0), self._order, wake))
        self._order += 1
        await wake

    async def run(self, *jobs: Coroutine[Any, Any, T]) -> list[T]:
        """Run ``jobs`` concurrently to completion, moving time only when all are asleep."""
        tasks = [asyncio.ensure_future(job) for job in jobs]
        while not all(task.done() for task in tasks):
            for _ in range(_SETTLE_ROUNDS):
                await asyncio.sleep(0)
            if all(task.done() for task in tasks):
                break
            if not self._timers:
                raise RuntimeError("every task is blocked and nothing sleeps: a deadlock")
            deadline = self._timers[0][0]
            self.now = deadline
            while self._timers and self._timers[0][0] <= deadline:
                _, _, wake = heapq.heappop(self._timers)
                if not wake.done():
                    wake.set_result(None)
        return [task.result() for task in tasks]
