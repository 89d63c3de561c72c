"""Benchmark: the screen time posylka adds to a packing station's cycle for one-item postings.

The packing station's goal is "the whole cycle for a one-item posting takes a trained packer under
15 seconds of screen time". This drives a real desk in headless Chromium through one-item postings
the way a packer with a keyboard-wedge scanner does, and times what the packer waits for the
screen; the packer's own hands (picking the item up, boxing it, sticking the label) are not in it.

The desk runs as its own process, built as ``posylka serve`` builds it (web app and the embedded
job queue with its worker threads; the periodic sync left out), on a SQLite file prepared here: a
packer, a store synced from an Ozon sandbox with its catalogue (EAN-13 barcodes) pulled, and a raw
TCP label printer as the packer's default. The sandbox runs in this process on a real socket,
its clock frozen; it carries an assembly out at once (``ship_seconds=0``), so every second until
"assembled" is posylka's. Ozon makes a label ready 45 s (sandbox time) after assembly: the bench
moves the sandbox clock on by 60 s when the page says it waits for the label, so Ozon's own wait
takes no real time and what is measured from there is posylka's part. The assembly steps run with
their real waits, except that the first look for the label comes ``--label-poll`` seconds after
assembly instead of 45 s, and again every ``--label-poll`` seconds instead of 15 s (a desk on
real Ozon looks at 45 s and 60 s, which a label ready in 45–60 s meets with up to 15 s of lag).

For each posting: type the posting number and Enter (the slip) and wait until the posting shows;
type the item's barcode and Enter and wait until it is counted, then until the page says
"Assembled on Ozon. Waiting for the label"; move the sandbox clock on and wait until the label
is at the printer and the page says it was sent. Times come from the page (``performance.now()``
at the Enter key's keydown, and at the first animation frame after the DOM shows the result) and,
for the printer, from the bench's clock when the bytes arrived.

    .venv/bin/python bench/packing_cycle.py [--postings 30] [--label-poll 0.5] [--pause 0]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

CHROMIUM = Path(os.environ.get("POSYLKA_TEST_CHROMIUM", "/usr/bin/chromium"))
ANCHOR = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
PACKER = "anna"
PASSWORD = "correct horse 1"
SANDBOX_SEED = 7
OZON_LABEL_WAIT = 60
"""Sandbox seconds the clock is moved on by: Ozon asks for 45–60 s before a label is ready."""

PAGE_JS = """
() => {
  if (window.__bench) { return; }
  const at = () => performance.timeOrigin + performance.now();
  const bench = (window.__bench = { enter: 0, pending: null });
  document.addEventListener("keydown", (e) => { if (e.key === "Enter") { bench.enter = at(); } },
                            true);
  const text = (id) => {
    const node = document.querySelector(`[data-testid="${id}"]`);
    return node ? node.textContent.trim() : "";
  };
  const assembly = () => {
    const node = document.querySelector('[data-testid="pack-assembly"]');
    return node ? node.getAttribute("data-state") : "";
  };
  const conditions = {
    opened: (n) => text("pack-posting") === n &&
      !!document.querySelector(`.pack-state[data-posting="${n}"]`),
    counted: () => {
      const lines = [...document.querySelectorAll('[data-testid="pack-line"]')];
      return lines.length > 0 && lines.every((l) => l.dataset.done === l.dataset.expected);
    },
    assembled: () => assembly() === "assembled" || assembly() === "failed",
    label: () => assembly() === "failed" || text("pack-assembly-text").includes("label was sent")
      || !!document.querySelector('[data-testid="pack-label-error"]'),
  };
  bench.watch = (kind, arg) => {
    bench.pending = new Promise((resolve) => {
      const done = () => {
        observer.disconnect();
        requestAnimationFrame(() => resolve({ frame: at(), enter: bench.enter,
          state: assembly(), text: text("pack-assembly-text") }));
      };
      const observer = new MutationObserver(() => { if (conditions[kind](arg)) { done(); } });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true,
                                        characterData: true });
      if (conditions[kind](arg)) { done(); }
    });
  };
}
"""


# --- a label printer on a raw TCP port --------------------------------------------------------


class RawPrinter:
    """Accepts connections on a free port and keeps each job's bytes with when they arrived."""

    def __init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self.address = f"127.0.0.1:{self._server.getsockname()[1]}"
        self.jobs: list[tuple[float, bytes]] = []
        self._arrived = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                chunks = []
                while chunk := conn.recv(65536):
                    chunks.append(chunk)
            with self._arrived:
                self.jobs.append((time.time() * 1000, b"".join(chunks)))
                self._arrived.notify_all()

    def wait_for(self, count: int, timeout: float) -> tuple[float, bytes]:
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self.jobs) >= count, timeout=timeout):
                raise RuntimeError(f"no label reached the printer within {timeout:.0f} s")
            return self.jobs[count - 1]

    def close(self) -> None:
        self._stop.set()
        self._server.close()
        self._thread.join(timeout=2)


# --- the desk -----------------------------------------------------------------------------------


class FrozenClock:
    """The sync reads the sandbox's days around its frozen now."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


@dataclass(frozen=True)
class OnePosting:
    number: str
    barcode: str


def prepare(data_dir: Path, sandbox: Any, sandbox_url: str, printer: str) -> list[OnePosting]:
    """Migrate, add the packer, the store (synced, catalogue pulled) and the printer; return
    the postings awaiting packaging with one unit of a product that has a barcode."""
    from sqlalchemy import select

    from posylka.adapters.db.tables import postings
    from posylka.adapters.security import Argon2PasswordHasher
    from posylka.bootstrap import build, upgrade_database
    from posylka.config import Settings
    from posylka.domain.postings import PostingStatus
    from posylka.domain.stores import Role
    from posylka.services import printing
    from posylka.services.accounts import NewUser, create_user
    from posylka.services.catalogue_pull import pull_catalogue
    from posylka.services.stores import NewStore, add_store
    from posylka.services.sync_postings import sync_store

    settings = Settings(data_dir=data_dir, database_url="", redis_url="", _env_file=None)
    container = build(settings)
    try:
        upgrade_database(container)
        clock = FrozenClock(ANCHOR)
        hasher = Argon2PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
        new_user = NewUser(PACKER, PASSWORD, Role.PACKER, "en")
        create_user(new_user, by=None, uow=container.uow, hasher=hasher, clock=clock)
        new_store = NewStore("Sandbox", sandbox.client_id, sandbox.accepted_api_key, sandbox_url)
        store = add_store(new_store, by=None, uow=container.uow, clock=clock)
        marketplace = container.marketplace
        summary = asyncio.run(
            sync_store(store.id, uow=container.uow, marketplace=marketplace, clock=clock)
        )
        if summary.fatal or summary.errors:
            raise RuntimeError(f"the sync of the sandbox store failed: {summary}")
        asyncio.run(
            pull_catalogue(store.id, uow=container.uow, marketplace=marketplace, clock=clock)
        )
        new_printer = printing.NewPrinter(
            "Label printer", "raw9100", printer, "zpl", "203", "100x150"
        )
        added = printing.add_printer(new_printer, by=None, uow=container.uow, clock=clock)
        with container.uow() as tx:
            user = tx.users.by_username(PACKER)
        assert user is not None
        printing.set_default_printer(added.id, user_id=user[0].id, uow=container.uow)
        found = []
        with container.engine.connect() as conn:
            wanted = list(
                conn.execute(
                    select(postings.c.posting_number)
                    .where(
                        postings.c.store_id == store.id,
                        postings.c.status == PostingStatus.AWAITING_PACKAGING.value,
                    )
                    .order_by(postings.c.posting_number)
                ).scalars()
            )
        with container.uow() as tx:
            for posting in tx.documents.postings(store.id, wanted):
                if sum(item.quantity for item in posting.items) != 1:
                    continue
                sku = posting.items[0].sku
                product = tx.catalogue.by_skus(store.id, [sku]).get(sku)
                if product is not None and product.barcodes:
                    found.append(OnePosting(posting.posting_number, product.barcodes[0].value))
        return found
    finally:
        container.close()


def serve_desk(data_dir: Path, port: int, label_poll: float) -> None:
    """The desk process: what ``posylka serve`` runs without Redis (the web app, the embedded job
    queue, the assembly jobs with the recovery at start), with the label looked for every
    ``label_poll`` seconds and no periodic sync."""
    from contextlib import asynccontextmanager

    import uvicorn

    from posylka import bootstrap as boot
    from posylka.adapters.jobs.assembly import AssemblyJobs
    from posylka.adapters.jobs.consumer import start_embedded, stop_embedded
    from posylka.config import Settings
    from posylka.entrypoints.web.app import create_app
    from posylka.entrypoints.web.deps import WebDeps
    from posylka.services.assembly_steps import BlockingAssembly, StepOptions

    settings = Settings(data_dir=data_dir, database_url="", redis_url="", _env_file=None)
    app = boot.build(settings)
    jobs = boot.sync_jobs(app)
    stock_jobs = boot.stock_push_jobs(app, jobs.huey)
    boot.catalogue_jobs(app, jobs.huey)
    options = StepOptions(
        label_first_seconds=label_poll, label_retry_seconds=label_poll, label_attempts=10_000
    )
    assembly = AssemblyJobs(jobs.huey, BlockingAssembly(boot.assembly_steps(app, options=options)))

    @asynccontextmanager
    async def job_queue(_: Any) -> Any:
        stock_jobs.clear_locks()
        consumer = start_embedded(jobs, workers=settings.embedded_workers, periodic=False)
        assembly.recover_now()
        try:
            yield
        finally:
            await asyncio.to_thread(stop_embedded, consumer)

    web = create_app(
        WebDeps(
            settings=settings,
            uow=app.uow,
            clock=app.clock,
            hasher=app.hasher,
            request_sync=jobs.request_sync,
            request_stock_push=stock_jobs.request_push,
            reads=app.reads,
            marketplace=app.marketplace,
            labels=boot.label_desk(app),
            documents=boot.document_renderer(settings),
            printers=boot.printer_transport(),
            zpl=boot.zpl_renderer(settings),
            shipping=app.shipping,
            assembly_jobs=assembly,
            evidence=boot.evidence_files(settings),
            box_packer=boot.exact_packer(settings),
        ),
        lifespan=job_queue,
    )
    uvicorn.run(web, host="127.0.0.1", port=port, log_level="warning", access_log=False)


@contextmanager
def desk_process(data_dir: Path, label_poll: float) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSYLKA_")}
    command = [sys.executable, __file__, "--serve-desk", str(data_dir), "--port", str(port)]
    command += ["--label-poll", str(label_poll)]
    url = f"http://127.0.0.1:{port}"
    with (data_dir / "desk.log").open("ab") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                tail = (data_dir / "desk.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"the desk did not start: {tail}")
            try:
                httpx.get(url + "/login", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- driving the station --------------------------------------------------------------------


@dataclass
class Cycle:
    """One posting's phases, in milliseconds."""

    number: str
    slip: float
    item: float
    assembly: float
    label_printer: float
    label_page: float
    counted_at: float
    """When the count showed, and when "assembled" did, on this process's clock (ms since the
    epoch), to set beside the assembly's steps as the desk recorded them."""
    assembled_at: float

    @property
    def to_assembled(self) -> float:
        return self.slip + self.item + self.assembly

    @property
    def with_label(self) -> float:
        return self.to_assembled + self.label_page


def watch(page: Any, kind: str, arg: str = "") -> None:
    """Start looking for the page to show ``kind`` (before the key that should bring it)."""
    page.evaluate("([kind, arg]) => window.__bench.watch(kind, arg)", [kind, arg])


def seen(page: Any) -> dict[str, Any]:
    """Wait until the page shows what is watched for; when it did, and what it says."""
    return dict(page.evaluate("window.__bench.pending"))


def scan(page: Any, code: str, kind: str, arg: str = "") -> dict[str, Any]:
    """Type ``code`` and Enter as a keyboard-wedge scanner does; wait until the page shows
    ``kind``."""
    watch(page, kind, arg)
    page.keyboard.type(code, delay=2)
    page.keyboard.press("Enter")
    return seen(page)


def pack_one(
    page: Any, posting: OnePosting, sandbox_url: str, printer: RawPrinter, label_no: int
) -> Cycle:
    offset = clock_offset(page)
    opened = scan(page, posting.number, "opened", posting.number)
    counted = scan(page, posting.barcode, "counted")
    # Ozon is followed 2 s or more after it accepts the assembly, so the watch, started once
    # the count shows, is in place long before the page can say "assembled".
    watch(page, "assembled")
    assembled = seen(page)
    if assembled["state"] != "assembled":
        raise RuntimeError(f"{posting.number}: {assembled['text']}")
    watch(page, "label")
    reply = httpx.post(
        f"{sandbox_url}/__sandbox/clock", json={"advance_seconds": OZON_LABEL_WAIT}, timeout=10
    )
    reply.raise_for_status()
    advanced = time.time() * 1000
    arrived, label = printer.wait_for(label_no, timeout=60)
    shown = seen(page)
    if "label was sent" not in shown["text"] or not label.startswith(b"^XA"):
        raise RuntimeError(f"{posting.number}: the label was not printed: {shown['text']}")
    return Cycle(
        number=posting.number,
        slip=opened["frame"] - opened["enter"],
        item=counted["frame"] - counted["enter"],
        assembly=assembled["frame"] - counted["frame"],
        label_printer=arrived - advanced,
        label_page=shown["frame"] - (advanced + offset),
        counted_at=counted["frame"] - offset,
        assembled_at=assembled["frame"] - offset,
    )


def clock_offset(page: Any) -> float:
    """The page's clock (``timeOrigin + now()``) less this process's, in milliseconds."""
    before = time.time() * 1000
    there = float(page.evaluate("performance.timeOrigin + performance.now()"))
    after = time.time() * 1000
    return there - (before + after) / 2


# --- the run and its figures ---------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def row(name: str, values: list[float]) -> str:
    return (
        f"  {name:<44} median {statistics.median(values) / 1000:6.3f} s   "
        f"p95 {percentile(values, 0.95) / 1000:6.3f} s   max {max(values) / 1000:6.3f} s"
    )


def run(count: int, label_poll: float, pause: float) -> None:
    from playwright.sync_api import sync_playwright

    from posylka.sandbox.ozon.config import SandboxConfig
    from posylka.sandbox.ozon.server import running_sandbox

    # About one seeded posting in twenty awaits packaging with a single unit.
    config = SandboxConfig(
        seed=SANDBOX_SEED, postings=max(300, count * 40), now=ANCHOR, ship_seconds=0
    )
    load_before = os.getloadavg()
    printer = RawPrinter()
    cycles: list[Cycle] = []
    skipped = 0
    with (
        tempfile.TemporaryDirectory() as scratch,
        running_sandbox(config) as sandbox_url,
    ):
        data_dir = Path(scratch)
        started = time.perf_counter()
        candidates = prepare(data_dir, config, sandbox_url, printer.address)
        print(
            f"  desk prepared in {time.perf_counter() - started:.1f} s: {config.postings} "
            f"sandbox postings, {len(candidates)} one-unit postings awaiting packaging"
        )
        if len(candidates) < count:
            raise SystemExit(f"only {len(candidates)} one-item postings; ask for fewer")
        with desk_process(data_dir, label_poll) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM),
                headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            context = browser.new_context(base_url=url, viewport={"width": 1400, "height": 900})
            context.set_default_timeout(60_000)
            page = context.new_page()
            page.goto("/login")
            page.get_by_test_id("login-username").fill(PACKER)
            page.get_by_test_id("login-password").fill(PASSWORD)
            page.get_by_test_id("login-submit").click()
            page.wait_for_url("**/")
            page.goto("/pack")
            page.evaluate(PAGE_JS)
            page.get_by_test_id("pack-scan").focus()
            for posting in candidates:
                if len(cycles) == count:
                    break
                status = httpx.get(f"{sandbox_url}/__sandbox/postings/{posting.number}").json()
                if status["status"] != "awaiting_packaging":  # cancelled as sandbox time went on
                    skipped += 1
                    continue
                cycles.append(pack_one(page, posting, sandbox_url, printer, len(cycles) + 1))
                if pause:
                    time.sleep(pause)
            browser.close()
        steps = assembly_steps_of(data_dir, [c.number for c in cycles])
    printer.close()
    load_after = os.getloadavg()
    report(cycles, steps, skipped, label_poll, pause, load_before, load_after)


def assembly_steps_of(data_dir: Path, numbers: list[str]) -> dict[str, dict[str, float]]:
    """When the desk recorded each assembly's states (ms since the epoch), by posting number."""
    from sqlalchemy import select

    from posylka.adapters.db.tables.assembly import assembly_events, posting_assemblies
    from posylka.bootstrap import build
    from posylka.config import Settings

    settings = Settings(data_dir=data_dir, database_url="", redis_url="", _env_file=None)
    container = build(settings)
    found: dict[str, dict[str, float]] = {n: {} for n in numbers}
    try:
        with container.engine.connect() as conn:
            rows = conn.execute(
                select(
                    posting_assemblies.c.posting_number,
                    assembly_events.c.state,
                    assembly_events.c.at,
                )
                .join(posting_assemblies, posting_assemblies.c.id == assembly_events.c.assembly_id)
                .order_by(assembly_events.c.id)
            )
            for number, state, at in rows:
                if number in found:
                    found[number].setdefault(state, at.timestamp() * 1000)
    finally:
        container.close()
    return found


def report(
    cycles: list[Cycle],
    steps: dict[str, dict[str, float]],
    skipped: int,
    label_poll: float,
    pause: float,
    load_before: tuple[float, float, float],
    load_after: tuple[float, float, float],
) -> None:
    print(f"  {len(cycles)} one-item postings packed ({skipped} skipped, cancelled meanwhile)")
    print(row("scan the slip → posting shown", [c.slip for c in cycles]))
    print(row("scan the item → counted", [c.item for c in cycles]))
    print(row("counted → assembled on Ozon (waiting label)", [c.assembly for c in cycles]))
    print(row("screen time to assembled (sum of the three)", [c.to_assembled for c in cycles]))
    print("  of counted → assembled, as the desk recorded the assembly's steps:")
    spans = {
        "    recorded → a worker sends it (queue)": ("recorded", "sent"),
        "    sent → Ozon accepted (the ship call)": ("sent", "accepted"),
        "    accepted → assembled (follow-up look)": ("accepted", "assembled"),
    }
    for name, (first, then) in spans.items():
        print(row(name, [steps[c.number][then] - steps[c.number][first] for c in cycles]))
    print(
        row(
            "    assembled → the page shows it (1 s poll)",
            [c.assembled_at - steps[c.number]["assembled"] for c in cycles],
        )
    )
    print(row("label ready at Ozon → bytes at the printer", [c.label_printer for c in cycles]))
    print(row("label ready at Ozon → page says it was sent", [c.label_page for c in cycles]))
    print(row("screen time with the label (posylka's part)", [c.with_label for c in cycles]))
    print(
        f"  not included: Ozon's own {OZON_LABEL_WAIT} s (sandbox time, moved on by the bench) "
        "before a label is ready, and the packer's hands"
    )
    print(
        f"  {os.cpu_count()} CPUs, load average {load_before[0]:.2f} at the start, "
        f"{load_after[0]:.2f} at the end (1 min); {platform.python_implementation()} "
        f"{platform.python_version()}"
    )
    print(
        f"reproduce: .venv/bin/python bench/packing_cycle.py --postings {len(cycles)} "
        f"--label-poll {label_poll:g} --pause {pause:g}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=30)
    parser.add_argument(
        "--label-poll",
        type=float,
        default=0.5,
        help="seconds between looks for the label (a real desk: first at 45 s, then every 15 s)",
    )
    parser.add_argument(
        "--pause",
        type=float,
        default=0.0,
        help="seconds between one posting's label and the next slip (the packer's hands)",
    )
    parser.add_argument("--serve-desk", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_desk is not None:
        serve_desk(args.serve_desk, args.port, args.label_poll)
        return
    if not CHROMIUM.is_file():
        raise SystemExit(f"no Chromium at {CHROMIUM}: set POSYLKA_TEST_CHROMIUM")
    print(
        f"packing station cycle on {platform.python_implementation()} {platform.python_version()}"
    )
    run(args.postings, args.label_poll, args.pause)


if __name__ == "__main__":
    main()
