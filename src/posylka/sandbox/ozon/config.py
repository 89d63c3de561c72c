"""How one Ozon sandbox is set up: its seed and size, the credentials it accepts, its limits and the
faults it starts with. One frozen value, built by the command line or by a test."""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from posylka.sandbox.ozon.faults import FaultPlan

DEFAULT_CLIENT_ID = "100500"
OZON_RATE_LIMIT = 50
"""Requests per second per Client-Id across all methods (Seller API, tag Process: «не больше 50
запросов в секунду на все методы с одного Client ID»)."""


@lru_cache(maxsize=64)
def default_api_key(seed: int) -> str:
    """A key shaped like Ozon's (a UUID), derived from the seed so a restart keeps it (and kept,
    as the gate checks it on every request)."""
    return str(uuid.UUID(int=random.Random(f"api-key:{seed}").getrandbits(128), version=4))


@dataclass(frozen=True, slots=True)
class SandboxConfig:
    """Everything a sandbox needs to start.

    ``now`` freezes the sandbox clock at that moment (it then moves only when told to); without it
    sandbox time is real time. ``anchor`` is the moment the seeded data is laid out around (ship-by
    deadlines near it, processing dates in the 60 days before it); it defaults to ``now`` or, on a
    real clock, to the start of the current hour. ``timer`` is the monotonic source of the rate
    limiter's one-second window, a seam for tests.
    """

    seed: int = 1
    postings: int = 1000
    """Postings created in the 60 days before the anchor."""
    arrivals_per_day: int = 0
    """New postings arriving per day during the week after the anchor, as sandbox time reaches
    them (0: no new orders)."""
    client_id: str = DEFAULT_CLIENT_ID
    api_key: str = ""
    rate_limit: int = OZON_RATE_LIMIT
    """Requests per second per Client-Id; 0 turns the limit off."""
    faults: FaultPlan = field(default_factory=FaultPlan)
    now: datetime | None = None
    anchor: datetime | None = None
    timer: Callable[[], float] = time.monotonic
    stock_window_scale: float = 1.0
    """Shrinks the stock method's minute and its 30 s per pair (0.1: 6 s and 3 s), so a benchmark
    of stock pushing can run compressed."""
    load_offers: int = 0
    """Extra products the stock methods know (``LOAD-000001``, ...), for load tests."""
    ship_seconds: int = 2
    """How long (sandbox seconds) Ozon takes to carry out an accepted assembly, during which the
    posting stays ``awaiting_packaging`` with ``ship_async_in_process``; 0 assembles at once."""

    @property
    def accepted_api_key(self) -> str:
        return self.api_key or default_api_key(self.seed)
