"""Opening the database: one engine for SQLite (embedded mode) or PostgreSQL (scaled mode).

A wrong database setting must stop posylka at start with one sentence that names the problem and
the setting to fix, never with a stack trace: :func:`create_engine_for` rejects URLs it cannot use
and :func:`check_database` connects once and explains why that failed.

SQLite is tuned for one busy process with a few threads: WAL (readers never wait for the writer),
``synchronous=NORMAL`` (safe with WAL, far fewer fsyncs), foreign keys on, and a busy timeout so a
writer waits for another writer instead of failing. posylka issues ``BEGIN`` itself so that a unit
of work can take the write lock up front (``BEGIN IMMEDIATE``, see :data:`SQLITE_BEGIN`).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.pool import StaticPool

from posylka.domain.errors import ConfigurationError

DATABASE_SETTING = "POSYLKA_DATABASE_URL"
SQLITE_BUSY_TIMEOUT_MS = 15_000
SQLITE_CACHE_KIB = 16_384
SQLITE_MMAP_BYTES = 256 * 1024 * 1024
POSTGRES_CONNECT_TIMEOUT_S = 5

SQLITE_BEGIN = "posylka_sqlite_begin"
"""Execution option naming how a SQLite transaction starts: ``DEFERRED`` (default) or
``IMMEDIATE`` (take the write lock now, so a read-then-write transaction is never refused later)."""

_DRIVERS = {
    "postgres": "postgresql+psycopg",
    "postgresql": "postgresql+psycopg",
    "sqlite": "sqlite",
}


def normalise_url(url: str, *, setting: str = DATABASE_SETTING) -> URL:
    """Read a database URL and pin the driver posylka ships with (psycopg 3 for PostgreSQL)."""
    raw = url.strip()
    if not raw:
        raise ConfigurationError(f"The database URL is empty; set {setting}.")
    try:
        parsed = make_url(raw)
    except (ArgumentError, ValueError):
        raise ConfigurationError(
            f"The database URL in {setting} cannot be read; expected something like "
            "postgresql://user:password@host:5432/posylka or sqlite:///path/to/posylka.db."
        ) from None
    driver = _DRIVERS.get(parsed.drivername.split("+", 1)[0].lower())
    if driver is None:
        raise ConfigurationError(
            f"The database URL in {setting} uses {parsed.drivername!r}, but posylka works with "
            "PostgreSQL (postgresql://...) or SQLite (sqlite:///...) only."
        )
    return parsed.set(drivername=driver)


def create_engine_for(url: str, *, setting: str = DATABASE_SETTING) -> Engine:
    """An engine for ``url``; a SQLite file's parent directory is created if needed.

    Nothing is connected yet: call :func:`check_database` to fail early on a bad server or path.
    """
    parsed = normalise_url(url, setting=setting)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, setting)
    try:
        return create_engine(
            parsed,
            pool_pre_ping=True,
            connect_args={"connect_timeout": POSTGRES_CONNECT_TIMEOUT_S},
        )
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise ConfigurationError(
            f"The database URL in {setting} is not usable: {_first_line(exc)}."
        ) from None


def check_database(engine: Engine, *, setting: str = DATABASE_SETTING) -> None:
    """Connect once (and, for SQLite, take and release the write lock) or explain the failure."""
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                # A read-only file still opens and reads; only a write shows it. The table
                # is created inside a transaction that is rolled back, so nothing remains.
                conn.execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})
                conn.execute(text("CREATE TABLE posylka_write_check (x INTEGER)"))
            else:
                conn.execute(text("SELECT 1"))
            conn.rollback()
    except DBAPIError as exc:
        raise explain_connect_error(exc, engine.url, setting) from None


def explain_connect_error(exc: DBAPIError, url: URL, setting: str) -> ConfigurationError:
    """Turn a driver's connection failure into one sentence a seller's admin can act on."""
    where = url.render_as_string(hide_password=True)
    detail = _first_line(exc.orig) if exc.orig is not None else _first_line(exc)
    if url.get_backend_name() == "sqlite":
        return ConfigurationError(
            f"The SQLite database {url.database} cannot be opened for writing ({detail}); "
            f"check {setting} and that the directory is writable."
        )
    state = getattr(exc.orig, "sqlstate", None)
    lowered = detail.lower()
    if state == "28P01" or "password authentication failed" in lowered:
        problem = f"PostgreSQL rejected the password for user {url.username!r}"
    elif state == "3D000" or ("database" in lowered and "does not exist" in lowered):
        problem = f"the PostgreSQL database {url.database!r} does not exist"
    elif state in ("28000", "42501"):
        problem = f"PostgreSQL refused user {url.username!r} ({detail})"
    elif "resolve host" in lowered or "name or service not known" in lowered:
        problem = f"the PostgreSQL host {url.host!r} is unknown"
    else:
        problem = (
            f"the PostgreSQL server at {url.host}:{url.port or 5432} cannot be reached ({detail})"
        )
    return ConfigurationError(f"Cannot open the database {where}: {problem}; check {setting}.")


def _sqlite_engine(url: URL, setting: str) -> Engine:
    database = url.database or ""
    in_memory = database in ("", ":memory:") or database.startswith("file::memory:")
    options: dict[str, Any] = {}
    if in_memory:
        options = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    else:
        path = _sqlite_path(url)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigurationError(
                f"The directory {path.parent} for the SQLite database cannot be created "
                f"({exc.strerror or exc}); check {setting}."
            ) from None
    engine = create_engine(url, **options)
    event.listen(engine, "connect", _tune_sqlite_connection)
    event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def _sqlite_path(url: URL) -> Path:
    """The file behind a SQLite URL, also for URI filenames (``sqlite:///file:x.db?uri=true``)."""
    database = url.database or ""
    if str(url.query.get("uri", "")).lower() == "true" and database.startswith("file:"):
        database = database.removeprefix("file:").split("?", 1)[0]
    return Path(database)


def _tune_sqlite_connection(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Let posylka, not the driver, decide when transactions begin (see _begin_sqlite_transaction).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        # A bigger page cache and memory-mapped reads keep a large store's indexes in memory.
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        cursor.execute(f"PRAGMA mmap_size = {SQLITE_MMAP_BYTES}")
    finally:
        cursor.close()


def _begin_sqlite_transaction(conn: Connection) -> None:
    mode = conn.get_execution_options().get(SQLITE_BEGIN, "DEFERRED")
    if mode not in ("DEFERRED", "IMMEDIATE"):
        raise ValueError(f"unknown SQLite transaction mode {mode!r}")
    conn.exec_driver_sql(f"BEGIN {mode}")


def _first_line(exc: BaseException) -> str:
    message = str(exc).strip().splitlines()
    return message[0].rstrip(".") if message else type(exc).__name__
