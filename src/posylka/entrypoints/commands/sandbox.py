"""``posylka sandbox``: run a stand-in of the Ozon Seller API with seeded data, Ozon's limits and
errors, and optional faults, for the demo, for trying posylka without an Ozon account, and for
tests and benchmarks."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, cast, get_args

import typer

from posylka.sandbox.ozon.config import DEFAULT_CLIENT_ID, OZON_RATE_LIMIT, SandboxConfig
from posylka.sandbox.ozon.faults import FaultKind, FaultPlan

sandbox_app = typer.Typer(help="A stand-in of the Ozon Seller API.", no_args_is_help=True)

KINDS = ", ".join(get_args(FaultKind))


def install(app: typer.Typer) -> None:
    app.add_typer(sandbox_app, name="sandbox")


def _kinds(raw: str) -> tuple[FaultKind, ...]:
    allowed = get_args(FaultKind)
    kinds = tuple(k.strip() for k in raw.split(",") if k.strip())
    unknown = [k for k in kinds if k not in allowed]
    if unknown:
        raise typer.BadParameter(f"unknown fault kind(s) {', '.join(unknown)}; use {KINDS}")
    return cast(tuple[FaultKind, ...], kinds)


@sandbox_app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8765,
    seed: Annotated[int, typer.Option(help="Seed of the generated data.")] = 1,
    postings: Annotated[
        int, typer.Option(min=0, help="Postings to generate over the last 60 days.")
    ] = 10_000,
    arrivals_per_day: Annotated[
        int, typer.Option(min=0, help="New postings arriving per day as time passes.")
    ] = 0,
    client_id: Annotated[str, typer.Option(help="Client-Id to accept.")] = DEFAULT_CLIENT_ID,
    api_key: Annotated[
        str, typer.Option(help="Api-Key to accept; by default one derived from the seed.")
    ] = "",
    latency_ms: Annotated[int, typer.Option(min=0, help="Delay added to every answer.")] = 0,
    fault_rate: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Chance that a request gets a fault.")
    ] = 0.0,
    fault_kinds: Annotated[
        str, typer.Option(help=f"Comma-separated faults to draw from: {KINDS}.")
    ] = "5xx,429,drop",
    fault_seed: Annotated[int, typer.Option(help="Seed of the fault draws.")] = 0,
    rate_limit: Annotated[
        int, typer.Option(min=0, help="Requests per second per Client-Id; 0 for no limit.")
    ] = OZON_RATE_LIMIT,
    now: Annotated[
        datetime | None,
        typer.Option(help="Freeze sandbox time at this moment (UTC) instead of real time."),
    ] = None,
    window_scale: Annotated[
        float,
        typer.Option(
            min=0.001,
            help="Shrink the stock method's minute and 30 s per pair by this factor "
            "(0.1: 6 s and 3 s), for compressed benchmarks.",
        ),
    ] = 1.0,
    load_offers: Annotated[
        int,
        typer.Option(min=0, help="Extra products (LOAD-000001, ...) the stock methods know."),
    ] = 0,
    ship_seconds: Annotated[
        int,
        typer.Option(
            min=0, help="Seconds Ozon takes to carry out an accepted assembly; 0 for at once."
        ),
    ] = 2,
) -> None:
    """Serve the Ozon sandbox over HTTP until interrupted."""
    faults = FaultPlan(
        fault_rate=fault_rate, kinds=_kinds(fault_kinds), latency_ms=latency_ms, seed=fault_seed
    )
    config = SandboxConfig(
        seed=seed,
        postings=postings,
        arrivals_per_day=arrivals_per_day,
        client_id=client_id,
        api_key=api_key,
        rate_limit=rate_limit,
        faults=faults,
        now=now,
        stock_window_scale=window_scale,
        load_offers=load_offers,
        ship_seconds=ship_seconds,
    )
    # The sandbox's routes (its PDF labels among them) load only when it is served.
    from posylka.sandbox.ozon.app import create_app
    from posylka.sandbox.ozon.server import serve as serve_app

    app = create_app(config)
    base_url = f"http://{host}:{port}"
    typer.echo(f"Ozon sandbox: {base_url}")
    typer.echo(f"  Client-Id: {config.client_id}")
    typer.echo(f"  Api-Key:   {config.accepted_api_key}")
    typer.echo(f"  {postings} postings from seed {seed}, around {app.state.anchor}")
    if arrivals_per_day:
        typer.echo(f"  {arrivals_per_day} new postings a day for the next week")
    if window_scale != 1.0 or load_offers:
        typer.echo(f"  stock: minute × {window_scale}, {load_offers} load-test products")
    if fault_rate or latency_ms:
        typer.echo(f"  faults: rate {fault_rate} of {fault_kinds}, latency {latency_ms} ms")
    typer.echo(f"  control: {base_url}/__sandbox (faults, stats, clock)")
    serve_app(app, host, port)
