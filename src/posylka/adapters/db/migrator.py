"""Bringing a database's schema up to date with the code, from code rather than an ``alembic.ini``.

Every process of a scaled deployment may call :func:`upgrade` at start; on PostgreSQL an advisory
lock makes them take turns, on SQLite the write lock does, so a migration never runs twice at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from sqlalchemy.engine import Connection

from posylka.adapters.db.engine import SQLITE_BEGIN, create_engine_for

MIGRATIONS = Path(__file__).with_name("migrations")

MIGRATION_LOCK_KEY = 0x706F73796C6B61
"""PostgreSQL advisory lock held while migrating ("posylka" in ASCII)."""


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for posylka's migrations, optionally bound to an open connection."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision the code knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError("posylka ships no migrations")
    return head


def upgrade(target: Engine | str, revision: str = "head") -> None:
    """Migrate the database to ``revision`` (the newest by default) in one transaction."""
    with _engine(target) as engine, _migrating(engine) as connection:
        command.upgrade(alembic_config(connection), revision)


def downgrade(target: Engine | str, revision: str) -> None:
    """Step the schema back to ``revision`` (``"base"`` empties the database)."""
    with _engine(target) as engine, _migrating(engine) as connection:
        command.downgrade(alembic_config(connection), revision)


def current_revision(target: Engine | str) -> str | None:
    """The revision the database is at, or ``None`` for an empty database."""
    with _engine(target) as engine, engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def is_up_to_date(target: Engine | str) -> bool:
    """Whether the database is at the newest revision the code knows."""
    return current_revision(target) == head_revision()


@contextmanager
def _engine(target: Engine | str) -> Iterator[Engine]:
    if isinstance(target, Engine):
        yield target
        return
    engine = create_engine_for(target)
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def _migrating(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as connection:
        connection.execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
                )
            yield connection
