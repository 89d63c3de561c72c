"""``posylka store``: connect Ozon seller accounts and see how their sync is doing."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from posylka.domain.stores import OZON_BASE_URL
from posylka.entrypoints.commands._runtime import console, container, fail
from posylka.services.stores import NewStore, StoreError, add_store, list_stores

store = typer.Typer(help="Manage Ozon seller accounts (stores).", no_args_is_help=True)


@store.command("add")
def add(
    name: Annotated[str, typer.Option(help="A name for the store, shown in the queue.")],
    client_id: Annotated[str, typer.Option(help="Client-Id from Ozon's Seller API settings.")],
    api_key: Annotated[
        str,
        typer.Option(prompt=True, hide_input=True, help="Api-Key from Ozon's Seller API settings."),
    ],
    base_url: Annotated[
        str, typer.Option(help="Ozon's API address, or the sandbox's.")
    ] = OZON_BASE_URL,
) -> None:
    """Add an Ozon seller account; its API key is stored encrypted."""
    with container() as app:
        try:
            added = add_store(
                NewStore(name, client_id, api_key, base_url), by=None, uow=app.uow, clock=app.clock
            )
        except StoreError as exc:
            raise fail(f"Cannot add the store: {exc}.") from None
        console.print(f"Added store #{added.id} {added.name!r} ({added.base_url}).")
        console.print("Run `posylka sync` to pull its postings, or start `posylka serve`.")


@store.command("list")
def list_() -> None:
    """Every store with its last sync and last error."""
    with container() as app:
        overviews = list_stores(by=None, uow=app.uow)
    table = Table("id", "name", "Client-Id", "API", "last sync", "last error")
    for item in overviews:
        sync = item.sync
        table.add_row(
            str(item.store.id),
            item.store.name,
            item.store.client_id,
            item.store.base_url,
            sync.last_sync_at.isoformat(timespec="seconds") if sync and sync.last_sync_at else "-",
            (sync.last_error if sync else "") or "-",
        )
    console.print(table)


def install(app: typer.Typer) -> None:
    app.add_typer(store, name="store")
