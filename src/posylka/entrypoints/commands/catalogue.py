"""``posylka catalogue``: import and export a store's catalogue as CSV or XLSX, pull it from Ozon.

An import prints every refused row with its row number, column and reason, imports the good
rows, and exits 1 when any row was refused, so a script notices.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from posylka import bootstrap
from posylka.domain.catalogue_sheet import SheetRejected
from posylka.entrypoints.commands._runtime import (
    StoreOption,
    console,
    container,
    fail,
    one_store,
    spreadsheet,
    stores_named,
)
from posylka.entrypoints.web.catalogue_words import problem_text
from posylka.services.catalogue import export_rows, import_catalogue
from posylka.services.catalogue_pull import pull_catalogue_blocking

catalogue = typer.Typer(help="The seller's catalogue of products.", no_args_is_help=True)


@catalogue.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A .csv or .xlsx file, one product per row.")],
    store: StoreOption = None,
) -> None:
    """Import products from a spreadsheet: good rows go in, bad rows are listed."""
    fmt = spreadsheet(file)
    with container() as app:
        chosen = one_store(app, store)
        try:
            with file.open("rb") as data:
                report = import_catalogue(
                    chosen.id,
                    bootstrap.spreadsheets().read(data, fmt),
                    by=None,
                    uow=app.uow,
                    clock=app.clock,
                    source=file.name,
                )
        except SheetRejected as exc:
            for problem in exc.problems:
                console.print(f"{file.name}: {problem_text(problem)}", markup=False)
            raise fail(f"{file.name} was not imported: nothing was changed.") from None
    console.print(
        f"{chosen.name}: {report.rows} rows read, {report.created} products added, "
        f"{report.updated} updated, {report.unchanged} unchanged, "
        f"{len(report.refused_rows)} rows refused."
    )
    if report.problems:
        table = Table("row", "column", "problem")
        for problem in report.problems:
            table.add_row(str(problem.row), problem.column, problem_text(problem, where=False))
        console.print(table)
        raise fail(
            f"{len(report.refused_rows)} rows of {file.name} were refused; "
            "the other rows were imported."
        )


@catalogue.command("export")
def export(
    file: Annotated[Path, typer.Argument(help="Where to write: a .csv or .xlsx file.")],
    store: StoreOption = None,
) -> None:
    """Write the store's catalogue to a spreadsheet that imports back unchanged."""
    fmt = spreadsheet(file, must_exist=False)
    with container() as app:
        chosen = one_store(app, store)
        # Written beside the target and moved into place, so a failed export leaves no half file.
        folder = file.resolve().parent
        if not folder.is_dir():
            raise fail(f"{folder}: no such folder.")
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=f".{fmt}")
        try:
            with os.fdopen(handle, "wb") as sink:
                bootstrap.spreadsheets().write(export_rows(chosen.id, uow=app.uow), fmt, sink)
            os.replace(temporary, file)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        with app.reads() as tx:
            count = tx.catalogue.count(chosen.id)
    console.print(f"{chosen.name}: {count} products written to {file}.")


@catalogue.command("sync")
def sync(store: StoreOption = None) -> None:
    """Pull the store's products from Ozon (SKU, name, barcodes); what you set stays."""
    with container() as app:
        stores = stores_named(app, store)
        for chosen in stores:
            summary = pull_catalogue_blocking(
                chosen.id, uow=app.uow, marketplace=app.marketplace, clock=app.clock
            )
            console.print(f"{chosen.name}: {summary.describe()}.")


def install(app: typer.Typer) -> None:
    app.add_typer(catalogue, name="catalogue")
