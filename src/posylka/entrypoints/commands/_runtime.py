"""What every command needs: settings, the wired container, and errors printed as one sentence."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console

from posylka.bootstrap import Container, build
from posylka.config import Settings
from posylka.domain.errors import PosylkaError

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
