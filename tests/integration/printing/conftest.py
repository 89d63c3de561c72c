"""A migrated database per test for the print queue: SQLite always, PostgreSQL when
``POSYLKA_TEST_DATABASE_URL`` is set."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from posylka.adapters.db.engine import create_engine_for
from posylka.adapters.db.migrator import upgrade
from posylka.adapters.db.scratch import scratch_schema
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.security import ApiKeyCipher

POSTGRES_URL = os.environ.get("POSYLKA_TEST_DATABASE_URL", "")

BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(not POSTGRES_URL, reason="POSYLKA_TEST_DATABASE_URL is not set"),
        ],
    ),
]


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = create_engine_for(f"sqlite:///{(tmp_path / 'posylka.db').as_posix()}")
        try:
            upgrade(engine)
            yield engine
        finally:
            engine.dispose()
        return
    with scratch_schema(POSTGRES_URL, prefix="test") as engine:
        upgrade(engine)
        yield engine


@pytest.fixture
def uow(engine: Engine) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(engine, ApiKeyCipher("printing test secret"))
