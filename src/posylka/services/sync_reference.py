"""Warehouses and delivery methods: the reference lists the posting queue filters and labels by.

They change rarely, and Ozon throttles them (third-party clients see ``/v1/warehouse/list``
limited to about one call a minute), so the posting sync refreshes them at most once an hour,
recording the time in a checkpoint of their own; a sync with nothing new then costs a single
posting-list call. A list that could not be fetched is left as it was in the database (never
replaced with an empty one) and tried again on the next sync.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from posylka.domain.errors import AuthenticationFailed, MarketplaceError
from posylka.domain.ids import StoreId
from posylka.domain.stores import DeliveryMethod, Warehouse
from posylka.domain.sync import ItemError
from posylka.services.ports import MarketplaceGateway, UnitOfWork

REFERENCE_KIND = "reference"
"""Checkpoint kind holding ``{"refreshed_at": ...}``."""

REFERENCE_MAX_AGE = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Reference:
    """What one refresh brought back; ``None`` for a list that could not be fetched."""

    warehouses: list[Warehouse] | None
    delivery_methods: list[DeliveryMethod] | None
    errors: tuple[ItemError, ...] = ()

    @property
    def complete(self) -> bool:
        return self.warehouses is not None and self.delivery_methods is not None


def reference_due(state: dict[str, Any] | None, now: datetime, max_age: timedelta) -> bool:
    """Whether the lists are older than ``max_age`` (or were never fetched)."""
    refreshed = (state or {}).get("refreshed_at")
    if not refreshed:
        return True
    return now - datetime.fromisoformat(refreshed) >= max_age


async def fetch_reference(gateway: MarketplaceGateway) -> Reference:
    """Both lists, fetched side by side. Refused credentials stop the sync (they would refuse the
    postings too); any other failure is reported and leaves that list as it is."""
    warehouses, methods = await asyncio.gather(
        gateway.fetch_warehouses(), gateway.fetch_delivery_methods(), return_exceptions=True
    )
    errors: list[ItemError] = []
    for outcome, where in ((warehouses, "warehouses"), (methods, "delivery methods")):
        if isinstance(outcome, AuthenticationFailed):
            raise outcome
        if isinstance(outcome, MarketplaceError):
            errors.append(ItemError(where=where, message=str(outcome), kind="reference"))
        elif isinstance(outcome, BaseException):
            raise outcome
    return Reference(
        warehouses=warehouses if isinstance(warehouses, list) else None,
        delivery_methods=methods if isinstance(methods, list) else None,
        errors=tuple(errors),
    )


def store_reference(
    uow: UnitOfWork, store_id: StoreId, reference: Reference, now: datetime
) -> None:
    """Replace the lists that came back; mark the refresh done only when both did. (The caller
    records ``reference.errors`` with its run.)"""
    if reference.warehouses is not None:
        uow.stores.replace_warehouses(store_id, reference.warehouses, now=now)
    if reference.delivery_methods is not None:
        uow.stores.replace_delivery_methods(store_id, reference.delivery_methods, now=now)
    if reference.complete:
        uow.sync_state.save(store_id, REFERENCE_KIND, {"refreshed_at": now.isoformat()}, now=now)
