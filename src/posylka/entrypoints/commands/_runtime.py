"""What every command needs: settings, the wired container, and errors printed as one sentence."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from posylka.bootstrap import Container, build
from posylka.config import Settings
from posylka.domain.catalogue_sheet import UnknownFormat, sheet_format
from posylka.domain.errors import PosylkaError
from posylka.domain.stores import Store

StoreOption = Annotated[
    str | None,
    typer.Option("--store", help="The store's name (needed when there is more than one store)."),
]
"""The store a command works on, by name; ``one_store`` resolves it."""

console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``message`` in red on stderr and give the exit to raise."""
    err_console.print(f"[red]{message}[/red]")
    return typer.Exit(code)


@contextmanager
def container(settings: Settings | None = None, *, check: bool = True) -> Iterator[Container]:
    """The wired application for one command; posylka's own errors end the command in one line."""
    try:
        built = build(settings, check=check)
    except PosylkaError as exc:
        raise fail(str(exc)) from None
    try:
        yield built
    except PosylkaError as exc:
        raise fail(str(exc)) from None
    finally:
        built.close()


NO_STORES = "There is no store yet: add one with `posylka store add`."


def stores_named(app: Container, name: str | None) -> list[Store]:
    """The store called ``name``, or every active store when no name is given."""
    with app.reads() as tx:
        if name is not None:
            return [_named(tx.stores.by_name(name), name)]
        stores = tx.stores.list(active_only=True)
    if not stores:
        raise fail(NO_STORES)
    return stores


def one_store(app: Container, name: str | None) -> Store:
    """The store called ``name``, or the only store there is; several need ``--store``."""
    with app.reads() as tx:
        if name is not None:
            return _named(tx.stores.by_name(name), name)
        stores = tx.stores.list(active_only=False)
    if not stores:
        raise fail(NO_STORES)
    if len(stores) > 1:
        names = ", ".join(repr(s.name) for s in stores)
        raise fail(f"There are several stores ({names}): choose one with --store.")
    return stores[0]


def _named(found: Store | None, name: str) -> Store:
    if found is None:
        raise fail(f"There is no store named {name!r}; `posylka store list` shows them.")
    return found


def spreadsheet(file: Path, *, must_exist: bool = True) -> str:
    """The format (``csv`` or ``xlsx``) of a spreadsheet named on the command line, or the
    command ends with one sentence saying what is wrong with the name."""
    try:
        fmt = sheet_format(file.name)
    except UnknownFormat:
        raise fail(f"{file.name}: the file must be .csv or .xlsx.") from None
    if must_exist and not file.is_file():
        raise fail(f"{file}: no such file.")
    return fmt
