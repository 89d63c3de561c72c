"""``posylka tracking``: rFBS postings a seller's own carrier delivers — tracking numbers from a
``posting_number,tracking_number`` file and the status moves, each posting's answer printed.

Bad rows of a file are named with their row and reason and the good rows are still sent; a posting
Ozon refuses is named with its reason while the others stay set. Any refusal ends the command with
status 1, so a script can tell.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from posylka.domain.ids import PostingNumber
from posylka.domain.shipping import RfbsMove
from posylka.entrypoints.commands._runtime import console, container, err_console, fail
from posylka.entrypoints.commands.handover import actor, english
from posylka.entrypoints.web import handover_words as words
from posylka.entrypoints.web.messages import Message
from posylka.services import rfbs_tracking

tracking_app = typer.Typer(
    help="rFBS tracking numbers and status moves for postings your own carrier delivers.",
    no_args_is_help=True,
)

MAX_FILE = 2 * 1024 * 1024


@tracking_app.command("set")
def set_numbers(
    file: Annotated[
        Path,
        typer.Option("--file", "-f", help="A CSV of posting_number,tracking_number rows."),
    ],
) -> None:
    """Send the tracking numbers of a CSV file to Ozon, at most 20 a call."""
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise fail(f"{file} cannot be read: {exc.strerror}.") from None
    if len(data) > MAX_FILE:
        raise fail(f"{file} is larger than 2 MB; split it.")
    try:
        sheet = rfbs_tracking.read_csv(data)
    except (rfbs_tracking.UnreadableFile, UnicodeDecodeError):
        raise fail(
            f"{file} could not be read as CSV: save it as posting_number,tracking_number."
        ) from None
    for row in sheet.refused:
        params = {"row": row.row, "number": row.posting_number, "first": row.first_row}
        err_console.print(english(Message(words.ROW_PROBLEMS[row.problem], params)), markup=False)
    if not sheet.pairs:
        raise fail(f"{file} has no row to send.")
    with container() as app:
        outcomes = asyncio.run(
            rfbs_tracking.set_tracking_numbers(
                sheet.pairs, actor=actor(), uow=app.uow, shipping=app.shipping, clock=app.clock
            )
        )
    values = {p.posting_number: p.tracking_number for p in sheet.pairs}
    _print(outcomes, {n: f"tracking number {values[n]} set" for n in values})
    if sheet.refused or not all(o.ok for o in outcomes):
        raise typer.Exit(1)


@tracking_app.command("move")
def move(
    step: Annotated[RfbsMove, typer.Argument(help="delivering, last-mile or delivered.")],
    postings: Annotated[list[str], typer.Argument(help="Posting numbers.")],
) -> None:
    """Report a status move of postings to Ozon; each posting's answer is printed."""
    numbers = [PostingNumber(n.strip()) for n in postings if n.strip()]
    if not numbers:
        raise fail("Give at least one posting number.")
    with container() as app:
        outcomes = asyncio.run(
            rfbs_tracking.move(
                step, numbers, actor=actor(), uow=app.uow, shipping=app.shipping, clock=app.clock
            )
        )
    _print(outcomes, {n: f"moved to {step.value}" for n in numbers})
    if not all(o.ok for o in outcomes):
        raise typer.Exit(1)


def _print(outcomes: Sequence[rfbs_tracking.ItemOutcome], done: dict[PostingNumber, str]) -> None:
    for outcome in outcomes:
        if outcome.ok:
            console.print(
                f"{outcome.posting_number}: {done[outcome.posting_number]}.", markup=False
            )
        else:
            why = english(words.item_error(outcome.error))
            console.print(f"{outcome.posting_number}: refused — {why}", style="red", markup=False)
    accepted = sum(1 for o in outcomes if o.ok)
    console.print(f"{accepted} of {len(outcomes)} accepted by Ozon.")


def install(app: typer.Typer) -> None:
    app.add_typer(tracking_app, name="tracking")
