"""The sandbox's own clock: real time by default, movable by tests.

Postings change status as sandbox time passes, so tests move this clock instead of sleeping. A
frozen clock stands still until it is moved; a running clock follows real time plus an offset.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta


def real_utc_now() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """An aware UTC datetime; a naive one is read as UTC, as Ozon reads its dates."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


class SandboxClock:
    """Sandbox time: ``now()`` is ``frozen_at`` if given, else real time, plus what tests added."""

    def __init__(
        self, frozen_at: datetime | None = None, source: Callable[[], datetime] = real_utc_now
    ) -> None:
        self._source = source
        self._frozen_at = as_utc(frozen_at) if frozen_at is not None else None
        self._offset = timedelta(0)

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None

    def now(self) -> datetime:
        if self._frozen_at is not None:
            return self._frozen_at
        return as_utc(self._source()) + self._offset

    def advance(self, seconds: float) -> datetime:
        """Move sandbox time forward (or back, with a negative number) and return the new time."""
        step = timedelta(seconds=seconds)
        if self._frozen_at is not None:
            self._frozen_at += step
        else:
            self._offset += step
        return self.now()

    def set(self, moment: datetime) -> datetime:
        """Jump to ``moment``; a running clock keeps running from there."""
        moment = as_utc(moment)
        if self._frozen_at is not None:
            self._frozen_at = moment
        else:
            self._offset = moment - as_utc(self._source())
        return self.now()

    def describe(self) -> dict[str, object]:
        return {
            "now": self.now().isoformat().replace("+00:00", "Z"),
            "frozen": self.frozen,
            "offset_seconds": self._offset.total_seconds(),
        }
