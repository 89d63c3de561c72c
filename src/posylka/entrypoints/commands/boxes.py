"""``posylka boxes``: the box catalogue of a store: list it, import it from CSV or XLSX, export it,
and recommend boxes for a posting.

An import is all or nothing: every bad row is printed with its row number, column and reason,
nothing is changed, and the command exits 1 so a script notices.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from posylka import bootstrap
from posylka.bootstrap import Container
from posylka.domain.box_choice import BoxPlan
from posylka.domain.box_sheet import BoxSheetRejected
from posylka.domain.ids import WarehouseId
from posylka.domain.stores import Store
from posylka.entrypoints.commands._runtime import (
    StoreOption,
    console,
    container,
    fail,
    one_store,
    spreadsheet,
)
from posylka.entrypoints.web.box_words import english, plan_problem_message, row_text
from posylka.services import box_catalogue
from posylka.services.box_choice import PostingNotFound, recommend_for_posting

boxes = typer.Typer(help="Boxes, bags and envelopes to pack into.", no_args_is_help=True)


@boxes.command("list")
def list_(
    store: StoreOption = None,
    warehouse: Annotated[
        int | None, typer.Option("--warehouse", help="Only the boxes serving this warehouse id.")
    ] = None,
) -> None:
    """The store's boxes, cheapest first within each kind; retired ones are marked."""
    with container() as app:
        chosen = one_store(app, store)
        found = box_catalogue.list_boxes(
            uow_factory=app.uow,
            store_id=chosen.id,
            clock=app.clock,
            warehouse_id=WarehouseId(warehouse) if warehouse is not None else None,
        )
    table = Table("code", "name", "kind", "inside, mm", "max g", "own g", "cost", "warehouse")
    for box in found:
        table.add_row(
            box.code + ("" if box.active else " (retired)"),
            box.name,
            box.kind.value,
            f"{box.length_mm}×{box.width_mm}×{box.height_mm}",
            str(box.max_weight_g),
            str(box.own_weight_g),
            str(box.cost),
            "every" if box.warehouse_id is None else str(box.warehouse_id),
        )
    console.print(table)


@boxes.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A .csv or .xlsx file, one box per row.")],
    store: StoreOption = None,
) -> None:
    """Add and change boxes from a spreadsheet (a known code changes its box)."""
    fmt = spreadsheet(file)
    with container() as app:
        chosen = one_store(app, store)
        try:
            with file.open("rb") as data:
                result = box_catalogue.import_boxes(
                    uow_factory=app.uow,
                    store_id=chosen.id,
                    rows=bootstrap.spreadsheets().read(data, fmt),
                    clock=app.clock,
                )
        except BoxSheetRejected as exc:
            for problem in exc.problems:
                console.print(f"{file.name}: {row_text(problem)}", markup=False)
            raise fail(f"{file.name} was not imported: nothing was changed.") from None
    console.print(f"{chosen.name}: {result.created} boxes added, {result.updated} changed.")


@boxes.command("export")
def export(
    file: Annotated[Path, typer.Argument(help="Where to write: a .csv or .xlsx file.")],
    store: StoreOption = None,
) -> None:
    """Write the store's boxes to a spreadsheet that imports back unchanged."""
    fmt = spreadsheet(file, must_exist=False)
    folder = file.resolve().parent
    if not folder.is_dir():
        raise fail(f"{folder}: no such folder.")
    with container() as app:
        chosen = one_store(app, store)
        rows = box_catalogue.export_boxes(uow_factory=app.uow, store_id=chosen.id, clock=app.clock)
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=f".{fmt}")
    try:
        with os.fdopen(handle, "wb") as sink:
            bootstrap.spreadsheets().write(rows, fmt, sink)
        os.replace(temporary, file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    console.print(f"{chosen.name}: {len(rows) - 1} boxes written to {file}.")


@boxes.command("recommend")
def recommend(
    posting_number: Annotated[str, typer.Argument(help="The posting's number.")],
    store: StoreOption = None,
    offline: Annotated[
        bool, typer.Option("--offline", help="Do not ask Ozon for the posting's limits.")
    ] = False,
) -> None:
    """The cheapest boxes for a posting, with weights and fill, and any problem in words."""
    with container() as app:
        chosen = one_store(app, store)
        try:
            plan = asyncio.run(_recommend(app, chosen, posting_number, offline=offline))
        except PostingNotFound:
            raise fail(f"{chosen.name} has no posting {posting_number}.") from None
    table = Table("box", "units", "gross g", "volumetric g", "fill", "cost")
    for packed in plan.boxes:
        units = ", ".join(f"{u.offer_id}×{u.quantity}" for u in packed.units)
        table.add_row(
            packed.box.code,
            units,
            str(packed.gross_weight_g),
            str(packed.volumetric_weight_g),
            f"{packed.fill_rate:.0%}",
            str(packed.box.cost),
        )
    console.print(table)
    console.print(f"{len(plan.boxes)} box(es), {plan.cost} in all, chosen by the {plan.solver}.")
    for code in plan.problems:
        console.print(english(plan_problem_message(code)), markup=False)


async def _recommend(
    app: Container, store: Store, posting_number: str, *, offline: bool
) -> BoxPlan:
    gateway = None
    if not offline:
        with app.reads() as tx:
            credentials = tx.stores.credentials(store.id)
        gateway = app.shipping(store.id, credentials)
    try:
        return await recommend_for_posting(
            uow_factory=app.uow,
            gateway=gateway,
            exact=bootstrap.exact_packer(app.settings),
            store_id=store.id,
            posting_number=posting_number,
            clock=app.clock,
            volumetric_divisor=app.settings.volumetric_divisor,
        )
    finally:
        if gateway is not None:
            await gateway.aclose()


def install(app: typer.Typer) -> None:
    app.add_typer(boxes, name="boxes")
