"""Ozon's request rate limit: at most 50 requests in any one second per Client-Id, across all
methods (Seller API, tag Process). A sliding window: a request is let through when fewer than the
limit were let through in the second before it."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable


class RateLimiter:
    """Counts the requests let through per Client-Id over the last second of ``timer``."""

    def __init__(self, per_second: int, timer: Callable[[], float]) -> None:
        self.per_second = per_second
        self._timer = timer
        self._windows: dict[str, deque[float]] = {}

    def admit(self, client_id: str) -> bool:
        """Let one request through, or refuse it when the window is full (refusals are not
        counted, so a client that backs off gets through once the second has passed)."""
        if self.per_second <= 0:
            return True
        now = self._timer()
        window = self._windows.setdefault(client_id, deque())
        while window and (window[0] <= now - 1.0 or window[0] > now):
            window.popleft()
        if len(window) >= self.per_second:
            return False
        window.append(now)
        return True
