"""What the web application needs from the outside, handed in by whoever builds it.

The web layer never builds adapters itself (the layer contract forbids it): ``bootstrap`` or a test
assembles a :class:`WebDeps` and passes it to :func:`posylka.entrypoints.web.app.create_app`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from posylka.config import Settings
from posylka.domain.ids import StoreId
from posylka.services.ports import Clock, PasswordHasher, UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class WebDeps:
    settings: Settings
    uow: UnitOfWorkFactory
    clock: Clock
    hasher: PasswordHasher
    request_sync: Callable[[StoreId | None], None]
    """Enqueue a sync job for one store, or for every store when given ``None``."""
