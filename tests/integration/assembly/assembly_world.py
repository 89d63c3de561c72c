"""A store in a real database, an Ozon that answers as each test scripts it, and the assembly's
steps between them; time is the test's to move."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from tests.unit.services.posting_builder import make_item, make_posting

from posylka.adapters.db.engine import create_engine_for
from posylka.adapters.db.migrator import upgrade
from posylka.adapters.db.scratch import scratch_schema
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.security import ApiKeyCipher
from posylka.domain.assembly import Assembly
from posylka.domain.documents import PaperSize
from posylka.domain.errors import TransportFailure
from posylka.domain.ids import PostingNumber, PrintJobId, Sku, StoreId, UserId
from posylka.domain.postings import Posting, PostingStatus
from posylka.domain.printing import PrinterKind, PrintFormat, PrintRequest
from posylka.domain.shipping import Package, PackageLine
from posylka.domain.stores import StoreCredentials
from posylka.services.assembly import start_assembly
from posylka.services.assembly_steps import AssemblySteps, NextStep, StepOptions
from posylka.services.ports.assembly import LabelOutcome

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
POSTGRES_URL = os.environ.get("POSYLKA_TEST_DATABASE_URL", "")
NUMBER = PostingNumber("0208245774-0029-1")
SKU = Sku(1_234_567)


@contextmanager
def migrated(backend: str, directory: Path) -> Iterator[Engine]:
    if backend == "sqlite":
        engine = create_engine_for(f"sqlite:///{(directory / 'posylka.db').as_posix()}")
        try:
            upgrade(engine)
            yield engine
        finally:
            engine.dispose()
        return
    with scratch_schema(POSTGRES_URL, prefix="assembly") as engine:
        upgrade(engine)
        yield engine


class Clock:
    def __init__(self) -> None:
        self.at = NOW

    def now(self) -> datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


class ScriptedOzon:
    """Ozon's ship and get for one store: ``ship`` answers come from ``ship_script`` in turn
    (a tuple of posting numbers, or an exception to raise); ``postings`` is what get shows."""

    def __init__(self) -> None:
        self.ship_script: list[Any] = []
        self.ship_calls: list[tuple[PostingNumber, tuple[Package, ...]]] = []
        self.get_calls = 0
        self.postings: dict[str, Posting] = {}
        self.get_error: Exception | None = None
        self.fail_async = 0
        self.carry_out_on_read = False
        """Ozon has carried an accepted assembly out by the first look (no test moves time)."""
        """Accepted assemblies Ozon is to fail (``ship_failed``), before it carries one out."""

    @property
    def api_calls(self) -> int:
        return len(self.ship_calls) + self.get_calls

    async def ship_posting(
        self, posting_number: PostingNumber, packages: Sequence[Package]
    ) -> tuple[PostingNumber, ...]:
        self.ship_calls.append((posting_number, tuple(packages)))
        answer = self.ship_script.pop(0) if self.ship_script else (posting_number,)
        if isinstance(answer, Exception):
            raise answer
        if posting_number in self.postings:
            self.show(posting_number, available_actions=("ship_async_in_process",))
        return tuple(answer)

    async def fetch_posting(self, posting_number: PostingNumber) -> Posting:
        self.get_calls += 1
        if self.get_error is not None:
            raise self.get_error
        posting = self.postings[posting_number]
        if self.carry_out_on_read and "ship_async_in_process" in posting.available_actions:
            self.show(
                posting_number,
                status=PostingStatus.AWAITING_DELIVER,
                status_raw="awaiting_deliver",
                substatus="posting_not_in_carriage",
                available_actions=(),
            )
        return self.postings[posting_number]

    def show(self, number: str = NUMBER, **changes: Any) -> None:
        self.postings[number] = replace(self.postings[number], **changes)

    async def aclose(self) -> None:
        return None


@dataclass
class Labels:
    """A label printer that answers as told and remembers what it was asked."""

    uow: SqlUnitOfWorkFactory
    not_ready_times: int = 0
    unreachable: bool = False
    error: str = ""
    calls: list[tuple[PostingNumber, ...]] = field(default_factory=list)

    def _job(self) -> PrintJobId:
        with self.uow() as tx:
            printer = tx.printing.printer_by_name("desk") or tx.printing.add_printer(
                name="desk",
                kind=PrinterKind.CUPS,
                address="desk",
                format=PrintFormat.PDF,
                dpi=203,
                label_size=PaperSize.THERMAL_100X150,
                now=NOW,
            )
            job = tx.printing.add_job(
                printer,
                PrintRequest(b"%PDF", PrintFormat.PDF, "labels"),
                created_by="assembly",
                user_id=None,
                now=NOW,
            )
            tx.commit()
        return job

    async def print_assembly_labels(
        self,
        store_id: StoreId,
        posting_numbers: Sequence[PostingNumber],
        *,
        user_id: UserId | None,
        final: bool,
    ) -> LabelOutcome:
        self.calls.append(tuple(posting_numbers))
        if self.unreachable:
            raise TransportFailure("Ozon did not answer in 10 s")
        if self.not_ready_times > 0 and not final:
            self.not_ready_times -= 1
            return LabelOutcome(not_ready=True)
        if self.not_ready_times > 0:
            return LabelOutcome(error="Ozon has not prepared the label")
        return LabelOutcome(print_job=self._job(), error=self.error)


class Queue:
    """The job queue: remembers what was queued, and whether it was in the database by then."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.queued: list[tuple[StoreId, PostingNumber]] = []
        self.recorded_when_queued: list[bool] = []

    def enqueue_assembly(self, store_id: StoreId, posting_number: PostingNumber) -> None:
        self.queued.append((store_id, posting_number))
        self.recorded_when_queued.append(self.world.assembly(posting_number) is not None)


class World:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.uow = SqlUnitOfWorkFactory(engine, ApiKeyCipher("assembly test secret"))
        self.clock = Clock()
        self.ozon = ScriptedOzon()
        self.labels = Labels(self.uow)
        self.queue = Queue(self)
        with self.uow() as tx:
            store = tx.stores.add(
                "Склад", StoreCredentials("1", "key", "http://ozon.invalid"), now=NOW
            )
            tx.commit()
        self.store_id = store.id
        self.steps = AssemblySteps(
            uow=self.uow,
            shipping=lambda store_id, credentials: self.ozon,
            clock=self.clock,
            labels=self.labels,
            options=StepOptions(),
        )

    def add_posting(self, number: str = NUMBER, quantity: int = 2) -> Posting:
        posting = make_posting(
            number, store_id=self.store_id, items=(make_item(sku=SKU, quantity=quantity),)
        )
        with self.uow() as tx:
            tx.postings.upsert_many([posting], now=NOW)
            tx.commit()
        self.ozon.postings[number] = posting
        return posting

    def start(self, number: str = NUMBER, *packages: Package) -> Assembly:
        return start_assembly(
            uow_factory=self.uow,
            jobs=self.queue,
            store_id=self.store_id,
            posting_number=number,
            packages=packages or (box((SKU, 2)),),
            user_id=None,
            clock=self.clock,
        )

    async def step(self, number: str = NUMBER) -> NextStep:
        return await self.steps.advance(self.store_id, number)

    async def run(self, number: str = NUMBER, *, limit: int = 40) -> Assembly:
        """Steps until done, moving the clock by each wait; Ozon carries an accepted assembly
        out during the first wait."""
        for _ in range(limit):
            result = await self.step(number)
            if result.done:
                assert result.assembly is not None
                return result.assembly
            assert result.delay is not None
            self.clock.advance(result.delay)
            self.on_wait(number)
        raise AssertionError("the assembly did not finish")

    def on_wait(self, number: str) -> None:
        """Ozon carries out an accepted assembly by the first look."""
        posting = self.ozon.postings.get(number)
        if posting is None or "ship_async_in_process" not in posting.available_actions:
            return
        if self.ozon.fail_async > 0:
            self.ozon.fail_async -= 1
            self.ozon.show(number, substatus="ship_failed", available_actions=("ship_async_retry",))
            return
        self.ozon.show(
            number,
            status=PostingStatus.AWAITING_DELIVER,
            status_raw="awaiting_deliver",
            substatus="posting_not_in_carriage",
            available_actions=(),
        )

    def assembly(self, number: str = NUMBER) -> Assembly | None:
        with self.uow() as tx:
            return tx.assemblies.get(self.store_id, number)

    def local_status(self, number: str = NUMBER) -> str:
        with self.uow() as tx:
            details = tx.postings.details(self.store_id, number)
        assert details is not None
        return details.posting.status.value


def box(*lines: tuple[int, int]) -> Package:
    return Package(tuple(PackageLine(Sku(sku), quantity) for sku, quantity in lines))
