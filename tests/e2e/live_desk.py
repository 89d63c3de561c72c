"""A real posylka desk for the browser tests: a migrated SQLite file in a temporary data directory,
three staff accounts, one store synced from an Ozon sandbox on a real socket, and the web app served
by uvicorn on a free port in a background thread.

Time is fixed so that the data and the pages are the same on every run: the sandbox is frozen at
``ANCHOR``, the sync runs at ``ANCHOR``, and the desk (and the browser's clock) starts a few seconds
after the latest ship-by deadline that has already passed, so that at least one countdown shows
seconds and visibly ticks.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.security import Argon2PasswordHasher
from posylka.bootstrap import build, upgrade_database
from posylka.config import Settings
from posylka.domain.ids import StoreId
from posylka.domain.stores import Role
from posylka.entrypoints.web.app import create_app
from posylka.entrypoints.web.deps import WebDeps
from posylka.sandbox.ozon.config import SandboxConfig
from posylka.sandbox.ozon.server import running_sandbox
from posylka.services.accounts import NewUser, create_user
from posylka.services.ports import QueueQuery
from posylka.services.queue import list_queue
from posylka.services.stores import NewStore, add_store
from posylka.services.sync_postings import sync_store

ANCHOR = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
"""The sandbox's frozen "now"; rFBS ship-by deadlines fall on the hour around it."""
SANDBOX_SEED = 3
SANDBOX_POSTINGS = 300
PASSWORD = "correct horse 1"
STARTUP_TIMEOUT_SECONDS = 15.0
DESK_LAG = timedelta(seconds=20)
"""How long after the latest passed deadline the desk is looked at."""


class SettableClock:
    """A clock that stands still at the moment it was last set to."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


@dataclass
class Staff:
    username: str
    role: Role
    language: str
    password: str = PASSWORD


STAFF = {
    "admin": Staff("admin", Role.ADMIN, "en"),
    "manager": Staff("olga", Role.MANAGER, "en"),
    "packer": Staff("li.wei", Role.PACKER, "en"),
}


@dataclass
class LiveDesk:
    """What the browser tests need to know about the running desk."""

    url: str
    sandbox_url: str
    client_id: str
    api_key: str
    store_id: StoreId
    postings_synced: int
    desk_time: datetime
    sync_requests: list[StoreId | None] = field(default_factory=list)


@contextmanager
def serving(app: FastAPI, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free port in a background thread; yield its base URL."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, 0))
    port = listener.getsockname()[1]
    config = uvicorn.Config(app, access_log=False, log_config=None, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [listener]}, name="posylka-web", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    try:
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the web app did not start")
            time.sleep(0.01)
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(STARTUP_TIMEOUT_SECONDS)
        listener.close()


def _latest_passed_deadline(uow: SqlUnitOfWorkFactory, clock: SettableClock) -> datetime:
    query = QueueQuery(
        store_id=None,
        warehouse_id=None,
        delivery_method_id=None,
        status=None,
        text="",
        after="",
        before="",
        limit=100,
    )
    view = list_queue(query, uow=uow, clock=clock, with_choices=False)
    passed = [e.row.ship_by for e in view.entries if e.row.ship_by and e.row.ship_by <= ANCHOR]
    if not passed:
        raise RuntimeError("the seeded store has no open posting past its ship-by deadline")
    return max(passed)


@contextmanager
def running_desk(data_dir: Path) -> Iterator[LiveDesk]:
    """Build, sync and serve a desk; everything stops when the block ends."""
    settings = Settings(data_dir=data_dir, database_url="", redis_url="", _env_file=None)
    container = build(settings)
    upgrade_database(container)
    uow = container.uow
    assert isinstance(uow, SqlUnitOfWorkFactory)
    clock = SettableClock(ANCHOR)
    # The real hasher at argon2's smallest costs: the same code path, quick logins.
    hasher = Argon2PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    for staff in STAFF.values():
        new = NewUser(staff.username, staff.password, staff.role, staff.language)
        create_user(new, by=None, uow=uow, hasher=hasher, clock=clock)
    sandbox = SandboxConfig(seed=SANDBOX_SEED, postings=SANDBOX_POSTINGS, now=ANCHOR)
    try:
        with running_sandbox(sandbox) as sandbox_url:
            new_store = NewStore(
                "Sandbox", sandbox.client_id, sandbox.accepted_api_key, sandbox_url
            )
            store = add_store(new_store, by=None, uow=uow, clock=clock)
            summary = asyncio.run(
                sync_store(store.id, uow=uow, marketplace=container.marketplace, clock=clock)
            )
            if summary.fatal or summary.errors:
                raise RuntimeError(f"the sync of the sandbox store failed: {summary}")
            clock.at = _latest_passed_deadline(uow, clock) + DESK_LAG
            desk = LiveDesk(
                url="",
                sandbox_url=sandbox_url,
                client_id=sandbox.client_id,
                api_key=sandbox.accepted_api_key,
                store_id=store.id,
                postings_synced=summary.postings_seen,
                desk_time=clock.at,
            )
            deps = WebDeps(
                container.settings,
                uow,
                clock,
                hasher,
                desk.sync_requests.append,
                reads=uow.reader(),
                marketplace=container.marketplace,
                shipping=container.shipping,
            )
            with serving(create_app(deps)) as url:
                desk.url = url
                yield desk
    finally:
        container.close()
