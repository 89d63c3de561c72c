"""The hand-over services against the Ozon sandbox in-process (``httpx.ASGITransport``) and a real
SQLite database: postings moved at the sandbox, brought in by the real sync, and every carriage,
act and rFBS call made by the real client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from tests.integration.handover.handover_world import migrated
from tests.unit.services.memory_ports import FixedClock

from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.ozon.gateway import open_gateway
from posylka.adapters.security import ApiKeyCipher
from posylka.domain.ids import PostingNumber, StoreId
from posylka.domain.stores import StoreCredentials
from posylka.sandbox.ozon.app import SandboxApp, create_app
from posylka.sandbox.ozon.config import SandboxConfig
from posylka.services.ports.shipping import ShippingGateway, ShippingGatewayFactory
from posylka.services.sync_postings import SyncOptions, sync_store

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
DESK_TZ = ZoneInfo("Europe/Moscow")
IN_PROCESS_URL = "http://sandbox.test"


class SandboxDesk:
    """One sandbox seller, one store for it in a migrated SQLite file, the sync between them."""

    def __init__(self, app: SandboxApp, uow: SqlUnitOfWorkFactory) -> None:
        self.app = app
        self.uow = uow
        self.clock = FixedClock(NOW)
        credentials = StoreCredentials(
            app.config.client_id, app.config.accepted_api_key, IN_PROCESS_URL
        )
        with uow() as tx:
            self.store_id: StoreId = tx.stores.add("Песочница", credentials, now=NOW).id
            tx.commit()
        self.shipping: ShippingGatewayFactory = partial(
            open_gateway, max_attempts=3, transport=httpx.ASGITransport(app=app)
        )

    async def sync(self) -> None:
        await sync_store(
            self.store_id,
            uow=self.uow,
            marketplace=self.shipping,
            clock=self.clock,
            options=SyncOptions(),
        )

    @asynccontextmanager
    async def gateway(self) -> AsyncIterator[ShippingGateway]:
        """The store's gateway, for calls made at Ozon behind the desk's back."""
        with self.uow() as tx:
            credentials = tx.stores.credentials(self.store_id)
        gateway = self.shipping(self.store_id, credentials)
        try:
            yield gateway
        finally:
            await gateway.aclose()

    async def control(self, method: str, path: str, body: Any = None) -> Any:
        transport = httpx.ASGITransport(app=self.app)
        async with httpx.AsyncClient(transport=transport, base_url=IN_PROCESS_URL) as http:
            answer = await http.request(method, f"/__sandbox{path}", json=body)
        answer.raise_for_status()
        return answer.json()

    def status(self, number: str) -> tuple[str, str]:
        event = self.app.state.posting(number).timeline.at(self.app.state.now())
        assert event is not None
        return event.status, event.substatus

    def waiting(self, integration: str, status: str = "awaiting_packaging") -> list[PostingNumber]:
        """Postings of a delivery integration (``ozon``, ``non_integrated``…) now in ``status``."""
        return [
            PostingNumber(p.posting_number)
            for p in self.app.state.postings
            if p.method.integration == integration and self.status(p.posting_number)[0] == status
        ]

    async def move_to(self, numbers: list[PostingNumber], status: str) -> None:
        for number in numbers:
            await self.control("POST", f"/postings/{number}/status", {"status": status})


@contextmanager
def sandbox_desk(directory: Path, **overrides: Any) -> Iterator[SandboxDesk]:
    settings: dict[str, Any] = {"seed": 11, "postings": 400, "now": NOW, "ship_seconds": 0}
    settings.update(overrides)
    app = create_app(SandboxConfig(**settings))
    with migrated("sqlite", directory) as engine:
        yield SandboxDesk(app, SqlUnitOfWorkFactory(engine, ApiKeyCipher("handover sandbox")))
