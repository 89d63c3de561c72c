"""When and how long to wait before asking Ozon again.

Only safe calls are ever repeated. Ozon's reads are POSTs too, so each endpoint declares whether
repeating it can change anything; an assembly or a cancellation is never sent twice on a guess.
Safe calls are repeated on 429, on 5xx, on timeouts and on dropped connections, with exponential
backoff and full jitter (a random wait between zero and the exponential ceiling), so that many
workers hit by the same outage do not come back in step. A ``Retry-After`` from Ozon wins over the
computed wait.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum


class RetryReason(StrEnum):
    """Why a request was sent again."""

    RATE_LIMITED = "rate_limited"
    SERVER_ERROR = "server_error"
    TIMEOUT = "timeout"
    CONNECTION_DROPPED = "connection_dropped"


def reason_for_status(status: int) -> RetryReason | None:
    """The retry reason an HTTP status gives, or ``None`` when repeating cannot help."""
    if status == 429:
        return RetryReason.RATE_LIMITED
    if status >= 500:
        return RetryReason.SERVER_ERROR
    return None


def _wall_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How many attempts a safe call gets and how long to wait between them.

    ``sleep`` and ``jitter`` (a source of floats in [0, 1)) are injectable so tests run instantly
    and deterministically; ``wall_clock`` reads ``Retry-After`` given as an HTTP date.
    """

    max_attempts: int = 6
    base_delay: float = 0.5
    max_delay: float = 20.0
    max_retry_after: float = 60.0
    """A longer ``Retry-After`` (Ozon's "Circle is open" blocks a method for minutes) ends the
    call at once: the caller's next scheduled run is a better place to come back than a sleep."""
    sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep)
    jitter: Callable[[], float] = field(default=random.random)
    wall_clock: Callable[[], datetime] = field(default=_wall_clock)

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError(f"a call needs at least one attempt, not {self.max_attempts}")

    def backoff(self, attempt: int) -> float:
        """Full jitter: a random wait up to ``base_delay·2^(attempt-1)``, at most ``max_delay``."""
        ceiling = min(self.max_delay, self.base_delay * 2.0 ** (attempt - 1))
        return self.jitter() * ceiling

    def delay(self, attempt: int, retry_after: str | None) -> float | None:
        """The wait after failed ``attempt`` (1-based), or ``None`` to stop trying."""
        if attempt >= self.max_attempts:
            return None
        asked = parse_retry_after(retry_after, now=self.wall_clock())
        if asked is None:
            return self.backoff(attempt)
        return asked if asked <= self.max_retry_after else None


def parse_retry_after(value: str | None, *, now: datetime) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date; RFC 9110
    §10.2.3), or ``None`` when absent or unreadable."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())
