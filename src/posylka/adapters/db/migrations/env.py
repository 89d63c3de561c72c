"""Alembic's entry point for posylka's migrations.

posylka runs migrations from code (``posylka.adapters.db.migrator``), which hands over an open
connection in ``config.attributes["connection"]``; there is no ``alembic.ini``. SQLite cannot alter
tables in place, so migrations run in batch mode there (copy, change, swap).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from posylka.adapters.db.tables import metadata


def run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError("posylka's migrations run through posylka.adapters.db.migrator")
    run_with(connection)


run()
