"""One running sandbox: its state and the machinery around the API (faults, rate limit, stats).
Built once by ``create_app`` and shared by the gate and the control endpoints."""

from __future__ import annotations

from dataclasses import dataclass

from posylka.sandbox.ozon.config import SandboxConfig
from posylka.sandbox.ozon.faults import FaultInjector
from posylka.sandbox.ozon.ratelimit import RateLimiter
from posylka.sandbox.ozon.state import SandboxState
from posylka.sandbox.ozon.stats import RequestStats


@dataclass(slots=True)
class Runtime:
    config: SandboxConfig
    state: SandboxState
    faults: FaultInjector
    limiter: RateLimiter
    stats: RequestStats

    @classmethod
    def start(cls, config: SandboxConfig) -> Runtime:
        return cls(
            config=config,
            state=SandboxState(config),
            faults=FaultInjector(config.faults),
            limiter=RateLimiter(config.rate_limit, config.timer),
            stats=RequestStats(),
        )
