"""``posylka labels``: fetch Ozon package labels into one PDF file, read the log of printed labels,
and write logged labels again. Sending labels to a printer is ``posylka print labels``."""

from __future__ import annotations

import asyncio
import getpass
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from posylka import bootstrap
from posylka.domain.ids import PostingNumber
from posylka.entrypoints.commands._runtime import console, container, err_console, fail
from posylka.services.package_labels import NothingToReprint

labels_app = typer.Typer(
    help="Ozon package labels: fetch them into a PDF, the log of printed labels, reprints.",
    no_args_is_help=True,
)

OutOption = Annotated[Path, typer.Option("--out", "-o", help="The PDF file to write.")]


def _actor() -> str:
    try:
        return f"{getpass.getuser()} (command line)"
    except (KeyError, OSError):
        return "command line"


def _write(path: Path, pdf: bytes) -> None:
    try:
        path.write_bytes(pdf)
    except OSError as exc:
        raise fail(f"{path} cannot be written: {exc.strerror}.") from None


@labels_app.command("fetch")
def fetch(
    postings: Annotated[list[str], typer.Argument(help="Posting numbers awaiting shipment.")],
    out: OutOption,
    store: Annotated[
        str | None, typer.Option(help="The store's name (needed when there are several).")
    ] = None,
) -> None:
    """Fetch the labels of postings from Ozon into one PDF, in the order given.

    Labels Ozon has not prepared yet (up to a minute after assembly) are asked for again for
    about a minute and a half; postings that still get none are listed with the reason, and the
    command ends with status 1.
    """
    with container() as app:
        with app.uow() as uow:
            stores = uow.stores.list()
        if store is not None:
            stores = [s for s in stores if s.name == store]
        if len(stores) != 1:
            known = ", ".join(s.name for s in stores) or "none"
            raise fail(f"Name one store with --store (stores: {known}).")
        wanted = [(stores[0].id, PostingNumber(n.strip())) for n in postings if n.strip()]
        if not wanted:
            raise fail("Give at least one posting number.")
        desk = bootstrap.label_desk(app)
        outcome = asyncio.run(desk.print_labels(wanted, actor=_actor()))
    batch = outcome.batch
    for aside in batch.set_aside:
        detail = f": {aside.detail}" if aside.detail else ""
        err_console.print(
            f"{aside.posting_number}: no label ({aside.reason.value}{detail})", markup=False
        )
    if batch.pdf is None:
        raise fail("Ozon gave no label for these postings; no file was written.")
    _write(out, batch.pdf)
    console.print(
        f"{len(batch.printed)} label(s), {batch.page_count} page(s) written to {out} "
        f"(batch #{outcome.batch_id}, {batch.api_calls} Ozon call(s))."
    )
    if batch.set_aside:
        raise typer.Exit(1)


@labels_app.command("log")
def log(
    posting: Annotated[str, typer.Option(help="Only this posting's prints.")] = "",
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 50,
) -> None:
    """The latest printed labels, newest first, with the id to reprint them by."""
    with container() as app:
        prints = bootstrap.label_desk(app).log(limit=limit, posting_number=posting.strip())
    if not prints:
        console.print("No labels printed yet.")
        return
    table = Table("id", "printed at (UTC)", "posting", "by", "times", "batch")
    for item in prints:
        by = f"{item.actor} (reprint)" if item.reprint else item.actor
        table.add_row(
            str(item.id),
            item.printed_at.strftime("%Y-%m-%d %H:%M:%S"),
            item.posting_number,
            by,
            str(item.times_printed),
            f"#{item.batch_id}",
        )
    console.print(table)


@labels_app.command("reprint")
def reprint(
    print_ids: Annotated[list[int], typer.Argument(help="Ids from `posylka labels log`.")],
    out: OutOption,
) -> None:
    """Write logged labels again into one PDF (the same pages), logged as reprints."""
    with container() as app:
        try:
            pdf = bootstrap.label_desk(app).reprint(print_ids, actor=_actor(), user_id=None)
        except NothingToReprint as exc:
            raise fail(f"{exc}.") from None
    _write(out, pdf)
    console.print(f"{len(print_ids)} label(s) written again to {out}.")


def install(app: typer.Typer) -> None:
    app.add_typer(labels_app, name="labels")
