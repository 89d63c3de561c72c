"""``posylka demo``: everything at once — a migrated SQLite database, the Ozon sandbox with a
seeded store, the web desk and the background sync — so posylka can be tried in one command."""

from __future__ import annotations

import asyncio
import os
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated

import typer

from posylka.bootstrap import upgrade_database
from posylka.config import Settings
from posylka.domain.stores import StoreCredentials
from posylka.entrypoints.commands._runtime import console, container, fail
from posylka.entrypoints.commands.serve import run_desk
from posylka.sandbox.ozon.config import SandboxConfig
from posylka.services.demo import DEMO_STORE, DemoLogin, prepare_demo, stock_demo_store

DEMO_DATA_DIR = Path("var") / "demo"


def demo(
    port: Annotated[int, typer.Option(help="Port of the web desk.")] = 8000,
    sandbox_port: Annotated[
        int, typer.Option(help="Port of the Ozon sandbox; 0 picks a free one.")
    ] = 8765,
    postings: Annotated[int, typer.Option(min=1, help="Postings in the demo store.")] = 300,
    arrivals_per_day: Annotated[
        int, typer.Option(min=0, help="New postings arriving per day while the demo runs.")
    ] = 240,
    seed: Annotated[int, typer.Option(help="Seed of the demo store's data.")] = 1,
) -> None:
    """Run the demo on http://127.0.0.1:8000 until interrupted."""
    from posylka.sandbox.ozon.server import running_sandbox

    # The demo keeps its own database unless told otherwise, away from a real installation's.
    settings = Settings() if "POSYLKA_DATA_DIR" in os.environ else Settings(data_dir=DEMO_DATA_DIR)
    config = SandboxConfig(seed=seed, postings=postings, arrivals_per_day=arrivals_per_day)
    with container(settings) as app, ExitStack() as stack:
        upgrade_database(app)
        try:
            base_url = stack.enter_context(running_sandbox(config, port=sandbox_port))
        except OSError as exc:
            raise fail(
                f"The Ozon sandbox cannot listen on port {sandbox_port} ({exc.strerror}); "
                "pass --sandbox-port 0 to pick a free one."
            ) from None
        credentials = StoreCredentials(config.client_id, config.accepted_api_key, base_url)
        logins = prepare_demo(credentials, uow=app.uow, hasher=app.hasher, clock=app.clock)
        with app.uow() as tx:
            store = tx.stores.by_name(DEMO_STORE)
        assert store is not None
        with console.status("Filling the demo's shelves: postings, catalogue, stock…"):
            stocked = asyncio.run(
                stock_demo_store(
                    store.id,
                    uow=app.uow,
                    marketplace=app.marketplace,
                    clock=app.clock,
                    seed=seed,
                )
            )
        if stocked is not None:
            console.print(
                f"Demo stock: {stocked.products} products received in {stocked.receipts} "
                "product-warehouse pairs; postings checked and reserved."
            )
        run_desk(
            app,
            host="127.0.0.1",
            port=port,
            on_ready=lambda: _welcome(port, base_url, credentials, logins),
        )


def _welcome(
    port: int, sandbox_url: str, credentials: StoreCredentials, logins: list[DemoLogin]
) -> None:
    console.rule("posylka demo")
    console.print(f"Open [bold]http://127.0.0.1:{port}[/bold] and log in as:")
    for login in logins:
        password = login.password if login.created else f"{login.password} (unless changed)"
        console.print(f"  {login.role:<8} [bold]{login.username}[/bold] / {password}")
    console.print(
        f"{DEMO_STORE!r} is the Ozon sandbox at {sandbox_url} "
        f"(Client-Id {credentials.client_id}, Api-Key {credentials.api_key}); "
        "its postings are being synced now and every few minutes."
    )
    console.rule()


def install(app: typer.Typer) -> None:
    app.command("demo")(demo)
