"""A sync asked for through the job queue, run by the embedded consumer against the Ozon sandbox,
ends up in the database."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import func, select

from posylka.adapters.db.engine import create_engine_for
from posylka.adapters.db.migrator import upgrade
from posylka.adapters.db.tables import postings, sync_runs
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.jobs.consumer import start_embedded, stop_embedded
from posylka.adapters.jobs.queue import build_huey
from posylka.adapters.jobs.tasks import SyncJobs
from posylka.adapters.ozon.gateway import open_gateway
from posylka.adapters.security import ApiKeyCipher
from posylka.config import Settings
from posylka.domain.ids import StoreId
from posylka.domain.stores import StoreCredentials
from posylka.sandbox.ozon.app import create_app
from posylka.sandbox.ozon.config import SandboxConfig
from posylka.services.sync_postings import BlockingSync

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


class Clock:
    def now(self) -> datetime:
        return NOW


def test_a_sync_asked_for_through_the_queue_fills_the_database(tmp_path: Path) -> None:
    app = create_app(SandboxConfig(seed=2, postings=700, now=NOW))
    engine = create_engine_for(f"sqlite:///{(tmp_path / 'posylka.db').as_posix()}")
    upgrade(engine)
    uow = SqlUnitOfWorkFactory(engine, ApiKeyCipher("jobs test secret"))
    with uow() as tx:
        store = tx.stores.add(
            "Песочница",
            StoreCredentials(app.config.client_id, app.config.accepted_api_key, "http://sandbox"),
            now=NOW,
        )
        tx.commit()

    def marketplace(store_id: StoreId, credentials: StoreCredentials):  # type: ignore[no-untyped-def]
        return open_gateway(store_id, credentials, transport=httpx.ASGITransport(app=app))

    runner = BlockingSync(uow=uow, marketplace=marketplace, clock=Clock())
    jobs = SyncJobs(build_huey(Settings(data_dir=tmp_path, redis_url="")), runner)
    consumer = start_embedded(jobs, workers=2, periodic=False)
    try:
        jobs.request_sync(store.id)
        finished = _wait_for(lambda: _finished_runs(engine) == 1)
    finally:
        stop_embedded(consumer)

    assert finished
    assert _count(engine, postings) == 700
    engine.dispose()


def _count(engine, table) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _finished_runs(engine) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        query = select(func.count()).where(sync_runs.c.finished_at.is_not(None))
        return int(conn.execute(query).scalar_one())


def _wait_for(condition, timeout: float = 30.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False
