"""The assembly's steps in this process against the Ozon sandbox on a real socket (its clock
frozen, moved by the steps' waits), a real database and a real raw-port label printer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import Engine

from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.documents.zpl_renderer import ZplDocumentRenderer
from posylka.adapters.ozon.gateway import open_gateway
from posylka.adapters.pdf.pages import PypdfPages
from posylka.adapters.printing.transport import PrinterTransport
from posylka.adapters.security import ApiKeyCipher
from posylka.domain.assembly import Assembly
from posylka.domain.ids import PostingNumber, Sku
from posylka.domain.shipping import Package, PackageLine
from posylka.domain.stores import StoreCredentials
from posylka.sandbox.ozon.app import SandboxApp, create_app
from posylka.sandbox.ozon.config import SandboxConfig
from posylka.sandbox.ozon.seeding import SandboxPosting
from posylka.sandbox.ozon.server import running_sandbox
from posylka.services import printing
from posylka.services.assembly import start_assembly
from posylka.services.assembly_labels import AssemblyLabels
from posylka.services.assembly_steps import AssemblySteps, StepOptions

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
STATION = "desk-1"


class Clock:
    def __init__(self) -> None:
        self.at = NOW

    def now(self) -> datetime:
        return self.at


class NoQueue:
    def enqueue_assembly(self, store_id: Any, posting_number: Any) -> None:
        return None


class SandboxWorld:
    def __init__(self, app: SandboxApp, engine: Engine, url: str) -> None:
        self.app = app
        self.url = url
        self.uow = SqlUnitOfWorkFactory(engine, ApiKeyCipher("assembly sandbox secret"))
        self.clock = Clock()
        with self.uow() as tx:
            store = tx.stores.add(
                "Песочница",
                StoreCredentials(app.config.client_id, app.config.accepted_api_key, url),
                now=NOW,
            )
            tx.commit()
        self.store_id = store.id
        gateways = partial(open_gateway, rps=50.0, timeout=10.0, max_attempts=3)
        self.steps = AssemblySteps(
            uow=self.uow,
            shipping=gateways,
            clock=self.clock,
            labels=AssemblyLabels(
                uow=self.uow,
                marketplace=gateways,
                pdf=PypdfPages(),
                transport=PrinterTransport(connect_timeout=1.0),
                zpl=ZplDocumentRenderer(ZoneInfo("Europe/Moscow")),
                clock=self.clock,
                station=STATION,
            ),
            options=StepOptions(),
        )

    def add_printer(self, address: str) -> None:
        new = printing.NewPrinter("Zebra", "raw9100", address, "zpl", 203, "100x150")
        printer = printing.add_printer(new, by=None, uow=self.uow, clock=self.clock)
        printing.set_default_printer(printer.id, station=STATION, uow=self.uow)

    def control(self, path: str, body: Any = None) -> Any:
        answer = httpx.post(f"{self.url}/__sandbox{path}", json=body)
        answer.raise_for_status()
        return answer.json()

    def ship_answers(self) -> dict[str, int]:
        stats = httpx.get(f"{self.url}/__sandbox/stats").json()
        return dict(stats.get("result", stats)["requests"].get("/v4/posting/fbs/ship", {}))

    def ready(self, wanted: Callable[[SandboxPosting], bool] = lambda p: True) -> SandboxPosting:
        now = self.app.state.now()
        for posting in self.app.state.postings:
            event = posting.timeline.at(now)
            if event is not None and event.status == "awaiting_packaging" and wanted(posting):
                return posting
        raise AssertionError("no posting awaiting packaging fits")

    def status(self, number: str) -> str:
        event = self.app.state.posting(number).timeline.at(self.app.state.now())
        assert event is not None
        return str(event.status)

    def start(self, posting: SandboxPosting, packages: list[Package] | None = None) -> Assembly:
        return start_assembly(
            uow_factory=self.uow,
            jobs=NoQueue(),
            store_id=self.store_id,
            posting_number=posting.posting_number,
            packages=packages or [whole(posting)],
            user_id=None,
            clock=self.clock,
        )

    async def run(self, number: str, *, limit: int = 60) -> Assembly:
        """Steps until done; each wait moves this clock and the sandbox's."""
        for _ in range(limit):
            result = await self.steps.advance(self.store_id, number)
            if result.delay is None:
                assert result.assembly is not None
                return result.assembly
            self.clock.at += timedelta(seconds=result.delay)
            self.control("/clock", {"advance_seconds": result.delay})
        raise AssertionError("the assembly did not finish")


def whole(posting: SandboxPosting) -> Package:
    units: dict[int, int] = {}
    for item in posting.items:
        units[item.product.sku] = units.get(item.product.sku, 0) + item.quantity
    return Package(tuple(PackageLine(Sku(s), q) for s, q in units.items()))


def number_of(posting: SandboxPosting) -> PostingNumber:
    return PostingNumber(posting.posting_number)


@contextmanager
def sandbox_world(engine: Engine, **overrides: Any) -> Iterator[SandboxWorld]:
    settings: dict[str, Any] = {"seed": 7, "postings": 400, "now": NOW, "rate_limit": 0}
    settings.update(overrides)
    app = create_app(SandboxConfig(**settings))
    with running_sandbox(app) as url:
        yield SandboxWorld(app, engine, url)
