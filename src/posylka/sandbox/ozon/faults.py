"""Fault injection: the plan a test or benchmark sets, and the deterministic draws made from it.

The plan is what ``POST /__sandbox/faults`` takes and ``GET /__sandbox/faults`` shows::

    {
      "fault_rate": 0.1,                 # chance that a request gets one of `kinds`
      "kinds": ["5xx", "429", "drop"],   # what a random fault may be (see FaultKind)
      "latency_ms": 200,                 # added before every Ozon answer, faulty or not
      "burst_429": 5,                    # the next 5 requests answer 429, whatever the rate
      "fail_next": {"kind": "5xx", "count": 3},   # the next 3 requests fail this way
      "malformed_next": 1,               # the next successful answer is malformed
      "malformed_style": "any",          # json | missing_field | unknown_status | any
      "paths": ["/v4/posting/fbs/list"], # only these paths get faults (empty: every Ozon path)
      "seed": 7                          # seeds the random draws
    }

Posting a plan replaces the whole plan (fields left out take the defaults above, so ``{}`` turns
every fault off) and restarts the random draws from ``seed``. Queued faults come first, in this
order: ``burst_429``, ``fail_next``, ``malformed_next``; then the random draw. Each request that a
plan covers consumes exactly one draw, so the same plan and the same sequence of requests give the
same faults. Control endpoints (``/__sandbox/...``) never get faults.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FaultKind = Literal["5xx", "500", "502", "503", "504", "429", "drop", "malformed"]
MalformedStyle = Literal["any", "json", "missing_field", "unknown_status"]

SERVER_ERRORS = (500, 502, 503, 504)
MALFORMED_STYLES: tuple[MalformedStyle, ...] = ("json", "missing_field", "unknown_status")


class FailNext(BaseModel):
    """Fail the next ``count`` covered requests with ``kind``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: FaultKind
    count: int = Field(default=1, ge=0)


class FaultPlan(BaseModel):
    """The faults a sandbox injects; see the module docstring for the JSON form."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fault_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    kinds: tuple[FaultKind, ...] = ("5xx", "429", "drop")
    latency_ms: int = Field(default=0, ge=0, le=120_000)
    burst_429: int = Field(default=0, ge=0)
    fail_next: FailNext | None = None
    malformed_next: int = Field(default=0, ge=0)
    malformed_style: MalformedStyle = "any"
    paths: tuple[str, ...] = ()
    seed: int = 0


@dataclass(frozen=True, slots=True)
class Fault:
    """One injected fault: an HTTP status to answer with, a dropped connection, or a malformed
    body in the given style."""

    kind: Literal["status", "drop", "malformed"]
    status: int = 0
    style: MalformedStyle = "json"

    @property
    def label(self) -> str:
        """The name the stats count this fault under."""
        if self.kind == "status":
            return "429" if self.status == 429 else "5xx"
        return self.kind


class FaultInjector:
    """Holds the current plan and what is left of its queued faults, and draws the next fault."""

    def __init__(self, plan: FaultPlan) -> None:
        self.plan = plan
        self._rng = random.Random(plan.seed)
        self._burst_left = 0
        self._fail_left = 0
        self._malformed_left = 0
        self.replace(plan)

    def replace(self, plan: FaultPlan) -> None:
        """Take a new plan: its queued faults replace the old ones and the draws restart."""
        self.plan = plan
        self._rng = random.Random(plan.seed)
        self._burst_left = plan.burst_429
        self._fail_left = plan.fail_next.count if plan.fail_next else 0
        self._malformed_left = plan.malformed_next

    def snapshot(self) -> dict[str, object]:
        """The plan, plus the queued faults still to come."""
        return {
            **self.plan.model_dump(mode="json"),
            "remaining": {
                "burst_429": self._burst_left,
                "fail_next": self._fail_left,
                "malformed_next": self._malformed_left,
            },
        }

    def covers(self, path: str) -> bool:
        return not self.plan.paths or path in self.plan.paths

    def next_fault(self, path: str) -> Fault | None:
        """The fault for the next request to ``path``, or ``None`` to answer it normally."""
        if not self.covers(path):
            return None
        draw = self._rng.random()
        pick = self._rng.random()
        if self._burst_left > 0:
            self._burst_left -= 1
            return Fault("status", 429)
        if self._fail_left > 0 and self.plan.fail_next is not None:
            self._fail_left -= 1
            return self._make(self.plan.fail_next.kind, pick)
        if self._malformed_left > 0:
            self._malformed_left -= 1
            return self._make("malformed", pick)
        if self.plan.kinds and draw < self.plan.fault_rate:
            kind = self.plan.kinds[int(pick * len(self.plan.kinds))]
            return self._make(kind, self._rng.random())
        return None

    def _make(self, kind: FaultKind, pick: float) -> Fault:
        if kind == "drop":
            return Fault("drop")
        if kind == "429":
            return Fault("status", 429)
        if kind == "malformed":
            style = self.plan.malformed_style
            if style == "any":
                style = MALFORMED_STYLES[int(pick * len(MALFORMED_STYLES))]
            return Fault("malformed", style=style)
        if kind == "5xx":
            return Fault("status", SERVER_ERRORS[int(pick * len(SERVER_ERRORS))])
        return Fault("status", int(kind))
