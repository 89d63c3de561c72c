"""A desk for the packing station's browser tests: a migrated SQLite file, packers in three
languages, a store synced from an Ozon sandbox on a real socket with its catalogue (EAN-13
barcodes) pulled, a raw TCP label printer as every packer's default, and the web app served
either in this process with the job queue running in threads, or as a ``posylka serve`` process
of its own that a test can kill and start again.

The sandbox's clock stands still at ``ANCHOR`` (so the data are the same on every run) and
assembles at once; a test moves it on to let Ozon's labels become ready.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from live_desk import SettableClock, serving
from sqlalchemy import select

from posylka.adapters.db.tables import postings
from posylka.adapters.jobs.assembly import AssemblyJobs
from posylka.adapters.jobs.consumer import EmbeddedConsumer
from posylka.adapters.jobs.queue import build_huey
from posylka.adapters.security import Argon2PasswordHasher
from posylka.bootstrap import Container, assembly_steps, build, evidence_files, upgrade_database
from posylka.config import Settings
from posylka.domain.ids import StoreId
from posylka.domain.postings import Posting, PostingStatus
from posylka.domain.stores import Role
from posylka.entrypoints.web.app import create_app
from posylka.entrypoints.web.deps import WebDeps
from posylka.sandbox.ozon.config import SandboxConfig
from posylka.sandbox.ozon.server import running_sandbox
from posylka.services import printing
from posylka.services.accounts import NewUser, create_user
from posylka.services.assembly_steps import BlockingAssembly, StepOptions
from posylka.services.catalogue_pull import pull_catalogue
from posylka.services.printing import NewPrinter
from posylka.services.stores import NewStore, add_store
from posylka.services.sync_postings import sync_store

ANCHOR = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse 1"
PACKERS = {"anna": "en", "olga": "ru", "li.wei": "zh-CN"}
QUICK_STEPS = StepOptions(
    follow_seconds=0.5,
    follow_max_seconds=1.0,
    retry_seconds=1.0,
    label_first_seconds=0.5,
    label_retry_seconds=0.5,
    label_attempts=60,
)
"""The assembly's waits shortened for the test; the order of the steps is the real one."""


@dataclass
class PackingDesk:
    url: str
    sandbox_url: str
    data_dir: Path
    store_id: StoreId
    container: Container

    def sandbox(self, method: str, path: str, body: Any = None) -> Any:
        reply = httpx.request(method, self.sandbox_url + path, json=body, timeout=10)
        reply.raise_for_status()
        return reply.json()

    def ship_calls(self) -> int:
        """Successful ``ship`` answers the sandbox gave, over every posting."""
        requests = self.sandbox("GET", "/__sandbox/stats")["requests"]
        return int(requests.get("/v4/posting/fbs/ship", {}).get("200", 0))

    def sandbox_status(self, posting_number: str) -> str:
        return str(self.sandbox("GET", f"/__sandbox/postings/{posting_number}")["status"])

    def advance_sandbox(self, seconds: int) -> None:
        self.sandbox("POST", "/__sandbox/clock", {"advance_seconds": seconds})

    def postings(self) -> list[Posting]:
        """The store's postings awaiting packaging, as synced."""
        with self.container.engine.connect() as conn:
            numbers = conn.execute(
                select(postings.c.posting_number)
                .where(
                    postings.c.store_id == self.store_id,
                    postings.c.status == PostingStatus.AWAITING_PACKAGING.value,
                )
                .order_by(postings.c.posting_number)
            ).scalars()
            wanted = list(numbers)
        with self.container.uow() as tx:
            return tx.documents.postings(self.store_id, wanted)


def three_unit_postings(desk: PackingDesk) -> list[Posting]:
    """Postings awaiting packaging with three units in all, every product known to the
    catalogue with a barcode."""
    found = []
    with desk.container.uow() as tx:
        for posting in desk.postings():
            if posting.status is not PostingStatus.AWAITING_PACKAGING:
                continue
            if sum(item.quantity for item in posting.items) != 3:
                continue
            products = tx.catalogue.by_skus(desk.store_id, [i.sku for i in posting.items])
            if all(p.barcodes for p in products.values()) and len(products) == len(
                {i.sku for i in posting.items}
            ):
                found.append(posting)
    return found


def barcode_of(desk: PackingDesk, sku: int) -> str:
    with desk.container.uow() as tx:
        products = tx.catalogue.by_skus(desk.store_id, [sku])  # type: ignore[list-item]
    return products[sku].barcodes[0].value  # type: ignore[index]


def _run(coroutine: Any) -> Any:
    """Run a coroutine to its end on a thread of its own (a browser test's thread already runs
    Playwright's event loop)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _prepare(data_dir: Path, sandbox_url: str, client_id: str, api_key: str) -> PackingDesk:
    settings = Settings(data_dir=data_dir, database_url="", redis_url="", _env_file=None)
    container = build(settings)
    upgrade_database(container)
    clock = SettableClock(ANCHOR)  # the sync reads the sandbox's days, around its frozen now
    hasher = Argon2PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    for name, language in PACKERS.items():
        create_user(
            NewUser(name, PASSWORD, Role.PACKER, language),
            by=None,
            uow=container.uow,
            hasher=hasher,
            clock=clock,
        )
    store = add_store(
        NewStore("Sandbox", client_id, api_key, sandbox_url),
        by=None,
        uow=container.uow,
        clock=clock,
    )
    summary = _run(
        sync_store(store.id, uow=container.uow, marketplace=container.marketplace, clock=clock)
    )
    if summary.fatal or summary.errors:
        raise RuntimeError(f"the sync of the sandbox store failed: {summary}")
    _run(
        pull_catalogue(store.id, uow=container.uow, marketplace=container.marketplace, clock=clock)
    )
    return PackingDesk("", sandbox_url, data_dir, store.id, container)


def set_label_printer(desk: PackingDesk, address: str) -> None:
    """A ZPL label printer on ``address``, the default of every packer."""
    uow = desk.container.uow
    existing = {p.name: p for p in printing.list_printers(uow=uow)}
    new = NewPrinter("Label printer", "raw9100", address, "zpl", "203", "100x150")
    if "Label printer" in existing:
        printer_id = existing["Label printer"].id
        printing.update_printer(printer_id, new, by=None, uow=uow, clock=desk.container.clock)
    else:
        printer_id = printing.add_printer(new, by=None, uow=uow, clock=desk.container.clock).id
    with uow() as tx:
        user_ids = [tx.users.by_username(name) for name in PACKERS]
    for found in user_ids:
        assert found is not None
        printing.set_default_printer(printer_id, user_id=found[0].id, uow=uow)


def sandbox_config() -> SandboxConfig:
    return SandboxConfig(seed=7, postings=300, now=ANCHOR, ship_seconds=0)


@contextmanager
def desk_in_this_process(data_dir: Path) -> Iterator[PackingDesk]:
    """The desk served by uvicorn in a thread, with the assembly queue's consumer in threads."""
    sandbox = sandbox_config()
    with running_sandbox(sandbox) as sandbox_url:
        desk = _prepare(data_dir, sandbox_url, sandbox.client_id, sandbox.accepted_api_key)
        container = desk.container
        huey = build_huey(container.settings)
        jobs = AssemblyJobs(huey, BlockingAssembly(assembly_steps(container, options=QUICK_STEPS)))
        consumer = EmbeddedConsumer(huey, workers=2, worker_type="thread", periodic=False)
        consumer.start()
        deps = WebDeps(
            container.settings,
            container.uow,
            container.clock,
            container.hasher,
            lambda _: None,
            reads=container.reads,
            marketplace=container.marketplace,
            shipping=container.shipping,
            evidence=evidence_files(container.settings),
            assembly_jobs=jobs,
        )
        try:
            with serving(create_app(deps)) as url:
                desk.url = url
                yield desk
        finally:
            consumer.stop(graceful=True)
            container.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class DeskProcess:
    """``posylka serve`` on the prepared data directory, in a process of its own."""

    def __init__(self, data_dir: Path, port: int) -> None:
        self.data_dir = data_dir
        self.port = port
        self.process: subprocess.Popen[bytes] | None = None
        self.log = data_dir / "desk.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, **env: str) -> None:
        environment = {
            **os.environ,
            "POSYLKA_DATA_DIR": str(self.data_dir),
            "POSYLKA_DATABASE_URL": "",
            "POSYLKA_REDIS_URL": "",
            **env,
        }
        if "POSYLKA_CRASH_AT" not in env:
            environment.pop("POSYLKA_CRASH_AT", None)
        command = [
            str(Path(sys.executable).with_name("posylka")),
            "serve",
            "--port",
            str(self.port),
        ]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, env=environment, stdout=log, stderr=log)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the desk ended at start: {self.log.read_text()[-2000:]}")
            try:
                httpx.get(self.url + "/login", timeout=1)
                return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("the desk did not start")

    def wait_for_death(self, timeout: float = 30) -> int:
        assert self.process is not None
        return self.process.wait(timeout)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextmanager
def desk_in_its_own_process(data_dir: Path) -> Iterator[tuple[PackingDesk, DeskProcess]]:
    """The desk prepared here and served by ``posylka serve`` (embedded job queue)."""
    sandbox = sandbox_config()
    with running_sandbox(sandbox) as sandbox_url:
        desk = _prepare(data_dir, sandbox_url, sandbox.client_id, sandbox.accepted_api_key)
        process = DeskProcess(data_dir, free_port())
        desk.url = process.url
        try:
            yield desk, process
        finally:
            process.stop()
            desk.container.close()
