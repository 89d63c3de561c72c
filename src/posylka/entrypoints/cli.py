"""The ``posylka`` command: one Typer app, with each area's commands in ``commands/``."""

from __future__ import annotations

import typer

from posylka.entrypoints.commands import register

app = typer.Typer(
    name="posylka",
    help="posylka: a fulfilment desk for Ozon FBS and rFBS sellers.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
register(app)


def main() -> None:
    app()
