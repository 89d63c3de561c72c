"""A throw-away PostgreSQL schema: a database of its own on a shared server, for tests,
benchmarks and trial migrations, dropped with everything in it afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Engine

from posylka.adapters.db.engine import create_engine_for, normalise_url


@contextmanager
def scratch_schema(url: str, *, prefix: str = "scratch") -> Iterator[Engine]:
    """An engine whose every connection puts a new, empty schema first in its search path."""
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine_for(url)
    scoped = normalise_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    engine = create_engine_for(scoped.render_as_string(hide_password=False))
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()
