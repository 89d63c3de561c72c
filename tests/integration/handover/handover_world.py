"""A real database with one store, postings as the sync writes them, and a scripted in-memory
Ozon carriage desk behind the shipping gateway port."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from tests.unit.services.memory_ports import FixedClock
from tests.unit.services.posting_builder import make_posting

from posylka.adapters.db.engine import create_engine_for
from posylka.adapters.db.migrator import upgrade
from posylka.adapters.db.scratch import scratch_schema
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.security import ApiKeyCipher
from posylka.domain.errors import ServerFailure
from posylka.domain.ids import DeliveryMethodId, PostingNumber, StoreId
from posylka.domain.postings import IntegrationType, PostingStatus
from posylka.domain.shipping import Carriage, CarriageRefused, ItemResult, RfbsMove
from posylka.domain.stores import StoreCredentials

POSTGRES_URL = os.environ.get("POSYLKA_TEST_DATABASE_URL", "")
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 20)
METHOD = DeliveryMethodId(15_110_442)


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
    with scratch_schema(POSTGRES_URL, prefix="handover") as engine:
        upgrade(engine)
        yield engine


@dataclass
class ScriptedOzon:
    """Carriages and rFBS calls as Ozon answers them, from what the test sets."""

    ready: list[PostingNumber] = field(default_factory=list)
    refuse_create: str = ""
    refuse_approve: str = ""
    down: bool = False
    refused_tracking: dict[str, str] = field(default_factory=dict)
    calls: list[tuple[str, Any]] = field(default_factory=list)
    carriages: dict[int, list[PostingNumber]] = field(default_factory=dict)
    days: dict[int, date] = field(default_factory=dict)
    approved: dict[int, int | None] = field(default_factory=dict)
    closed: int = 0

    def _check(self) -> None:
        if self.down:
            raise ServerFailure("Ozon is down", status=503)

    @property
    def api_calls(self) -> int:
        return len(self.calls)

    async def create_carriage(self, delivery_method_id: DeliveryMethodId, day: date) -> int:
        self.calls.append(("create", (delivery_method_id, day)))
        self._check()
        if self.refuse_create:
            raise CarriageRefused(self.refuse_create, code=self.refuse_create, status=400)
        carriage_id = 900 + len(self.carriages)
        taken = {n for numbers in self.carriages.values() for n in numbers}
        self.carriages[carriage_id] = [n for n in self.ready if n not in taken]
        self.days[carriage_id] = day
        return carriage_id

    async def approve_carriage(self, carriage_id: int, containers_count: int | None = None) -> None:
        self.calls.append(("approve", (carriage_id, containers_count)))
        self._check()
        if self.refuse_approve:
            raise CarriageRefused(self.refuse_approve, code=self.refuse_approve, status=400)
        self.approved[carriage_id] = containers_count

    async def fetch_carriage(self, carriage_id: int) -> Carriage:
        status = "formed" if carriage_id in self.approved else "new"
        return Carriage(carriage_id, status, METHOD, None, self.days.get(carriage_id, TODAY))

    async def cancel_carriage(self, carriage_id: int) -> None:
        self.calls.append(("cancel", carriage_id))
        self._check()

    async def list_carriages(
        self, delivery_method_id: DeliveryMethodId, day: date
    ) -> list[Carriage]:
        self.calls.append(("list", (delivery_method_id, day)))
        self._check()
        return [
            await self.fetch_carriage(carriage_id)
            for carriage_id, made_for in self.days.items()
            if made_for == day
        ]

    async def carriage_postings(self, carriage_id: int) -> list[PostingNumber]:
        return list(self.carriages[carriage_id])

    async def fetch_act_pdf(self, carriage_id: int) -> bytes:
        self.calls.append(("act", carriage_id))
        self._check()
        return b"%PDF-act-" + str(carriage_id).encode()

    async def fetch_container_labels(self, carriage_id: int) -> bytes:
        self.calls.append(("container_labels", carriage_id))
        return b"%PDF-containers"

    async def set_tracking_numbers(
        self, pairs: Sequence[tuple[PostingNumber, str]]
    ) -> list[ItemResult]:
        self.calls.append(("tracking", list(pairs)))
        self._check()
        return [
            ItemResult(n, n not in self.refused_tracking, self.refused_tracking.get(n, ""))
            for n, _ in pairs
        ]

    async def move_rfbs_status(
        self, move: RfbsMove, posting_numbers: Sequence[PostingNumber]
    ) -> list[ItemResult]:
        self.calls.append((move.value, list(posting_numbers)))
        self._check()
        return [ItemResult(n, True) for n in posting_numbers]

    async def aclose(self) -> None:
        self.closed += 1


class World:
    """The desk's side: the database, a store, its postings, the clock and the scripted Ozon."""

    def __init__(self, engine: Engine) -> None:
        self.uow = SqlUnitOfWorkFactory(engine, ApiKeyCipher("test secret key"))
        self.clock = FixedClock(NOW)
        self.ozon = ScriptedOzon()
        with self.uow() as tx:
            store = tx.stores.add(
                "Shop", StoreCredentials("1", "key", "http://ozon.invalid"), now=NOW
            )
            tx.commit()
        self.store_id: StoreId = store.id

    def shipping(self, store_id: StoreId, credentials: StoreCredentials) -> ScriptedOzon:
        return self.ozon

    def add_ready(self, *numbers: str, ship_by: datetime = NOW + timedelta(hours=3)) -> None:
        self.add_postings(
            [
                make_posting(
                    n,
                    store_id=self.store_id,
                    status=PostingStatus.AWAITING_DELIVER,
                    status_raw="awaiting_deliver",
                    delivery_method_id=METHOD,
                    ship_by=ship_by,
                )
                for n in numbers
            ]
        )
        self.ozon.ready.extend(PostingNumber(n) for n in numbers)

    def add_rfbs(self, number: str, *, tracking: str = "", **overrides: Any) -> None:
        values: dict[str, Any] = {
            "store_id": self.store_id,
            "status": PostingStatus.AWAITING_DELIVER,
            "status_raw": "awaiting_deliver",
            "integration_type": IntegrationType.NON_INTEGRATED,
            "tracking_number": tracking,
        }
        values.update(overrides)
        self.add_postings([make_posting(number, **values)])

    def add_postings(self, postings: list[Any]) -> None:
        with self.uow() as tx:
            tx.postings.upsert_many(postings, now=NOW)
            tx.commit()
