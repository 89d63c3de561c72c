"""A store wired to the Ozon sandbox and a real database, for running the posting sync end to end:
the sandbox in-process (``httpx.ASGITransport``) or on a real socket, a migrated SQLite file (or a
PostgreSQL schema of its own when ``POSYLKA_TEST_DATABASE_URL`` is set), and the sandbox's control
endpoints for faults, stats and status changes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, func, select

from posylka.adapters.db.engine import create_engine_for
from posylka.adapters.db.migrator import upgrade
from posylka.adapters.db.scratch import scratch_schema
from posylka.adapters.db.tables import posting_status_history, postings
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.ozon.client import OzonClient
from posylka.adapters.ozon.gateway import OzonGateway
from posylka.adapters.ozon.limits import RateLimiter
from posylka.adapters.ozon.retry import RetryPolicy
from posylka.adapters.security import ApiKeyCipher
from posylka.domain.ids import StoreId
from posylka.domain.stores import StoreCredentials
from posylka.domain.sync import SyncSummary
from posylka.sandbox.ozon.app import SandboxApp, create_app
from posylka.sandbox.ozon.config import SandboxConfig
from posylka.services.sync_postings import SyncOptions, sync_store

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
IN_PROCESS_URL = "http://sandbox.test"
POSTGRES_URL = os.environ.get("POSYLKA_TEST_DATABASE_URL", "")


class Clock:
    def __init__(self, at: datetime = NOW) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


@contextmanager
def migrated_database(backend: str, directory: Path) -> Iterator[Engine]:
    """A fresh, migrated database: a SQLite file, or a PostgreSQL schema dropped afterwards."""
    if backend == "sqlite":
        engine = create_engine_for(f"sqlite:///{(directory / 'posylka.db').as_posix()}")
        try:
            upgrade(engine)
            yield engine
        finally:
            engine.dispose()
        return
    with scratch_schema(POSTGRES_URL, prefix="sync") as engine:
        upgrade(engine)
        yield engine


@dataclass
class SyncWorld:
    """One sandbox seller account, one store for it in the database, and the sync between them."""

    app: SandboxApp
    engine: Engine
    base_url: str | None = None
    """Set when the sandbox listens on a real socket."""
    api_key: str | None = None

    def __post_init__(self) -> None:
        self.uow = SqlUnitOfWorkFactory(self.engine, ApiKeyCipher("sync test secret"))
        self.clock = Clock()
        key = self.app.config.accepted_api_key if self.api_key is None else self.api_key
        with self.uow() as tx:
            store = tx.stores.add(
                "Песочница",
                StoreCredentials(self.app.config.client_id, key, self.base_url or IN_PROCESS_URL),
                now=NOW,
            )
            tx.commit()
        self.store_id = store.id

    def transport(self) -> httpx.AsyncBaseTransport | None:
        return None if self.base_url else httpx.ASGITransport(app=self.app)

    def gateway(self, store_id: StoreId, credentials: StoreCredentials) -> OzonGateway:
        """The real client and gateway, with millisecond backoff so retried faults cost little."""
        client = OzonClient.connect(
            credentials.client_id,
            credentials.api_key,
            base_url=credentials.base_url,
            transport=self.transport(),
            timeout=10.0,
            store=f"#{store_id}",
            limiter=RateLimiter(rps=50.0),
            retry=RetryPolicy(max_attempts=8, base_delay=0.002, max_delay=0.02),
        )
        return OzonGateway(store_id, client)

    async def sync(self, **options: Any) -> SyncSummary:
        return await sync_store(
            self.store_id,
            uow=self.uow,
            marketplace=self.gateway,
            clock=self.clock,
            options=SyncOptions(**options),
        )

    async def control(self, method: str, path: str, body: Any = None) -> Any:
        async with httpx.AsyncClient(
            transport=self.transport(), base_url=self.base_url or IN_PROCESS_URL
        ) as http:
            answer = await http.request(method, f"/__sandbox{path}", json=body)
        answer.raise_for_status()
        return answer.json()

    async def list_calls(self) -> int:
        stats = await self.control("GET", "/stats")
        return sum(stats["requests"].get("/v4/posting/fbs/list", {}).values())

    async def calls(self) -> int:
        stats = await self.control("GET", "/stats")
        return int(stats["total"])

    async def visible_postings(self) -> int:
        return int((await self.control("GET", ""))["visible_now"])

    def stored(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(postings)).scalar_one())

    def first_sightings(self) -> int:
        """History rows that record a posting's arrival (one per posting, whatever happens)."""
        with self.engine.connect() as conn:
            query = select(func.count()).where(posting_status_history.c.old_status.is_(None))
            return int(conn.execute(query).scalar_one())


def sandbox(**overrides: Any) -> SandboxApp:
    """A sandbox frozen at ``NOW`` (its postings processed in the 60 days before it)."""
    settings: dict[str, Any] = {"seed": 5, "postings": 1500, "now": NOW}
    settings.update(overrides)
    return create_app(SandboxConfig(**settings))


LATER = NOW + timedelta(minutes=5)
