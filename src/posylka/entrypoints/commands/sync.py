"""``posylka sync``: pull postings from Ozon now, with a progress bar and a summary per store."""

from __future__ import annotations

import asyncio
import logging
from typing import Annotated

import typer
from rich.logging import RichHandler
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from posylka import bootstrap
from posylka.domain.stores import Store
from posylka.domain.sync import SyncSummary
from posylka.entrypoints.commands._runtime import (
    console,
    container,
    err_console,
    fail,
    stores_named,
)
from posylka.services.intake import take_in
from posylka.services.sync_postings import sync_store

SHOWN_PROBLEMS = 10


class ProgressBar:
    """One progress line per store: the share of the window read, and the counts so far."""

    def __init__(self, progress: Progress, task: TaskID) -> None:
        self._progress = progress
        self._task = task

    def update(self, summary: SyncSummary, *, covered: float) -> None:
        self._progress.update(
            self._task,
            completed=covered * 100,
            calls=summary.api_calls,
            seen=summary.postings_seen,
            created=summary.created,
            updated=summary.updated,
        )


def sync(
    store: Annotated[
        str | None, typer.Option(help="Sync only the store with this name (default: every store).")
    ] = None,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="Read every posting of the initial window again, not only what changed.",
        ),
    ] = False,
) -> None:
    """Pull new and changed postings from Ozon into posylka."""
    _show_only_errors_in_logs()
    with container() as app:
        stores = stores_named(app, store)
        jobs = bootstrap.sync_jobs(app)
        summaries: list[SyncSummary] = []
        for chosen in stores:
            with jobs.store_lock(chosen.id) as acquired:
                if not acquired:
                    err_console.print(
                        f"[yellow]{chosen.name}: a sync of this store is running already "
                        "(in `posylka serve` or a worker); skipped.[/yellow]"
                    )
                    continue
                summaries.append(_sync_one(app, chosen, full=full))
                if not summaries[-1].fatal:
                    # New and changed postings get their stock and order checks settled.
                    taken = take_in(chosen.id, uow=app.uow, clock=app.clock)
                    console.print(f"{chosen.name}: {taken.describe()}")
    for summary in summaries:
        if not summary.fatal:
            _print_summary(summary)
    failed = [s for s in summaries if s.fatal]
    if failed:
        raise fail(" ".join(f"{s.store_name}: {s.fatal}" for s in failed))


def _show_only_errors_in_logs() -> None:
    # Retried pages and unreadable postings are listed in the summary; the log would only
    # scatter them over the progress bar.
    logging.basicConfig(
        level=logging.ERROR,
        format="%(message)s",
        handlers=[RichHandler(console=err_console, show_path=False)],
    )


def _sync_one(app: bootstrap.Container, store: Store, *, full: bool) -> SyncSummary:
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TextColumn(
            "{task.fields[calls]} calls · {task.fields[seen]} read · "
            "{task.fields[created]} new · {task.fields[updated]} updated"
        ),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task(store.name, total=100, calls=0, seen=0, created=0, updated=0)
        return asyncio.run(
            sync_store(
                store.id,
                uow=app.uow,
                marketplace=app.marketplace,
                clock=app.clock,
                options=bootstrap.sync_options(app.settings, full=full),
                progress=ProgressBar(progress, task),
            )
        )


def _print_summary(summary: SyncSummary) -> None:
    kind = "first sync" if summary.first_sync else "changes since the last sync"
    console.print(f"[bold]{summary.store_name}[/bold]: {kind}")
    table = Table(show_header=False)
    table.add_column(style="dim")
    table.add_column(justify="right")
    table.add_row("Ozon API calls", str(summary.api_calls))
    table.add_row("postings read", str(summary.postings_seen))
    table.add_row("new", str(summary.created))
    table.add_row("updated", str(summary.updated))
    table.add_row("status changes", str(summary.status_changes))
    table.add_row("problems", str(len(summary.errors)))
    console.print(table)
    for error in summary.errors[:SHOWN_PROBLEMS]:
        number = f" {error.posting_number}" if error.posting_number else ""
        err_console.print(f"[yellow]  {error.where}{number}: {error.message}[/yellow]")
    if len(summary.errors) > SHOWN_PROBLEMS:
        err_console.print(f"[yellow]  … and {len(summary.errors) - SHOWN_PROBLEMS} more[/yellow]")


def install(app: typer.Typer) -> None:
    app.command("sync")(sync)
