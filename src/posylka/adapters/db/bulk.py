"""Many-row INSERTs and UPDATEs handed straight to the driver's ``executemany``.

The sync writes tens of thousands of rows a run. SQLAlchemy's own executemany builds a parameter
dictionary and runs every column's type conversion through its statement machinery for each row;
here the SQL text is built once per table and column list, each column's conversion (aware
datetimes to UTC, JSON, money) is looked up once, and rows go to the driver as plain tuples. The
conversions are the column types' own, so what is written is exactly what SQLAlchemy would write.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.engine import Dialect

Processor = Callable[[Any], Any] | None


def insert_rows(
    conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Mapping[str, Any]]
) -> None:
    """``INSERT INTO table (columns) VALUES (...)`` once per row, in one driver call."""
    if not rows:
        return
    sql, processors = _insert(table, tuple(columns), conn.dialect)
    conn.exec_driver_sql(sql, _tuples(rows, columns, processors))


def insert_new_rows(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[Mapping[str, Any]],
    *,
    unique: Sequence[str],
    returning: Sequence[str],
) -> list[tuple[Any, ...]]:
    """PostgreSQL: insert the rows whose ``unique`` columns are not taken yet (``ON CONFLICT DO
    NOTHING``) and return ``returning`` of exactly the rows this call inserted.

    psycopg pipelines the statements and hands back each row's RETURNING, so the SQL stays one
    short statement (a many-row VALUES would be re-parsed by the driver on every call).
    """
    if not rows:
        return []
    if conn.dialect.name != "postgresql":
        raise NotImplementedError("insert_new_rows needs PostgreSQL's executemany RETURNING")
    sql, processors = _insert(table, tuple(columns), conn.dialect)
    quote = conn.dialect.identifier_preparer.quote
    sql += (
        f" ON CONFLICT ({', '.join(quote(c) for c in unique)}) DO NOTHING"
        f" RETURNING {', '.join(quote(c) for c in returning)}"
    )
    driver = conn.connection.driver_connection
    assert driver is not None
    found: list[tuple[Any, ...]] = []
    with driver.cursor() as cursor:
        cursor.executemany(sql, _tuples(rows, columns, processors), returning=True)
        while True:
            found.extend(tuple(r) for r in cursor.fetchall())
            if not cursor.nextset():
                break
    return found


def update_rows(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    key: str,
    rows: Sequence[Mapping[str, Any]],
) -> None:
    """``UPDATE table SET columns... WHERE key = ...`` once per row, in one driver call."""
    if not rows:
        return
    sql, processors = _update(table, tuple(columns), key, conn.dialect)
    conn.exec_driver_sql(sql, _tuples(rows, (*columns, key), processors))


def _tuples(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[str], processors: Sequence[Processor]
) -> list[tuple[Any, ...]]:
    pick = itemgetter(*columns)
    convert = [(n, process) for n, process in enumerate(processors) if process is not None]
    single = len(columns) == 1
    out = []
    for row in rows:
        values = [pick(row)] if single else list(pick(row))
        for n, process in convert:
            values[n] = process(values[n])
        out.append(tuple(values))
    return out


@lru_cache(maxsize=64)
def _insert(
    table: Table, columns: tuple[str, ...], dialect: Dialect
) -> tuple[str, list[Processor]]:
    quote = dialect.identifier_preparer.quote
    marks = ", ".join(_placeholder(dialect) for _ in columns)
    names = ", ".join(quote(c) for c in columns)
    # Identifiers come from the schema in tables.py, never from input; values are parameters.
    sql = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})"  # noqa: S608
    return sql, [_processor(table, c, dialect) for c in columns]


@lru_cache(maxsize=64)
def _update(
    table: Table, columns: tuple[str, ...], key: str, dialect: Dialect
) -> tuple[str, list[Processor]]:
    quote = dialect.identifier_preparer.quote
    mark = _placeholder(dialect)
    assignments = ", ".join(f"{quote(c)} = {mark}" for c in columns)
    sql = f"UPDATE {quote(table.name)} SET {assignments} WHERE {quote(key)} = {mark}"  # noqa: S608
    return sql, [_processor(table, c, dialect) for c in (*columns, key)]


def _placeholder(dialect: Dialect) -> str:
    style = dialect.paramstyle
    if style == "qmark":
        return "?"
    if style in ("format", "pyformat"):
        return "%s"
    raise NotImplementedError(f"parameter style {style!r}")


def _processor(table: Table, column: str, dialect: Dialect) -> Processor:
    kind = table.c[column].type
    return kind.dialect_impl(dialect).bind_processor(dialect)
