"""``posylka stock``: levels, stock spreadsheets (receipts, returns, adjustments, counts), the
intake pass, and the ledger's own check.

An import records the whole file or nothing: every refused row is printed with its row number,
column and reason, and the command exits 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from posylka import bootstrap
from posylka.domain.stock_entries import EntryKind, StockEntriesRejected
from posylka.domain.stock_views import StockQuery
from posylka.entrypoints.commands._runtime import (
    StoreOption,
    console,
    container,
    fail,
    one_store,
    spreadsheet,
)
from posylka.entrypoints.web.stock_words import problem_text
from posylka.services.intake import take_in
from posylka.services.inventory import check_levels, import_stock_sheet, rebuild_levels

stock = typer.Typer(help="Stock per product and warehouse.", no_args_is_help=True)

ACTOR = "command line"


@stock.command("levels")
def levels(
    store: StoreOption = None,
    search: Annotated[str, typer.Option(help="Article code, name or SKU.")] = "",
    low: Annotated[
        bool, typer.Option("--low", help="Only products at or below their threshold.")
    ] = False,
) -> None:
    """Print on hand, reserved and available per product and warehouse."""
    with container() as app:
        chosen = one_store(app, store)
        with app.reads() as tx:
            rows = tx.inventory.search(
                chosen.id, StockQuery(text=search, low_only=low, limit=10_000)
            )
    table = Table("article", "warehouse", "on hand", "reserved", "available", "low")
    for row in rows:
        table.add_row(
            row.offer_id,
            str(row.warehouse_id),
            str(row.on_hand),
            str(row.reserved),
            str(row.available),
            "low" if row.is_low else "",
        )
    console.print(table)


@stock.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A .csv or .xlsx file, one entry per row.")],
    store: StoreOption = None,
    kind: Annotated[
        EntryKind, typer.Option(help="What rows without a kind column record.")
    ] = EntryKind.RECEIPT,
) -> None:
    """Record receipts, returns, adjustments or counts from a spreadsheet, all or nothing."""
    fmt = spreadsheet(file)
    with container() as app:
        chosen = one_store(app, store)
        try:
            with file.open("rb") as data:
                result = import_stock_sheet(
                    data,
                    fmt,
                    kind=kind,
                    store_id=chosen.id,
                    actor=ACTOR,
                    sheets=bootstrap.spreadsheets(),
                    uow=app.uow,
                    clock=app.clock,
                )
        except StockEntriesRejected as exc:
            for problem in exc.problems:
                console.print(f"{file.name}: {problem_text(problem)}", markup=False)
            raise fail(f"{file.name} was not recorded: nothing was changed.") from None
    console.print(
        f"{chosen.name}: {result.movements} movements recorded; "
        f"{result.filled} short reservations filled, {result.trimmed} cut back by counts."
    )


@stock.command("intake")
def intake(store: StoreOption = None) -> None:
    """Reserve, release and pick stock for postings new or changed since the last pass."""
    with container() as app:
        chosen = one_store(app, store)
        summary = take_in(chosen.id, uow=app.uow, clock=app.clock)
    console.print(f"{chosen.name}: {summary.describe()}")


@stock.command("check")
def check(
    store: StoreOption = None,
    fix: Annotated[
        bool, typer.Option("--fix", help="Set drifted levels to what their movements add up to.")
    ] = False,
) -> None:
    """Compare every level with the sum of its movements; exit 1 if any differs (unless --fix)."""
    with container() as app:
        chosen = one_store(app, store)
        if fix:
            drifted = rebuild_levels(chosen.id, actor=ACTOR, uow=app.uow, clock=app.clock)
        else:
            drifted = check_levels(chosen.id, uow=app.uow)
    if not drifted:
        console.print(f"{chosen.name}: every level agrees with its movements.")
        return
    table = Table("article", "warehouse", "on hand", "by ledger", "reserved", "by ledger")
    for d in drifted:
        table.add_row(
            d.offer_id,
            str(d.warehouse_id),
            str(d.on_hand),
            str(d.ledger_on_hand),
            str(d.reserved),
            str(d.ledger_reserved),
        )
    console.print(table)
    if fix:
        console.print(f"{chosen.name}: {len(drifted)} levels set to what their movements say.")
    else:
        raise fail(f"{len(drifted)} levels differ from their movements; --fix corrects them.")


def install(app: typer.Typer) -> None:
    app.add_typer(stock, name="stock")
