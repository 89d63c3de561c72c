"""What the sandbox has answered, for tests and benchmarks to check against
(``GET /__sandbox/stats``)."""

from __future__ import annotations

from collections import Counter, defaultdict


class RequestStats:
    """Counts of Ozon requests by path and answer, by Client-Id, and of the faults injected.

    A dropped connection has no status: it is counted under ``"drop"``.
    """

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self._by_path: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self._by_client: Counter[str] = Counter()
        self._faults: Counter[str] = Counter()
        self._rate_limited = 0
        self._total = 0

    def record(self, path: str, outcome: str, client_id: str) -> None:
        self._by_path[path][outcome] += 1
        self._by_client[client_id or "-"] += 1
        self._total += 1

    def record_fault(self, label: str) -> None:
        self._faults[label] += 1

    def record_rate_limited(self) -> None:
        self._rate_limited += 1

    def snapshot(self) -> dict[str, object]:
        return {
            "requests": {
                path: dict(sorted(c.items())) for path, c in sorted(self._by_path.items())
            },
            "total": self._total,
            "by_client_id": dict(sorted(self._by_client.items())),
            "injected_faults": dict(sorted(self._faults.items())),
            "rate_limited": self._rate_limited,
        }
