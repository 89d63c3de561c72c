"""Many-row statements handed straight to the driver, for the sync's write path.

The sync writes tens of thousands of rows a run. SQLAlchemy's own executemany builds a parameter
dictionary and runs every column's type conversion through its statement machinery for each row,
and each statement pays for its way through the engine. Here the SQL text is built once per table
and column list and run on the driver's cursor; rows are plain tuples already in the form posylka
stores: times as UTC text (see ``posting_rows.stored_time``), JSON as text, money as decimal
text (SQLite's NUMERIC affinity stores it as the same number SQLAlchemy's float would be;
PostgreSQL reads it as ``numeric``). Only PostgreSQL needs a conversion: it is told that the time
text is UTC.

Statements run inside the connection's current transaction; the caller must have begun it through
SQLAlchemy (any statement or savepoint does), so that posylka's own ``BEGIN`` has been issued.
Driver errors are raised as SQLAlchemy's, as if the statement had gone through the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError

from posylka.adapters.db.tables import UtcDateTime

Values = tuple[Any, ...]
Convert = tuple[tuple[int, Callable[[Any], Any]], ...]


@contextmanager
def driver_cursor(conn: Connection) -> Iterator[Any]:
    """The driver's own cursor on the connection, its errors raised as SQLAlchemy's."""
    driver = conn.connection.driver_connection
    assert driver is not None
    base_error: type[Exception] = conn.dialect.loaded_dbapi.Error
    cursor = driver.cursor()
    try:
        yield cursor
    except base_error as exc:
        raise DBAPIError.instance(None, None, exc, base_error, dialect=conn.dialect) from exc
    finally:
        cursor.close()


@contextmanager
def driver_savepoint(conn: Connection, name: str) -> Iterator[Any]:
    """The driver's cursor inside a savepoint of the connection's transaction: everything done
    with it is undone if the block fails, and the transaction goes on. The transaction is begun
    through SQLAlchemy first if it has not been (posylka's own ``BEGIN``); the savepoint itself
    is two plain statements, cheaper than SQLAlchemy's nested transaction for every page."""
    if not conn.in_transaction():
        conn.begin()
    with driver_cursor(conn) as cursor:
        cursor.execute(f"SAVEPOINT {name}")
        try:
            yield cursor
        except BaseException:
            cursor.execute(f"ROLLBACK TO SAVEPOINT {name}")
            cursor.execute(f"RELEASE SAVEPOINT {name}")
            raise
        cursor.execute(f"RELEASE SAVEPOINT {name}")


def insert_rows(
    cursor: Any, dialect: Dialect, table: Table, columns: Sequence[str], rows: Sequence[Values]
) -> None:
    """Add the rows to the table: ``INSERT ... VALUES`` once per row in one driver call on
    SQLite; ``COPY ... FROM STDIN`` on PostgreSQL, whose rows psycopg writes in C, several times
    cheaper than a pipelined INSERT per row."""
    if not rows:
        return
    sql, convert = _insert(table, tuple(columns), dialect)
    if dialect.name != "postgresql":
        cursor.executemany(sql, _converted(rows, convert))
        return
    quote = dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in columns)
    with cursor.copy(f"COPY {quote(table.name)} ({names}) FROM STDIN") as copy:
        for row in _converted(rows, convert):
            copy.write_row(row)


def insert_new_rows(
    cursor: Any,
    dialect: Dialect,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[Values],
    *,
    unique: Sequence[str],
    returning: Sequence[str],
) -> list[Values]:
    """PostgreSQL: insert the rows whose ``unique`` columns are not taken yet (``ON CONFLICT DO
    NOTHING``) and return ``returning`` of exactly the rows this call inserted.

    psycopg pipelines the statements and hands back each row's RETURNING, so the SQL stays one
    short statement (a many-row VALUES would be re-parsed by the driver on every call).
    """
    if not rows:
        return []
    if dialect.name != "postgresql":
        raise NotImplementedError("insert_new_rows needs PostgreSQL's executemany RETURNING")
    sql, convert = _insert(table, tuple(columns), dialect)
    quote = dialect.identifier_preparer.quote
    sql += (
        f" ON CONFLICT ({', '.join(quote(c) for c in unique)}) DO NOTHING"
        f" RETURNING {', '.join(quote(c) for c in returning)}"
    )
    found: list[Values] = []
    cursor.executemany(sql, _converted(rows, convert), returning=True)
    while True:
        found.extend(tuple(r) for r in cursor.fetchall())
        if not cursor.nextset():
            break
    return found


def update_rows(
    cursor: Any,
    dialect: Dialect,
    table: Table,
    columns: Sequence[str],
    key: str,
    rows: Sequence[Values],
) -> None:
    """``UPDATE table SET columns... WHERE key = ...`` once per row (its values, then its key),
    in one driver call."""
    if not rows:
        return
    sql, convert = _update(table, tuple(columns), key, dialect)
    cursor.executemany(sql, _converted(rows, convert))


def delete_rows(
    cursor: Any, dialect: Dialect, table: Table, column: str, values: Sequence[Any]
) -> None:
    """``DELETE FROM table WHERE column IN (values)``."""
    if not values:
        return
    quote = dialect.identifier_preparer.quote
    condition, params = in_list(dialect, quote(column), values)
    cursor.execute(f"DELETE FROM {quote(table.name)} WHERE {condition}", params)  # noqa: S608


def in_list(dialect: Dialect, column_sql: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    """A ``column IN (...)`` condition and its parameters: one array on PostgreSQL (the same
    statement text for any count), a placeholder per value on SQLite."""
    if dialect.name == "postgresql":
        return f"{column_sql} = ANY(%s)", [list(values)]
    return f"{column_sql} IN ({_marks(len(values))})", list(values)


def _placeholder(dialect: Dialect) -> str:
    style = dialect.paramstyle
    if style == "qmark":
        return "?"
    if style in ("format", "pyformat"):
        return "%s"
    raise NotImplementedError(f"parameter style {style!r}")


def _converted(rows: Sequence[Values], convert: Convert) -> Sequence[Values]:
    if not convert:
        return rows
    out = []
    for row in rows:
        values = list(row)
        for n, process in convert:
            value = values[n]
            if value is not None:
                values[n] = process(value)
        out.append(tuple(values))
    return out


@lru_cache(maxsize=256)
def _marks(count: int) -> str:
    return ", ".join("?" * count)


@lru_cache(maxsize=64)
def _insert(table: Table, columns: tuple[str, ...], dialect: Dialect) -> tuple[str, Convert]:
    quote = dialect.identifier_preparer.quote
    marks = ", ".join(_placeholder(dialect) for _ in columns)
    names = ", ".join(quote(c) for c in columns)
    # Identifiers come from the schema in tables.py, never from input; values are parameters.
    sql = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})"  # noqa: S608
    return sql, _conversions(table, columns, dialect)


@lru_cache(maxsize=64)
def _update(
    table: Table, columns: tuple[str, ...], key: str, dialect: Dialect
) -> tuple[str, Convert]:
    quote = dialect.identifier_preparer.quote
    mark = _placeholder(dialect)
    assignments = ", ".join(f"{quote(c)} = {mark}" for c in columns)
    sql = f"UPDATE {quote(table.name)} SET {assignments} WHERE {quote(key)} = {mark}"  # noqa: S608
    return sql, _conversions(table, (*columns, key), dialect)


def _conversions(table: Table, columns: Sequence[str], dialect: Dialect) -> Convert:
    """What this driver needs done to a stored-form value, by position."""
    found: list[tuple[int, Callable[[Any], Any]]] = []
    for n, name in enumerate(columns):
        kind = table.c[name].type
        if isinstance(kind, UtcDateTime) and dialect.name == "postgresql":
            found.append((n, _utc_text))
    return tuple(found)


def _utc_text(value: str) -> str:
    """Stored-form time text with its zone, read by PostgreSQL as a ``timestamptz``."""
    return value + "+00:00"
