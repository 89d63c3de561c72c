"""``posylka db``: create and upgrade the database schema."""

from __future__ import annotations

import typer

from posylka.bootstrap import database_is_current, upgrade_database
from posylka.entrypoints.commands._runtime import console, container

db = typer.Typer(help="Create or upgrade the database schema.", no_args_is_help=True)


@db.command("upgrade")
def upgrade() -> None:
    """Apply every migration the database lacks (SQLite by default, POSYLKA_DATABASE_URL else)."""
    with container() as app:
        upgrade_database(app)
        console.print(f"Database is up to date: {app.engine.url.render_as_string()}")


@db.command("status")
def status() -> None:
    """Say whether the database schema is current."""
    with container() as app:
        if database_is_current(app):
            console.print("Database schema is current.")
        else:
            console.print("Database schema is behind: run `posylka db upgrade`.")
            raise typer.Exit(1)


def install(app: typer.Typer) -> None:
    app.add_typer(db, name="db")
