"""``posylka ozon-stock``: push stock to Ozon now, compare Ozon's view with posylka's, and show
what waits, what Ozon refused and what drifted."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from posylka import bootstrap
from posylka.domain.stock_push import StockPushOverview
from posylka.domain.stores import Store
from posylka.entrypoints.commands._runtime import (
    console,
    container,
    err_console,
    fail,
    stores_named,
)

ozon_stock = typer.Typer(
    help="Stock on Ozon: push available stock per product and warehouse, and reconcile.",
    no_args_is_help=True,
)

StoreOption = Annotated[
    str | None, typer.Option(help="Only the store with this name (default: every store).")
]
SHOWN_ROWS = 20


@ozon_stock.command("push")
def push(
    store: StoreOption = None,
    wait: Annotated[
        bool,
        typer.Option(
            "--wait/--now",
            help="Keep the short wait that gathers quick changes of one pair (default: push "
            "everything pending now).",
        ),
    ] = False,
) -> None:
    """Push every pending stock value to Ozon now (80 calls a minute, 100 pairs a call)."""
    with container() as app:
        runner = bootstrap.stock_push_runner(app)
        jobs = bootstrap.stock_push_jobs(app, bootstrap.sync_jobs(app).huey)
        failed: list[str] = []
        for chosen in stores_named(app, store):
            with jobs.store_lock(chosen.id) as acquired:
                if not acquired:
                    err_console.print(
                        f"[yellow]{chosen.name}: a push of this store is running already; "
                        "skipped.[/yellow]"
                    )
                    continue
                summary = runner.push_store(chosen.id, now_all=not wait)
            console.print(f"[bold]{chosen.name}[/bold]: {summary.describe()}")
            if summary.failure:
                failed.append(f"{chosen.name}: {summary.failure}")
            _print_refusals(app, chosen)
    if failed:
        raise fail(" ".join(failed))


@ozon_stock.command("reconcile")
def reconcile(store: StoreOption = None) -> None:
    """Compare Ozon's stock per product and warehouse with posylka's; queue each difference."""
    with container() as app:
        runner = bootstrap.stock_push_runner(app)
        for chosen in stores_named(app, store):
            summary = runner.reconcile_store(chosen.id)
            console.print(f"[bold]{chosen.name}[/bold]: {summary.describe()}")
            if summary.drifted:
                table = Table("offer_id", "warehouse", "on Ozon", "posylka", title="Drift")
                for offer_id, warehouse, ozon, ours in summary.drifted[:SHOWN_ROWS]:
                    shown = "—" if ozon is None else str(ozon)
                    table.add_row(offer_id, str(warehouse), shown, str(ours))
                console.print(table)
                if len(summary.drifted) > SHOWN_ROWS:
                    console.print(f"… and {len(summary.drifted) - SHOWN_ROWS} more")


@ozon_stock.command("status")
def status(store: StoreOption = None) -> None:
    """Pairs waiting to go, pairs Ozon refused and the last push and reconcile."""
    with container() as app:
        for chosen in stores_named(app, store):
            with app.reads() as tx:
                overview = tx.stock_push.overview(chosen.id, limit=SHOWN_ROWS)
            _print_overview(chosen, overview)


def _print_refusals(app: bootstrap.Container, store: Store) -> None:
    with app.reads() as tx:
        overview = tx.stock_push.overview(store.id, limit=SHOWN_ROWS)
    for row in overview.rows:
        if row.error_code:
            err_console.print(
                f"[yellow]  {row.offer_id} @ {row.warehouse_id}: {row.error_message}[/yellow]"
            )


def _print_overview(store: Store, overview: StockPushOverview) -> None:
    console.print(
        f"[bold]{store.name}[/bold]: {overview.pairs} pairs, {overview.pending} waiting, "
        f"{overview.rejected} refused by Ozon, {overview.drifted} drifted"
    )
    for label, run in (
        ("last push", overview.last_push),
        ("last reconcile", overview.last_reconcile),
    ):
        if run is not None:
            what = run.message or f"{run.pairs_sent} sent, {run.pairs_updated} updated"
            console.print(f"  {label}: {run.started_at:%Y-%m-%d %H:%M:%S} UTC: {what}")
    if not overview.rows:
        return
    table = Table("offer_id", "warehouse", "waiting", "on Ozon", "Ozon said")
    for row in overview.rows:
        table.add_row(
            row.offer_id,
            str(row.warehouse_id),
            "" if row.wanted is None else str(row.wanted),
            "" if row.pushed_value is None else str(row.pushed_value),
            row.error_message,
        )
    console.print(table)


def install(app: typer.Typer) -> None:
    app.add_typer(ozon_stock, name="ozon-stock")
