"""``posylka checks``: check a store's open postings again and set its duplicate window."""

from __future__ import annotations

from typing import Annotated

import typer

from posylka.domain.ids import StoreId
from posylka.entrypoints.commands._runtime import console, container, fail
from posylka.services.order_checks import (
    BadDuplicateWindow,
    duplicate_window_of,
    recheck_store,
    set_duplicate_window,
)
from posylka.services.stores import UnknownStore

checks = typer.Typer(
    help="Order checks: verdicts of the postings still to ship.", no_args_is_help=True
)

StoreOption = Annotated[
    int, typer.Option("--store", help="The store's id (see `posylka store list`).")
]


@checks.command("run")
def run(store: StoreOption) -> None:
    """Check every open posting of the store again and count the verdicts."""
    with container() as app:
        try:
            summary = recheck_store(StoreId(store), uow=app.uow, clock=app.clock)
        except UnknownStore as exc:
            raise fail(f"Cannot check the store: {exc}.") from None
    console.print(
        f"Checked {summary.checked} open postings: {summary.ready} ready, "
        f"{summary.attention} need attention."
    )


@checks.command("window")
def window(
    store: StoreOption,
    minutes: Annotated[
        int | None,
        typer.Option(
            help="Minutes within which the same buyer's same items count as a double order."
        ),
    ] = None,
) -> None:
    """Show the store's duplicate window, or set it and check its open postings again."""
    with container() as app:
        store_id = StoreId(store)
        if minutes is None:
            current = duplicate_window_of(store_id, uow=app.uow)
            console.print(
                f"Duplicate window of store #{store}: {int(current.total_seconds() // 60)} min."
            )
            return
        try:
            summary = set_duplicate_window(
                store_id, minutes, actor="cli", uow=app.uow, clock=app.clock
            )
        except (BadDuplicateWindow, UnknownStore) as exc:
            raise fail(f"Cannot set the duplicate window: {exc}.") from None
    console.print(
        f"Duplicate window of store #{store} set to {minutes} min; {summary.attention} of "
        f"{summary.checked} open postings need attention."
    )


def install(app: typer.Typer) -> None:
    app.add_typer(checks, name="checks")
