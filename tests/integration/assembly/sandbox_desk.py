"""A posylka installation driven through its command line in separate processes, against the Ozon
sandbox on a real socket: for the tests that kill an assembly mid-way and start it again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from posylka.sandbox.ozon.app import SandboxApp, create_app
from posylka.sandbox.ozon.config import SandboxConfig
from posylka.sandbox.ozon.server import running_sandbox

COMMAND_TIMEOUT_SECONDS = 120


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str


class Desk:
    """One data directory (SQLite), one store on the sandbox, and the ``posylka`` command."""

    def __init__(self, app: SandboxApp, url: str, data_dir: Path) -> None:
        self.app = app
        self.url = url
        self.data_dir = data_dir
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("POSYLKA_")}
        self.env.update(POSYLKA_DATA_DIR=str(data_dir), COLUMNS="250", PYTHONUNBUFFERED="1")
        self.must("db", "upgrade")
        self.must(
            "store",
            "add",
            "--name",
            "sandbox",
            "--client-id",
            app.config.client_id,
            "--api-key",
            app.config.accepted_api_key,
            "--base-url",
            url,
        )

    def run(self, *args: str, crash_at: str = "") -> Ran:
        env = dict(self.env)
        if crash_at:
            env["POSYLKA_CRASH_AT"] = crash_at
        done = subprocess.run(
            [str(Path(sys.executable).parent / "posylka"), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT_SECONDS,
            check=False,
        )
        return Ran(done.returncode, done.stdout, done.stderr)

    def must(self, *args: str) -> Ran:
        ran = self.run(*args)
        assert ran.code == 0, f"posylka {' '.join(args)}: {ran.out}{ran.err}"
        return ran

    def ready_posting(self) -> tuple[str, list[str]]:
        """A posting awaiting packaging at the sandbox, and its boxes as ``--box`` values."""
        now = self.app.state.now()
        for posting in self.app.state.postings:
            event = posting.timeline.at(now)
            if event is not None and event.status == "awaiting_packaging":
                units: dict[int, int] = {}
                for item in posting.items:
                    units[item.product.sku] = units.get(item.product.sku, 0) + item.quantity
                return posting.posting_number, [
                    ",".join(f"{sku}:{quantity}" for sku, quantity in units.items())
                ]
        raise AssertionError("the sandbox has no posting awaiting packaging")

    def control(self, path: str) -> Any:
        with urllib.request.urlopen(f"{self.url}/__sandbox{path}") as answer:
            return json.loads(answer.read())

    def ship_answers(self) -> dict[str, int]:
        """How the sandbox answered ``/v4/posting/fbs/ship``, by HTTP status."""
        stats = self.control("/stats")
        requests = stats.get("result", stats)["requests"]
        return dict(requests.get("/v4/posting/fbs/ship", {}))

    def ozon_status(self, number: str) -> str:
        posting = self.app.state.posting(number)
        event = posting.timeline.at(self.app.state.now())
        assert event is not None
        return str(event.status)


@contextmanager
def sandbox_desk(data_dir: Path, **overrides: Any) -> Iterator[Desk]:
    settings: dict[str, Any] = {"seed": 11, "postings": 200, "ship_seconds": 1}
    settings.update(overrides)
    app = create_app(SandboxConfig(**settings))
    with running_sandbox(app) as url:
        yield Desk(app, url, data_dir)
