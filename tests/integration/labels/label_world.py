"""A store wired to the Ozon sandbox on a real socket and to a real database, with the label desk
between them; its sleeps move the sandbox clock instead of waiting."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pypdfium2 as pdfium
import zxingcpp
from sqlalchemy import Engine

from posylka.adapters.db.engine import create_engine_for
from posylka.adapters.db.migrator import upgrade
from posylka.adapters.db.scratch import scratch_schema
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.ozon.client import OzonClient
from posylka.adapters.ozon.gateway import OzonGateway
from posylka.adapters.ozon.limits import RateLimiter
from posylka.adapters.ozon.retry import RetryPolicy
from posylka.adapters.pdf.pages import PypdfPages
from posylka.adapters.security import ApiKeyCipher
from posylka.domain.ids import PostingNumber, StoreId
from posylka.domain.stores import StoreCredentials
from posylka.sandbox.ozon.app import SandboxApp, create_app
from posylka.sandbox.ozon.config import SandboxConfig
from posylka.sandbox.ozon.labels import READY_AFTER_SECONDS
from posylka.sandbox.ozon.server import running_sandbox
from posylka.services.package_labels import LabelDesk

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
POSTGRES_URL = os.environ.get("POSYLKA_TEST_DATABASE_URL", "")


class Clock:
    def __init__(self, at: datetime = NOW) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


@contextmanager
def migrated_database(backend: str, directory: Path) -> Iterator[Engine]:
    if backend == "sqlite":
        engine = create_engine_for(f"sqlite:///{(directory / 'posylka.db').as_posix()}")
        try:
            upgrade(engine)
            yield engine
        finally:
            engine.dispose()
        return
    with scratch_schema(POSTGRES_URL, prefix="labels") as engine:
        upgrade(engine)
        yield engine


def decode_pages(pdf: bytes | None) -> list[str]:
    """The Code128 text of every page, rendered at a thermal printer's 203 dpi."""
    assert pdf is not None
    texts = []
    for page in pdfium.PdfDocument(io.BytesIO(pdf)):
        image = page.render(scale=203 / 72).to_pil().convert("L")
        found = [r.text for r in zxingcpp.read_barcodes(image) if r.format.name == "Code128"]
        texts.append(found[0] if found else "")
    return texts


class LabelWorld:
    """One sandbox seller on a socket, one store for it in the database, and the label desk."""

    def __init__(self, app: SandboxApp, engine: Engine, base_url: str) -> None:
        self.app = app
        self.base_url = base_url
        self.uow = SqlUnitOfWorkFactory(engine, ApiKeyCipher("labels test secret"))
        self.clock = Clock()
        self.slept: list[float] = []
        with self.uow() as tx:
            store = tx.stores.add(
                "Песочница",
                StoreCredentials(app.config.client_id, app.config.accepted_api_key, base_url),
                now=NOW,
            )
            tx.commit()
        self.store_id = store.id
        self.desk = LabelDesk(
            uow=self.uow,
            marketplace=self.gateway,
            pdf=PypdfPages(),
            clock=self.clock,
            sleep=self.sleep,
        )

    def gateway(self, store_id: StoreId, credentials: StoreCredentials) -> OzonGateway:
        client = OzonClient.connect(
            credentials.client_id,
            credentials.api_key,
            base_url=credentials.base_url,
            timeout=10.0,
            store=f"#{store_id}",
            limiter=RateLimiter(rps=50.0),
            retry=RetryPolicy(max_attempts=4, base_delay=0.002, max_delay=0.02),
        )
        return OzonGateway(store_id, client)

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        await self.control("POST", "/clock", {"advance_seconds": seconds})

    async def control(self, method: str, path: str, body: Any = None) -> Any:
        async with httpx.AsyncClient(base_url=self.base_url) as http:
            answer = await http.request(method, f"/__sandbox{path}", json=body)
        answer.raise_for_status()
        return answer.json()

    def in_status(self, status: str) -> list[PostingNumber]:
        now = self.app.state.now()
        return [
            PostingNumber(p.posting_number)
            for p in self.app.state.postings
            if (event := p.timeline.at(now)) is not None and event.status == status
        ]

    async def assemble(self, count: int, *, wait: bool = True) -> list[PostingNumber]:
        numbers = self.in_status("awaiting_packaging")[:count]
        assert len(numbers) == count
        for number in numbers:
            await self.control("POST", f"/postings/{number}/status", {"status": "awaiting_deliver"})
        if wait:
            await self.control("POST", "/clock", {"advance_seconds": READY_AFTER_SECONDS})
        return numbers


@contextmanager
def label_world(engine: Engine, **overrides: Any) -> Iterator[LabelWorld]:
    settings: dict[str, Any] = {"seed": 7, "postings": 800, "now": NOW, "rate_limit": 0}
    settings.update(overrides)
    app = create_app(SandboxConfig(**settings))
    with running_sandbox(app) as url:
        yield LabelWorld(app, engine, url)
